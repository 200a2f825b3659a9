"""Unit tests on our own small fixtures (always run)."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bvv.cli import case as cli_case
from bvv.errors import CaseInvalid, SourceInvalid
from bvv.sources import PartialDate, add_years, money
from bvv.sources.brp_haal_centraal import parse_bewoning, parse_personen
from bvv.sources.casebuilder import build_case, monthly_from_period, parse_supplement
from bvv.sources.household import derive_household, merge_persons
from bvv.sources.polis import classify_period, derive_person_income, parse_polis_xml
from bvv.sources.suwinet_brp import parse_brp_xml

DATA = Path(__file__).resolve().parent / "data"
ON = date(2024, 1, 15)


def persons(*names: str):  # type: ignore[no-untyped-def]
    groups = []
    for n in names:
        raw = (DATA / n).read_bytes()
        groups.append(parse_brp_xml(raw, n) if n.endswith(".xml") else parse_personen(raw, n))
    return merge_persons(groups)[0]


def polis(name: str):  # type: ignore[no-untyped-def]
    return parse_polis_xml((DATA / name).read_bytes(), name)


# ---------------------------------------------------------------- dates and money


def test_partial_dates() -> None:
    assert PartialDate.from_gba("19850000", where="x") == PartialDate(year=1985)
    assert PartialDate.from_gba("19850400", where="x") == PartialDate(year=1985, month=4)
    assert PartialDate.from_gba("00000000", where="x").kind == "DatumOnbekend"
    with pytest.raises(SourceInvalid):
        PartialDate.from_gba("20231345", where="x")
    born = PartialDate(year=2006)
    assert born.younger_than(18, date(2023, 12, 31)) is True
    assert born.younger_than(18, date(2024, 6, 1)) is None  # 18th birthday somewhere in 2024
    assert born.younger_than(18, date(2025, 1, 1)) is False
    assert PartialDate(year=2008, month=7).on_or_before(date(2008, 7, 15)) is None
    assert PartialDate().younger_than(18, ON) is None
    # 29 February: one year older on 1 March in a non-leap year (BRP rule)
    assert add_years(date(1996, 2, 29), 21) == date(2017, 3, 1)
    assert PartialDate(year=1996, month=2, day=29).younger_than(21, date(2017, 2, 28)) is True


def test_money_and_periods() -> None:
    assert money(Decimal("1191.665")) == "1191.67"
    assert money(Decimal("-0.001")) == "0.00"
    # decision 6: 1100.00 per four weeks x 13/12 = 1191.666.. -> 1191.67
    assert monthly_from_period(Decimal("1100.00"), "four_weeks") == Decimal("1191.67")
    # 300.00 per week x 52/12 = 1300.00
    assert monthly_from_period(Decimal("300.00"), "week") == Decimal("1300.00")
    assert classify_period(date(2023, 2, 1), date(2023, 2, 28)) == "month"
    assert classify_period(date(2019, 1, 28), date(2019, 2, 24)) == "four_weeks"
    assert classify_period(date(2019, 12, 2), date(2019, 12, 31)) == "four_weeks"
    assert classify_period(date(2023, 1, 2), date(2023, 1, 8)) == "week"
    assert classify_period(date(2011, 1, 1), date(2023, 11, 23)) is None


# ---------------------------------------------------------------- household (decision 7)


def test_household_married_with_children() -> None:
    ps = persons("hc_household.json")
    hh = derive_household(ps, "999993653", ON)
    # partner 999990019 (spouse, same AOID); children: 999991772 (2012, at home) counts;
    # 999900006 (2000) is adult, 999900031 lives elsewhere; 999900055 (briefadres) is no partner
    assert hh.residence == "nl"
    assert hh.partner is True and hh.partner_bsn == "999990019"
    assert hh.dependent_children == 1
    assert hh.leefsituatie == "gehuwden_met_kinderen"
    assert hh.partner_birth_date == date(1987, 2, 28)
    assert hh.children_birth_dates == (date(2012, 3, 1),)
    assert "999993653" not in repr(hh) and "999990019" not in repr(ps["999990019"])


def test_bewoning_possible_resident_is_not_counted() -> None:
    ps = persons("hc_household.json")
    bew = parse_bewoning((DATA / "hc_bewoning.json").read_bytes(), "hc_bewoning.json")
    hh = derive_household(ps, "999993653", ON, bew)
    # the spouse is only a 'mogelijke bewoner' on the peildatum: no partner, 1 child
    assert hh.partner is False
    assert hh.dependent_children == 1
    assert hh.leefsituatie == "alleenstaande_ouder"
    assert any(d.code == "possible-resident" for d in hh.diagnostics)


def test_household_edge_cases() -> None:
    ps = persons("hc_edge.json")
    # JaarDatum 2006 child on 2024-01-15: may or may not be 18 -> undecided, flagged
    hh = derive_household(ps, "999900067", ON)
    assert hh.dependent_children is None and hh.leefsituatie is None
    assert {m.path for m in hh.missing} == {"household.dependent_children"}
    codes = {d.code for d in hh.diagnostics}
    assert {"partial-birth-date", "brp-in-onderzoek"} <= codes
    assert hh.birth_date is None  # JaarMaandDatum 1990-05
    # same child is a minor at the end of 2023
    assert derive_household(ps, "999900067", date(2023, 12, 31)).dependent_children == 1
    # briefadres -> no residential address
    hh = derive_household(ps, "999900080", ON)
    assert (hh.residence, hh.partner, hh.dependent_children) == ("no_residential_address", False, 0)
    # abroad (GBA land 5010 -> BE)
    hh = derive_household(ps, "999900092", ON)
    assert (hh.residence, hh.country) == ("abroad", "BE")
    # no verblijfplaats: residence undecidable
    hh = derive_household(ps, "999900110", ON)
    assert hh.residence is None and hh.partner is None
    assert "debtor.residence" in {m.path for m in hh.missing}
    # unmarried parents of a shared child: partner via co-parenthood
    hh = derive_household(ps, "999900122", ON)
    assert (hh.partner, hh.partner_bsn, hh.dependent_children) == (True, "999900146", 1)
    # VerblijfplaatsOnbekend
    assert derive_household(ps, "999900134", ON).residence == "no_residential_address"
    # deceased debtor and unknown debtor are errors, with a masked BSN
    with pytest.raises(CaseInvalid, match=r"\*\*\*\*\*\*109"):
        derive_household(ps, "999900109", ON)
    with pytest.raises(CaseInvalid) as exc:
        derive_household(ps, "999993653", ON)
    assert "999993653" not in str(exc.value)


def test_suwinet_brp_former_spouse_counts_as_partner() -> None:
    ps = persons("suwi_brp_debtor.xml", "suwi_brp_ex.xml", "suwi_brp_child.xml")
    hh = derive_household(ps, "999900171", ON)
    # marriage dissolved 2010-05 (JaarMaandDatum); the ex lives at the same address -> partner
    assert hh.partner is True and hh.partner_bsn == "999900183"
    assert hh.dependent_children == 1 and hh.leefsituatie == "gehuwden_met_kinderen"
    assert hh.birth_date is None  # 19751100
    assert any(d.code == "brp-in-onderzoek" for d in hh.diagnostics)
    # without the ex's own record the ex is not counted (decision 7), and the case says so
    hh = derive_household(persons("suwi_brp_debtor.xml", "suwi_brp_child.xml"), "999900171", ON)
    assert hh.partner is False and hh.leefsituatie == "alleenstaande_ouder"
    assert any(d.code == "relative-not-in-data" for d in hh.diagnostics)


# ---------------------------------------------------------------- Polis and letter C


def test_polis_letter_c() -> None:
    resp = polis("polis_debtor.xml")
    assert [r.id for r in resp.relations] == ["ikv-123456782L01-1", "ikv-223456781L01-2"]
    inc = derive_person_income(resp.relations, "999993653", ON)
    a, b = inc.relations
    # A: Nov 2500.00 + accrued VB 200.00 = 2700.00; Oct corrected to 2500.00 + 200.00 = 2700.00
    #    -> no deviation -> most recent month: 2700.00 x 12 = 32400.00
    assert (a.method, a.base, a.annual, a.category) == (
        "latest", Decimal("2700.00"), Decimal("32400.00"), "e")
    # B (Participatiewet): Nov 1200.00 vs Oct 1000.00 = 20 % > 2.5 % -> average of four months
    #    (1000 + 1000 + 1000 + 1200) / 4 = 1050.00 x 12 = 12600.00
    assert (b.method, b.base, b.annual, b.category) == (
        "average", Decimal("1050.00"), Decimal("12600.00"), "a")
    assert inc.annual == Decimal("45000.00")
    codes = {d.code for d in inc.diagnostics}
    assert {"latest-month-deviates", "polis-corrected-period",
            "holiday-allowance-not-paid-monthly"} <= codes


def test_polis_four_weekly_partner() -> None:
    inc = derive_person_income(polis("polis_partner.xml").relations, "999990019", ON,
                               role="partner")
    (r,) = inc.relations
    # 1300.00 - 100.00 EPS paid + 100.00 EPS accrued = 1300.00 per 4 weeks x 13 = 16900.00
    assert (r.pay_period, r.base, r.annual) == ("four_weeks", Decimal("1300.00"),
                                                Decimal("16900.00"))
    assert "four-weekly-periods" in {d.code for d in inc.diagnostics}


def test_polis_signs_and_nothing_found() -> None:
    xml = (DATA / "polis_debtor.xml").read_text().replace(
        "<CdPositiefNegatief>+</CdPositiefNegatief><WaardeBedr>120000",
        "<CdPositiefNegatief>-</CdPositiefNegatief><WaardeBedr>120000", 1)
    resp = parse_polis_xml(xml.encode(), "neg.xml")
    nov = next(p for p in resp.relations[1].periods if p.start == date(2023, 11, 1))
    assert nov.loon_sv == Decimal("-1200.00")
    nf = polis("polis_nietsgevonden.xml")
    assert nf.nothing_found and nf.relations == ()


def test_hostile_xml_is_refused() -> None:
    for name in ("xxe.xml", "billion_laughs.xml"):
        raw = (DATA / name).read_bytes()
        with pytest.raises(SourceInvalid, match="refused XML"):
            parse_polis_xml(raw, name)
        with pytest.raises(SourceInvalid, match="refused XML"):
            parse_brp_xml(raw, name)


# ---------------------------------------------------------------- case builder and CLI


def _case(supplement: bool = True, **kw: object) -> dict[str, object]:
    sup = None
    if supplement:
        raw = json.loads((DATA / "supplement.json").read_text())
        sup = parse_supplement(raw, "supplement.json")
    return build_case(
        bsn="999993653", on=ON, brp=[parse_personen((DATA / "hc_household.json").read_bytes(),
                                                   "hc_household.json")],
        polis=[polis("polis_debtor.xml"), polis("polis_partner.xml")],
        supplement=sup, supplement_source="supplement.json", **kw)  # type: ignore[arg-type]


def test_case_with_supplement() -> None:
    case = _case()
    assert case["format"] == "bvv-case/1" and case["id"] == "dossier-2024-017"
    assert case["taxable_income_annual"] == {"debtor": "45000.00", "partner": "16900.00"}
    assert case["household"]["partner"] is True  # type: ignore[index]
    assert case["incomes"] == [
        {"id": "ikv-123456782L01-1", "category": "e", "pay_period": "month",
         "net_monthly": "2150.00", "garnished": True},
        {"id": "ikv-223456781L01-2", "category": "a", "pay_period": "month",
         "net_monthly": "1000.00", "garnished": False},
    ]
    # 1100.00 per four weeks x 13/12 = 1191.67 (decision 6)
    assert case["partner_incomes"] == [
        {"id": "ikv-323456780L01-3", "category": "e", "pay_period": "four_weeks",
         "net_per_period": "1100.00", "net_monthly": "1191.67", "garnished": False}]
    assert case["missing_facts"] == []
    prov = case["provenance"]
    assert "polis_debtor.xml" in prov["taxable_income_annual.debtor"]["source"]  # type: ignore[index]
    assert "2700.00" in prov["taxable_income_annual.debtor"]["detail"]  # type: ignore[index]
    assert "999993653" not in json.dumps(case)
    json.dumps(case)  # plain JSON


def test_case_without_supplement_lists_missing_facts() -> None:
    case = _case(supplement=False)
    paths = {m["path"] for m in case["missing_facts"]}  # type: ignore[attr-defined,index]
    assert {"incomes[0].net_monthly", "incomes[0].garnished", "incomes[1].net_monthly",
            "housing.kind", "housing.costs_monthly", "company_car_wage_tax_monthly",
            "partner_incomes[0].net_monthly"} <= paths
    assert case["incomes"][0]["net_monthly"] is None  # type: ignore[index]


def test_case_partner_without_income_data() -> None:
    case = build_case(bsn="999993653", on=ON, brp=[parse_personen(
        (DATA / "hc_household.json").read_bytes(), "hc_household.json")],
        polis=[polis("polis_debtor.xml")])
    assert case["taxable_income_annual"]["partner"] is None  # type: ignore[index]
    assert "partner-without-income-data" in {d["code"] for d in case["diagnostics"]}  # type: ignore[attr-defined,index]


def test_supplement_errors() -> None:
    with pytest.raises(CaseInvalid):
        parse_supplement({"company_car_wage_tax_monthly": 12.5}, "s")  # a float, not a string
    with pytest.raises(CaseInvalid):
        parse_supplement({"unknown": 1}, "s")
    sup = parse_supplement({"incomes": {"ikv-nope-1": {"net_monthly": "1.00"}}}, "s")
    with pytest.raises(CaseInvalid, match="ikv-nope-1"):
        build_case(bsn="999993653", on=ON, brp=[parse_personen(
            (DATA / "hc_household.json").read_bytes(), "x")], polis=[polis("polis_debtor.xml")],
            supplement=sup)


def test_bsn_rules() -> None:
    brp = [parse_personen((DATA / "hc_household.json").read_bytes(), "x")]
    with pytest.raises(CaseInvalid):
        build_case(bsn="99999365", on=ON, brp=brp)  # eight digits
    bad = (DATA / "hc_household.json").read_text().replace("999900043", "123456789")
    case = build_case(bsn="999993653", on=ON, brp=[parse_personen(bad, "x")])
    assert "bsn-elfproef" in {d["code"] for d in case["diagnostics"]}  # type: ignore[attr-defined,index]


def _args(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"brp": [str(DATA / "hc_household.json")], "bewoning": None,
                               "polis": [str(DATA / "polis_debtor.xml"),
                                         str(DATA / "polis_partner.xml")],
                               "bsn": "999993653", "on": "2024-01-15",
                               "supplement": str(DATA / "supplement.json"), "output": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_cli_register_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser(prog="bvv")
    cli_case.register(parser.add_subparsers())
    bsn_file = tmp_path / "bsn.txt"
    bsn_file.write_text("999993653\n")
    out = tmp_path / "case.json"
    args = parser.parse_args(["case", "--brp", str(DATA / "hc_household.json"), "--polis",
                              str(DATA / "polis_debtor.xml"), "--bsn", f"@{bsn_file}",
                              "--on", "2024-01-15", "-o", str(out)])
    assert args.func(args) == 0
    assert json.loads(out.read_text())["taxable_income_annual"]["debtor"] == "45000.00"
    monkeypatch.setattr("sys.stdin", io.StringIO("999993653\n"))
    assert cli_case.run(_args(bsn="-")) == 0
    assert json.loads(capsys.readouterr().out)["missing_facts"] == []


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    assert cli_case.run(_args(brp=[str(junk)])) == 3
    err = capsys.readouterr().err
    assert err.startswith("fout: source-invalid") and "Traceback" not in err
    assert cli_case.run(_args(polis=[str(DATA / "xxe.xml")])) == 3
    assert cli_case.run(_args(on="15-01-2024")) == 3
    assert cli_case.run(_args(bsn="12345")) == 3
    assert "12345" not in capsys.readouterr().err
    assert cli_case.run(_args(brp=[str(tmp_path / "absent.json")])) == 74  # I/O error


def test_cli_case_masks_file_names_and_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "brp_999993653.xml"
    odd.write_bytes(b'<?xml version="1.0" encoding="x-unknown"?><a/>')
    assert cli_case.run(_args(brp=[str(odd)])) == 3
    err = capsys.readouterr().err
    assert "999993653" not in err and "brp_******653.xml" in err and "tekencodering" in err
    assert cli_case.run(_args(supplement=None)) == 0
    err = capsys.readouterr().err
    assert err.startswith("let op:") and "housing.kind" in err
    twice = tmp_path / "supplement.json"
    twice.write_text('{"id": "a", "id": "b"}')
    assert cli_case.run(_args(supplement=str(twice))) == 3
    assert "meer dan één keer" in capsys.readouterr().err
    out = tmp_path / "case.json"
    assert cli_case.run(_args(output=str(out))) == 0
    assert out.stat().st_mode & 0o777 == 0o600
