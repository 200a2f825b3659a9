"""Household facts at a date from parsed BRP persons (spec decision 7, Rv 475ab, 475ga lid 2).

Both BRP readers (Haal Centraal JSON and SuwiML XML) produce :class:`BrpPerson`; this module
decides, for one debtor on one date:

* the residence (``nl``, ``no_residential_address``, ``abroad`` + country),
* whether a partner lives at the address (decision 7: spouse or registered partner, co-parent,
  or former spouse/partner with a residential registration at the debtor's address),
* the dependent children (the debtor's or the partner's children under 18 with a residential
  registration at that address),
* the living situation that follows (Rv 475ab with Pw art. 4).

A relative whose own person record is not in the data is not counted, and the result says so
(decision 7). A question the data cannot answer (an unknown address, a birth year only around the
18th birthday) makes the fact ``None`` with a missing-fact entry: never a silent default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bvv.bsn import mask
from bvv.errors import CaseInvalid
from bvv.sources import Diagnostic, MissingFact, PartialDate, Provenance

AddressKind = Literal["adres", "locatie", "buitenland", "onbekend"]
Residence = Literal["nl", "no_residential_address", "abroad"]
Leefsituatie = Literal[
    "alleenstaande", "alleenstaande_ouder", "gehuwden_zonder_kinderen", "gehuwden_met_kinderen"
]

#: GBA Tabel 34 (landen) codes mapped to ISO 3166-1 alpha-2, only where certain. Any other code
#: gives ``debtor.country = null`` and a missing fact naming the code.
GBA_COUNTRY_TO_ISO: dict[str, str] = {"6030": "NL", "5010": "BE", "9089": "DE"}

#: Parts of a person record whose "in onderzoek" status can change a bvv fact.
RELEVANT_ONDERZOEK = (
    "burgerservicenummer", "geboorte", "overlijden", "verblijfplaats", "partners", "kinderen",
    "ouders", "opschortingBijhouding", "persoon", "huwelijk", "kind", "ouder",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Onderzoek(_Frozen):
    """One "gegevens in onderzoek" marker: which part of the record, since when, until when."""

    path: str
    start: PartialDate | None = None
    end: PartialDate | None = None

    def active_on(self, on: date) -> bool:
        """An investigation counts from its start (unknown start: counts) until its end."""
        if self.start is not None and self.start.on_or_before(on) is False:
            return False
        return not (self.end is not None and self.end.on_or_before(on) is True)

    @property
    def relevant(self) -> bool:
        first = self.path.split(".", 1)[0].split("[", 1)[0]
        return first in RELEVANT_ONDERZOEK and ".naam" not in self.path


class Address(_Frozen):
    """The current verblijfplaats (HC v2 ``AbstractVerblijfplaats``; SuwiML ``DomicilieAdres``)."""

    kind: AddressKind
    function: Literal["W", "B"] | None = None
    aoid: str | None = None
    postcode: str | None = None
    huisnummer: int | None = None
    huisletter: str | None = None
    toevoeging: str | None = None
    locatie: str | None = None
    country_code: str | None = None
    country_name: str | None = None
    not_living_there: bool = False  # indicatieVastgesteldVerblijftNietOpAdres
    start: PartialDate | None = None

    def label(self) -> str:
        if self.kind == "adres":
            return (
                f"{'woonadres' if self.function != 'B' else 'briefadres'} "
                f"{self.postcode or '?'} {self.huisnummer or '?'}{self.huisletter or ''}"
                f"{(' ' + self.toevoeging) if self.toevoeging else ''}"
                f"{(' (AOID ' + self.aoid + ')') if self.aoid else ''}"
            )
        if self.kind == "locatie":
            return f"locatie '{self.locatie or '?'}'"
        if self.kind == "buitenland":
            return f"buitenland, land {self.country_code or '?'}"
        return "verblijfplaats onbekend"


def same_address(a: Address, b: Address) -> bool | None:
    """Whether two residential registrations are the same dwelling (decision 7).

    The BAG id (AOID) is the key, but it must not contradict postcode/house number where both
    records have them: the SuwiML test set has a child with the parents' AOID and another
    postcode (fixtures/SOURCES.md), and matching on the AOID alone gives the wrong answer.
    ``None`` means the data cannot tell.
    """
    if a.kind != b.kind:
        return False
    if a.kind == "locatie":
        if a.locatie and b.locatie:
            return a.locatie.strip().lower() == b.locatie.strip().lower()
        return None
    if a.kind != "adres":
        return False
    parts_a = (_norm(a.postcode), a.huisnummer, _norm(a.huisletter), _norm(a.toevoeging))
    parts_b = (_norm(b.postcode), b.huisnummer, _norm(b.huisletter), _norm(b.toevoeging))
    have_parts = a.postcode is not None and b.postcode is not None and (
        a.huisnummer is not None and b.huisnummer is not None
    )
    if a.aoid and b.aoid:
        if a.aoid != b.aoid:
            return False
        return not (have_parts and parts_a != parts_b)
    if have_parts:
        return parts_a == parts_b
    return None


def _norm(v: str | None) -> str | None:
    if v is None:
        return None
    s = v.replace(" ", "").upper()
    return s or None


class PartnerRelation(_Frozen):
    """One marriage or registered partnership (HC ``partners[]``; SuwiML ``Huwelijk``)."""

    bsn: str | None = Field(default=None, repr=False)
    kind: str | None = None  # H / P / . (HC soortVerbintenis.code)
    start: PartialDate | None = None
    end: PartialDate | None = None
    birth: PartialDate | None = None


class Relative(_Frozen):
    """A child or a parent as listed on a person record (HC ``kinderen[]``/``ouders[]``)."""

    bsn: str | None = Field(default=None, repr=False)
    birth: PartialDate | None = None


class BrpPerson(_Frozen):
    """One person record, the same whichever BRP view it came from."""

    bsn: str = Field(repr=False)
    birth: PartialDate | None = None
    death: PartialDate | None = None
    suspension_reason: str | None = None  # opschortingBijhouding.reden.code: O/E/M/R/F/.
    suspension_date: PartialDate | None = None
    residence: Address | None = None
    partners: tuple[PartnerRelation, ...] = ()
    children: tuple[Relative, ...] = ()
    parents: tuple[Relative, ...] = ()
    onderzoek: tuple[Onderzoek, ...] = ()
    source: str
    record: str  # e.g. "personen[3]"; never a clear BSN

    @property
    def masked(self) -> str:
        return mask(self.bsn)

    def describe(self) -> str:
        return f"{self.record} (persoon {self.masked})"

    def deceased_on(self, on: date) -> bool | None:
        """Deceased on ``on``: an overlijden date (or opschorting reden O) on or before it."""
        if self.death is not None:
            return self.death.on_or_before(on)
        if self.suspension_reason == "O":
            if self.suspension_date is not None:
                return self.suspension_date.on_or_before(on)
            return True
        return False


class BewoningFacts(_Frozen):
    """Residents of one address in one period (HC Bewoning v2): who lived there, who may have."""

    aoid: str
    start: date
    end: date | None  # exclusive (the Bewoning API uses half-open periods)
    residents: frozenset[str] = Field(repr=False)
    possible_residents: frozenset[str] = Field(repr=False)
    source: str
    record: str

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


class HouseholdFacts(_Frozen):
    """What the BRP says about the debtor's household on ``on``; ``None`` = not decidable."""

    on: date
    debtor_bsn: str = Field(repr=False)
    birth_date: date | None
    residence: Residence | None
    country: str | None
    partner: bool | None
    partner_bsn: str | None = Field(default=None, repr=False)
    partner_birth_date: date | None = None
    children_bsns: tuple[str, ...] = Field(default=(), repr=False)
    dependent_children: int | None
    children_birth_dates: tuple[date, ...] = ()
    leefsituatie: Leefsituatie | None
    diagnostics: tuple[Diagnostic, ...] = ()
    missing: tuple[MissingFact, ...] = ()
    provenance: tuple[tuple[str, Provenance], ...] = ()


def leefsituatie_for(partner: bool | None, children: int | None) -> Leefsituatie | None:
    """Living situation from partner and children (Rv 475ab lid 1 with Pw art. 4 lid 1 a–b)."""
    if partner is None or children is None:
        return None
    if partner:
        return "gehuwden_met_kinderen" if children > 0 else "gehuwden_zonder_kinderen"
    return "alleenstaande_ouder" if children > 0 else "alleenstaande"


def merge_persons(groups: Iterable[Iterable[BrpPerson]]) -> tuple[dict[str, BrpPerson], list[
        Diagnostic]]:
    """Index persons by BSN. A BSN delivered twice keeps the first record and warns when the
    copies differ (data-formats.md §2.8: deduplicate by BSN)."""
    out: dict[str, BrpPerson] = {}
    diags: list[Diagnostic] = []
    for group in groups:
        for p in group:
            prev = out.get(p.bsn)
            if prev is None:
                out[p.bsn] = p
            elif prev.model_dump(exclude={"source", "record"}) != p.model_dump(
                exclude={"source", "record"}
            ):
                diags.append(Diagnostic(
                    code="brp-duplicate-person",
                    message=(
                        f"person {p.masked} is delivered twice with different data "
                        f"({prev.source} {prev.record} and {p.source} {p.record}); the first "
                        "is used"
                    ),
                ))
    return out, diags


class _Collector:
    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.missing: list[MissingFact] = []
        self.provenance: list[tuple[str, Provenance]] = []

    def diag(self, code: str, message: str, path: str | None = None) -> None:
        d = Diagnostic(code=code, message=message, path=path)
        if d not in self.diagnostics:
            self.diagnostics.append(d)

    def miss(self, path: str, reason: str) -> None:
        self.missing.append(MissingFact(path=path, reason=reason))

    def prov(self, path: str, person: BrpPerson, rule: str, detail: str,
             record: str | None = None) -> None:
        self.provenance.append((path, Provenance(
            source=person.source, record=record or person.describe(), rule=rule, detail=detail
        )))


def derive_household(
    persons: Mapping[str, BrpPerson],
    debtor_bsn: str,
    on: date,
    bewoning: Iterable[BewoningFacts] = (),
) -> HouseholdFacts:
    """Derive the household facts of ``debtor_bsn`` on ``on`` (decision 7; Rv 475ga lid 2).

    Raises :class:`CaseInvalid` when the debtor is not in the data or was deceased on ``on``.
    """
    c = _Collector()
    debtor = _living_debtor(persons, debtor_bsn, on)
    _flag_onderzoek(c, debtor, on, "debtor")
    birth = _debtor_birth(c, debtor)
    residence, country = _residence(c, debtor)
    if residence != "nl" or debtor.residence is None:
        partner, children = _household_without_address(c, debtor, residence)
        return _facts(c, debtor, on, birth, residence, country, partner, None, children, [],
                      persons)
    home = _Home(c, debtor.residence, _bewoning_for(c, bewoning, debtor.residence, on), on)
    partner, partner_p = _partner(c, home, debtor, persons)
    children_n, counted = _dependent_children(c, home, debtor, partner_p, persons)
    return _facts(c, debtor, on, birth, residence, country, partner, partner_p, children_n,
                  counted, persons)


def _living_debtor(persons: Mapping[str, BrpPerson], debtor_bsn: str, on: date) -> BrpPerson:
    """The debtor's own record; an error when absent or deceased on ``on``."""
    debtor = persons.get(debtor_bsn)
    if debtor is None:
        raise CaseInvalid(
            f"the debtor {mask(debtor_bsn)} is not among the BRP persons read",
            hint="pass the BRP response that holds the debtor's own person record",
            path="debtor",
        )
    dead = debtor.deceased_on(on)
    if dead is not False:
        raise CaseInvalid(
            f"the debtor {debtor.masked} is registered as deceased"
            + (" on or before " if dead else " around ") + on.isoformat(),
            hint="a bvv is set for a living debtor; check the BSN and the date",
            path="debtor",
        )
    return debtor


def _debtor_birth(c: _Collector, debtor: BrpPerson) -> date | None:
    """``debtor.birth_date`` (optional in the case): only a complete date is passed on."""
    birth = debtor.birth.complete() if debtor.birth else None
    if debtor.birth is None or not debtor.birth.is_complete:
        c.diag(
            "partial-birth-date",
            f"the debtor's birth date is {debtor.birth.text() if debtor.birth else 'absent'} in "
            "the BRP; debtor.birth_date is left empty (age checks cannot use it)",
            "debtor.birth_date",
        )
    else:
        c.prov("debtor.birth_date", debtor, "BRP geboorte.datum", f"born {birth}")
    return birth


def _household_without_address(
    c: _Collector, debtor: BrpPerson, residence: Residence | None
) -> tuple[bool | None, int | None]:
    """No NL residential address: nobody can be shown to live with the debtor (SNG rule 1)."""
    if residence is None:
        c.miss("household.partner", "co-residence cannot be checked without the debtor's "
               "verblijfplaats (decision 7)")
        c.miss("household.dependent_children", "co-residence cannot be checked without the "
               "debtor's verblijfplaats (decision 7)")
        return None, None
    why = ("no residential address in the Netherlands: no partner or child can be shown "
           "to live at the debtor's address")
    c.prov("household.partner", debtor, "decision 7; Rv 475ga lid 2", why)
    c.prov("household.dependent_children", debtor, "decision 7", why)
    return False, 0


class _Home:
    """The debtor's Dutch residential address on ``on``, and who lives there (decision 7)."""

    def __init__(self, c: _Collector, address: Address, bew: BewoningFacts | None,
                 on: date) -> None:
        self.c = c
        self.address = address
        self.bew = bew
        self.on = on

    def lives_here(self, p: BrpPerson, role: str) -> bool | None:
        """Residential registration at the debtor's address on ``on`` (decision 7)."""
        c, on, home = self.c, self.on, self.address
        dead_p = p.deceased_on(on)
        if dead_p is True:
            c.diag("relative-deceased", f"{role} {p.masked} is deceased; not counted")
            return False
        if dead_p is None:
            c.diag("partial-date", f"{role} {p.masked}: date of death "
                   f"{p.death.text() if p.death else '?'} cannot be placed before or after {on}")
            return None
        if p.residence is None:
            c.diag("relative-without-address", f"{role} {p.masked} has no verblijfplaats in the "
                   "data; co-residence cannot be checked")
            return None
        if p.residence.kind == "adres" and p.residence.function == "B":
            return False  # postal-address registrations do not count (decision 7)
        if p.residence.not_living_there:
            return False
        same = same_address(home, p.residence)
        if home.aoid and p.residence.aoid == home.aoid and same is False:
            c.diag("address-conflict", f"{role} {p.masked} has the debtor's BAG id but another "
                   "postcode/house number; treated as living elsewhere")
        if same and not self._listed_in_bewoning(p, role):
            return False
        if same:
            _flag_onderzoek(c, p, on, role)
        return same

    def _listed_in_bewoning(self, p: BrpPerson, role: str) -> bool:
        """With a Bewoning response, only its (certain) bewoners count."""
        if self.bew is None:
            return True
        if p.bsn in self.bew.possible_residents:
            self.c.diag("possible-resident", f"{role} {p.masked} is only a 'mogelijke bewoner' "
                        f"in the Bewoning response ({self.bew.record}); not counted")
            return False
        if p.bsn not in self.bew.residents:
            self.c.diag("bewoning-conflict", f"{role} {p.masked} is registered at the address "
                        "but not listed as bewoner in the Bewoning response; not counted")
            return False
        return True


class _PartnerSearch:
    """The candidates for partner at the address, ranked (decision 7)."""

    def __init__(self, c: _Collector, home: _Home, debtor: BrpPerson,
                 persons: Mapping[str, BrpPerson]) -> None:
        self.c, self.home, self.debtor, self.persons = c, home, debtor, persons
        self.candidates: list[tuple[int, BrpPerson, str]] = []
        self.undecided = False
        self.seen: set[str] = set()

    def consider(self, bsn: str | None, rank: int, why: str, rel: PartnerRelation | None) -> None:
        c = self.c
        if bsn is None:
            c.diag("relative-without-bsn", f"a {why} of the debtor has no BSN in the BRP; "
                   "co-residence cannot be checked and he or she is not counted (decision 7)",
                   "household.partner")
            return
        if bsn == self.debtor.bsn:
            return
        p = self.persons.get(bsn)
        if p is None:
            if bsn not in self.seen:
                c.diag("relative-not-in-data", f"{why} {mask(bsn)}: no person record in the "
                       "data, so not counted (decision 7: the BRP must show him or her living "
                       "there)", "household.partner")
            self.seen.add(bsn)
            return
        if rel is not None and rel.start is not None and rel.start.on_or_before(self.home.on) is False:
            return  # marriage/partnership entered after the date
        here = self.home.lives_here(p, why)
        if here is None:
            self.undecided = True
        elif here:
            self.candidates.append((rank, p, why))
        self.seen.add(bsn)

    def consider_all(self) -> None:
        """Spouses and partners from both sides (HC v2 lists one partner per record), then
        co-parents."""
        on, debtor = self.home.on, self.debtor
        for rel in debtor.partners:
            self._consider_relation(rel.bsn, rel, on)
        for p in self.persons.values():
            if p.bsn == debtor.bsn:
                continue
            for rel in p.partners:
                if rel.bsn == debtor.bsn:
                    self._consider_relation(p.bsn, rel, on)
        for co in _co_parents(debtor, self.persons, on):
            self.consider(co, 1, "co-parent", None)

    def _consider_relation(self, bsn: str | None, rel: PartnerRelation, on: date) -> None:
        ended = rel.end is not None and rel.end.on_or_before(on) is not False
        self.consider(bsn, 2 if ended else 0,
                      "former spouse/partner" if ended else "spouse/registered partner", rel)


def _partner(c: _Collector, home: _Home, debtor: BrpPerson,
             persons: Mapping[str, BrpPerson]) -> tuple[bool | None, BrpPerson | None]:
    """``household.partner`` (decision 7: spouse/registered partner, co-parent, former
    spouse/partner at the address; Rv 475ab with Pw art. 3)."""
    search = _PartnerSearch(c, home, debtor, persons)
    search.consider_all()
    label = home.address.label()
    if search.candidates:
        candidates = sorted(search.candidates, key=lambda t: (t[0], t[1].bsn))
        _rank, partner_p, why = candidates[0]
        others = {p.bsn for _, p, _ in candidates} - {partner_p.bsn}
        if others:
            c.diag("several-partner-candidates", f"{len(others) + 1} persons at the address "
                   f"qualify as partner; {why} {partner_p.masked} is taken (spouse before "
                   "co-parent before former spouse)", "household.partner")
        c.prov("household.partner", partner_p, "decision 7; Rv 475ab (Pw art. 3)",
               f"{why} {partner_p.masked} has a residential registration at the debtor's "
               f"address ({label})")
        return True, partner_p
    if search.undecided:
        c.miss("household.partner", "a possible partner's co-residence or death cannot be "
               "decided from the BRP data (see diagnostics)")
        return None, None
    c.prov("household.partner", debtor, "decision 7; Rv 475ga lid 2",
           f"no spouse, registered partner, co-parent or former partner with a residential "
           f"registration at {label} in the data")
    return False, None


def _child_bsns(c: _Collector, parents: list[BrpPerson],
                persons: Mapping[str, BrpPerson]) -> list[str]:
    """Children of the debtor or the partner, seen from either side."""
    child_bsns: list[str] = []
    for par in parents:
        for k in par.children:
            if k.bsn is None:
                c.diag("relative-without-bsn", f"a child of {par.masked} has no BSN in the BRP; "
                       "not counted (decision 7)", "household.dependent_children")
            elif k.bsn not in child_bsns:
                child_bsns.append(k.bsn)
    parent_bsns = {q.bsn for q in parents}
    for p in persons.values():
        if any(o.bsn in parent_bsns for o in p.parents) and p.bsn not in child_bsns:
            child_bsns.append(p.bsn)
    return [b for b in child_bsns if b not in parent_bsns]


def _dependent_children(
    c: _Collector, home: _Home, debtor: BrpPerson, partner_p: BrpPerson | None,
    persons: Mapping[str, BrpPerson],
) -> tuple[int | None, list[BrpPerson]]:
    """``household.dependent_children`` (decision 7; Rv 475ab): children of debtor or partner,
    under 18, with a residential registration at the address."""
    on = home.on
    parents = [debtor] + ([partner_p] if partner_p is not None else [])
    counted: list[BrpPerson] = []
    undecided_child = False
    for kb in sorted(_child_bsns(c, parents, persons)):
        kp = persons.get(kb)
        if kp is None:
            c.diag("relative-not-in-data", f"child {mask(kb)}: no person record in the data, so "
                   "not counted (decision 7)", "household.dependent_children")
            continue
        minor = kp.birth.younger_than(18, on) if kp.birth is not None else None
        if minor is False:
            continue
        here = home.lives_here(kp, "child")
        if here is False:
            continue
        if minor is None:
            c.diag("partial-birth-date", f"child {kp.masked}: birth date "
                   f"{kp.birth.text() if kp.birth else 'absent'} cannot tell whether the child "
                   f"is under 18 on {on}", "household.dependent_children")
            undecided_child = True
            continue
        if here is None:
            undecided_child = True
            continue
        counted.append(kp)
    if undecided_child:
        c.miss("household.dependent_children", "a child's age or co-residence cannot be decided "
               "from the BRP data (see diagnostics)")
        return None, counted
    detail = (
        ", ".join(f"{k.masked} born {k.birth.text() if k.birth else '?'}" for k in counted)
        or "none"
    )
    c.prov("household.dependent_children", debtor, "decision 7; Rv 475ab",
           f"children of debtor or partner under 18 on {on} with a residential registration "
           f"at the address: {detail} (count {len(counted)})")
    return len(counted), counted


def _facts(
    c: _Collector, debtor: BrpPerson, on: date, birth: date | None, residence: Residence | None,
    country: str | None, partner: bool | None, partner_p: BrpPerson | None,
    children: int | None, counted: list[BrpPerson], persons: Mapping[str, BrpPerson],
) -> HouseholdFacts:
    leef = leefsituatie_for(partner, children)
    if leef is not None:
        c.prov("household.leefsituatie", debtor, "Rv 475ab lid 1 (Pw art. 4 lid 1 a-b)",
               f"derived: partner={str(partner).lower()}, dependent children={children} -> "
               f"{leef}; left null in the case (the engine derives it from these facts)")
    pbirth = None
    if partner_p is not None:
        pbirth = partner_p.birth.complete() if partner_p.birth else None
        if pbirth is None:
            c.diag("partial-birth-date", f"the partner's birth date is "
                   f"{partner_p.birth.text() if partner_p.birth else 'absent'}; "
                   "household.partner_birth_date is left empty", "household.partner_birth_date")
    kid_dates = tuple(sorted(d for k in counted if k.birth and (d := k.birth.complete())))
    return HouseholdFacts(
        on=on, debtor_bsn=debtor.bsn, birth_date=birth, residence=residence, country=country,
        partner=partner, partner_bsn=partner_p.bsn if partner_p else None,
        partner_birth_date=pbirth, children_bsns=tuple(k.bsn for k in counted),
        dependent_children=children, children_birth_dates=kid_dates, leefsituatie=leef,
        diagnostics=tuple(c.diagnostics), missing=tuple(c.missing),
        provenance=tuple(c.provenance),
    )


def _residence(c: _Collector, debtor: BrpPerson) -> tuple[Residence | None, str | None]:
    """``debtor.residence`` from the verblijfplaats (Rv 475da lid 4, 475e lid 1; case-format)."""
    r = debtor.residence
    rule = "Rv 475da lid 4 / 475e lid 1; case-format debtor.residence"
    if r is None:
        c.miss("debtor.residence", "the debtor's person record has no verblijfplaats (not "
               "delivered or not authorised); residence cannot be decided")
        c.diag("brp-no-verblijfplaats", "the debtor's BRP record has no verblijfplaats",
               "debtor.residence")
        return None, None
    if r.kind == "buitenland":
        iso = GBA_COUNTRY_TO_ISO.get(r.country_code or "")
        if iso is None:
            c.miss("debtor.country", f"GBA land code {r.country_code or '?'} "
                   f"({r.country_name or 'no name'}) has no ISO 3166 mapping here; supply "
                   "debtor.country in the supplement")
        c.prov("debtor.residence", debtor, rule, f"VerblijfplaatsBuitenland, land "
               f"{r.country_code or '?'} ({r.country_name or '?'}) -> abroad")
        return "abroad", iso
    if r.kind == "onbekend":
        c.prov("debtor.residence", debtor, rule, "VerblijfplaatsOnbekend -> no_residential_address")
        c.diag("no-residential-address", "the debtor's verblijfplaats is unknown in the BRP",
               "debtor.residence")
        return "no_residential_address", None
    if r.function == "B":
        c.prov("debtor.residence", debtor, rule, f"{r.label()} is a briefadres (functieAdres B) "
               "-> no_residential_address")
        c.diag("no-residential-address", "the debtor has only a postal address (briefadres)",
               "debtor.residence")
        return "no_residential_address", None
    if r.not_living_there:
        c.prov("debtor.residence", debtor, rule, "indicatieVastgesteldVerblijftNietOpAdres -> "
               "no_residential_address")
        c.diag("no-residential-address", "the BRP states the debtor does not live at the "
               "registered address", "debtor.residence")
        return "no_residential_address", None
    if debtor.suspension_reason in {"E", "R"}:
        c.diag("brp-suspended", f"the debtor's record is suspended (reden "
               f"{debtor.suspension_reason}) but still shows a Dutch address", "debtor.residence")
    if r.function is None:
        c.diag("address-function-unknown", "functieAdres is absent; the address is taken as a "
               "woonadres", "debtor.residence")
    c.prov("debtor.residence", debtor, rule, f"{r.label()} -> nl")
    return "nl", None


def _flag_onderzoek(c: _Collector, p: BrpPerson, on: date, role: str) -> None:
    """BRP data in onderzoek (Wet BRP art. 2.20): a flagged diagnostic, the data is used."""
    for o in p.onderzoek:
        if o.relevant and o.active_on(on):
            c.diag("brp-in-onderzoek", f"{role} {p.masked}: '{o.path}' is in onderzoek since "
                   f"{o.start.text() if o.start else '?'}; the value is used but may change")


def _co_parents(debtor: BrpPerson, persons: Mapping[str, BrpPerson], on: date) -> list[str]:
    """Persons with whom the debtor has a child born on or before ``on``, seen from any record
    (decision 7): a child born later does not make its other parent a partner yet."""

    def born(bsn: str, listed: PartialDate | None) -> bool:
        own = persons.get(bsn)
        birth = own.birth if own is not None and own.birth is not None else listed
        return birth is None or birth.on_or_before(on) is not False

    mine = {k.bsn for k in debtor.children if k.bsn and born(k.bsn, k.birth)}
    out: set[str] = set()
    for p in persons.values():
        if p.bsn == debtor.bsn:
            continue
        theirs = {k.bsn for k in p.children if k.bsn and born(k.bsn, k.birth)}
        if mine & theirs:
            out.add(p.bsn)
    for child in persons.values():
        if not born(child.bsn, child.birth):
            continue
        pars = {o.bsn for o in child.parents if o.bsn}
        if debtor.bsn in pars or child.bsn in mine:
            out |= {b for b in pars if b != debtor.bsn}
    return sorted(out)


def _bewoning_for(c: _Collector, bewoning: Iterable[BewoningFacts], home: Address,
                  on: date) -> BewoningFacts | None:
    items = list(bewoning)
    if not items:
        return None
    for b in items:
        if b.aoid == home.aoid and b.covers(on):
            for bsn in sorted(b.possible_residents):
                c.diag("possible-resident", f"{mask(bsn)} is a 'mogelijke bewoner' of the address "
                       f"({b.record}); not counted")
            return b
    c.diag("bewoning-not-used", f"no Bewoning period covers {on} at the debtor's address; the "
           "Bewoning response is ignored")
    return None
