"""check-plan (Wgs 4a lid 5), receipt verify and the conformance runner."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import bvv
from bvv.engine.conformance import compare, run_conformance
from bvv.engine.receipt import output_hash, receipt_hash
from bvv.engine.receipt_verify import verify_receipt
from bvv.letters.plan import check_plan

# ------------------------------------------------------------------------------- check-plan


def test_plan_at_or_above_the_bvv_respects_it() -> None:
    case = bvv.examples.load("05_partner_en_95procent_2023")
    at = check_plan(case, Decimal("760.00"))
    assert at.respects and at.margin == 0 and at.exit_code == 0
    below = check_plan(case, Decimal("759.99"))
    assert not below.respects and below.margin == Decimal("-0.01") and below.exit_code == 1
    assert "4a lid 5 Wgs" in below.to_text() and "onder de beslagvrije voet" in below.to_text()


def test_plan_counts_every_income_as_garnished_unless_asked_otherwise() -> None:
    case = bvv.examples.load("07_ongebeslagen_eigen_inkomen_2024")
    whole = check_plan(case, Decimal("0.00"))
    given = check_plan(case, Decimal("0.00"), basis="as_given")
    assert whole.non_garnished_income == 0
    assert given.non_garnished_income > 0
    assert given.minimum == given.beslagvrije_voet + given.non_garnished_income


def test_cli_check_plan(run_cli) -> None:  # type: ignore[no-untyped-def]
    args = ("check-plan", "--example", "05_partner_en_95procent_2023", "--left-monthly")
    assert run_cli(*args, "800")[0] == 0
    code, out, _ = run_cli(*args, "700.00", "--json")
    assert code == 1 and json.loads(out)["margin"] == "-60.00"
    with pytest.raises(SystemExit):
        run_cli(*args, "-5")


# ---------------------------------------------------------------------------- receipt verify


def _stored(name: str = "01_bijstand_alleenstaande_2021") -> dict:  # type: ignore[type-arg]
    return bvv.calculate(bvv.examples.load(name)).to_json_dict()


def _resign(data: dict) -> dict:  # type: ignore[type-arg]
    """Make a stored result consistent with its own receipt again (as an older release would)."""
    data["receipt"]["output_sha256"] = output_hash(data)
    data["receipt"]["receipt_sha256"] = receipt_hash(data["receipt"])
    return data


def test_a_fresh_result_holds() -> None:
    check = verify_receipt(json.dumps(_stored()))
    assert check.holds and check.exit_code == 0 and not check.causes


def test_an_edited_result_or_case_is_detected() -> None:
    data = _stored()
    data["beslagvrije_voet"] = "999.99"
    assert [c.kind for c in verify_receipt(data).causes] == ["output-edited"]
    data = _stored()
    data["case"]["taxable_income_annual"]["debtor"] = "1.00"
    kinds = [c.kind for c in verify_receipt(_resign(data)).causes]
    assert kinds[0] == "case-edited"


def test_a_result_made_with_other_norms_or_rules_says_which() -> None:
    data = _stored()
    data["beslagvrije_voet"] = "1000.00"
    data["receipt"]["norms_sha256"] = "0" * 64
    data["receipt"]["rules_version"] = "2020.1.0"
    check = verify_receipt(_resign(data))
    kinds = {c.kind for c in check.causes}
    assert {"norms", "rules", "amounts"} <= kinds and "output-edited" not in kinds
    assert not check.holds and "norms_sha256" in check.to_text()
    assert "<table>" in check._repr_html_()


def test_cli_receipt_verify(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_stored()))
    assert run_cli("receipt", "verify", str(path))[0] == 0
    data = _stored()
    data["per_income"] = []
    path.write_text(json.dumps(data))
    code, out, _ = run_cli("receipt", "verify", str(path), "--json")
    assert code == 1 and json.loads(out)["holds"] is False
    path.write_text('{"format": "bvv-case/1"}')
    assert run_cli("receipt", "verify", str(path))[0] == 3


# ------------------------------------------------------------------------------- conformance

FAKE = """
import json, sys
case = json.load(open(sys.argv[1])) if len(sys.argv) > 1 else json.load(sys.stdin)
print(json.dumps({"beslagvrije_voet": "1.00", "per_income": []}))
"""


def test_self_conformance_agrees() -> None:
    names = ["01_bijstand_alleenstaande_2021", "06_meerdere_beslagen_2024"]
    report = run_conformance(names=names)
    assert report.agrees and report.exit_code == 0, report.to_text()
    assert [c.name for c in report.cases] == names


def test_another_tool_that_differs_fails(tmp_path: Path) -> None:
    tool = tmp_path / "tool.py"
    tool.write_text(FAKE)
    for template in (f"{sys.executable} {tool} {{case}}", f"{sys.executable} {tool}"):  # file, stdin
        report = run_conformance(template, names=["01_bijstand_alleenstaande_2021"])
        assert not report.agrees and report.exit_code == 1
        assert report.cases[0].status == "differs"
        assert any(p.startswith("beslagvrije_voet") for p in report.cases[0].problems)


def test_a_tool_that_crashes_or_prints_no_json_fails(tmp_path: Path) -> None:
    report = run_conformance(
        f"{sys.executable} -c 'import sys; sys.exit(2)'", names=["01_bijstand_alleenstaande_2021"]
    )
    assert report.cases[0].status == "failed"
    report = run_conformance(f"{sys.executable} -c 'print(42)'", names=["01_bijstand_alleenstaande_2021"])
    assert report.cases[0].status == "differs"


def test_compare_treats_amounts_as_decimals_and_matches_by_id() -> None:
    ours = {"beslagvrije_voet": "760.00", "per_income": [{"id": "a", "bvv": "760.00", "afdracht": "40.00"}]}
    assert (
        compare(
            ours, {"beslagvrije_voet": "760.0", "per_income": [{"id": "a", "bvv": "760", "afdracht": 40}]}
        )
        == []
    )
    assert compare(ours, {"beslagvrije_voet": "760.00", "per_income": [{"id": "b", "bvv": "760.00"}]})


def test_cli_conformance(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("conformance", "--self", "--case", "05_partner_en_95procent_2023", "--json")
    assert code == 0 and json.loads(out)["agrees"] is True
    code, out, _ = run_cli(
        "conformance",
        "--command",
        f"{sys.executable} -c 'print(1)'",
        "--case",
        "05_partner_en_95procent_2023",
    )
    assert code == 1
