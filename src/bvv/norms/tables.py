"""The norm tables as data: one validated :class:`NormTable` per half-year period file.

The models of ``format: bvv-norms/1`` (every value with its legal source, how it was verified and
its confidence), the keys each regime needs, and parsing one period file. :mod:`bvv.norms` puts
the tables together into a :class:`~bvv.norms.NormSet`; :mod:`bvv.norms.check` recomputes their
published maxima.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal, localcontext
from functools import lru_cache
from itertools import pairwise
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from bvv.errors import BvvError, NormsNotAvailable

Confidence = Literal["V", "P", "U"]
#: the confidence marks in Dutch, for every place a person reads them
CONFIDENCE_LEGEND_NL = (
    "Zekerheid: V = gelezen in de officiële tekst; P = uit een secundaire bron of vastgepind door "
    "gepubliceerde bedragen na te rekenen; U = nog niet gecontroleerd."
)
#: how a value was checked: read in the publication that sets it, pinned by reproducing the
#: published maxima (or lid-7 limits), taken from one secondary source, or not yet at all
Verified = Literal["read", "reproduced", "secondary", "unverified"]
Regime = Literal["quadratic-2021", "linear-2026"]
Variant = Literal["statute", "as_published"]


class NormsInvalid(BvvError):
    """A norm file is malformed; raised when the tables are loaded."""

    code = "norms-invalid"
    exit_code = 70


class NormFileInvalid(NormsInvalid):
    """A norm file given by the user (``--norms DIR``, ``BVV_NORMS_DIR``) does not pass the check."""

    exit_code = 3


def _parse_amount(value: object) -> Decimal:
    """Amounts are strings: ``"1075.44"``, or an exact fraction such as ``"2/3"``."""
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise ValueError(f"amounts are strings in the norm files, got {type(value).__name__}")
    text = value.strip()
    if "/" in text:
        num, den = text.split("/", 1)
        with localcontext() as ctx:
            ctx.prec = 40
            return Decimal(num) / Decimal(den)
    return Decimal(text)


Amount = Annotated[Decimal, BeforeValidator(_parse_amount)]


class AsPublished(BaseModel):
    """The value the Ministry used for the published maxima where it departs from the statute."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    amount: Amount
    note: str
    source: str


class NormValue(BaseModel):
    """One number with its label, unit, legal basis, source and confidence."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    amount: Amount
    unit: Literal["EUR/month", "EUR/year", "percent", "factor", "ratio", "months"]
    label: str = Field(min_length=3)
    basis: str = Field(min_length=3)
    #: the legal source: the article and the publication that sets the value
    source: str = Field(min_length=10)
    verified: Verified
    confidence: Confidence
    #: research notes (lookups, conflicts); never copied into a result
    note: str | None = None
    #: in a provisional table: the publications to read to confirm this value
    to_read: tuple[str, ...] = ()
    as_published: AsPublished | None = None
    exact: str | None = None
    minimum_wage_january: str | None = None


class Period(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    start: date
    end: date


_COMMON_KEYS = frozenset(
    {
        "pw21a_norm",
        "pw21b_norm",
        "pw23_lid1_single",
        "pw23_lid1_couple",
        "pw23_lid2_single",
        "pw23_lid2_couple",
        "zvw_standaardpremie",
        "wzt_drempelinkomen",
        "wzt_pct_above_drempel",
        "wkb_afbouwpercentage",
        "wkb_verhoging_drempel_partner",
        "wht13_1a_maximale_huurgrens",
        "maximum_alleenstaande",
        "maximum_alleenstaande_ouder",
        "maximum_gehuwden_zonder_kinderen",
        "maximum_gehuwden_met_kinderen",
        "rv475da_lid2_base_pct",
        "rv475da_lid4_pct",
        "rv475da_lid5_threshold_pct",
        "rv475da_lid5_term_months",
        "rv475da_lid6_extension_months",
        "rv475db_partner_max_fraction",
        "rv475dc_pct",
        "rv475e_lid2_norm_fraction",
    }
)
#: the housing parameters of the lid-2 formula, per regime (in the order of the formula)
REGIME_KEYS: dict[str, tuple[str, ...]] = {
    "quadratic-2021": (
        "wht19_a_one_person",
        "wht19_b_one_person",
        "wht19_a_multi_person",
        "wht19_b_multi_person",
        "wht17_2_normhuur",
    ),
    "linear-2026": (
        "wht21_2a_afbouw_one_person",
        "wht21_2b_afbouw_multi_person",
        "wht17_1_ijkpunt_one_person",
        "wht17_1_ijkpunt_multi_person",
        "wht16_basishuur_one_person",
        "wht16_basishuur_multi_person",
    ),
}
_REGIME_KEYS = {regime: frozenset(keys) for regime, keys in REGIME_KEYS.items()}
#: lid-7 income limits exist as amounts in the Rv from 2023 (Verzamelwet SZW 2023)
_LID7_KEYS = frozenset({"rv475da_lid7_limit_single", "rv475da_lid7_limit_multi_person"})


class NormTable(BaseModel):
    """All norms of one half-year period (``src/bvv/norms/<start>.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    format: Literal["bvv-norms/1"]
    period: Period
    #: provisional: values not yet confirmed from their publications (``bvv norms new``)
    status: Literal["published", "provisional"]
    regime: Regime
    rules_text_version: date
    values: dict[str, NormValue]

    @model_validator(mode="after")
    def _complete(self) -> NormTable:
        required = set(_COMMON_KEYS | _REGIME_KEYS[self.regime])
        if self.period.start >= date(2023, 1, 1):
            required |= _LID7_KEYS
        missing = sorted(required - self.values.keys())
        if missing:
            raise ValueError(f"missing values: {', '.join(missing)}")
        other = _REGIME_KEYS["linear-2026" if self.regime == "quadratic-2021" else "quadratic-2021"]
        stray = sorted(other & self.values.keys())
        if stray:
            raise ValueError(f"values of the other regime present: {', '.join(stray)}")
        if self.period.end < self.period.start:
            raise ValueError("period ends before it starts")
        unverified = sorted(k for k, v in self.values.items() if v.confidence == "U")
        if self.status == "published" and unverified:
            raise ValueError(
                f"a published table holds unverified (U) values: {', '.join(unverified)}; "
                "verify them or mark the table 'status: provisional'"
            )
        return self

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def name(self) -> str:
        """The file name of this table, used in citations of norm values."""
        return f"norms/{self.period.start.isoformat()}.yaml"

    def value(self, key: str) -> NormValue:
        try:
            return self.values[key]
        except KeyError:
            raise NormsNotAvailable(
                f"the norm table {self.name} has no value {key!r}",
                hint="this rule is not in force in this period",
            ) from None

    def amount(self, key: str, variant: Variant = "statute") -> Decimal:
        """The amount of ``key``; ``variant="as_published"`` takes the Ministry's value if any."""
        nv = self.value(key)
        if variant == "as_published" and nv.as_published is not None:
            return nv.as_published.amount
        return nv.amount


class AowAge(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    years: int = Field(ge=60, le=75)
    months: int = Field(ge=0, le=11)
    source: str
    confidence: Confidence


class _AowTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    format: Literal["bvv-aow/1"]
    label: str
    basis: str
    by_year: dict[int, AowAge]


def is_period_file(name: str) -> bool:
    """A norm period file is named after its first day: ``YYYY-MM-DD.yaml``."""
    return name.endswith(".yaml") and name[:4].isdigit()


@lru_cache(maxsize=128)
def parse_table(raw: bytes, name: str) -> NormTable:
    """Validate one period file (``name`` is its file name); :class:`NormsInvalid` when malformed.

    Tables are immutable, so the same bytes give the same (cached) table."""
    try:
        data = yaml.safe_load(raw)
        table = NormTable.model_validate(data)
    except yaml.YAMLError as exc:
        raise NormsInvalid(f"norms/{name} is not YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise NormsInvalid(f"norms/{name} is invalid: {problems}") from None
    if name != f"{table.period.start.isoformat()}.yaml":
        raise NormsInvalid(f"norms/{name} holds the period starting {table.period.start}")
    return table


def check_contiguous(tables: Sequence[NormTable]) -> None:
    """Consecutive periods must meet: no gap and no overlap (:class:`NormsInvalid` otherwise)."""
    if not tables:
        raise NormsInvalid("no norm tables found")
    for before, after in pairwise(tables):
        if before.period.end + timedelta(days=1) != after.period.start:
            kind = "gap" if before.period.end + timedelta(days=1) < after.period.start else "overlap"
            raise NormsInvalid(
                f"{kind} between {before.name} (ends {before.period.end}) and "
                f"{after.name} (starts {after.period.start})"
            )
