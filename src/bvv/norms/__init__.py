"""Versioned norm tables: one YAML file per half-year period, every value with its legal source.

The files in this folder are data. Each holds every number the rules use for one period
(``format: bvv-norms/1``, models in :mod:`bvv.norms.tables`): the Participatiewet norms, the lid-1
maxima, the zorgtoeslag, huurtoeslag and kindgebonden-budget parameters of the lid-2 formula, the
lid-7 income limits and the statutory percentages and terms of Rv 475da–475e. Every value names its
legal basis, its legal source (the publication that sets it), how it was verified (``read``,
``reproduced``, ``secondary``) and a confidence (``V`` read in the official text, ``P`` secondary
or pinned by reproducing published amounts, ``U`` unverified). Research notes stay in ``note``
and never reach a result.

Everything is validated when the tables are first loaded: a malformed value, a missing key for the
period's regime, a gap or an overlap between periods is a :class:`NormsInvalid` error at load time,
never a surprise during a calculation. Adding the next half-year is adding one file (and a test);
``bvv norms new`` writes its skeleton and ``bvv norms check`` recomputes its published maxima
(:mod:`bvv.norms.check`).

A :class:`NormSet` is the tables a calculation may use: :func:`bundled_norms`, or
:func:`load_norm_dir` (``--norms DIR``, ``BVV_NORMS_DIR``), which adds or replaces periods after the
same check. :func:`use_norms` makes a set the one in use (:func:`active_norms`).

:func:`norms_for` refuses to guess (decision 15): a date before the first or after the last period
raises :class:`~bvv.errors.NormsNotAvailable` naming the periods that exist, and so does a
provisional table unless the caller allows it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from bvv.errors import NormsNotAvailable
from bvv.norms.check import failures
from bvv.norms.tables import (
    CONFIDENCE_LEGEND_NL,
    REGIME_KEYS,
    AowAge,
    AsPublished,
    Confidence,
    NormFileInvalid,
    NormsInvalid,
    NormTable,
    NormValue,
    Regime,
    Variant,
    Verified,
    _AowTable,
    check_contiguous,
    is_period_file,
    parse_table,
)

__all__ = [
    "CONFIDENCE_LEGEND_NL",
    "NORMS_DIR_ENV",
    "REGIME_KEYS",
    "AowAge",
    "AsPublished",
    "Confidence",
    "NormFileInvalid",
    "NormSet",
    "NormTable",
    "NormValue",
    "NormsInvalid",
    "Regime",
    "Variant",
    "Verified",
    "active_norms",
    "all_tables",
    "aow_age_for_year",
    "bundled_norms",
    "load_norm_dir",
    "norms_fingerprint",
    "norms_for",
    "parse_table",
    "provisional_allowed",
    "read_norm_files",
    "use_norms",
]

#: a folder of period files that adds or replaces periods for every calculation (like ``--norms``)
NORMS_DIR_ENV = "BVV_NORMS_DIR"


def _read_yaml(name: str) -> tuple[object, bytes]:
    raw = resources.files(__name__).joinpath(name).read_bytes()
    return yaml.safe_load(raw), raw


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
