"""Schemas are current (docs and package data) and the notebook HTML links every step."""

from __future__ import annotations

import json

import pytest

import bvv
from bvv.schemas import DRAFT, FILES, dumps, generate, shipped
from tests.conftest import ROOT

REGENERATE = "PYTHONPATH=src python -m bvv.schemas"


@pytest.mark.parametrize("name", sorted(FILES))
def test_schema_files_are_current(name: str) -> None:
    text = dumps(generate(name))
    docs = ROOT / "docs" / "schema" / FILES[name]
    assert docs.exists(), f"{docs} is missing; regenerate with: {REGENERATE}"
    assert docs.read_text(encoding="utf-8") == text, f"{docs} is stale; regenerate with: {REGENERATE}"
    assert shipped(name) == text, f"src/bvv/schemas/{FILES[name]} is stale; regenerate with: {REGENERATE}"


@pytest.mark.parametrize("name", sorted(FILES))
def test_schema_header(name: str) -> None:
    schema = generate(name)
    assert schema["$schema"] == DRAFT
    assert schema["$id"].endswith(FILES[name])
    assert schema["type"] == "object"


def test_golden_cases_and_a_notice_validate_against_the_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from bvv.letters.notice import build_notice

    for name in bvv.examples.names():
        case = bvv.examples.load(name)
        jsonschema.validate(case, generate("case"))
        result = bvv.calculate(case)
        jsonschema.validate(result.to_json_dict(), generate("result"))
        notice = build_notice(bvv.parse_case(case), result)
        jsonschema.validate(notice.to_json_dict(), generate("notice"))


def test_cli_schema_prints_the_file(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("schema", "result")
    assert code == 0 and json.loads(out)["$id"].endswith("bvv-result-1.json")
    assert out == shipped("result")


def test_result_html_links_every_step_and_keeps_text_working() -> None:
    result = bvv.calculate(bvv.examples.load("11_hoge_woonkosten_2024"))
    page = result._repr_html_()
    for step in result.steps:
        assert step.citation.url in page
    assert bvv.render.eur(result.beslagvrije_voet) in page
    assert bvv.render.result_text(result).startswith("Beslagvrije voet op")
