"""The worked examples: the project's golden cases and, where present, ../shared/spec/examples."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import bvv
from bvv import examples
from bvv.citations import rv_version_in_force
from tests.conftest import ROOT, shared_path


def _per_income(result: bvv.Result) -> list[dict[str, str]]:
    return [{"id": p.id, "bvv": str(p.bvv), "afdracht": str(p.afdracht)} for p in result.per_income]


@pytest.mark.parametrize("name", examples.names())
def test_golden_case_gives_the_stated_amounts(name: str) -> None:
    golden = examples.golden(name)
    result = bvv.calculate(golden["case"])
    expected = golden["expected"]
    assert str(result.beslagvrije_voet) == expected["beslagvrije_voet"]
    assert result.leefsituatie == expected["leefsituatie"]
    assert result.norm_period.isoformat() == expected["norm_period"]
    assert _per_income(result) == expected["per_income"]


@pytest.mark.parametrize("name", examples.names())
def test_every_step_carries_a_citation_with_a_versioned_url(name: str) -> None:
    result = bvv.calculate(examples.load(name))
    assert result.steps
    for step in result.steps:
        assert step.citation.url.startswith("https://wetten.overheid.nl/BWBR")
        version = rv_version_in_force(result.determination_date)
        assert version <= result.determination_date
        assert f"/{version.isoformat()}#Artikel" in step.citation.url
    # the last amount step is the bvv (before division)
    last = [s for s in result.steps if s.amount is not None and not s.id.startswith("475c-5")][-1]
    assert last.amount == result.beslagvrije_voet


def _shared_examples() -> list[Path]:
    folder = ROOT / ".." / "shared" / "spec" / "examples"
    return sorted(folder.glob("*.case.json")) if folder.is_dir() else []


def test_the_golden_cases_are_the_shared_examples_unchanged() -> None:
    folder = shared_path("spec", "examples")
    for case_file in sorted(folder.glob("*.case.json")):
        name = case_file.name.removesuffix(".case.json")
        expected = json.loads(case_file.with_name(f"{name}.expected.json").read_text())
        golden = examples.golden(name)
        assert golden["case"] == json.loads(case_file.read_text())
        assert golden["expected"]["beslagvrije_voet"] == expected["beslagvrije_voet"]
        assert golden["expected"]["per_income"] == expected["per_income"]


@pytest.mark.parametrize("case_file", _shared_examples(), ids=lambda p: p.name)
def test_shared_example_through_the_command_line(case_file: Path) -> None:
    expected = json.loads(case_file.with_name(case_file.name.replace(".case.", ".expected.")).read_text())
    proc = subprocess.run(
        [sys.executable, "-m", "bvv", "calculate", str(case_file), "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert Decimal(got["beslagvrije_voet"]) == Decimal(expected["beslagvrije_voet"])
    assert got["leefsituatie"] == expected["leefsituatie"]
    assert got["norm_period"] == expected["norm_period"]
    assert [{k: p[k] for k in ("id", "bvv", "afdracht")} for p in got["per_income"]] == expected["per_income"]
    assert all(s["citation"]["url"] for s in got["steps"])


def test_shared_examples_folder_is_used_when_present() -> None:
    if not _shared_examples():
        pytest.skip("../shared/spec/examples is absent")
    assert len(_shared_examples()) >= 12


def test_notebook_html_lists_steps_and_norm_sources() -> None:
    result = bvv.calculate(examples.load("08_middeninkomen_alleenstaande_2022"))
    page = result._repr_html_()
    assert "art. 475da lid 2 onder a Rv" in page
    assert "Gebruikte normen" in page and "wetten.overheid.nl/BWBR0015703/2022-01-01#Artikel21" in page
    assert set(result.norms) >= {"pw21a_norm", "wzt_drempelinkomen", "maximum_alleenstaande"}
    for step in result.steps:
        assert set(step.norms) <= set(result.norms)
