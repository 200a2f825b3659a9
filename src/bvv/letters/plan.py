"""``bvv check-plan``: does a debt plan leave the debtor at least the beslagvrije voet?

Wgs art. 4a lid 5: "In het plan van aanpak wordt ten minste de beslagvrije voet, bedoeld in de
artikelen 475c tot en met 475e [Rv], in acht genomen"
(https://wetten.overheid.nl/BWBR0031331/2026-07-01#Artikel4a).

A plan covers all of the debtor's income, so by default the bvv is computed as if **every**
periodic income of the debtor were garnished (``basis="all_income"``): what the debtor keeps under
a garnishment of everything. ``basis="as_given"`` uses the case's own ``garnished`` flags; the
debtor then also keeps his non-garnished income, which is added to the minimum.
``left_monthly`` is what the plan leaves the debtor each month of his periodic income (net, with
holiday allowance, without toeslagen).

>>> import bvv
>>> case = bvv.examples.load("05_partner_en_95procent_2023")
>>> check = check_plan(case, Decimal("800.00"))
>>> check.respects, str(check.minimum), str(check.margin)
(True, '760.00', '40.00')
>>> check_plan(case, Decimal("700.00")).respects
False
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

from bvv.engine import calculate, income_a_to_i
from bvv.model import Case
from bvv.money import fmt
from bvv.norms import Variant
from bvv.parse import parse_case
from bvv.render import eur

SignedMoney = Annotated[Decimal, PlainSerializer(fmt, return_type=str)]
Basis = Literal["all_income", "as_given"]
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
    basis: Basis
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
            f"Beslagvrije voet {eur(self.beslagvrije_voet)} ({self.leefsituatie}, "
            f"normen vanaf {self.norm_period})"
            + (
                f" plus inkomen zonder beslag {eur(self.non_garnished_income)}"
                if self.non_garnished_income
                else ""
            )
            + ".",
            "Grondslag: "
            + (
                "al het periodieke inkomen telt als inkomen onder beslag."
                if self.basis == "all_income"
                else "inkomen onder beslag zoals in het dossier."
            ),
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        color = "#1a7f37" if self.respects else "#b42318"
        return f"<p style='color:{color}'>{e(self.to_text()).replace(chr(10), '<br>')}</p>"


def check_plan(
    case: Case | dict[str, Any] | str | bytes,
    left_monthly: Decimal,
    *,
    basis: Basis = "all_income",
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
) -> PlanCheck:
    """Compare what a plan leaves the debtor with the bvv of Rv 475c-475e."""
    parsed = parse_case(case)
    if basis == "all_income":
        parsed = parsed.model_copy(
            update={"incomes": tuple(i.model_copy(update={"garnished": True}) for i in parsed.incomes)}
        )
    result = calculate(parsed, allow_latest_norms=allow_latest_norms, variant=variant)
    free = income_a_to_i(parsed.incomes, garnished=False)
    minimum = result.beslagvrije_voet + free
    return PlanCheck(
        respects=left_monthly >= minimum,
        left_monthly=left_monthly,
        minimum=minimum,
        margin=left_monthly - minimum,
        beslagvrije_voet=result.beslagvrije_voet,
        non_garnished_income=free,
        basis=basis,
        leefsituatie=result.leefsituatie,
        norm_period=result.norm_period.isoformat(),
    )
