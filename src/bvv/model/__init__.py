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
from bvv.model.wire import CaseBool, CaseCount, CaseDate, CaseMoney, CaseTermDate, fail
from bvv.money import MoneyOut, round_cents
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

#: at most this many incomes (and as many partner incomes) per case: a documented limit
MAX_INCOMES = 50


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------------------- input


class Debtor(_Frozen):
    birth_date: CaseDate | None = None
    #: required (decision 19): "nl" and "no_residential_address" give very different amounts
    residence: Residence
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    woonlandfactor: Annotated[Decimal, Field(gt=0, le=10)] | None = None
    institution_care_price_monthly: CaseMoney | None = None


class Household(_Frozen):
    #: required (decision 19), as is the number of children
    partner: CaseBool
    dependent_children: Annotated[CaseCount, Field(ge=0, le=30)]
    leefsituatie: Leefsituatie | None = None
    partner_birth_date: CaseDate | None = None
    children_birth_dates: tuple[CaseDate, ...] = ()

    @property
    def has_partner(self) -> bool:
        """A partner by the facts or by the living-situation override (Rv 475ab)."""
        return self.partner or (self.leefsituatie or "").startswith("gehuwden")


class TaxableIncome(_Frozen):
    """Letter C of Rv 475da lid 2: annualised belastbaar inkomen (Rv 475d lid 1).

    ``partner`` may be left out only when there is no partner (decision 19; checked by
    :class:`Case`)."""

    debtor: CaseMoney
    partner: CaseMoney = Decimal("0.00")


class Income(_Frozen):
    """One periodic claim of Rv 475c lid 1, net after legal deductions, incl. holiday allowance."""

    id: IncomeId
    category: Category
    net_monthly: CaseMoney
    garnished: CaseBool
    pay_period: PayPeriod = "month"
    net_per_period: CaseMoney | None = None

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

    @model_validator(mode="before")
    @classmethod
    def _one_amount(cls, data: Any) -> Any:
        """(Runs before ``_monthly_from_period``: pydantic runs "before" validators last-defined
        first.) Decision 19: exactly one amount, ``net_monthly`` or ``net_per_period``; both only
        when they agree (as in a case the library wrote itself)."""
        if not isinstance(data, dict):
            return data
        monthly, per = data.get("net_monthly"), data.get("net_per_period")
        if not isinstance(data.get("pay_period", "month"), str):
            raise fail("pay_period", "pay_period is one of \"month\", \"four_weeks\", \"week\"",
                       "pay_period is een van \"month\", \"four_weeks\", \"week\"", "pay_period")
        if monthly is None and per is None:
            raise fail("required", "required: give net_monthly, or pay_period with net_per_period",
                       "ontbreekt: geef net_monthly, of pay_period met net_per_period",
                       "net_monthly")
        periods = PERIODS_PER_YEAR.get(data.get("pay_period", "month"))
        if monthly is None or per is None or periods is None:
            return data
        try:
            stated, derived = Decimal(str(monthly)), Decimal(str(per))
            agree = round_cents(stated) == round_cents(
                monthly_amount(derived, periods_per_year=periods))
        except (InvalidOperation, ArithmeticError, ValueError):
            return data  # the field validators name the problem
        if not agree:
            raise fail("conflict", "net_monthly and net_per_period are both given and do not "
                       "agree; give only one of them", "net_monthly en net_per_period zijn allebei "
                       "gegeven en verschillen; geef er maar een", "net_per_period")
        return data

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
    requested_on: CaseTermDate
    extended: CaseBool = False


class Housing(_Frozen):
    kind: HousingKind = "none"
    costs_monthly: CaseMoney = Decimal("0.00")
    high_costs_increase: HighCostsIncrease | None = None
    owner_increase_requested: CaseBool = False
    owner_increase_monthly: CaseMoney | None = None


class DesignatedBenefit(_Frozen):
    """Rv 475dc lid 2: the garnished income is a benefit designated by AMvB."""

    applicable_norm_monthly: CaseMoney
    other_income_monthly: CaseMoney = Decimal("0.00")


class CourtIncrease(_Frozen):
    """Rv 475fa: an increase by the kantonrechter for a period he set."""

    amount_monthly: CaseMoney
    from_: CaseDate = Field(alias="from")
    until: CaseDate


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
    determination_date: CaseTermDate
    debtor: Debtor
    household: Household
    taxable_income_annual: TaxableIncome
    incomes: Annotated[tuple[Income, ...], Field(max_length=MAX_INCOMES)] = ()
    partner_incomes: Annotated[tuple[Income, ...], Field(max_length=MAX_INCOMES)] = ()
    housing: Housing = Housing()
    company_car_wage_tax_monthly: CaseMoney = Decimal("0.00")
    designated_benefit: DesignatedBenefit | None = None
    court_increase: CourtIncrease | None = None
    provenance: dict[str, ProvenanceEntry] | None = None
    missing_facts: tuple[MissingFact, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _partner_income_given(cls, data: Any) -> Any:
        """Decision 19: with a partner (by the facts or the override) the partner's taxable
        income is required; ``"0.00"`` is a fact, absence is not."""
        if not isinstance(data, dict):
            return data
        hh, taxable = data.get("household"), data.get("taxable_income_annual")
        if isinstance(hh, Household):
            partner = hh.has_partner
        elif isinstance(hh, dict):
            leef = hh.get("leefsituatie")
            partner = hh.get("partner") is True or (
                isinstance(leef, str) and leef.startswith("gehuwden"))
        else:
            return data
        given = (
            "partner" in taxable.model_fields_set if isinstance(taxable, TaxableIncome)
            else isinstance(taxable, dict) and taxable.get("partner") is not None
        )
        if partner and taxable is not None and not given:
            raise fail("required", "required: there is a partner, so the partner's taxable "
                       'income is needed (write "0.00" when the partner has none)',
                       "ontbreekt: er is een partner, dus het belastbaar inkomen van de partner "
                       'is nodig (schrijf "0.00" als de partner geen inkomen heeft)',
                       "taxable_income_annual.partner")
        return data

    @model_validator(mode="after")
    def _born_by_the_date(self) -> Case:
        """A birth date after the determination date is a typo or the wrong person."""
        on = self.determination_date
        born = [("debtor.birth_date", self.debtor.birth_date),
                ("household.partner_birth_date", self.household.partner_birth_date)]
        born += [(f"household.children_birth_dates[{i}]", d)
                 for i, d in enumerate(self.household.children_birth_dates)]
        for path, d in born:
            if d is not None and d > on:
                raise fail("conflict", f"born {d}, after the determination date {on}",
                           f"geboren op {d}, na de datum van vaststelling {on}", path)
        return self

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
    #: the legal source: the article and the publication that sets the value
    source: str
    confidence: str
    #: how the value was checked: read, reproduced (from the published maxima), secondary
    verified: str | None = None
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
