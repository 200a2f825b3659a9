"""Versioned norm tables: one YAML file per half-year period, every value with its source.

The files in this folder are data. Each holds every number the rules use for one period
(``format: bvv-norms/1``): the Participatiewet norms, the lid-1 maxima, the zorgtoeslag,
huurtoeslag and kindgebonden-budget parameters of the lid-2 formula, the lid-7 income limits and
the statutory percentages and terms of Rv 475da–475e. Every value names its legal basis, its
source (a wetten.overheid.nl URL of the version or a Staatscourant reference) and a confidence
(``V`` read in the official text, ``P`` secondary or pinned by reproducing published amounts,
``U`` unverified).

Everything is validated when the tables are first loaded: a malformed value, a missing key for the
period's regime, a gap or an overlap between periods is a :class:`NormsInvalid` error at load time,
never a surprise during a calculation. Adding the next half-year is adding one file (and a test).

:func:`norms_for` refuses to guess (decision 15): a date before the first or after the last period
raises :class:`~bvv.errors.NormsNotAvailable` naming the periods that exist.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal, localcontext
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from bvv.errors import BvvError, NormsNotAvailable

__all__ = [
    "AowAge",
    "NormTable",
    "NormValue",
    "NormsInvalid",
    "all_tables",
    "aow_age_for_year",
    "norms_fingerprint",
    "norms_for",
]

Confidence = Literal["V", "P", "U"]
Regime = Literal["quadratic-2021", "linear-2026"]
Variant = Literal["statute", "as_published"]


class NormsInvalid(BvvError):
    """A norm file is malformed; raised when the tables are loaded."""

    code = "norms-invalid"
    exit_code = 70


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
    source: str = Field(min_length=10)
    confidence: Confidence
    note: str | None = None
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
_REGIME_KEYS: dict[str, frozenset[str]] = {
    "quadratic-2021": frozenset(
        {
            "wht19_a_one_person",
            "wht19_b_one_person",
            "wht19_a_multi_person",
            "wht19_b_multi_person",
            "wht17_2_normhuur",
        }
    ),
    "linear-2026": frozenset(
        {
            "wht21_2a_afbouw_one_person",
            "wht21_2b_afbouw_multi_person",
            "wht17_1_ijkpunt_one_person",
            "wht17_1_ijkpunt_multi_person",
            "wht16_basishuur_one_person",
            "wht16_basishuur_multi_person",
        }
    ),
}
#: lid-7 income limits exist as amounts in the Rv from 2023 (Verzamelwet SZW 2023)
_LID7_KEYS = frozenset({"rv475da_lid7_limit_single", "rv475da_lid7_limit_multi_person"})


class NormTable(BaseModel):
    """All norms of one half-year period (``src/bvv/norms/<start>.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    format: Literal["bvv-norms/1"]
    period: Period
    status: Literal["published"]
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


def _read_yaml(name: str) -> tuple[object, bytes]:
    raw = resources.files(__name__).joinpath(name).read_bytes()
    return yaml.safe_load(raw), raw


def _table_files() -> list[str]:
    return sorted(
        entry.name
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".yaml") and entry.name[:4].isdigit()
    )


@cache
def _load() -> tuple[tuple[NormTable, ...], str]:
    tables: list[NormTable] = []
    digest = hashlib.sha256()
    for name in _table_files():
        data, raw = _read_yaml(name)
        digest.update(name.encode() + b"\0" + raw)
        try:
            table = NormTable.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise NormsInvalid(f"norms/{name} is invalid: {problems}") from None
        if name != f"{table.period.start.isoformat()}.yaml":
            raise NormsInvalid(f"norms/{name} holds the period starting {table.period.start}")
        tables.append(table)
    if not tables:
        raise NormsInvalid("no norm tables found")
    for before, after in pairwise(tables):
        if before.period.end + timedelta(days=1) != after.period.start:
            kind = "gap" if before.period.end + timedelta(days=1) < after.period.start else "overlap"
            raise NormsInvalid(
                f"{kind} between {before.name} (ends {before.period.end}) and "
                f"{after.name} (starts {after.period.start})"
            )
    return tuple(tables), digest.hexdigest()


def all_tables() -> tuple[NormTable, ...]:
    """Every published norm table, oldest first (validated on first use)."""
    return _load()[0]


def norms_fingerprint() -> str:
    """SHA-256 over all norm files: changes whenever any number or source changes."""
    return _load()[1]


def coverage() -> str:
    tables = all_tables()
    return (
        f"{tables[0].period.start} .. {tables[-1].period.end} "
        f"(periods: {', '.join(t.period.start.isoformat() for t in tables)})"
    )


def norms_for(on: date, *, allow_latest: bool = False) -> tuple[NormTable, bool]:
    """The norm table whose period contains ``on``.

    Returns ``(table, latest_used)``; ``latest_used`` is true only when ``on`` lies after the last
    period and ``allow_latest`` permitted the latest table (decision 15: the result must then say so).
    """
    tables = all_tables()
    for table in tables:
        if table.period.start <= on <= table.period.end:
            return table, False
    if on > tables[-1].period.end and allow_latest:
        return tables[-1], True
    raise NormsNotAvailable(
        f"no norm table covers {on.isoformat()}; the tables cover {coverage()}",
        hint=(
            "the bvv regime starts on 2021-01-01"
            if on < tables[0].period.start
            else "upgrade bvv when the next norms are published, or pass --allow-latest-norms "
            "(allow_latest_norms=True) to use the latest table; the result then lists the "
            "assumption 'latest-norms-used'"
        ),
        path="determination_date",
    )


@cache
def _aow() -> _AowTable:
    data, _ = _read_yaml("aow-leeftijd.yaml")
    try:
        return _AowTable.model_validate(data)
    except ValidationError as exc:
        raise NormsInvalid(f"norms/aow-leeftijd.yaml is invalid: {exc.errors()[0]['msg']}") from None


def aow_age_for_year(year: int) -> AowAge | None:
    """The AOW age (AOW art. 7a) for someone reaching it in ``year``; None when not published."""
    return _aow().by_year.get(year)
