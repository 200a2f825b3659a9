"""``recalculation_due`` and ``bvv due``: reasons, dates and legal bases at chosen dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bvv import calculate, examples
from bvv.caseload.recalc import aow_date, recalculation_due
from bvv.cli import main


def _case(**over: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "format": "bvv-case/1",
        "id": "dossier-1",
        "determination_date": "2024-01-15",
        "debtor": {"birth_date": "1957-06-10", "residence": "nl"},
        "household": {
            "partner": True,
            "dependent_children": 1,
            "partner_birth_date": "1990-02-01",
            "children_birth_dates": ["2006-05-01"],
        },
        "taxable_income_annual": {"debtor": "30000.00", "partner": "0.00"},
        "incomes": [{"id": "werkgever", "category": "e", "net_monthly": "2600.00", "garnished": True}],
        "housing": {
            "kind": "rent",
            "costs_monthly": "1300.00",
            "high_costs_increase": {"requested_on": "2023-12-01", "extended": False},
        },
        "court_increase": {"amount_monthly": "100.00", "from": "2024-01-01", "until": "2024-06-30"},
    }
    case.update(over)
    return case


@pytest.fixture(scope="module")
def result() -> Any:
    return calculate(_case())


def _codes(due: Any) -> list[str]:
    return [r.code for r in due.reasons]


def test_nothing_due_the_day_after(result: Any) -> None:
    due = recalculation_due(result, date(2024, 1, 16))
    assert not due.required and not due.advisable and due.reasons == ()
    assert due.due_from is None and not due.due
    upcoming = {r.code: r.from_ for r in due.upcoming}
    assert upcoming == {
        "twelve-months": date(2025, 1, 15),
        "housing-increase-ends": date(2025, 6, 1),  # 18 months from 2023-12-01 (lid 5, from 2023)
        "court-increase-ends": date(2024, 7, 1),
        "child-turns-18": date(2024, 5, 1),
        "aow-age": date(2024, 6, 10),  # born 1957-06-10: 67 in 2024
    }


def test_reasons_at_chosen_dates(result: Any) -> None:
    due = recalculation_due(result, date(2024, 5, 1))
    assert _codes(due) == ["child-turns-18"]
    assert due.advisable and not due.required and due.due_from == date(2024, 5, 1)
    reason = due.reasons[0]
    assert "2024-05-01" in reason.text and "gehuwden_zonder_kinderen" in reason.text
    assert reason.basis == "Rv 475ab en Rv 475d lid 4"

    due = recalculation_due(result, date(2024, 7, 1))
    assert _codes(due) == ["child-turns-18", "aow-age", "court-increase-ends"]
    assert due.required and due.required_from == date(2024, 7, 1) and due.due_from == date(2024, 5, 1)
    court = due.reasons[2]
    assert court.kind == "required" and court.basis == "Rv 475fa" and "2024-06-30" in court.text
    assert "de schuldenaar" in due.reasons[1].text and "67 jaar" in due.reasons[1].text

    due = recalculation_due(result, date(2025, 1, 15))
    assert "twelve-months" in _codes(due)
    twelve = next(r for r in due.reasons if r.code == "twelve-months")
    assert twelve.kind == "required" and twelve.basis == "Rv 475d lid 2 en lid 3 onder a"
    assert recalculation_due(result, date(2025, 1, 14)).upcoming[0].code == "twelve-months"

    due = recalculation_due(result, date(2025, 6, 1))
    housing = next(r for r in due.reasons if r.code == "housing-increase-ends")
    assert housing.kind == "required" and "2025-05-31" in housing.text and "verlenging" in housing.text


def test_model_and_json_give_the_same(result: Any) -> None:
    on = date(2025, 7, 1)
    a = recalculation_due(result, on)
    b = recalculation_due(json.loads(result.model_dump_json(by_alias=True)), on)
    assert a == b
    data = a.to_json_dict()
    assert data["reasons"][0]["from"] and "from_" not in data["reasons"][0]


def test_housing_term_before_2023_is_six_months_plus_extension(result: Any) -> None:
    data = json.loads(result.model_dump_json(by_alias=True))
    data["case"]["housing"]["high_costs_increase"] = {"requested_on": "2022-03-01", "extended": True}
    data["case"]["determination_date"] = "2022-03-01"  # set under the text until 2022 (6 months)
    for step in data["steps"]:
        if step["id"] == "475da-5-woonkosten":
            step["inputs"].pop("tot_en_met")  # an older result without the end date: use the term
    due = recalculation_due(data, date(2022, 3, 2))
    ends = next(r for r in due.upcoming if r.code == "housing-increase-ends")
    assert ends.from_ == date(2023, 3, 1)  # 6 + 6 months from 2022-03-01
    assert ends.basis == "Rv 475da lid 6"


def test_court_increase_starting_later() -> None:
    later = {"amount_monthly": "80.00", "from": "2024-03-01", "until": "2024-12-31"}
    res = calculate(_case(court_increase=later))
    due = recalculation_due(res, date(2024, 3, 1))
    assert _codes(due) == ["court-increase-starts"]
    assert due.required and due.reasons[0].from_ == date(2024, 3, 1)


def test_partner_reaches_aow_age() -> None:
    res = calculate(
        _case(household={"partner": True, "dependent_children": 0, "partner_birth_date": "1958-03-10"})
    )
    due = recalculation_due(res, date(2025, 3, 10))
    partner = [r for r in due.reasons if r.code == "aow-age" and "de partner" in r.text]
    assert partner and partner[0].from_ == date(2025, 3, 10) == aow_date(date(1958, 3, 10))


def test_structural_change_reported(result: Any) -> None:
    new = _case(housing={"kind": "rent", "costs_monthly": "900.00"}, determination_date="2024-03-01")
    due = recalculation_due(result, date(2024, 3, 1), new_case=new)
    change = next(r for r in due.reasons if r.code == "structural-change")
    assert change.kind == "required" and change.from_ == date(2024, 3, 1)
    assert "housing.costs_monthly: 1300.00 -> 900.00" in change.text
    assert change.old_bvv == result.beslagvrije_voet
    assert change.new_bvv == calculate(new).beslagvrije_voet
    # the same facts on another date are no change
    same = _case(determination_date="2024-03-01")
    assert "structural-change" not in _codes(recalculation_due(result, date(2024, 3, 1), new_case=same))


def test_new_norm_period_that_raises_the_bvv() -> None:
    case = examples.load("02_geen_woonadres_2021")
    old = calculate(case)
    on = date(2023, 1, 10)
    new = calculate({**case, "determination_date": on.isoformat()}).beslagvrije_voet
    assert new > old.beslagvrije_voet
    due = recalculation_due(old, on)
    reason = next(r for r in due.reasons if r.code == "new-norms")
    assert reason.kind == "advisable" and reason.from_ == date(2023, 1, 1)
    assert (reason.old_bvv, reason.new_bvv) == (old.beslagvrije_voet, new)
    assert reason.basis == "Rv 475d lid 4 en lid 5"
    # same norm period: no norm reason
    assert "new-norms" not in _codes(recalculation_due(old, date(2021, 6, 30)))
    # new norms that would lower the bvv are no reason (they wait for the next recalculation)
    lower = calculate(examples.load("11_hoge_woonkosten_2024"))
    assert calculate({**examples.load("11_hoge_woonkosten_2024"), "determination_date": "2026-07-10"}
                     ).beslagvrije_voet < lower.beslagvrije_voet
    assert "new-norms" not in _codes(recalculation_due(lower, date(2026, 7, 10)))


def test_no_norms_for_the_date_is_not_an_error(result: Any) -> None:
    due = recalculation_due(result, date(2030, 1, 1))
    assert "new-norms" not in _codes(due) and due.required


def test_cli_due(tmp_path: Path, capsys: pytest.CaptureFixture[str], result: Any) -> None:
    path = tmp_path / "results.jsonl"
    other = calculate(_case(id="dossier-2", determination_date="2024-06-01", court_increase=None))
    path.write_text(
        result.model_dump_json(by_alias=True) + "\n" + other.model_dump_json(by_alias=True) + "\n{oops\n",
        encoding="utf-8",
    )
    assert main(["due", str(path), "--on", "2024-07-01"]) == 3  # one row is unreadable
    out, err = capsys.readouterr()
    assert "regel 1  dossier-1" in out and "VERPLICHT per 2024-07-01" in out
    assert "court-increase-ends (verplicht per 2024-07-01; Rv 475fa)" in out
    assert "regel 2  dossier-2" in out and "aow-age" in out
    assert "regel 3: geen geldige JSON" in err
    summary = "3 resultaten gelezen, op 2024-07-01: 1 verplicht, 1 alleen aan te raden, 0 niet nodig, "
    summary += "1 onleesbaar"
    assert summary in err

    assert main(["due", str(path), "--on", "2024-01-16", "--json", "--all", "--workers", "2"]) == 3
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2]
    assert rows[0]["required"] is False and rows[0]["upcoming"]


def test_due_reads_a_single_pretty_printed_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bvv calculate --json` writes one indented result; `bvv due` accepts that file too."""
    result = calculate(examples.load("07_ongebeslagen_eigen_inkomen_2024"))
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result.to_json_dict(), indent=2))
    assert main(["due", str(path), "--on", "2025-02-01"]) == 0
    captured = capsys.readouterr()
    assert "twelve-months" in captured.out and "1 verplicht" in captured.err
