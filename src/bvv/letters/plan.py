"""``bvv check-plan``: does a debt plan leave the debtor at least the beslagvrije voet?

Wgs art. 4a lid 5: "In het plan van aanpak wordt ten minste de beslagvrije voet, bedoeld in de
artikelen 475c tot en met 475e [Rv], in acht genomen"
(https://wetten.overheid.nl/BWBR0031331/2026-07-01#Artikel4a).

A plan covers all of the debtor's income, so by default the bvv is computed as if **every**
periodic income of the debtor were garnished (``basis="all_income"``): what the debtor keeps under
a garnishment of everything. ``basis="as_given"`` uses the case's own ``garnished`` flags; the
debtor then also keeps his non-garnished income, which is added to the minimum.
``left_monthly`` is what the plan leaves the debtor each month of his periodic income (net, with
holiday allowance, without toeslagen); a ``Decimal``, or a string such as ``"1500.00"``.

For a couple the bvv is a household figure: the partner's income has already lowered it (Rv 475db
lid 1 a). ``amount_of`` says whose money ``left_monthly`` is: ``"debtor"`` (default; what the debtor
keeps of his own income) or ``"household"`` (what the household keeps, as in a VTLB budget); then
the partner's net income (475c lid 1 a-i) is added to the minimum, since the household keeps it.

>>> import bvv
>>> case = bvv.examples.load("05_partner_en_95procent_2023")
>>> check = check_plan(case, Decimal("800.00"))
>>> check.respects, str(check.minimum), str(check.margin)
(True, '760.00', '40.00')
>>> check_plan(case, "700.00").respects
False
>>> str(check_plan(case, "3600.00", amount_of="household").minimum)
'3560.00'

"""

from __future__ import annotations

import html
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

from bvv.engine import calculate, income_a_to_i
from bvv.errors import CaseInvalid
from bvv.model import Case
from bvv.money import fmt
from bvv.norms import Variant
from bvv.parse import parse_case
from bvv.render import eur
from bvv.rules.rv_475ab import LEEFSITUATIE_NL

SignedMoney = Annotated[Decimal, PlainSerializer(fmt, return_type=str)]
Basis = Literal["all_income", "as_given"]
AmountOf = Literal["debtor", "household"]
WGS_4A = "https://wetten.overheid.nl/BWBR0031331/2026-07-01#Artikel4a"


class PlanCheck(BaseModel):
    """The outcome of ``bvv check-plan`` (``bvv-plan-check/1``)."""

    model_config = ConfigDict(frozen=True)

    format: Literal["bvv-plan-check/1"] = "bvv-plan-check/1"
    respects: bool
    left_monthly: SignedMoney
    minimum: SignedMoney
    margin: SignedMoney  # left - minimum: positive is room above the bvv, negative a shortfall
    beslagvrije_voet: SignedMoney
    non_garnished_income: SignedMoney
    partner_income: SignedMoney = Decimal("0.00")
    basis: Basis
    amount_of: AmountOf = "debtor"
    leefsituatie: str
    norm_period: str
    rule: str = "art. 4a lid 5 Wgs, met art. 475c-475e Rv"
    url: str = WGS_4A

    @property
    def exit_code(self) -> int:
        return 0 if self.respects else 1

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_text(self) -> str:
        head = (
            f"Het plan respecteert de beslagvrije voet: {eur(self.margin)} per maand erboven."
            if self.respects
            else f"Het plan blijft {eur(-self.margin)} per maand onder de beslagvrije voet."
        )
        lines = [
            head,
            f"Het plan laat {eur(self.left_monthly)} per maand; minimaal nodig: {eur(self.minimum)} "
            f"({self.rule}).",
            f"Beslagvrije voet {eur(self.beslagvrije_voet)} ({LEEFSITUATIE_NL[self.leefsituatie]}, "
            f"bedragen vanaf {self.norm_period})"
            + (
                f" plus inkomen zonder beslag {eur(self.non_garnished_income)}"
                if self.non_garnished_income
                else ""
            )
            + (f" plus inkomen van de partner {eur(self.partner_income)}" if self.partner_income else "")
            + ".",
            "Grondslag: "
            + (
                "al het periodieke inkomen telt als inkomen onder beslag."
                if self.basis == "all_income"
                else "inkomen onder beslag zoals in het dossier."
            ),
            "Het bedrag van het plan is "
            + (
                "wat het hele huishouden overhoudt (met het inkomen van de partner)."
                if self.amount_of == "household"
                else "wat de schuldenaar zelf overhoudt."
            ),
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        color = "#1a7f37" if self.respects else "#b42318"
        return f"<p style='color:{color}'>{e(self.to_text()).replace(chr(10), '<br>')}</p>"


def check_plan(
    case: Case | dict[str, Any] | str | bytes,
    left_monthly: Decimal | str,
    *,
    basis: Basis = "all_income",
    amount_of: AmountOf = "debtor",
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
) -> PlanCheck:
    """Compare what a plan leaves the debtor with the bvv of Rv 475c-475e."""
    left = _amount(left_monthly)
    parsed = parse_case(case)
    if basis == "all_income":
        parsed = parsed.model_copy(
            update={"incomes": tuple(i.model_copy(update={"garnished": True}) for i in parsed.incomes)}
        )
    result = calculate(parsed, allow_latest_norms=allow_latest_norms, variant=variant)
    free = income_a_to_i(parsed.incomes, garnished=False)
    partner = Decimal("0.00")
    if amount_of == "household" and result.leefsituatie.startswith("gehuwden"):
        partner = income_a_to_i(parsed.partner_incomes, garnished=None)
    minimum = result.beslagvrije_voet + free + partner
    return PlanCheck(
        respects=left >= minimum,
        left_monthly=left,
        minimum=minimum,
        margin=left - minimum,
        beslagvrije_voet=result.beslagvrije_voet,
        non_garnished_income=free,
        partner_income=partner,
        basis=basis,
        amount_of=amount_of,
        leefsituatie=result.leefsituatie,
        norm_period=result.norm_period.isoformat(),
    )


def _amount(value: Decimal | str) -> Decimal:
    """An amount in whole cents, not negative, from a Decimal or a string such as ``"1500.00"``."""
    try:
        amount = Decimal(value.strip().replace(",", ".")) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise CaseInvalid(f"left_monthly: not an amount: {value!r}", path="left_monthly") from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise CaseInvalid(f"left_monthly: an amount in whole cents, not negative: {value!r}")
    return amount
