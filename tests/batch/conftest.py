"""Fixtures for the caseload tests: the case generator of ``benchmarks/generate.py``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bvv_bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generate() -> ModuleType:
    return _generator()


@pytest.fixture(scope="session")
def cases_file(tmp_path_factory: pytest.TempPathFactory, generate: ModuleType) -> Path:
    """300 generated cases, about 5 % malformed (every malformed kind occurs)."""
    path = tmp_path_factory.mktemp("cases") / "cases.jsonl"
    generate.write(str(path), 300, seed=7, malformed=0.05)
    return path
