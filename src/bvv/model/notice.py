"""The notice document ``bvv-notice/1``: the figures of an "Overzicht van uw beslagvrije voet".

One data shape serves both ways: ``bvv notice --format json`` writes it (:mod:`bvv.letters.notice`),
and ``bvv verify`` reads it (:mod:`bvv.letters.verify`), so a counsellor can type the figures of a
received letter into the same fields. Its JSON Schema is ``docs/schema/bvv-notice-1.json``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bvv.model import Category, Debtor, Leefsituatie
from bvv.money import Money

NOTICE_FORMAT = "bvv-notice/1"
Action = Literal["beslag", "verrekening", "inning"]
NoticeFormat = Literal["text", "html", "json"]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


# ------------------------------------------------------------------------------------ the shape


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NoticeIncome(_Model):
    """One periodic income as the letter states it."""

    id: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="your own name for this income, e.g. the payer ('werkgever', 'UWV')"
    )
    payer: str | None = Field(default=None, description="the payer as named on the letter")
    category: Category | None = Field(
        default=None, description="letter of Rv 475c lid 1 (a..j); e = loon. Unknown: leave out"
    )
    net_monthly: Money = Field(description='the monthly amount on the letter, e.g. "1500.00"')
    garnished: bool | None = Field(
        default=None,
        description="under garnishment / set-off? Left out: yes for the debtor's incomes, "
        "no for the partner's",
    )
    period: Month | None = Field(
        default=None, description="the month the amount was taken from (YYYY-MM), when the letter says"
    )
    holiday_allowance_included: bool | None = Field(
        default=None, description="does the letter say holiday allowance (vakantiegeld) is included?"
    )


class NoticePart(_Model):
    """The bvv on one garnished income (with several garnishments: its pro-rata part)."""

    id: str
    payment: Money | None = None
    bvv: Money
    afdracht: Money | None = None


class NoticeHousehold(_Model):
    partner: bool | None = None
    dependent_children: Annotated[int, Field(ge=0, le=30)] | None = None


class NoticeTaxable(_Model):
    """Letter C: belastbaar inkomen op jaarbasis."""

    debtor: Money
    partner: Money = Decimal("0.00")


class NoticeHousing(_Model):
    kind: Literal["rent", "rent_non_wht", "owner", "none"] = "rent"
    costs_monthly: Money = Decimal("0.00")


class NoticeCalculation(_Model):
    """Intermediate amounts, each optional: fill in only what the letter shows."""

    maximum: Money | None = Field(default=None, description="maximum for the living situation (475da lid 1)")
    amount_before_deductions: Money | None = Field(
        default=None, description="bvv of 475da incl. increases, before the 475db deductions"
    )
    housing_increase: Money | None = Field(
        default=None, description="increase for high housing costs (475da lid 5)"
    )
    owner_increase: Money | None = Field(
        default=None, description="increase for an owner / renter outside the huurtoeslag (475da lid 7)"
    )
    partner_income_deduction: Money | None = Field(
        default=None, description="deduction for the partner's income (475db lid 1 a), at most half"
    )
    own_income_deduction: Money | None = Field(
        default=None, description="deduction for own income not under garnishment (475db lid 1 b)"
    )
    company_car_deduction: Money | None = Field(
        default=None, description="wage tax on a company car (475db lid 1 c)"
    )
    income_cap_95: Money | None = Field(default=None, description="95 % of the monthly income (475dc lid 1)")
    court_increase: Money | None = Field(default=None, description="increase by the kantonrechter (475fa)")


class Notice(_Model):
    """``bvv-notice/1``: the figures of an "Overzicht van uw beslagvrije voet".

    Written by ``bvv notice --format json`` and read by ``bvv verify``. Only
    ``determination_date`` and ``beslagvrije_voet`` are required; every other field is checked
    when it is there.
    """

    format: Literal["bvv-notice/1"] = "bvv-notice/1"
    determination_date: date = Field(description="date the bvv was set (datum vaststelling)")
    action: Action = Field(default="beslag", description="beslag, verrekening or inning")
    sender: str | None = Field(default=None, description="the organisation that sent the letter")
    addressee: str | None = Field(default=None, description="the debtor's name (and address) on the letter")
    reference: str | None = Field(
        default=None, description="the letter's reference (ons kenmerk): the case id"
    )
    beslagvrije_voet: Money = Field(description="the bvv per month on the letter")
    per_income: tuple[NoticePart, ...] = Field(default=(), description="bvv per garnished income")
    leefsituatie: Leefsituatie | None = None
    household: NoticeHousehold | None = None
    debtor: Debtor | None = Field(
        default=None, description="residence (nl, no_residential_address, abroad ...) and institution price"
    )
    taxable_income_annual: NoticeTaxable | None = None
    incomes: tuple[NoticeIncome, ...] = ()
    partner_incomes: tuple[NoticeIncome, ...] = ()
    housing: NoticeHousing | None = None
    calculation: NoticeCalculation | None = None
    missing_data: tuple[str, ...] = Field(default=(), description="data the sender asks the debtor for")
    contact: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)
