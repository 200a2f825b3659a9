"""The input case (``bvv-case/1``) and the result (``bvv-result/1``) as frozen pydantic models.

The field names and meanings are those of ``spec/case-format.md``; the library accepts a few
richer shapes on top (pay periods per income, ``provenance``, ``missing_facts`` and
``diagnostics`` from the adapters) and keeps accepting the documented shape. Unknown keys are
errors, so a typo never passes silently. Money is :data:`bvv.money.Money` (strings with two
decimals on the wire).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bvv.citations import Citation
from bvv.money import Money, MoneyOut, round_cents
from bvv.rules.rv_475ab import LEEFSITUATIE_NL as LEEFSITUATIE_NL
from bvv.rules.rv_475ab import LEEFSITUATIES as LEEFSITUATIES
from bvv.rules.rv_475ab import Leefsituatie as Leefsituatie
from bvv.rules.rv_475d import monthly_amount

#: Rv 475c lid 1 letters; a–i count for 475db and 475dc, j are the Awir allowances
Category = Literal["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
CATEGORIES_A_TO_I = frozenset("abcdefghi")
Residence = Literal["nl", "no_residential_address", "abroad", "nl_unregistered_disclosed"]
PayPeriod = Literal["month", "four_weeks", "week"]
HousingKind = Literal["rent", "rent_non_wht", "owner", "none"]

#: months per pay period (decision 6: four-weekly x 13/12, weekly x 52/12)
PERIODS_PER_YEAR: dict[str, int] = {"month": 12, "four_weeks": 13, "week": 52}

IncomeId = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\s].*$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------------------- input


class Debtor(_Frozen):
    birth_date: date | None = None
    residence: Residence = "nl"
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    woonlandfactor: Annotated[Decimal, Field(gt=0, le=10)] | None = None
    institution_care_price_monthly: Money | None = None


class Household(_Frozen):
    partner: bool = False
    dependent_children: Annotated[int, Field(ge=0, le=30)] = 0
    leefsituatie: Leefsituatie | None = None
    partner_birth_date: date | None = None
    children_birth_dates: tuple[date, ...] = ()


class TaxableIncome(_Frozen):
    """Letter C of Rv 475da lid 2: annualised belastbaar inkomen (Rv 475d lid 1)."""

    debtor: Money
    partner: Money = Decimal("0.00")


class Income(_Frozen):
    """One periodic claim of Rv 475c lid 1, net after legal deductions, incl. holiday allowance."""

    id: IncomeId
    category: Category
    net_monthly: Money
    garnished: bool
    pay_period: PayPeriod = "month"
    net_per_period: Money | None = None

    @model_validator(mode="before")
    @classmethod
    def _monthly_from_period(cls, data: Any) -> Any:
        """Decision 6: a per-period amount becomes monthly (x 13/12 four-weekly, x 52/12 weekly)."""
        if not isinstance(data, dict) or data.get("net_per_period") is None or data.get("net_monthly"):
            return data
        periods = PERIODS_PER_YEAR.get(data.get("pay_period", "month"))
        try:
            per = Decimal(str(data["net_per_period"]))
        except InvalidOperation:
            return data  # the field validator names the problem
        if periods is None or not per.is_finite():
            return data
        monthly = round_cents(monthly_amount(per, periods_per_year=periods))
        return {**data, "net_monthly": str(monthly)}

    @property
    def converted(self) -> bool:
        """Whether the monthly amount was converted from a weekly or four-weekly one (decision 6)."""
        return self._exact_from_period() is not None

    @property
    def monthly(self) -> Decimal:
        """The exact monthly amount the rules use (decision 1): a per-period amount converted
        without rounding (decision 6); ``net_monthly`` shows it rounded to cents."""
        exact = self._exact_from_period()
        return self.net_monthly if exact is None else exact

    def _exact_from_period(self) -> Decimal | None:
        per = self.net_per_period
        if per is None or self.pay_period == "month":
            return None
        exact = monthly_amount(per, periods_per_year=PERIODS_PER_YEAR[self.pay_period])
        return exact if round_cents(exact) == self.net_monthly else None


class HighCostsIncrease(_Frozen):
    requested_on: date
    extended: bool = False


class Housing(_Frozen):
    kind: HousingKind = "none"
    costs_monthly: Money = Decimal("0.00")
    high_costs_increase: HighCostsIncrease | None = None
    owner_increase_requested: bool = False
    owner_increase_monthly: Money | None = None


class DesignatedBenefit(_Frozen):
    """Rv 475dc lid 2: the garnished income is a benefit designated by AMvB."""

    applicable_norm_monthly: Money
    other_income_monthly: Money = Decimal("0.00")


class CourtIncrease(_Frozen):
    """Rv 475fa: an increase by the kantonrechter for a period he set."""

    amount_monthly: Money
    from_: date = Field(alias="from")
    until: date


class MissingFact(_Frozen):
    path: str
    reason: str = ""


class Diagnostic(_Frozen):
    """A data-quality warning that did not stop the calculation."""

    code: str
    message: str
    path: str | None = None


class ProvenanceEntry(_Frozen):
    source: str
    record: str = ""
    rule: str = ""
    detail: str = ""


class Case(_Frozen):
    """Everything known about one debtor on one determination date (``bvv-case/1``)."""

    format: Literal["bvv-case/1"] = "bvv-case/1"
    id: Annotated[str, Field(max_length=200)] | None = None
    determination_date: date
    debtor: Debtor = Debtor()
    household: Household = Household()
    taxable_income_annual: TaxableIncome
    incomes: tuple[Income, ...] = ()
    partner_incomes: tuple[Income, ...] = ()
    housing: Housing = Housing()
    company_car_wage_tax_monthly: Money = Decimal("0.00")
    designated_benefit: DesignatedBenefit | None = None
    court_increase: CourtIncrease | None = None
    provenance: dict[str, ProvenanceEntry] | None = None
    missing_facts: tuple[MissingFact, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """The normalised case as JSON-ready data (by alias, ``from`` not ``from_``)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=False)


# -------------------------------------------------------------------------------------- result


class NormRef(_Frozen):
    """A norm value the calculation used, with where it came from (``result.norms[key]``)."""

    key: str
    amount: str
    unit: str
    label: str
    table: str
    source: str
    confidence: str
    variant: Literal["statute", "as_published"] = "statute"


class Step(_Frozen):
    """One application of one legal rule, in the order the rules are applied."""

    id: str
    description: str
    amount: MoneyOut | None
    exact: str | None
    citation: Citation
    inputs: dict[str, str] = {}
    #: the norm values this step used: key -> amount; their sources are in ``result.norms``
    norms: dict[str, str] = {}
    assumptions: tuple[str, ...] = ()


class AssumptionUsed(_Frozen):
    id: str
    decision: int | None
    text: str
    tekst: str = ""


class PerIncome(_Frozen):
    id: str
    category: Category
    order: int
    payment: MoneyOut
    bvv: MoneyOut
    afdracht: MoneyOut


class DesignatedBenefitResult(_Frozen):
    """Rv 475dc lid 2: the bvv the payer applies each month for a designated benefit."""

    formula: str
    bvv: MoneyOut


class Receipt(_Frozen):
    library: str
    library_version: str
    norms_version: str
    norms_sha256: str
    rules_version: str
    input_sha256: str
    output_sha256: str
    #: SHA-256 of the canonical receipt without this field: covers the versions and hashes above
    #: (absent in receipts made before it was added)
    receipt_sha256: str | None = None


class Result(_Frozen):
    """The bvv with its derivation (``bvv-result/1``)."""

    format: Literal["bvv-result/1"] = "bvv-result/1"
    id: str | None = None
    determination_date: date
    beslagvrije_voet: MoneyOut
    leefsituatie: Leefsituatie
    norm_period: date
    maximum: MoneyOut
    per_income: tuple[PerIncome, ...]
    designated_benefit: DesignatedBenefitResult | None = None
    steps: tuple[Step, ...]
    #: every norm value a step used, once, with label, unit, table, source and confidence
    norms: dict[str, NormRef] = {}
    assumptions: tuple[AssumptionUsed, ...]
    diagnostics: tuple[Diagnostic, ...]
    case: dict[str, Any]
    receipt: Receipt

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in notebooks
        from bvv.render import result_html

        return result_html(self)
