"""``bvv diff``: what changed between two results, and which input, norm or rule caused it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bvv import calculate, examples
from bvv.caseload.diff import changed_paths, diff_results
from bvv.cli import main


def _data(case: dict[str, Any]) -> dict[str, Any]:
    return json.loads(calculate(case).model_dump_json(by_alias=True))


@pytest.fixture(scope="module")
def case() -> dict[str, Any]:
    return examples.load("11_hoge_woonkosten_2024")


def test_identical(case: dict[str, Any]) -> None:
    d = diff_results(_data(case), calculate(case))
    assert d.identical and d.delta == "0.00" and not d.causes and not d.steps


def test_new_norm_period(case: dict[str, Any]) -> None:
    old, new = _data(case), _data({**case, "determination_date": "2025-03-01"})
    d = diff_results(old, new)
    assert (d.old_bvv, d.new_bvv) == (old["beslagvrije_voet"], new["beslagvrije_voet"])
    causes = {(c.kind, c.what): (c.old, c.new) for c in d.causes}
    assert causes[("input", "determination_date")] == ("2024-01-15", "2025-03-01")
    assert causes[("norm", "norm_period")] == ("2024-01-01", "2025-01-01")
    assert ("norm", "pw21a_norm") in causes
    # the Rv text version in force on each date (2025-02-04 is the last one before 2025-03-01)
    assert causes[("rule", "legal text version")] == ("2024-01-01", "2025-02-04")
    base = next(s for s in d.steps if s.id == "475da-2-basis")
    assert base.change == "changed" and base.norms and base.norms[0][0] == "pw21a_norm"
    assert base.delta is not None and base.delta.startswith("+")
    assert any(i == "werkgever" and f == "bvv" for i, f, _, _ in d.per_income)


def test_changed_input_is_traced_to_its_step(case: dict[str, Any]) -> None:
    higher = {**case, "housing": {**case["housing"], "costs_monthly": "1400.00"}}
    d = diff_results(_data(case), _data(higher))
    assert [(c.kind, c.what) for c in d.causes] == [("input", "housing.costs_monthly")]
    step = next(s for s in d.steps if s.id == "475da-5-woonkosten")
    assert ("woonkosten", case["housing"]["costs_monthly"], "1400.00") in step.inputs
    assert d.delta.startswith("+")


def test_rule_changes_and_added_steps() -> None:
    base = examples.load("10_kantonrechter_verhoging_2023")
    without = {**base, "court_increase": None}
    old, new = _data(without), _data(base)
    new["receipt"]["rules_version"] = "9999.1.1"
    d = diff_results(old, new)
    kinds = {(c.kind, c.what) for c in d.causes}
    assert ("rule", "rules_version") in kinds and ("rule", "step 475fa-kantonrechter") in kinds
    assert ("input", "court_increase.amount_monthly") in kinds
    added = next(s for s in d.steps if s.id == "475fa-kantonrechter")
    assert added.change == "added" and added.new is not None and added.old is None
    assert d.delta == "+195.00"


def test_changed_paths() -> None:
    assert changed_paths({"a": [1, 2]}, {"a": [1]}) == [("a[1]", 2, None)]
    assert changed_paths({"x": None}, {"x": {"y": "1"}}) == [("x.y", None, "1")]


def test_cli_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: dict[str, Any]) -> None:
    a, b = tmp_path / "old.json", tmp_path / "new.json"
    a.write_text(json.dumps(_data(case)), encoding="utf-8")
    b.write_text(json.dumps(_data({**case, "determination_date": "2025-03-01"})), encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "beslagvrije voet: 1605.42 -> " in out and "oorzaken:" in out and "475da-2-basis" in out
    assert main(["diff", str(a), str(b), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "bvv-diff/1" and doc["causes"] and doc["steps"]
    assert main(["diff", str(a), str(a)]) == 0
    assert "geen verschillen" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["diff", str(a), str(bad)]) == 3
