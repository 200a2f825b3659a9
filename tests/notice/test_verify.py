"""bvv verify: a notice that agrees passes; each kind of error is named with field, rule and amount."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import bvv
from bvv.errors import CaseIncomplete, CaseInvalid
from bvv.letters.verify import VerifyReport, verify
from tests.notice.conftest import notice_of


@pytest.mark.parametrize("name", bvv.examples.names())
def test_a_notice_from_a_golden_case_agrees_with_and_without_the_case(name: str) -> None:
    case, _, notice = notice_of(name)
    for report in (verify(notice), verify(notice, case)):
        assert report.agrees, report.to_text()
        assert report.exit_code == 0


def _fields(report: VerifyReport) -> dict[str, object]:
    return {d.field: d for d in report.differences}


def test_wrong_living_situation_is_named_with_its_rule_and_cost() -> None:
    case, _, notice = notice_of("03_hoog_inkomen_alleenstaande_2024")
    data = notice.to_json_dict()
    data["leefsituatie"] = "gehuwden_zonder_kinderen"
    report = verify(data, case)
    assert not report.agrees and report.exit_code == 1
    diff = _fields(report)["leefsituatie"]
    assert "475da lid 1" in diff.rule  # type: ignore[attr-defined]
    assert diff.notice_value == "gehuwden_zonder_kinderen"  # type: ignore[attr-defined]
    assert diff.amount_at_stake is not None  # type: ignore[attr-defined]
    assert "BRP" in diff.what_to_do  # type: ignore[attr-defined]


def test_income_from_the_wrong_month_and_a_different_amount() -> None:
    case, _, notice = notice_of("05_partner_en_95procent_2023")
    data = notice.to_json_dict()
    data["incomes"][0].update(net_monthly="700.00", period="2023-01")
    report = verify(data, case)
    found = _fields(report)
    income = found["incomes[werkgever].net_monthly"]
    assert income.amount_at_stake == Decimal("95.00")  # type: ignore[attr-defined]
    assert "475dc lid 1" in income.rule  # type: ignore[attr-defined]
    assert "2023-01" in income.explanation  # type: ignore[attr-defined]
    period = found["incomes[werkgever].period"]
    assert "475d lid 1" in period.rule  # type: ignore[attr-defined]
    # the latest month is fine
    data["incomes"][0].update(net_monthly="800.00", period="2023-06")
    assert verify(data, case).agrees


def test_holiday_allowance_missing_is_estimated_when_only_the_notice_is_known() -> None:
    _, _, notice = notice_of("05_partner_en_95procent_2023")
    data = notice.to_json_dict()
    data["incomes"][0]["holiday_allowance_included"] = False
    report = verify(data)
    diff = _fields(report)["incomes[werkgever].holiday_allowance_included"]
    assert diff.estimate is True  # type: ignore[attr-defined]
    assert diff.amount_at_stake is not None and diff.amount_at_stake > 0  # type: ignore[attr-defined]
    assert "475dc lid 1" in diff.rule  # type: ignore[attr-defined]


def test_partner_deduction_above_half() -> None:
    _, _, notice = notice_of("05_partner_en_95procent_2023")
    data = notice.to_json_dict()
    data["calculation"]["partner_income_deduction"] = "1400.00"
    report = verify(data)
    diff = _fields(report)["calculation.partner_income_deduction"]
    assert "475db lid 1 onder a" in diff.rule  # type: ignore[attr-defined]
    assert diff.amount_at_stake == Decimal("133.00")  # type: ignore[attr-defined]
    assert diff.expected_value == "ten hoogste 1267.00"  # type: ignore[attr-defined]


def test_a_changed_bvv_is_named_with_the_amount_at_stake() -> None:
    _, _, notice = notice_of("08_middeninkomen_alleenstaande_2022")
    data = notice.to_json_dict()
    right = Decimal(data["beslagvrije_voet"])
    data["beslagvrije_voet"] = str(right - Decimal("25.00"))
    report = verify(data)
    assert [d.field for d in report.differences] == ["beslagvrije_voet"]
    assert report.differences[0].amount_at_stake == Decimal("25.00")


def test_a_missing_income_and_an_unknown_one() -> None:
    case, _, notice = notice_of("07_ongebeslagen_eigen_inkomen_2024")
    data = notice.to_json_dict()
    data["incomes"] = data["incomes"][:1]
    report = verify(data, case)
    assert any("ontbreekt" in d.explanation for d in report.differences)


def test_a_notice_without_the_figures_needed_names_them() -> None:
    with pytest.raises(CaseIncomplete) as err:
        verify({"determination_date": "2024-01-15", "beslagvrije_voet": "1000.00"})
    assert {p for p, _ in err.value.missing} == {"taxable_income_annual", "incomes", "household.partner"}


def test_a_malformed_notice_is_case_invalid() -> None:
    with pytest.raises(CaseInvalid) as err:
        verify({"determination_date": "2024-01-15", "beslagvrije_voet": 1000.5})
    assert "bvv-notice/1" in err.value.message


def test_report_renders_as_text_json_and_html() -> None:
    case, _, notice = notice_of("05_partner_en_95procent_2023")
    data = notice.to_json_dict()
    data["leefsituatie"] = "alleenstaande"
    report = verify(data, case)
    assert "leefsituatie" in report.to_text()
    assert report.to_json_dict()["differences"][0]["field"] == "leefsituatie"
    page = report._repr_html_()
    assert "<table>" in page and "https://wetten.overheid.nl/" in page


def test_cli_verify_exit_codes(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As a new user would: render a notice, change one figure by hand, verify."""
    name = "05_partner_en_95procent_2023"
    code, out, _ = run_cli("notice", "--example", name, "--format", "json")
    path = tmp_path / "notice.json"
    path.write_text(out)
    assert run_cli("verify", str(path))[0] == 0
    data = json.loads(out)
    data["leefsituatie"] = "alleenstaande"
    path.write_text(json.dumps(data))
    code, out, _ = run_cli("verify", str(path), "--example", name)
    assert code == 1
    assert "leefsituatie" in out and "art. 475da lid 1" in out
    code, out, _ = run_cli("verify", str(path), "--json")
    assert code == 1 and json.loads(out)["differences"][0]["field"] == "leefsituatie"
    path.write_text("{}")
    assert run_cli("verify", str(path))[0] == 3


def test_the_notebook_walkthrough_gives_what_docs_notebook_md_says() -> None:
    case = bvv.parse_case(bvv.examples.load("05_partner_en_95procent_2023"))
    letter = {
        "determination_date": "2023-07-15",
        "beslagvrije_voet": "700.00",
        "leefsituatie": "gehuwden_met_kinderen",
        "taxable_income_annual": {"debtor": "15000.00", "partner": "60000.00"},
        "incomes": [{"id": "werkgever", "net_monthly": "800.00", "period": "2023-06"}],
        "partner_incomes": [{"id": "partner-werkgever", "net_monthly": "2800.00"}],
        "calculation": {"amount_before_deductions": "2533.99", "partner_income_deduction": "1400.00"},
    }
    report = verify(letter, case)
    assert [(d.field, d.amount_at_stake) for d in report.differences] == [
        ("calculation.partner_income_deduction", Decimal("133.00")),
        ("beslagvrije_voet", Decimal("60.00")),
    ]


# ------------------------------------------------------------------- who a difference favours


def _leaves(data: object, path: tuple[object, ...] = ()) -> list[tuple[tuple[object, ...], object]]:
    """Every leaf of a JSON document with its path."""
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [leaf for k, v in enumerate(data) for leaf in _leaves(v, (*path, k))]
    return [(path, data)]


def _tampered(value: object) -> list[object]:
    """The value moved by one cent or one unit, both ways where the field allows it."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1] + ([value - 1] if value > 0 else [])
    if isinstance(value, str) and re.fullmatch(r"\d+\.\d{2}", value):
        cent = Decimal("0.01")
        up = [str(Decimal(value) + cent)]
        return up + ([str(Decimal(value) - cent)] if Decimal(value) > 0 else [])
    return []


def _set(data: dict[str, object], path: tuple[object, ...], value: object) -> dict[str, object]:
    copy = json.loads(json.dumps(data))
    node = copy
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    return copy  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", bvv.examples.names())
def test_every_field_tampered_by_one_cent_or_one_unit_is_flagged(name: str) -> None:
    case, _, notice = notice_of(name)
    data = notice.to_json_dict()
    tried = 0
    for path, value in _leaves(data):
        for other in _tampered(value):
            tried += 1
            report = verify(_set(data, path, other), case)
            assert report.differences, f"{name}: {path} = {other!r} went unflagged"
    assert tried >= 4


def test_one_cent_in_the_debtors_favour_is_a_remark_against_is_a_fault(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = "05_partner_en_95procent_2023"
    case, result, notice = notice_of(name)
    path = tmp_path / "notice.json"
    for delta, code in ((Decimal("0.01"), 0), (Decimal("-0.01"), 1)):
        data = notice.to_json_dict()
        data["beslagvrije_voet"] = str(result.beslagvrije_voet + delta)
        path.write_text(json.dumps(data))
        for extra in ((), ("--example", name)):
            got, out, _ = run_cli("verify", str(path), *extra)
            assert got == code, out
            if code == 0:
                assert "in uw voordeel" in out and "geen fout" in out
        report = verify(data, case)
        assert {d.favours for d in report.differences} == {"debtor" if code == 0 else "creditor"}
        # --exact: every difference is a fault
        assert run_cli("verify", str(path), "--exact")[0] == 1


def test_a_changed_fact_is_a_fault() -> None:
    case, _, notice = notice_of("11_hoge_woonkosten_2024")
    for change in (
        {"housing": {**notice.to_json_dict()["housing"], "costs_monthly": "500.00"}},
        {"per_income": [{**notice.to_json_dict()["per_income"][0], "payment": "9999.00"}]},
    ):
        report = verify({**notice.to_json_dict(), **change}, case)
        assert report.exit_code == 1, report.to_text()


@pytest.mark.parametrize(
    ("name", "statute", "letter"),
    [
        ("02_geen_woonadres_2021", "729.76", "730.00"),  # a payer's published letter
        ("13_inrichting_2022", "593.24", "594.00"),  # an institution's letter
        ("08_middeninkomen_alleenstaande_2022", None, None),
    ],
)
def test_whole_euros_rounded_up_are_not_called_wrong(
    name: str, statute: str | None, letter: str | None
) -> None:
    """Official tools may round up to whole euros: EUR 730,00 where the statute gives 729,76."""
    case, result, notice = notice_of(name)
    if statute is not None:
        assert str(result.beslagvrije_voet) == statute
    up = letter or f"{result.beslagvrije_voet.to_integral_value(rounding='ROUND_CEILING')}.00"
    data = notice.to_json_dict()
    data["beslagvrije_voet"] = up
    data["per_income"][0]["bvv"] = up
    data["per_income"][0]["afdracht"] = str(Decimal(data["per_income"][0]["payment"]) - Decimal(up))
    report = verify(data, case)
    assert report.exit_code == 0 and report.differences
    assert all(not d.fault and "afgerond op hele euro" in d.what_to_do for d in report.differences)
    assert "fout" not in report.headline().replace("geen fout", "")


def test_advice_depends_on_direction_and_field() -> None:
    case, _, notice = notice_of("07_ongebeslagen_eigen_inkomen_2024")
    data = notice.to_json_dict()
    data["incomes"] = data["incomes"][:1]  # leave out the income without garnishment
    missing = verify(data, case)
    data2 = notice.to_json_dict()
    data2["leefsituatie"] = "gehuwden_met_kinderen"
    wrong_ls = verify(data2, case)
    a = [d.what_to_do for d in missing.differences if d.field.startswith("incomes[")]
    b = [d.what_to_do for d in wrong_ls.differences if d.field == "leefsituatie"]
    assert a and b and a[0] != b[0]


def test_holiday_allowance_of_bijstand_follows_the_norm_not_an_estimate() -> None:
    _, _, notice = notice_of("01_bijstand_alleenstaande_2021")
    data = notice.to_json_dict()
    data["incomes"][0]["holiday_allowance_included"] = False
    data["incomes"][0]["category"] = "a"
    diff = _fields(verify(data))["incomes[" + data["incomes"][0]["id"] + "].holiday_allowance_included"]
    assert diff.estimate is False  # type: ignore[attr-defined]
    assert "100/95" in diff.explanation  # type: ignore[attr-defined]
