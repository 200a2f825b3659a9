"""The command line and the error contract: the JSON path is named, no traceback, exit codes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import bvv
from bvv.cli import main
from bvv.errors import CaseIncomplete, CaseInvalid
from tests.core.helpers import case, income


def _write(tmp_path: Path, data: object, name: str = "case.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def test_calculate_prints_a_dutch_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calculate", "--example", "01_bijstand_alleenstaande_2021"]) == 0
    out = capsys.readouterr().out
    assert "€ 1.021,67" in out.replace("\xa0", " ")
    assert "art. 475dc lid 1 Rv" in out


def test_calculate_json_is_bvv_result_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calculate", _write(tmp_path, case()), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["format"] == "bvv-result/1"
    assert set(result) >= {"beslagvrije_voet", "per_income", "steps", "assumptions", "case", "receipt"}
    assert bvv.parse_case(result["case"]) == bvv.parse_case(case())  # the case recomputes on its own


@pytest.mark.parametrize(
    "change,path",
    [
        ({"incomes": [income("w", "e", "12.345")]}, "incomes[0].net_monthly"),
        ({"incomes": [income("w", "x", "12.00")]}, "incomes[0].category"),
        ({"household": {"dependent_children": -1}}, "household.dependent_children"),
        ({"determination_date": "2024-13-01"}, "determination_date"),
        ({"debtor": {"residence": "mars"}}, "debtor.residence"),
        ({"typo_field": 1}, "typo_field"),
        ({"taxable_income_annual": {"debtor": 1200.5}}, "taxable_income_annual.debtor"),
    ],
)
def test_invalid_input_names_the_json_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object], path: str
) -> None:
    code = main(["calculate", _write(tmp_path, case(**change))])
    err = capsys.readouterr().err
    assert code == 3
    assert err.startswith("fout: case-invalid") and path in err
    assert "Traceback" not in err


def test_cross_field_errors_name_the_field() -> None:
    with pytest.raises(CaseInvalid) as err:
        bvv.calculate(case(partner_incomes=[income("p", "e", "100.00", False)]))
    assert err.value.path == "partner_incomes"
    with pytest.raises(CaseInvalid) as err:
        bvv.calculate(case(incomes=[income("a", "e", "1.00"), income("a", "g", "2.00")]))
    assert err.value.path == "incomes[1].id"


def test_missing_facts_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = case(missing_facts=[{"path": "incomes[0].net_monthly", "reason": "not in the Polis"}])
    with pytest.raises(CaseIncomplete) as err:
        bvv.calculate(data)
    assert err.value.missing == (("incomes[0].net_monthly", "not in the Polis"),)
    assert main(["calculate", _write(tmp_path, data)]) == 3
    assert "incomes[0].net_monthly" in capsys.readouterr().err


def test_norms_not_available_exit_code_and_latest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, case("2027-03-01"))
    assert main(["calculate", path]) == 4
    assert "2026-07-01" in capsys.readouterr().err
    assert main(["calculate", path, "--allow-latest-norms", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "latest-norms-used" in [a["id"] for a in result["assumptions"]]


def test_not_json_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["calculate", str(bad)]) == 3
    assert main(["calculate", str(tmp_path / "absent.json")]) == 74  # I/O, not the input's fault
    err = capsys.readouterr().err
    assert "geen geldige JSON" in err and "kan" in err and "niet lezen" in err


def test_variant_as_published_changes_july_2023_middle_income() -> None:
    data = case("2023-07-15", c="40000.00", children=1, incomes=[income("w", "e", "4000.00")])
    statute = bvv.calculate(data)
    published = bvv.calculate(data, variant="as_published")
    # D 25 070 vs 25 855.20: the zorg term (capped) stays, the kgb term drops by 785.20/12 * 6.75 %
    assert statute.beslagvrije_voet - published.beslagvrije_voet == Decimal("4.42")
    assert "drempelinkomen-as-published" in [a.id for a in published.assumptions]
    assert "drempelinkomen-as-published" not in [a.id for a in statute.assumptions]


def test_examples_command_lists_the_golden_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 0
    assert "12_lease_auto_2025" in capsys.readouterr().out


def test_stdin_case(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(case())))
    assert main(["calculate", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["beslagvrije_voet"]
