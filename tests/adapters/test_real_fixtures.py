"""Derived facts on the shared real fixtures (../shared/fixtures; skipped when absent).

Every person in these files is a test person (RvIG/BKWI test sets). BSNs appear here only as
test-data keys; the library masks them in every message.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bvv.cli import case as cli_case
from bvv.errors import CaseInvalid
from bvv.sources.brp_haal_centraal import parse_personen
from bvv.sources.casebuilder import build_case
from bvv.sources.household import BrpPerson, derive_household, merge_persons
from bvv.sources.polis import derive_person_income, parse_polis_xml
from bvv.sources.suwinet_brp import parse_brp_xml

Shared = Callable[..., Path]
ON = date(2024, 6, 1)


@pytest.fixture(scope="module")
def amsterdam(shared: Shared) -> dict[str, BrpPerson]:
    path = shared("mijn-amsterdam-frontend", "test-personen.json")
    persons, dups = merge_persons([parse_personen(path.read_bytes(), path.name)])
    assert len(persons) == 91 and not dups
    return persons


# (debtor, residence, partner, dependent children, leefsituatie) on 2024-06-01
AMSTERDAM = [
    # AOID 0363010000881321: wife 999997944 (married 2013) at the address -> partner; her ex
    # 999997932 also lives there (a second candidate, flagged) -> gehuwden zonder kinderen
    ("999997920", "nl", True, 0, "gehuwden_zonder_kinderen"),
    # the ex's side: former spouse (2007-2011) living at the same address counts (decision 7)
    ("999997932", "nl", True, 0, "gehuwden_zonder_kinderen"),
    # AOID 0363010000938048: divorced 2019, ex 999971086 lives elsewhere; son born 2015 at home
    ("999971074", "nl", False, 1, "alleenstaande_ouder"),
    # AOID 0363010000801903: unmarried, shared child 999996526 -> partner via co-parenthood;
    # the child has no person record in the data -> not counted (decision 7)
    ("999993173", "nl", True, 0, "gehuwden_zonder_kinderen"),
    # AOID 0363010000584806: spouse 999996307; child 999998304 born 2001 is adult
    ("999992958", "nl", True, 0, "gehuwden_zonder_kinderen"),
    # AOID 0363010012068372: married 2008, no children at the address
    ("999991747", "nl", True, 0, "gehuwden_zonder_kinderen"),
    # AOID 0363010012062214: daughter born 2000 is adult -> alleenstaande
    ("999997725", "nl", False, 0, "alleenstaande"),
    # AOID 0363010001004477: eldest of 10 siblings (born 1999); siblings are no children of his
    ("999998298", "nl", False, 0, "alleenstaande"),
    # AOID 0363010001004479: 12 unrelated adults (woningdelers)
    ("999996903", "nl", False, 0, "alleenstaande"),
    # briefadres (functieAdres B) and VerblijfplaatsOnbekend -> no residential address
    ("000009908", "no_residential_address", False, 0, "alleenstaande"),
    ("000009945", "no_residential_address", False, 0, "alleenstaande"),
    # Locatie (no BAG id): partner 999997579 has no record in the data -> not counted
    ("999997002", "nl", False, 0, "alleenstaande"),
    # partner without BSN: cannot be shown to live there -> not counted, flagged
    ("999991863", "nl", False, 0, "alleenstaande"),
]


@pytest.mark.parametrize(("bsn", "residence", "partner", "children", "leef"), AMSTERDAM)
def test_amsterdam_households(amsterdam: dict[str, BrpPerson], bsn: str, residence: str,
                              partner: bool, children: int, leef: str) -> None:
    hh = derive_household(amsterdam, bsn, ON)
    assert (hh.residence, hh.partner, hh.dependent_children, hh.leefsituatie) == (
        residence, partner, children, leef)


def test_amsterdam_special_cases(amsterdam: dict[str, BrpPerson]) -> None:
    codes = {d.code for d in derive_household(amsterdam, "999997920", ON).diagnostics}
    assert "several-partner-candidates" in codes
    assert "relative-without-bsn" in {
        d.code for d in derive_household(amsterdam, "999991863", ON).diagnostics}
    # no verblijfplaats in this version of the file: nothing about the household can be decided
    hh = derive_household(amsterdam, "999994542", ON)
    assert (hh.residence, hh.partner, hh.dependent_children) == (None, None, None)
    assert {m.path for m in hh.missing} == {"debtor.residence", "household.partner",
                                           "household.dependent_children"}
    # deceased (overlijden JaarDatum 2008) and (JaarMaandDatum 2008-07): refused
    for dead in ("999991139", "999993008"):
        with pytest.raises(CaseInvalid, match="deceased"):
            derive_household(amsterdam, dead, ON)


def _cassette(path: Path) -> tuple[str, bytes]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    inter = doc["interactions"][0]
    request = json.loads(inter["request"]["body"])
    return request["burgerservicenummer"][0], inter["response"]["body"]["string"].encode()


def test_open_forms_family(shared: Shared) -> None:
    bsn, body = _cassette(shared("open-forms", "test_get_family_members_include_deceased.yaml"))
    persons = parse_personen(body, "family.yaml", requested_bsn=bsn)
    (p,) = persons
    assert len(p.children) == 4 and p.partners[0].bsn == "999970136"
    case = build_case(bsn=bsn, on=ON, brp=[persons])
    # only the debtor's own record with the fields partners and kinderen: the verblijfplaats
    # was not requested, so residence, partner and children cannot be decided -> missing facts
    assert case["debtor"]["residence"] is None
    assert case["household"]["partner"] is None
    assert case["household"]["dependent_children"] is None
    assert {m["path"] for m in case["missing_facts"]} >= {
        "debtor.residence", "household.partner", "household.dependent_children",
        "taxable_income_annual.debtor", "taxable_income_annual.partner"}
    # with the partner's and children's records added (here: the same household at one
    # invented address), decision 7 would count them; without them the case says so
    assert "brp-no-verblijfplaats" in {d["code"] for d in case["diagnostics"]}


def test_open_forms_deceased(shared: Shared) -> None:
    bsn, body = _cassette(shared("open-forms", "test_brp_integration_prefill.yaml"))
    persons = {p.bsn: p for p in parse_personen(body, "prefill.yaml")}
    assert persons[bsn].partners[0].bsn is None  # partner without BSN
    with pytest.raises(CaseInvalid, match="deceased"):
        derive_household(persons, bsn, ON)


SUWI_HOUSEHOLD = ["111111110", "999991954", "243000157", "243000017", "010002546", "080000071"]


def _suwi(shared: Shared, bsn: str) -> tuple[BrpPerson, ...]:
    path = shared("suwinet-plugin", f"BRPDossierPersoonGSD_AanvraagPersoon_{bsn}.xml")
    return parse_brp_xml(path.read_bytes(), path.name)


def test_suwinet_household(shared: Shared) -> None:
    persons, _ = merge_persons([_suwi(shared, b) for b in SUWI_HOUSEHOLD])
    hh = derive_household(persons, "111111110", date(2023, 10, 15))
    # spouse 999991954 at the address; children: 243000157 (2013) counts; 243000017 has the
    # same BAG id but another postcode (lives elsewhere); 010002546 died 2017; 080000071 adult
    assert (hh.partner, hh.partner_bsn, hh.dependent_children) == (True, "999991954", 1)
    assert hh.children_bsns == ("243000157",)
    assert hh.leefsituatie == "gehuwden_met_kinderen"
    codes = {d.code for d in hh.diagnostics}
    assert {"address-conflict", "relative-deceased"} <= codes


def test_suwinet_several_marriages(shared: Shared) -> None:
    (p,) = _suwi(shared, "231001230")
    assert len(p.partners) == 3 and sum(1 for r in p.partners if r.end is None) == 1
    hh = derive_household({p.bsn: p}, p.bsn, ON)
    # the current spouse 231111230 has no record in the data -> not counted; the onderzoek on
    # the person ended in 2000 -> no in-onderzoek warning
    assert (hh.partner, hh.leefsituatie) == (False, "alleenstaande")
    assert "brp-in-onderzoek" not in {d.code for d in hh.diagnostics}


def _polis(shared: Shared, suffix: str) -> Any:
    path = shared("suwinet-plugin", f"UWVDossierInkomstenGSD_UWVPersoonsIkvInfo_{suffix}.xml")
    return parse_polis_xml(path.read_bytes(), path.name)


def test_uwv_243000388_four_weekly(shared: Shared) -> None:
    resp = _polis(shared, "243000388")
    inc = derive_person_income(resp.relations, "243000388", date(2020, 1, 15))
    (r,) = inc.relations
    # latest period 2019-12-02..2019-12-31 (four-weekly, last of the year):
    # 1926.00 loon LB/PH - 150.00 EPS paid + 150.00 EPS accrued = 1926.00;
    # previous period equal -> fair; 1926.00 x 13 = 25038.00
    assert (r.pay_period, r.method, r.base, r.category) == (
        "four_weeks", "latest", Decimal("1926.00"), "e")
    assert inc.annual == Decimal("25038.00")
    codes = {d.code for d in inc.diagnostics}
    assert {"four-weekly-periods", "income-periods-missing", "holiday-allowance-absent"} <= codes


def test_uwv_444444440_two_jobs(shared: Shared) -> None:
    resp = _polis(shared, "444444440")
    # the file name says 444444440, the ClientSuwi holds another test BSN: use what it says
    assert len(resp.relations) == 4 and resp.bsn != "444444440"
    assert [r.id for r in resp.relations][2:] == ["ikv-810220350L02-2", "ikv-810220350L02-2.2"]
    job2 = resp.relations[1]
    assert job2.periods[0].ingehouden_lbph == Decimal("670.51")
    inc = derive_person_income(resp.relations, resp.bsn, date(2023, 12, 1))
    a, b = inc.relations
    # 001002041L02 (CdSrtIkv 18 wachtgeld -> d): 1499.40 x 12 = 17992.80
    assert (a.category, a.annual) == ("d", Decimal("17992.80"))
    # 803516666L01 (15 -> e): 3555.80 - 1103.24 VB paid + 206.29 VB accrued = 2658.85;
    # x 12 = 31906.20
    assert (b.category, b.base, b.annual) == ("e", Decimal("2658.85"), Decimal("31906.20"))
    # C = 17992.80 + 31906.20 = 49899.00; the two IKVs without amounts are left out
    assert inc.annual == Decimal("49899.00")
    codes = {d.code for d in inc.diagnostics}
    assert {"polis-period-without-amounts", "holiday-allowance-paid-every-period"} <= codes


def test_uwv_111111110_benefit(shared: Shared) -> None:
    resp = _polis(shared, "111111110")
    # open-ended code period 99991230
    assert resp.relations[1].code_periods[-1].end is None
    inc = derive_person_income(resp.relations, "111111110", date(2023, 10, 15))
    (r,) = inc.relations  # the July-2020 relation of 800007207L01 is long past
    # WGA (CdSrtIkv 40 -> b): 3000.00 + 80.00 VB accrued = 3080.00 x 12 = 36960.00
    assert (r.category, r.base, inc.annual) == ("b", Decimal("3080.00"), Decimal("36960.00"))


def test_uwv_nietsgevonden(shared: Shared) -> None:
    resp = _polis(shared, "Nietsgevonden")
    assert resp.nothing_found and resp.bsn is None
    (p,) = _suwi(shared, "231001230")
    case = build_case(bsn=p.bsn, on=ON, brp=[(p,)], polis=[resp])
    assert case["taxable_income_annual"] == {"debtor": "0.00", "partner": "0.00"}
    assert "no-polis-data" in {d["code"] for d in case["diagnostics"]}


def test_cli_on_real_fixtures(shared: Shared, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    sup = tmp_path / "supplement.json"
    sup.write_text(json.dumps({
        "incomes": {"ikv-800007219L01-1": {"net_monthly": "2400.00", "garnished": True}},
        "partner_incomes": {},
        "housing": {"kind": "rent", "costs_monthly": "950.00"},
        "company_car_wage_tax_monthly": "0.00"}))
    brp = [str(shared("suwinet-plugin", f"BRPDossierPersoonGSD_AanvraagPersoon_{b}.xml"))
           for b in SUWI_HOUSEHOLD]
    pol = str(shared("suwinet-plugin", "UWVDossierInkomstenGSD_UWVPersoonsIkvInfo_111111110.xml"))
    args = argparse.Namespace(brp=brp, bewoning=None, polis=[pol], bsn="111111110",
                              on="2023-10-15", supplement=str(sup), output=None)
    assert cli_case.run(args) == 0
    case = json.loads(capsys.readouterr().out)
    assert case["taxable_income_annual"]["debtor"] == "36960.00"
    assert case["incomes"][0]["category"] == "b"
    prov = case["provenance"]
    assert prov["household.partner"]["source"].endswith("******954.xml")  # file names masked too
    assert "800007219L01" in prov["incomes[0].category"]["record"]
    # the partner has no Polis file: her C is a missing fact, flagged
    assert [m["path"] for m in case["missing_facts"]] == ["taxable_income_annual.partner"]
    args.supplement = None
    assert cli_case.run(args) == 0
    paths = {m["path"] for m in json.loads(capsys.readouterr().out)["missing_facts"]}
    assert {"incomes[0].net_monthly", "incomes[0].garnished", "housing.kind"} <= paths


def test_a_co_parent_needs_a_child_born_by_the_date(amsterdam: dict[str, BrpPerson]) -> None:
    # 999993173's shared child is born 2019-07-27: the day before, the child's other parent at
    # the address is not (yet) a co-parent, so not a partner (issue 8)
    before = derive_household(amsterdam, "999993173", date(2019, 7, 26))
    on_the_day = derive_household(amsterdam, "999993173", date(2019, 7, 27))
    assert before.partner is False and on_the_day.partner is True
