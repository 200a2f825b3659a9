"""The maxima check: every published lid-1 maximum recomputed from the table's own parameters.

Rv 475da lid 8 makes the lid-1 maxima the bvv of each living situation at the income where the
housing term reaches its ceiling (2021-2025: ``a·C² + b·C`` = Wht 13.1.a; 2026: ``I × F/12`` =
Wht 13.1.a). :func:`maximum_at_lid8_income` evaluates the lid-2 formula there with the rule
functions, rounds once (decision 1) and :func:`check_maxima` compares with the published amount.

A maximum passes when it reproduces within one cent, or when a known departure of the Ministry
explains it (decision 3). Known departures are data: ``maxima-known-deviations.yaml`` in this
folder, with the exact difference the statutory reading gives; a departure explains a maximum only
when that difference is found again and the Ministry's value (the ``as_published`` variant)
reproduces the maximum within a cent. So a typo in any parameter shows up as a failing maximum.

Where a table also carries the amounts of the maximale normhuur (Rv 475da lid 9: Wht art. 20
kwaliteitskortingsgrens and aftoppingsgrens, the 65 % and 40 % of the Besluit op de huurtoeslag),
:func:`check_lid7_limits` recomputes the lid-7 income limits too; they pin the one-person housing
parameters that the single maximum does not show. :func:`unpinned_parameters` names what is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from bvv.money import CONTEXT, ZERO, round_cents
from bvv.norms.tables import REGIME_KEYS, NormTable, Variant
from bvv.rules import rv_475da as R
from bvv.rules.rv_475ab import LEEFSITUATIES, Leefsituatie

__all__ = [
    "CENT",
    "FORMULA_KEYS",
    "LimitCheck",
    "MaximumCheck",
    "check_lid7_limits",
    "check_maxima",
    "failures",
    "formula_keys",
    "known_deviations",
    "lid7_limit",
    "maximum_at_lid8_income",
    "unpinned_parameters",
    "with_amount",
]

CENT = Decimal("0.01")
Verdict = Literal["exact", "within-a-cent", "explained", "fails"]


@dataclass(frozen=True)
class KnownDeviation:
    period: str
    leefsituatie: str
    diff: Decimal
    variant: Variant | None
    why: str
    waarom: str


@cache
def known_deviations() -> dict[tuple[str, str], KnownDeviation]:
    """The Ministry's known departures, by (period start, living situation)."""
    raw = resources.files("bvv.norms").joinpath("maxima-known-deviations.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return {
        (d["period"], d["leefsituatie"]): KnownDeviation(
            d["period"],
            d["leefsituatie"],
            Decimal(d["diff"]),
            d.get("variant"),
            d.get("why", ""),
            d.get("waarom", ""),
        )
        for group in ("one_cent", "explained")
        for d in data[group]
    }


@dataclass(frozen=True)
class MaximumCheck:
    """One published maximum against the amount the formula gives at the lid-8 income."""

    period: str
    leefsituatie: Leefsituatie
    published: Decimal
    recomputed: Decimal
    verdict: Verdict
    #: in Dutch: what the Ministry did differently (a known departure, decision 3)
    waarom: str = ""

    @property
    def difference(self) -> Decimal:
        return self.recomputed - self.published

    @property
    def key(self) -> str:
        return f"maximum_{self.leefsituatie}"


def _housing_at_lid8(table: NormTable, one_person: bool, variant: Variant) -> tuple[Decimal, Decimal]:
    """The lid-8 income C and the housing term there."""

    def n(key: str) -> Decimal:
        return table.amount(key, variant)

    h13 = n("wht13_1a_maximale_huurgrens")
    suffix = "one_person" if one_person else "multi_person"
    if table.regime == "quadratic-2021":
        a, b = n(f"wht19_a_{suffix}"), n(f"wht19_b_{suffix}")
        c = R.lid8_income_quadratic(factor_a=a, factor_b=b, target=h13)
        return c, R.housing_term_quadratic(c, factor_a=a, factor_b=b, normhuur=n("wht17_2_normhuur"))
    afbouw = n("wht21_2a_afbouw_one_person" if one_person else "wht21_2b_afbouw_multi_person")
    ijkpunt = n(f"wht17_1_ijkpunt_{suffix}")
    c = R.lid8_income_linear(ijkpunt=ijkpunt, afbouw_pct=afbouw, target=h13)
    housing = R.housing_term_linear(
        c,
        afbouw_pct=afbouw,
        ijkpunt=ijkpunt,
        maximale_huurgrens=h13,
        basishuur=n(f"wht16_basishuur_{suffix}"),
    )
    return c, housing


def maximum_at_lid8_income(table: NormTable, ls: Leefsituatie, variant: Variant = "statute") -> Decimal:
    """The lid-2 formula for ``ls`` at the lid-8 income, rounded once to cents."""

    def n(key: str) -> Decimal:
        return table.amount(key, variant)

    married = ls.startswith("gehuwden")
    with localcontext(CONTEXT):
        c, housing = _housing_at_lid8(table, ls == "alleenstaande", variant)
        d = n("wzt_drempelinkomen")
        base = R.base_term(n("pw21b_norm" if married else "pw21a_norm"), base_pct=n("rv475da_lid2_base_pct"))
        zorg = min(
            R.zorg_term(c, drempelinkomen=d, pct_above_drempel=n("wzt_pct_above_drempel")),
            R.zorg_cap(
                standaardpremie=n("zvw_standaardpremie"),
                couple=married,
                pw23_lid2=n("pw23_lid2_couple" if married else "pw23_lid2_single"),
            ),
        )
        kgb = ZERO
        if ls == "alleenstaande_ouder":
            kgb = R.kgb_term_single_parent(c, drempelinkomen=d, afbouw_pct=n("wkb_afbouwpercentage"))
        elif ls == "gehuwden_met_kinderen":
            kgb = R.kgb_term_couple(
                c,
                drempelinkomen=d,
                verhoging_partner=n("wkb_verhoging_drempel_partner"),
                afbouw_pct=n("wkb_afbouwpercentage"),
            )
        return round_cents(base + zorg + housing + kgb)


def _verdict(table: NormTable, ls: Leefsituatie, diff: Decimal) -> tuple[Verdict, str]:
    if diff == 0:
        return "exact", ""
    if abs(diff) <= CENT:
        return "within-a-cent", ""
    known = known_deviations().get((table.start.isoformat(), ls))
    if known is not None and known.variant is not None and known.diff == diff:
        published = table.amount(f"maximum_{ls}")
        if abs(maximum_at_lid8_income(table, ls, known.variant) - published) <= CENT:
            return "explained", known.waarom
    return "fails", ""


def check_maxima(table: NormTable) -> tuple[MaximumCheck, ...]:
    """The four lid-1 maxima of ``table``: published, recomputed (statute) and the verdict."""
    checks = []
    for ls in LEEFSITUATIES:
        published = table.amount(f"maximum_{ls}")
        recomputed = maximum_at_lid8_income(table, ls)
        verdict, why = _verdict(table, ls, recomputed - published)
        checks.append(MaximumCheck(table.start.isoformat(), ls, published, recomputed, verdict, why))
    return tuple(checks)


#: the Wht amounts and percentages of the maximale normhuur of Rv 475da lid 9
LID9_KEYS = (
    "wht20_1_kwaliteitskortingsgrens",
    "wht20_2a_aftoppingsgrens",
    "rv475da_lid9_pct_to_aftopping",
    "rv475da_lid9_pct_above_aftopping",
)
LID7_KEYS = {"one_person": "rv475da_lid7_limit_single", "multi_person": "rv475da_lid7_limit_multi_person"}


@dataclass(frozen=True)
class LimitCheck:
    """One published lid-7 income limit against the income lid 9 gives."""

    key: str
    published: Decimal
    recomputed: Decimal
    verdict: Verdict

    @property
    def difference(self) -> Decimal:
        return self.recomputed - self.published


def maximale_normhuur(table: NormTable) -> Decimal:
    """Rv 475da lid 9: the maximale normhuur, kwaliteitskortingsgrens + 65 % of the rent up to the
    aftoppingsgrens + 40 % of the rent above it, up to the Wht 13.1.a amount."""
    kk = table.amount("wht20_1_kwaliteitskortingsgrens")
    aft = table.amount("wht20_2a_aftoppingsgrens")
    h = table.amount("wht13_1a_maximale_huurgrens")
    to_aft = R.pct(table.amount("rv475da_lid9_pct_to_aftopping"))
    above = R.pct(table.amount("rv475da_lid9_pct_above_aftopping"))
    return kk + to_aft * (aft - kk) + above * (h - aft)


def lid7_limit(table: NormTable, suffix: str) -> Decimal:
    """Rv 475da lid 9: the income at which the housing term of lid 2 equals the maximale normhuur
    (2021-2025 ``a·C² + b·C``; 2026 ``I × F/12`` with the normhuur rounded to cents, as published)."""
    with localcontext(CONTEXT):
        target = maximale_normhuur(table)
        if table.regime == "quadratic-2021":
            a, b = table.amount(f"wht19_a_{suffix}"), table.amount(f"wht19_b_{suffix}")
            return R.lid8_income_quadratic(factor_a=a, factor_b=b, target=target)
        rate = "wht21_2a_afbouw_one_person" if suffix == "one_person" else "wht21_2b_afbouw_multi_person"
        return R.lid8_income_linear(
            ijkpunt=table.amount(f"wht17_1_ijkpunt_{suffix}"),
            afbouw_pct=table.amount(rate),
            target=round_cents(target),
        )


def check_lid7_limits(table: NormTable) -> tuple[LimitCheck, ...]:
    """The lid-7 income limits recomputed by lid 9, where the table has them and the lid-9 amounts.

    A limit published in whole euros (2024) is compared after rounding to whole euros.
    """
    if not all(k in table.values for k in (*LID9_KEYS, *LID7_KEYS.values())):
        return ()
    checks = []
    for suffix, key in LID7_KEYS.items():
        published = table.amount(key)
        exact = lid7_limit(table, suffix)
        step = Decimal(1) if published == published.to_integral_value() else CENT
        recomputed = exact.quantize(step, rounding=ROUND_HALF_UP)
        verdict: Verdict = "exact" if recomputed == published else "fails"
        checks.append(LimitCheck(key, published, round_cents(exact), verdict))
    return tuple(checks)


#: the lid-2 parameters the maxima are computed from, besides the housing ones of the regime
FORMULA_KEYS = (
    "pw21a_norm",
    "pw21b_norm",
    "rv475da_lid2_base_pct",
    "zvw_standaardpremie",
    "pw23_lid2_single",
    "pw23_lid2_couple",
    "wzt_drempelinkomen",
    "wzt_pct_above_drempel",
    "wkb_afbouwpercentage",
    "wkb_verhoging_drempel_partner",
    "wht13_1a_maximale_huurgrens",
)


def formula_keys(table: NormTable) -> tuple[str, ...]:
    """The lid-2 parameters of ``table``'s regime that enter the maxima."""
    return FORMULA_KEYS + REGIME_KEYS[table.regime]


def with_amount(table: NormTable, key: str, amount: Decimal) -> NormTable:
    """A copy of ``table`` with the statutory amount of ``key`` replaced (for what-if checks)."""
    value = table.values[key].model_copy(update={"amount": amount})
    return table.model_copy(update={"values": {**table.values, key: value}})


def _pinned_amounts(table: NormTable) -> list[Decimal]:
    amounts = [maximum_at_lid8_income(table, ls) for ls in LEEFSITUATIES]
    if all(k in table.values for k in LID9_KEYS):
        amounts += [lid7_limit(table, suffix) for suffix in LID7_KEYS]
    return amounts


def unpinned_parameters(table: NormTable) -> tuple[str, ...]:
    """Formula parameters that neither a maximum nor a lid-7 limit depends on.

    A typo in such a value cannot show in the check. Each parameter is moved by 1 %; when nothing
    the check recomputes changes, the published amounts do not pin it (the zorg term is at its cap
    at the lid-8 income, so E is never tested; the single maximum is H - J (2026) or
    H - normhuur (2021-2025) whatever the one-person housing parameters are, which only the lid-7
    limits then pin).
    """
    before = _pinned_amounts(table)
    unpinned = []
    for key in formula_keys(table):
        moved = with_amount(table, key, table.amount(key) * Decimal("1.01"))
        if _pinned_amounts(moved) == before:
            unpinned.append(key)
    return tuple(unpinned)


def failures(table: NormTable) -> list[str]:
    """One line per maximum or lid-7 limit of ``table`` that does not reproduce (empty when all do)."""
    maxima = [
        f"{table.name} maximum_{c.leefsituatie}: published {c.published}, recomputed {c.recomputed}"
        for c in check_maxima(table)
        if c.verdict == "fails"
    ]
    limits = [
        f"{table.name} {c.key}: published {c.published}, recomputed {c.recomputed}"
        for c in check_lid7_limits(table)
        if c.verdict == "fails"
    ]
    return maxima + limits
