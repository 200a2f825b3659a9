"""Rv art. 475da — the amount of the beslagvrije voet.

* **Lid 1**: the bvv is at most a fixed amount per living situation (the maxima, indexed every
  1 January and 1 July by Mededeling, lid 8).
* **Lid 2**: below that, a formula in the annualised belastbaar inkomen C of debtor and spouse:
  95 % of the bijstandsnorm (A single / single parent, B couples), plus the zorgtoeslag the debtor
  loses above the drempelinkomen, plus the huurtoeslag he loses, plus (with children) the
  kindgebonden budget he loses. The housing term changed on 1 January 2026:

  - 2021-2025 (quadratic): ``F·C² + G·C − J`` (single), ``H·C² + I·C − J`` (others);
  - from 2026 (linear, capped): ``min(I·F/12, H − J)`` (single) and ``min(I·G/12, H − J)``
    (others), with I = C − the minimum-inkomensijkpunt.
* **Lid 3**: the zorg term is at most the standaardpremie per month minus the Pw art. 23 lid 2
  amount (decision 4: twice the premium for couples).
* **Lid 4**: without a residential address in the Netherlands the bvv is 47.5 % of the couples'
  norm; with a fixed residence abroad it is multiplied by the woonlandfactor (decision 12).
* **Lid 5-6**: on request, housing costs above 110 % of the Wht art. 13 lid 1 a amount raise the
  bvv by the excess; until 2022 only when the bvv equals the maximum and for at most 6 months, from
  2023 at any level for at most 18 months (Regeling art. 1a); one extension of at most 6 months.
* **Lid 7**: an owner-occupier (from 2023 also a renter of a dwelling outside the Wht) below an
  income limit gets an increase computed under the Besluit (decision 13: supplied by the caller).

Texts: https://wetten.overheid.nl/BWBR0001827/2021-01-01#Artikel475da,
https://wetten.overheid.nl/BWBR0001827/2023-01-01#Artikel475da,
https://wetten.overheid.nl/BWBR0001827/2026-07-01#Artikel475da
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from bvv.money import ZERO

#: the Mededeling of 12 January 2021 indexed the lid-1 maxima; the BWB text has them from this date
#: (decision 10 applies them from 1 January 2021)
INDEXED_MAXIMA_IN_TEXT_FROM = date(2021, 1, 20)
#: Verzamelwet SZW 2023 (Stb. 2022, 543): lid 5 no longer requires the bvv to be at the maximum
LID_5_AT_ANY_LEVEL_FROM = date(2023, 1, 1)
#: from the same date lid 7 covers renters of a dwelling outside the Wht ...
LID_7_RENTERS_FROM = date(2023, 1, 1)
#: ... and names its income limits as amounts (before: the Wht art. 14 lid 1 norminkomen)
LID_7_LIMITS_FROM = date(2023, 1, 1)

HUNDRED = Decimal(100)
TWELVE = Decimal(12)


def pct(value: Decimal) -> Decimal:
    """A percentage as a fraction: ``pct(95) == 0.95``."""
    return value / HUNDRED


def maximum_applied(amount: Decimal, *, maximum: Decimal) -> Decimal:
    """Lid 1: the bvv is at most the maximum of the living situation.

    >>> maximum_applied(Decimal("2500"), maximum=Decimal("1996.21"))
    Decimal('1996.21')
    """
    return min(amount, maximum)


def base_term(norm: Decimal, *, base_pct: Decimal) -> Decimal:
    """Lid 2, first term: 95 % of A (single, single parent) or B (couples).

    >>> base_term(Decimal("1075.44"), base_pct=Decimal(95))
    Decimal('1021.6680')
    """
    return norm * pct(base_pct)


def zorg_term(c: Decimal, *, drempelinkomen: Decimal, pct_above_drempel: Decimal) -> Decimal:
    """Lid 2, second term: ((C − D)/12) × E, with D replaced by C when C is lower.

    >>> zorg_term(Decimal("25000"), drempelinkomen=Decimal("22356"),
    ...           pct_above_drempel=Decimal("13.610")).quantize(Decimal("0.0001"))
    Decimal('29.9874')
    >>> zorg_term(Decimal("13000"), drempelinkomen=Decimal("21835"), pct_above_drempel=Decimal("13.58"))
    Decimal('0.0000')
    """
    d = min(drempelinkomen, c)
    return (c - d) / TWELVE * pct(pct_above_drempel)


def zorg_cap(*, standaardpremie: Decimal, couple: bool, pw23_lid2: Decimal) -> Decimal:
    """Lid 3: the standaardpremie per month (twice for couples, decision 4) minus Pw 23 lid 2.

    >>> zorg_cap(standaardpremie=Decimal("2112"), couple=True, pw23_lid2=Decimal("101"))
    Decimal('251')
    """
    premium = standaardpremie * 2 if couple else standaardpremie
    return premium / TWELVE - pw23_lid2


def housing_term_quadratic(c: Decimal, *, factor_a: Decimal, factor_b: Decimal, normhuur: Decimal) -> Decimal:
    """Lid 2 (2021-2025), housing term ``a·C² + b·C − J``, floored at zero (decision 2).

    ``a, b`` are the normhuur factors of Wht art. 19 lid 2 (F, G one-person; H, I multi-person);
    J is the normhuur at the minimum-inkomensijkpunt (Wht art. 17 lid 2).

    >>> housing_term_quadratic(Decimal("25000"), factor_a=Decimal("0.000000596879"),
    ...     factor_b=Decimal("0.002363459319"), normhuur=Decimal("220.68"))
    Decimal('211.455857975000')
    """
    return max(ZERO, factor_a * c * c + factor_b * c - normhuur)


def housing_term_linear(
    c: Decimal,
    *,
    afbouw_pct: Decimal,
    ijkpunt: Decimal,
    maximale_huurgrens: Decimal,
    basishuur: Decimal,
) -> Decimal:
    """Lid 2 (from 2026), housing term ``min(I × F/12, H − J)``, floored at zero (decision 2).

    I = C − the minimum-inkomensijkpunt (Wht art. 17 lid 1); F or G the afbouwpercentage
    (Wht art. 21 lid 2); H the Wht art. 13 lid 1 a amount; J the basishuur (Wht art. 16).

    >>> housing_term_linear(Decimal("50000"), afbouw_pct=Decimal(22), ijkpunt=Decimal(31500),
    ...     maximale_huurgrens=Decimal("932.93"), basishuur=Decimal("200.71")).quantize(Decimal("0.01"))
    Decimal('339.17')
    """
    i = c - ijkpunt
    return max(ZERO, min(i * pct(afbouw_pct) / TWELVE, maximale_huurgrens - basishuur))


def kgb_term_single_parent(c: Decimal, *, drempelinkomen: Decimal, afbouw_pct: Decimal) -> Decimal:
    """Lid 2 b: ((C − D)/12) × K, D replaced by C when C is lower.

    >>> kgb_term_single_parent(Decimal("50000"), drempelinkomen=Decimal("29736"),
    ...     afbouw_pct=Decimal("7.60")).quantize(Decimal("0.001"))
    Decimal('128.339')
    """
    d = min(drempelinkomen, c)
    return (c - d) / TWELVE * pct(afbouw_pct)


def kgb_term_couple(
    c: Decimal, *, drempelinkomen: Decimal, verhoging_partner: Decimal, afbouw_pct: Decimal
) -> Decimal:
    """Lid 2 d: ((C − (D + L))/12) × K, floored at zero (decision 2).

    >>> kgb_term_couple(Decimal("30000"), drempelinkomen=Decimal("26819"),
    ...     verhoging_partner=Decimal("9030"), afbouw_pct=Decimal("6.75"))
    Decimal('0')
    """
    d = min(drempelinkomen, c)
    return max(ZERO, (c - (d + verhoging_partner)) / TWELVE * pct(afbouw_pct))


def no_residential_address_amount(couples_norm: Decimal, *, lid4_pct: Decimal) -> Decimal:
    """Lid 4, first sentence: 47.5 % of the Pw art. 21 b norm.

    >>> no_residential_address_amount(Decimal("1536.34"), lid4_pct=Decimal("47.5"))
    Decimal('729.76150')
    """
    return couples_norm * pct(lid4_pct)


def abroad_amount(amount: Decimal, *, woonlandfactor: Decimal) -> Decimal:
    """Lid 4, second sentence: the bvv times the woonlandfactor (decision 12).

    >>> abroad_amount(Decimal("729.76"), woonlandfactor=Decimal("0.5"))
    Decimal('364.880')
    """
    return amount * woonlandfactor


def high_housing_costs_threshold(maximale_huurgrens: Decimal, *, threshold_pct: Decimal) -> Decimal:
    """Lid 5: woonkosten count from 110 % of the Wht art. 13 lid 1 a amount.

    >>> high_housing_costs_threshold(Decimal("763.47"), threshold_pct=Decimal(110))
    Decimal('839.817')
    """
    return maximale_huurgrens * pct(threshold_pct)


def high_housing_costs_increase(woonkosten: Decimal, *, threshold: Decimal) -> Decimal:
    """Lid 5: the increase is what the woonkosten exceed the threshold (zero below it).

    >>> high_housing_costs_increase(Decimal("1100.00"), threshold=Decimal("967.626"))
    Decimal('132.374')
    >>> high_housing_costs_increase(Decimal("900.00"), threshold=Decimal("967.626"))
    Decimal('0')
    """
    return max(ZERO, woonkosten - threshold)


def high_housing_costs_end(
    requested_on: date, *, term_months: int, extension_months: int, extended: bool
) -> date:
    """Lid 5-6: the last day of the housing increase (term, plus one extension when granted).

    >>> high_housing_costs_end(date(2024, 1, 10), term_months=18, extension_months=6, extended=False)
    datetime.date(2025, 7, 9)
    """
    months = term_months + (extension_months if extended else 0)
    return requested_on + relativedelta(months=months) - relativedelta(days=1)


def married_housing_increase(
    excess: Decimal, *, bvv_before: Decimal, partner_income: Decimal, max_fraction: Decimal
) -> Decimal:
    """Lid 5, last sentence (decision 11): the increase I is granted "insofar as the spouse's
    non-garnished income is insufficient to pay the higher housing costs".

    The spouse's income P that Rv 475db lid 1 a does not deduct from the bvv *including* the
    increase (at most ``max_fraction`` f of B + I) pays the excess X first: I = max(0, X - (P -
    f(B + I))). Solved for I: I = X when P <= f(B + X), otherwise I = max(0, (X - P + fB) / (1 - f));
    with f = 1/2 that is max(0, B + 2X - 2P).

    >>> married_housing_increase(Decimal("160"), bvv_before=Decimal("2000"),
    ...     partner_income=Decimal("1000"), max_fraction=Decimal("0.5"))
    Decimal('160')
    >>> married_housing_increase(Decimal("160"), bvv_before=Decimal("2000"),
    ...     partner_income=Decimal("1100"), max_fraction=Decimal("0.5"))
    Decimal('120')
    """
    if partner_income <= max_fraction * (bvv_before + excess):
        return excess
    return max(ZERO, (excess - partner_income + max_fraction * bvv_before) / (1 - max_fraction))


def below_owner_income_limit(c: Decimal, *, limit: Decimal) -> bool:
    """Lid 7: the (joint) belastbaar inkomen is below the limit of the household type.

    >>> below_owner_income_limit(Decimal("30000"), limit=Decimal("37574"))
    True
    """
    return c < limit


def lid8_income_quadratic(*, factor_a: Decimal, factor_b: Decimal, target: Decimal) -> Decimal:
    """Lid 8 (2021-2025): the income C at which ``a·C² + b·C`` equals the Wht art. 13 lid 1 a
    amount — where the maxima are reached (positive root of the quadratic).

    >>> lid8_income_quadratic(factor_a=Decimal("0.000000596879"), factor_b=Decimal("0.002363459319"),
    ...     target=Decimal("763.47")).quantize(Decimal("0.01"))
    Decimal('33839.47')
    """
    disc = factor_b * factor_b + 4 * factor_a * target
    return (-factor_b + disc.sqrt()) / (2 * factor_a)


def lid8_income_linear(*, ijkpunt: Decimal, afbouw_pct: Decimal, target: Decimal) -> Decimal:
    """Lid 8 (from 2026): the income at which ``I × F/12`` (or ``I × G/12``) equals the
    Wht art. 13 lid 1 a amount, I = C − the minimum-inkomensijkpunt.

    >>> lid8_income_linear(ijkpunt=Decimal(23425), afbouw_pct=Decimal(27),
    ...     target=Decimal("932.93")).quantize(Decimal("0.01"))
    Decimal('64888.56')
    """
    return ijkpunt + TWELVE * target / pct(afbouw_pct)
