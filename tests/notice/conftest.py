"""Helpers for the notice tests: run the CLI in-process and build notices from golden cases."""

from __future__ import annotations

from typing import Any

import pytest

import bvv
from bvv.cli import main
from bvv.letters.notice import build_notice
from bvv.model.notice import Notice


def notice_of(name: str, **kwargs: Any) -> tuple[bvv.Case, bvv.Result, Notice]:
    case = bvv.parse_case(bvv.examples.load(name))
    result = bvv.calculate(case)
    return case, result, build_notice(case, result, **kwargs)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run
