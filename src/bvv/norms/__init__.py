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
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from bvv.errors import BvvError, NormsNotAvailable

__all__ = [
    "NORMS_DIR_ENV",
    "AowAge",
    "NormFileInvalid",
    "NormSet",
    "NormTable",
    "NormValue",
    "NormsInvalid",
    "active_norms",
    "all_tables",
    "aow_age_for_year",
    "bundled_norms",
    "load_norm_dir",
    "norms_fingerprint",
    "norms_for",
    "use_norms",
]

#: a folder of period files that adds or replaces periods for every calculation (like ``--norms``)
NORMS_DIR_ENV = "BVV_NORMS_DIR"

Confidence = Literal["V", "P", "U"]
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


def _read_yaml(name: str) -> tuple[object, bytes]:
    raw = resources.files(__name__).joinpath(name).read_bytes()
    return yaml.safe_load(raw), raw


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


@dataclass(frozen=True)
class NormSet:
    """The norm tables a calculation may use, oldest first, with a fingerprint over their files.

    The bundled set is :func:`bundled_norms`; :func:`load_norm_dir` adds or replaces periods from a
    folder. ``loaded`` names the periods (their start dates) that came from outside the package.
    """

    tables: tuple[NormTable, ...]
    fingerprint: str
    loaded: frozenset[date] = frozenset()
    origin: str = "bundled"

    @classmethod
    def from_files(
        cls, files: Mapping[str, bytes], *, loaded: frozenset[date] = frozenset(), origin: str = "bundled"
    ) -> NormSet:
        """A set from period files (name -> raw bytes): each validated, together contiguous."""
        tables = sorted((parse_table(raw, name) for name, raw in files.items()), key=lambda t: t.start)
        check_contiguous(tables)
        digest = hashlib.sha256()
        for name in sorted(files):
            digest.update(name.encode() + b"\0" + files[name])
        return cls(tuple(tables), digest.hexdigest(), loaded, origin)

    def table(self, start: date) -> NormTable:
        """The table of the period starting on ``start``."""
        for table in self.tables:
            if table.start == start:
                return table
        raise NormsNotAvailable(
            f"no norm period starts on {start.isoformat()}; the periods are {self.coverage()}",
            hint="bvv norms list",
        )

    def is_loaded(self, table: NormTable) -> bool:
        """Whether ``table`` came from a folder (``--norms DIR``) rather than from the package."""
        return table.start in self.loaded

    def coverage(self) -> str:
        return (
            f"{self.tables[0].period.start} .. {self.tables[-1].period.end} "
            f"(periods: {', '.join(t.period.start.isoformat() for t in self.tables)})"
        )

    def table_for(
        self, on: date, *, allow_latest: bool = False, allow_provisional: bool = False
    ) -> tuple[NormTable, bool]:
        """The table whose period contains ``on``; ``(table, latest_used)`` (see :func:`norms_for`)."""
        table, latest = self._covering(on, allow_latest)
        if table.status == "provisional" and not allow_provisional:
            raise NormsNotAvailable(
                f"the norm table {table.name} is provisional: its values are not yet published",
                hint="fill in the published values and mark the file 'status: published', or pass "
                "--allow-provisional-norms (allow_provisional_norms=True); the result then lists "
                "the assumption 'provisional-norms-used'",
                path="determination_date",
            )
        return table, latest

    def _covering(self, on: date, allow_latest: bool) -> tuple[NormTable, bool]:
        for table in self.tables:
            if table.period.start <= on <= table.period.end:
                return table, False
        if on > self.tables[-1].period.end and allow_latest:
            return self.tables[-1], True
        raise NormsNotAvailable(
            f"no norm table covers {on.isoformat()}; the tables cover {self.coverage()}",
            hint=(
                "the bvv regime starts on 2021-01-01"
                if on < self.tables[0].period.start
                else "upgrade bvv when the next norms are published, add the period with "
                "--norms DIR (see 'bvv norms new'), or pass --allow-latest-norms "
                "(allow_latest_norms=True) to use the latest table; the result then lists the "
                "assumption 'latest-norms-used'"
            ),
            path="determination_date",
        )


def _bundled_files() -> dict[str, bytes]:
    return {
        entry.name: entry.read_bytes()
        for entry in resources.files(__name__).iterdir()
        if is_period_file(entry.name)
    }


@cache
def bundled_norms() -> NormSet:
    """The norm tables shipped with bvv (validated on first use)."""
    return NormSet.from_files(_bundled_files())


def read_norm_files(path: str | Path) -> dict[str, bytes]:
    """The period files of a folder, or the one file ``path`` names (name -> raw bytes)."""
    p = Path(path)
    if p.is_file():
        return {p.name: p.read_bytes()}
    if not p.is_dir():
        raise NormsInvalid(f"{p}: no such norm file or folder")
    files = {f.name: f.read_bytes() for f in sorted(p.iterdir()) if f.is_file() and is_period_file(f.name)}
    if not files:
        raise NormsInvalid(f"{p}: no period files (YYYY-MM-DD.yaml) in this folder")
    return files


def merge_norm_files(files: Mapping[str, bytes], *, origin: str) -> NormSet:
    """The bundled set with ``files`` added or replacing periods: validated, not yet checked."""
    merged = {**_bundled_files(), **files}
    loaded = frozenset(parse_table(raw, name).start for name, raw in files.items())
    return NormSet.from_files(merged, loaded=loaded, origin=origin)


def load_norm_dir(path: str | Path) -> NormSet:
    """The bundled tables plus the period files in ``path`` (a folder, or one file).

    A file adds a period or replaces the bundled one with the same start. Each file must pass the
    same check as ``bvv norms check``: schema, units, every key its regime needs, no gap or
    overlap with the other periods, and the published maxima reproduced from its own parameters
    (:func:`bvv.norms.check.check_maxima`). Otherwise :class:`NormsInvalid`.
    """
    from bvv.norms.check import failures  # the check uses the rules; imported on use

    try:
        norm_set = merge_norm_files(read_norm_files(path), origin=str(path))
    except NormsInvalid as err:
        raise NormFileInvalid(err.message, hint="run 'bvv norms check' on the file or folder") from None
    problems = [f for t in norm_set.tables if norm_set.is_loaded(t) for f in failures(t)]
    if problems:
        raise NormFileInvalid(
            f"{path}: the published maxima do not follow from the parameters: " + "; ".join(problems),
            hint="run 'bvv norms check' on the file for the table",
        )
    return norm_set


_ACTIVE: ContextVar[NormSet | None] = ContextVar("bvv_norms_active", default=None)
_ALLOW_PROVISIONAL: ContextVar[bool] = ContextVar("bvv_norms_allow_provisional", default=False)


@contextmanager
def use_norms(norm_set: NormSet | None, *, allow_provisional: bool = False) -> Iterator[NormSet]:
    """Within the block, calculations use ``norm_set`` (None: the default set).

    ``allow_provisional`` permits provisional tables for calculations that do not decide it
    themselves (``calculate(..., allow_provisional_norms=None)``).
    """
    chosen = norm_set if norm_set is not None else active_norms()
    token = _ACTIVE.set(chosen)
    token_allow = _ALLOW_PROVISIONAL.set(allow_provisional)
    try:
        yield chosen
    finally:
        _ALLOW_PROVISIONAL.reset(token_allow)
        _ACTIVE.reset(token)


def provisional_allowed() -> bool:
    """Whether the enclosing :func:`use_norms` block allows provisional tables."""
    return _ALLOW_PROVISIONAL.get()


@cache
def _from_env(path: str) -> NormSet:
    return load_norm_dir(path)


def active_norms() -> NormSet:
    """The set in use: that of the enclosing :func:`use_norms`, else ``BVV_NORMS_DIR``, else bundled."""
    chosen = _ACTIVE.get()
    if chosen is not None:
        return chosen
    env = os.environ.get(NORMS_DIR_ENV)
    return _from_env(env) if env else bundled_norms()


def all_tables() -> tuple[NormTable, ...]:
    """Every norm table in use, oldest first (validated on first use)."""
    return active_norms().tables


def norms_fingerprint() -> str:
    """SHA-256 over the period files in use: changes whenever any number or source changes."""
    return active_norms().fingerprint


def coverage() -> str:
    return active_norms().coverage()


def norms_for(
    on: date, *, allow_latest: bool = False, allow_provisional: bool | None = None
) -> tuple[NormTable, bool]:
    """The norm table whose period contains ``on``, from the set in use (:func:`active_norms`).

    Returns ``(table, latest_used)``; ``latest_used`` is true only when ``on`` lies after the last
    period and ``allow_latest`` permitted the latest table (decision 15: the result must then say so).
    A provisional table is refused unless ``allow_provisional`` (``None``: as the enclosing
    :func:`use_norms` allows).
    """
    allow = provisional_allowed() if allow_provisional is None else allow_provisional
    return active_norms().table_for(on, allow_latest=allow_latest, allow_provisional=allow)


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
