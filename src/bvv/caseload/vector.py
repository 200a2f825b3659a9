"""The vector engine: a whole table of cases at once with numpy and Arrow, exact to the cent.

:func:`evaluate` takes an Arrow table of nested ``bvv-case/1`` rows (:data:`CASE_SCHEMA`) and
computes the beslagvrije voet of every row it covers in float64 arrays. It covers the common,
stable routes: the lid-2 formula in both regimes with the lid-3 zorg cap and the lid-1 maxima,
lid 4 (no residential address, abroad with a woonlandfactor), 475e (unregistered but disclosed,
care institution), the 475db deductions, the 95 % rule of 475dc lid 1, the court increase of 475fa
and one garnished income. A row is **not covered**, and must be calculated by the scalar engine
(:func:`bvv.calculate`), when

* it is anything the vector path does not model: a housing increase (475da lid 5-7), a designated
  benefit (475dc lid 2), several garnished incomes, a garnished allowance (category j), a pay
  period other than a month, an explicit
  ``leefsituatie``, provenance or input diagnostics, a date outside the norm tables;
* any field fails the vector path's own strict validation (the scalar engine then gives the
  exact error), or a cross-field check of ``check_consistency`` would fail;
* **the guard**: the unrounded amount lies within :data:`GUARD_CENTS` of a half cent, or a
  comparison that decides an assumption is within :data:`GUARD_EUR` of a tie.

Float64 carries about 16 significant digits; amounts stay below 10^7 euro here (larger incomes
are not covered), so the error of a few operations is below 10^-8 euro — far inside the guard.
Every number comes from the norm tables (:mod:`bvv.norms`). The differential test
``tests/batch/test_vector.py`` compares every covered row with :func:`bvv.calculate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from bvv.model import MAX_INCOMES
from bvv.norms import NormSet, NormTable, active_norms
from bvv.rules import rv_475da, rv_475dc, rv_475e
from bvv.rules.rv_475ab import LEEFSITUATIES

__all__ = [
    "ASSUMPTION_IDS",
    "CASE_SCHEMA",
    "DIAGNOSTIC_CODES",
    "GUARD_CENTS",
    "ROUTES",
    "VectorOutcome",
    "conform",
    "evaluate",
]

F = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]

#: a row whose unrounded amount is this close to a half cent (in cents) goes to the scalar engine
GUARD_CENTS = 1e-5
#: a comparison that decides an assumption this close to a tie (in euro) goes to the scalar engine
GUARD_EUR = 1e-7
#: incomes C above this (euro a year) are not covered (keeps float errors far below the guard)
MAX_C_EUR = 10_000_000

_MONEY = pa.string()
_DATE = pa.string()
_INCOME = pa.struct(
    [
        ("id", pa.string()),
        ("category", pa.string()),
        ("net_monthly", _MONEY),
        ("garnished", pa.bool_()),
        ("pay_period", pa.string()),
        ("net_per_period", _MONEY),
        ("payer", pa.string()),
    ]
)
#: ``bvv-case/1`` as an Arrow schema: money and dates are strings, exactly as in the JSON
CASE_SCHEMA = pa.schema(
    [
        ("format", pa.string()),
        ("id", pa.string()),
        ("determination_date", _DATE),
        (
            "debtor",
            pa.struct(
                [
                    ("birth_date", _DATE),
                    ("residence", pa.string()),
                    ("country", pa.string()),
                    ("woonlandfactor", pa.string()),
                    ("institution_care_price_monthly", _MONEY),
                ]
            ),
        ),
        (
            "household",
            pa.struct(
                [
                    ("partner", pa.bool_()),
                    ("dependent_children", pa.int64()),
                    ("leefsituatie", pa.string()),
                    ("partner_birth_date", _DATE),
                    ("children_birth_dates", pa.list_(_DATE)),
                ]
            ),
        ),
        ("taxable_income_annual", pa.struct([("debtor", _MONEY), ("partner", _MONEY)])),
        ("incomes", pa.list_(_INCOME)),
        ("partner_incomes", pa.list_(_INCOME)),
        (
            "housing",
            pa.struct(
                [
                    ("kind", pa.string()),
                    ("costs_monthly", _MONEY),
                    (
                        "high_costs_increase",
                        pa.struct([("requested_on", _DATE), ("extended", pa.bool_())]),
                    ),
                    ("owner_increase_requested", pa.bool_()),
                    ("owner_increase_monthly", _MONEY),
                ]
            ),
        ),
        ("company_car_wage_tax_monthly", _MONEY),
        (
            "designated_benefit",
            pa.struct([("applicable_norm_monthly", _MONEY), ("other_income_monthly", _MONEY)]),
        ),
        (
            "court_increase",
            pa.struct([("amount_monthly", _MONEY), ("from", _DATE), ("until", _DATE)]),
        ),
    ]
)

#: assumption ids the vector path can record (bit n of the mask is entry n)
ASSUMPTION_IDS: tuple[str, ...] = (
    "rounding-half-up-at-end",
    "negative-terms-floored",
    "bvv-floored-at-zero",
    "zorg-cap-couples-double-premium",
    "single-parent-multi-person-housing",
    "income-base-95pct-all-a-to-i",
    "court-increase-after-95pct",
    "indexed-maxima-from-january-2021",
    "loaded-norms-used",
    "abroad-woonlandfactor-on-47-5pct",
    "institution-95pct-with-475db",
)
#: diagnostic codes the vector path can record (bit n of the mask is entry n)
DIAGNOSTIC_CODES: tuple[str, ...] = (
    "partner-income-unknown",
    "no-income-listed",
    "no-income-a-to-i",
    "court-increase-not-in-force",
    "no-garnished-income",
    "garnishment-order",
    "children-count-mismatch",
)
ROUTES: tuple[str, ...] = ("formula", "no_address", "institution")
_A = {name: np.int64(1 << n) for n, name in enumerate(ASSUMPTION_IDS)}
_D = {name: np.int64(1 << n) for n, name in enumerate(DIAGNOSTIC_CODES)}
_RESIDENCES = ("nl", "no_residential_address", "abroad", "nl_unregistered_disclosed")
_KINDS = ("rent", "rent_non_wht", "owner", "none")
_EPOCH = date(1970, 1, 1)


def _day(d: date) -> int:
    return (d - _EPOCH).days


@dataclass(frozen=True)
class VectorOutcome:
    """What :func:`evaluate` computed, one entry per input row (numpy arrays).

    ``covered`` is false where the scalar engine must calculate the row; the other arrays are
    meaningful only where ``covered`` is true.
    """

    covered: B
    bvv_cents: I64
    leefsituatie: npt.NDArray[np.int8]
    route: npt.NDArray[np.int8]
    period: npt.NDArray[np.int32]
    assumptions: I64
    diagnostics: I64
    #: the garnished income: its index in the flattened ``incomes`` (-1 when there is none)
    garnished_index: I64
    payment_cents: I64
    #: norm_period start of each table, in the order of ``period``
    period_starts: tuple[date, ...]

    @property
    def n(self) -> int:
        return len(self.covered)


# ------------------------------------------------------------------------------ parsing columns


def _np_bool(arr: pa.Array | pa.ChunkedArray) -> B:
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def _field(arr: pa.Array, name: str) -> pa.Array:
    return pc.struct_field(arr, name)


def _money(arr: pa.Array, *, default: int | None = None) -> tuple[I64, B]:
    """Integer cents and a validity mask; null is ``default`` (invalid when None)."""
    null = _np_bool(arr.is_null())
    ok = _np_bool(pc.match_substring_regex(arr, r"^[0-9]{1,9}(\.[0-9]{1,2})?$")) & ~null
    clean = pc.if_else(pa.array(ok), arr, pa.scalar("0")).cast(pa.decimal128(12, 2))
    if isinstance(clean, pa.ChunkedArray):
        clean = clean.combine_chunks()
    raw = np.frombuffer(clean.buffers()[1], dtype=np.int64)
    cents = raw[2 * clean.offset : 2 * (clean.offset + len(clean)) : 2].copy()
    if default is not None:
        cents[null] = default
        ok = ok | null
    return cents, ok


def _dates(arr: pa.Array, *, nullable: bool) -> tuple[npt.NDArray[np.int64], B]:
    """Days since 1970-01-01 and a validity mask (strict ``YYYY-MM-DD``, a real calendar day)."""
    null = _np_bool(arr.is_null())
    shaped = _np_bool(pc.match_substring_regex(arr, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) & ~null
    text = pc.if_else(pa.array(shaped), arr, pa.scalar("1970-01-01"))
    ts = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    same = _np_bool(pc.equal(pc.strftime(ts, format="%Y-%m-%d"), text))
    days = np.asarray(pc.fill_null(ts.cast(pa.int64()), 0).to_numpy(zero_copy_only=False)) // 86400
    ok = shaped & same
    if nullable:
        ok = ok | null
    return days.astype(np.int64), ok


def _codes(arr: pa.Array, values: Sequence[str], default: str | None) -> tuple[npt.NDArray[np.int8], B]:
    """Index of each value in ``values`` (null is ``default``); -1 and invalid otherwise."""
    if default is not None:
        arr = pc.fill_null(arr, default)
    idx = pc.index_in(arr, value_set=pa.array(list(values)))
    codes = np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int8)
    return codes, codes >= 0


def _ymd(days: npt.NDArray[np.int64]) -> tuple[I64, I64]:
    """Year and month*100+day of days since the epoch."""
    d = days.astype("datetime64[D]")
    years = d.astype("datetime64[Y]").astype(np.int64) + 1970
    months = d.astype("datetime64[M]")
    md = (months.astype(np.int64) % 12 + 1) * 100 + (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return years, md


# ------------------------------------------------------------------------------ norms as arrays


#: values used in exact integer arithmetic: each must be a small rational (95, 47.5, 1/2);
#: where it is not, the rows of that table are computed in float with the guard
_RATIO_KEYS = ("rv475da_lid2_base_pct", "rv475da_lid4_pct", "rv475db_partner_max_fraction", "rv475dc_pct")


@dataclass(frozen=True)
class NormArrays:
    """The statute values of a sequence of norm tables as float64 arrays, one entry per table."""

    starts: tuple[date, ...]
    start_days: I64
    end_days: I64
    linear: B
    #: tables read from a folder (``--norms DIR``): the result records ``loaded-norms-used``
    loaded: B
    #: provisional tables: left to the scalar engine (it decides whether they may be used)
    provisional: B
    values: dict[str, F]
    #: exact rationals (numerator, denominator) of the percentages and fractions used exactly
    ratios: dict[str, tuple[I64, I64]]

    @classmethod
    def of(cls, tables: Sequence[NormTable], loaded: frozenset[date] = frozenset()) -> NormArrays:
        ratios: dict[str, tuple[I64, I64]] = {}
        for key in _RATIO_KEYS:
            fr = [Fraction(t.values[key].amount) for t in tables]
            small = [x.denominator <= 1000 for x in fr]
            pairs = [(x.numerator, x.denominator) if ok else (0, 0) for x, ok in zip(fr, small, strict=True)]
            ratios[key] = (
                np.array([a for a, _ in pairs], dtype=np.int64),
                np.array([b for _, b in pairs], dtype=np.int64),
            )
        values = {
            key: np.array(
                [float(t.values[key].amount) if key in t.values else np.nan for t in tables]
            )
            for key in sorted(set().union(*(t.values.keys() for t in tables)))
        }
        return cls(
            starts=tuple(t.period.start for t in tables),
            start_days=np.array([_day(t.period.start) for t in tables], dtype=np.int64),
            end_days=np.array([_day(t.period.end) for t in tables], dtype=np.int64),
            linear=np.array([t.regime == "linear-2026" for t in tables]),
            loaded=np.array([t.period.start in loaded for t in tables], dtype=bool),
            provisional=np.array([t.status != "published" for t in tables], dtype=bool),
            values=values,
            ratios=ratios,
        )

    def take(self, period: npt.NDArray[np.int32]) -> dict[str, Any]:
        """The values per row; a key no table has (one regime only) is NaN, never used."""
        out: dict[str, Any] = _NaNs(len(period))
        out.update({key: v[period] for key, v in self.values.items()})
        for key, (num, den) in self.ratios.items():
            out[key + "/"] = (num[period], den[period])
        return out


class _NaNs(dict[str, Any]):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def __missing__(self, key: str) -> F:
        return np.full(self.n, np.nan)


_BY_FINGERPRINT: dict[str, NormArrays] = {}


def _norm_arrays(norms: NormSet | Sequence[NormTable] | None) -> NormArrays:
    """The arrays of ``norms``; None is the set in use (:func:`bvv.norms.active_norms`)."""
    if norms is None:
        norms = active_norms()
    if not isinstance(norms, NormSet):
        return NormArrays.of(norms)
    if norms.fingerprint not in _BY_FINGERPRINT:
        _BY_FINGERPRINT[norms.fingerprint] = NormArrays.of(norms.tables, norms.loaded)
    return _BY_FINGERPRINT[norms.fingerprint]


# ------------------------------------------------------------------------------ incomes

#: ids the vector path takes: no JSON escapes and no characters beyond the BMP (canonical JSON)
_ID_PATTERN = r'^[^\s"\\\x00-\x1f\x{10000}-\x{10FFFF}][^"\\\x00-\x1f\x{10000}-\x{10FFFF}]*$'
_CASE_ID_PATTERN = r'^[^"\\\x00-\x1f\x{10000}-\x{10FFFF}]*$'
_CATEGORIES = "abcdefghij"


@dataclass(frozen=True)
class _Incomes:
    """One list column of incomes, flattened, with per-row sums in cents."""

    count: I64
    bad: B
    parent: I64
    ids: pa.Array
    category: npt.NDArray[np.int8]
    net: I64
    garnished: B
    ai_all: I64
    ai_free: I64
    garnished_count: I64

    @classmethod
    def of(cls, column: pa.Array, n: int) -> _Incomes:
        flat = column.flatten()
        parent = np.asarray(pc.list_parent_indices(column).to_numpy(), dtype=np.int64)
        ids = _field(flat, "id")
        cat, cat_ok = _codes(_field(flat, "category"), _CATEGORIES, None)
        net, net_ok = _money(_field(flat, "net_monthly"))
        garn_col = _field(flat, "garnished")
        garn = _np_bool(garn_col)
        _, period_ok = _codes(_field(flat, "pay_period"), ("month",), "month")
        id_ok = _np_bool(pc.match_substring_regex(ids, _ID_PATTERN)) & (
            np.asarray(pc.fill_null(pc.utf8_length(ids), 0).to_numpy(zero_copy_only=False)) <= 100
        )
        elem_ok = (
            cat_ok
            & net_ok
            & period_ok
            & id_ok
            & ~_np_bool(garn_col.is_null())
            & _np_bool(_field(flat, "net_per_period").is_null())
            & _np_bool(_field(flat, "payer").is_null())  # a payer name: the scalar engine echoes it
            & ~_np_bool(flat.is_null())
        )
        ai = cat <= 8

        def per_row(weights: npt.NDArray[Any]) -> I64:
            return np.bincount(parent, weights=weights, minlength=n).astype(np.int64)

        return cls(
            count=np.bincount(parent, minlength=n).astype(np.int64),
            bad=per_row(~elem_ok) > 0,
            parent=parent,
            ids=ids,
            category=cat,
            net=net,
            garnished=garn,
            ai_all=per_row(np.where(ai, net, 0)),
            ai_free=per_row(np.where(ai & ~garn, net, 0)),
            garnished_count=per_row(garn),
        )

    def garnished_index(self, n: int) -> I64:
        """Per row, the flat index of its garnished income (meaningful with exactly one)."""
        gidx = np.full(n, -1, dtype=np.int64)
        where = np.flatnonzero(self.garnished)
        gidx[self.parent[where]] = where
        return gidx

    def out_of_order(self, gidx: I64, n: int) -> B:
        """Rv 475c lid 2: an ungarnished a-i claim precedes the (single) garnished one."""
        j = np.flatnonzero(~self.garnished & (self.category <= 8))
        g = gidx[self.parent[j]]
        j, g = j[g >= 0], g[g >= 0]
        if not len(j):
            return np.zeros(n, dtype=bool)
        cj, cg, nj, ng = self.category[j], self.category[g], self.net[j], self.net[g]
        id_less = _np_bool(pc.less(self.ids.take(pa.array(j)), self.ids.take(pa.array(g))))
        earlier = (cj < cg) | ((cj == cg) & ((nj > ng) | ((nj == ng) & id_less)))
        return np.bincount(self.parent[j], weights=earlier, minlength=n) > 0


def _duplicate_ids(a: _Incomes, b: _Incomes, n: int) -> B:
    """Rows where an income id occurs twice (over incomes and partner incomes)."""
    ids = pa.concat_arrays([a.ids, b.ids])
    if not len(ids):
        return np.zeros(n, dtype=bool)
    t = pa.table({"p": np.concatenate([a.parent, b.parent]), "id": ids})
    counts = t.group_by(["p", "id"]).aggregate([("p", "count")])
    rows = np.asarray(counts.column("p").to_numpy())[np.asarray(counts.column("p_count").to_numpy()) > 1]
    dup = np.zeros(n, dtype=bool)
    dup[rows] = True
    return dup


def _under_18(column: pa.Array, on: I64, n: int) -> tuple[I64, I64, B]:
    """Per row: the number of birth dates, how many are under 18 on ``on``, and validity (a
    real date, not after ``on``)."""
    flat = column.flatten()
    parent = np.asarray(pc.list_parent_indices(column).to_numpy(), dtype=np.int64)
    days, ok = _dates(flat, nullable=False)
    by, bmd = _ymd(days)
    oy, omd = _ymd(on[parent])
    young = (oy - by - (omd < bmd)) < 18
    ok &= days <= on[parent]
    count = np.bincount(parent, minlength=n).astype(np.int64)
    under = np.bincount(parent, weights=young, minlength=n).astype(np.int64)
    return count, under, np.bincount(parent, weights=~ok, minlength=n) == 0


# ------------------------------------------------------------------------------ the case fields


def conform(table: pa.Table) -> pa.Table:
    """``table`` with exactly the columns and types of :data:`CASE_SCHEMA` (missing columns are
    null; ``large_string`` and the like, as pandas and other writers produce, are cast)."""
    if table.schema.equals(CASE_SCHEMA):
        return table
    columns = []
    for fld in CASE_SCHEMA:
        if fld.name in table.column_names:
            col = table.column(fld.name)
            columns.append(col if col.type.equals(fld.type) else col.cast(fld.type))
        else:
            columns.append(pa.nulls(table.num_rows, fld.type))
    return pa.Table.from_arrays(columns, schema=CASE_SCHEMA)


def _flat(table: pa.Table) -> dict[str, pa.Array]:
    """Every column of :data:`CASE_SCHEMA` as one Arrow array, structs split into ``a.b`` fields."""
    out: dict[str, pa.Array] = {}
    for name in CASE_SCHEMA.names:
        col = table.column(name).combine_chunks() if name in table.column_names else None
        if col is None:
            col = pa.nulls(table.num_rows, CASE_SCHEMA.field(name).type)
        typ = CASE_SCHEMA.field(name).type
        if pa.types.is_struct(typ) and name not in ("designated_benefit",):
            for sub in typ:
                out[f"{name}.{sub.name}"] = _field(col, sub.name)
        out[name] = col
    return out


def _fields(cols: dict[str, pa.Array], n: int) -> tuple[dict[str, Any], B]:
    """The scalar facts of every row as numpy arrays, and which rows the vector path can take."""
    f: dict[str, Any] = {}
    ok = _np_bool(pc.fill_null(pc.equal(cols["format"], "bvv-case/1"), True))
    case_id = cols["id"]
    ok &= _np_bool(pc.fill_null(pc.less_equal(pc.utf8_length(case_id), 200), True))
    ok &= _np_bool(pc.fill_null(pc.match_substring_regex(case_id, _CASE_ID_PATTERN), True))
    f["on"], v = _dates(cols["determination_date"], nullable=False)
    ok &= v
    for name in ("debtor.birth_date", "household.partner_birth_date"):
        born, v = _dates(cols[name], nullable=True)
        ok &= v & (_np_bool(cols[name].is_null()) | (born <= f["on"]))  # born by the date
    # decision 19: residence, partner and the number of children are required facts
    f["residence"], v = _codes(cols["debtor.residence"], _RESIDENCES, None)
    ok &= v
    country = cols["debtor.country"]
    f["country"] = ~_np_bool(country.is_null())
    ok &= _np_bool(pc.fill_null(pc.match_substring_regex(country, r"^[A-Z]{2}$"), True))
    wlf = cols["debtor.woonlandfactor"]
    f["wlf_given"] = ~_np_bool(wlf.is_null())
    wlf_ok = _np_bool(pc.match_substring_regex(wlf, r"^(0|[1-9][0-9]?)(\.[0-9]{1,6})?$"))
    f["wlf"] = np.asarray(
        pc.if_else(pa.array(wlf_ok), wlf, pa.scalar("0")).cast(pa.float64()).to_numpy(zero_copy_only=False)
    )
    ok &= ~f["wlf_given"] | (wlf_ok & (f["wlf"] > 0) & (f["wlf"] <= 10))
    f["price"], v = _money(cols["debtor.institution_care_price_monthly"], default=-1)
    ok &= v
    f["partner"] = _np_bool(cols["household.partner"])
    ok &= ~_np_bool(cols["household.partner"].is_null())
    ok &= ~_np_bool(cols["household.dependent_children"].is_null())
    children = np.asarray(pc.fill_null(cols["household.dependent_children"], 0).to_numpy())
    f["children"] = children
    ok &= (children >= 0) & (children <= 30) & _np_bool(cols["household.leefsituatie"].is_null())
    f["ti_debtor"], v = _money(cols["taxable_income_annual.debtor"])
    ok &= v
    f["ti_partner"], v = _money(cols["taxable_income_annual.partner"], default=0)
    ok &= v & ~(f["partner"] & _np_bool(cols["taxable_income_annual.partner"].is_null()))
    f["kind"], v = _codes(cols["housing.kind"], _KINDS, "none")
    ok &= v & _money(cols["housing.costs_monthly"], default=0)[1]
    ok &= _money(cols["housing.owner_increase_monthly"], default=0)[1]
    ok &= _np_bool(cols["housing.high_costs_increase"].is_null())
    ok &= ~_np_bool(cols["housing.owner_increase_requested"])
    f["car"], v = _money(cols["company_car_wage_tax_monthly"], default=0)
    ok &= v & _np_bool(cols["designated_benefit"].is_null())
    ok &= _court(cols, f)
    return f, ok


def _court(cols: dict[str, pa.Array], f: dict[str, Any]) -> B:
    given = ~_np_bool(cols["court_increase"].is_null())
    amount, a_ok = _money(cols["court_increase.amount_monthly"])
    start, s_ok = _dates(cols["court_increase.from"], nullable=False)
    until, u_ok = _dates(cols["court_increase.until"], nullable=False)
    f["court_given"], f["court_cents"], f["court_from"], f["court_until"] = given, amount, start, until
    return ~given | (a_ok & s_ok & u_ok & (until >= start))


# ------------------------------------------------------------------------------ exact amounts

#: micro-euro per cent: exact amounts are carried as integers of 10^-6 euro
_MU_PER_CENT = 10_000


@dataclass(frozen=True)
class _Amt:
    """An amount per row: float euro, and where ``x`` is true also exactly, in micro-euro ``u``.

    Most bvv's end on an amount that is a simple rational of cents — a maximum, half of it after
    the partner deduction, 95 % of an income, minus cents. Carrying those exactly removes the
    half-cent ties the float guard would otherwise send to the scalar engine.
    """

    f: F
    u: I64
    x: B

    @classmethod
    def cents(cls, cents: I64) -> _Amt:
        return cls(cents / 100, cents * _MU_PER_CENT, np.ones(len(cents), dtype=bool))

    @classmethod
    def inexact(cls, f: F) -> _Amt:
        return cls(f, np.zeros(len(f), dtype=np.int64), np.zeros(len(f), dtype=bool))

    @classmethod
    def ratio_of_cents(cls, cents: I64, ratio: tuple[I64, I64], scale: int) -> _Amt:
        """``cents x num / den / scale`` (scale 100 for a percentage), exact when it divides."""
        num, den = ratio
        top = cents * _MU_PER_CENT * num
        div = np.maximum(den * scale, 1)
        return cls(cents / 100 * num / div, top // div, (den > 0) & (top % div == 0))

    def where(self, cond: B, other: _Amt) -> _Amt:
        return _Amt(
            np.where(cond, self.f, other.f), np.where(cond, self.u, other.u), np.where(cond, self.x, other.x)
        )

    def minimum(self, other: _Amt) -> tuple[_Amt, B]:
        """The smaller per row, and the rows where a float tie makes the choice unsafe."""
        both = self.x & other.x
        take_other = np.where(both, other.u < self.u, other.f < self.f)
        tie = ~both & (np.abs(self.f - other.f) < GUARD_EUR)
        return self.where(~take_other, other), tie

    def scaled(self, ratio: tuple[I64, I64]) -> _Amt:
        num, den = ratio
        top = self.u * num
        div = np.maximum(den, 1)
        return _Amt(self.f * num / div, top // div, self.x & (den > 0) & (top % div == 0))

    def minus(self, other: _Amt) -> _Amt:
        return _Amt(self.f - other.f, self.u - other.u, self.x & other.x)

    def minus_cents(self, cents: I64, floor: bool) -> _Amt:
        f = self.f - cents / 100
        u = self.u - cents * _MU_PER_CENT
        if floor:
            f, u = np.maximum(0.0, f), np.maximum(0, u)
        return _Amt(f, u, self.x)

    def rounded(self) -> tuple[I64, B]:
        """Cents half up, and the inexact rows within the guard of a half cent."""
        c = self.f * 100
        near = ~self.x & (np.abs(c - np.floor(c) - 0.5) < GUARD_CENTS)
        exact = (self.u + _MU_PER_CENT // 2) // _MU_PER_CENT
        return np.where(self.x, exact, np.floor(c + 0.5)).astype(np.int64), near


# ------------------------------------------------------------------------------ the rules


def _formula(
    nv: dict[str, Any], ls: npt.NDArray[np.int8], c: F, c_cents: I64, linear: B
) -> tuple[_Amt, I64, B]:
    """Rv 475da lid 1-3 in both regimes: the amount, assumption bits, and guard hits."""
    married = ls >= 2
    one = ls == 0
    base = np.where(married, nv["pw21b_norm"], nv["pw21a_norm"]) * nv["rv475da_lid2_base_pct"] / 100
    d = nv["wzt_drempelinkomen"]
    dmin = np.minimum(d, c)
    raw_zorg = (c - dmin) / 12 * (nv["wzt_pct_above_drempel"] / 100)
    premium = np.where(married, nv["zvw_standaardpremie"] * 2, nv["zvw_standaardpremie"])
    cap = premium / 12 - np.where(married, nv["pw23_lid2_couple"], nv["pw23_lid2_single"])
    zorg = np.minimum(raw_zorg, cap)
    fa = np.where(one, nv["wht19_a_one_person"], nv["wht19_a_multi_person"])
    fb = np.where(one, nv["wht19_b_one_person"], nv["wht19_b_multi_person"])
    raw_q = fa * c * c + fb * c - nv["wht17_2_normhuur"]
    afbouw = np.where(one, nv["wht21_2a_afbouw_one_person"], nv["wht21_2b_afbouw_multi_person"])
    ijk = np.where(one, nv["wht17_1_ijkpunt_one_person"], nv["wht17_1_ijkpunt_multi_person"])
    basis = np.where(one, nv["wht16_basishuur_one_person"], nv["wht16_basishuur_multi_person"])
    raw_l = (c - ijk) * afbouw / 100 / 12
    cap_l = nv["wht13_1a_maximale_huurgrens"] - basis
    housing = np.where(linear, np.maximum(0.0, np.minimum(raw_l, cap_l)), np.maximum(0.0, raw_q))
    negative = np.where(linear, c_cents < np.rint(ijk * 100), raw_q < 0)
    guard = ~linear & (np.abs(raw_q) < GUARD_EUR)
    k = nv["wkb_afbouwpercentage"] / 100
    d_cents, l_cents = np.rint(d * 100), np.rint(nv["wkb_verhoging_drempel_partner"] * 100)
    kgb_parent = (c - dmin) / 12 * k
    kgb_couple = np.maximum(0.0, (c - (dmin + nv["wkb_verhoging_drempel_partner"])) / 12 * k)
    kgb = np.where(ls == 1, kgb_parent, np.where(ls == 3, kgb_couple, 0.0))
    couple_floor = (ls == 3) & (c_cents < np.minimum(d_cents, c_cents) + l_cents)
    total = base + zorg + housing + kgb
    maxima = np.stack(
        [
            nv["maximum_alleenstaande"],
            nv["maximum_alleenstaande_ouder"],
            nv["maximum_gehuwden_zonder_kinderen"],
            nv["maximum_gehuwden_met_kinderen"],
        ]
    )
    maximum = np.take_along_axis(maxima, ls.astype(np.int64)[None, :], axis=0)[0]
    bits = np.where(negative | couple_floor, _A["negative-terms-floored"], 0)
    bits |= np.where(married, _A["zorg-cap-couples-double-premium"], 0)
    bits |= np.where(ls == 1, _A["single-parent-multi-person-housing"], 0)
    # below every phase-out only the base term is left: exact (so a bijstand income capped at
    # 95 % -- the same amount -- is no tie)
    norm_cents = np.rint(np.where(married, nv["pw21b_norm"], nv["pw21a_norm"]) * 100).astype(np.int64)
    exact_base = _Amt.ratio_of_cents(norm_cents, nv["rv475da_lid2_base_pct/"], 100)
    only_base = (zorg == 0) & (housing == 0) & (kgb == 0) & ~guard
    formula = exact_base.where(only_base, _Amt.inexact(total))
    amount, tie = formula.minimum(_Amt.cents(np.rint(maximum * 100).astype(np.int64)))
    return amount, bits.astype(np.int64), guard | tie


def _special(nv: dict[str, Any], f: dict[str, Any], married: B) -> tuple[_Amt, _Amt, B]:
    """Rv 475da lid 4 (no address, abroad) and 475e lid 2 (institution): the two amounts, and
    rows abroad without a woonlandfactor or country (the scalar engine reports them)."""
    pw21b = np.rint(nv["pw21b_norm"] * 100).astype(np.int64)
    no_address = _Amt.ratio_of_cents(pw21b, nv["rv475da_lid4_pct/"], 100)
    abroad = f["residence"] == 2
    no_address = _Amt.inexact(no_address.f * f["wlf"]).where(abroad, no_address)
    lid1 = np.where(married, nv["pw23_lid1_couple"], nv["pw23_lid1_single"])
    lid2 = np.where(married, nv["pw23_lid2_couple"], nv["pw23_lid2_single"])
    institution = f["price"] / 100 + lid1 * nv["rv475e_lid2_norm_fraction"] + lid2
    # abroad without a woonlandfactor or country, or in an institution abroad: the scalar engine
    # reports why it cannot compute these
    not_covered = abroad & (~(f["wlf_given"] & f["country"]) | (f["price"] >= 0))
    return no_address, _Amt.inexact(institution), not_covered


def _deductions(
    amount: _Amt, nv: dict[str, Any], f: dict[str, Any], inc: _Incomes, pinc: _Incomes, married: B
) -> tuple[_Amt, I64, I64, B]:
    """Rv 475db lid 1 a-c and the 95 % rule of 475dc lid 1; assumption and diagnostic bits."""
    n = len(amount.f)
    a_bits = np.zeros(n, dtype=np.int64)
    d_bits = np.zeros(n, dtype=np.int64)
    ded, guard = _Amt.cents(pinc.ai_free).minimum(amount.scaled(nv["rv475db_partner_max_fraction/"]))
    amount = amount.minus(ded).where(married, amount)
    guard &= married
    unknown = married & (f["ti_partner"] > 0) & (pinc.count == 0)
    d_bits |= np.where(unknown, _D["partner-income-unknown"], 0)
    for cents in (inc.ai_free, f["car"]):
        present = cents > 0
        value = cents / 100
        above = np.where(amount.x, cents * _MU_PER_CENT > amount.u, value > amount.f)
        a_bits |= np.where(present & above, _A["bvv-floored-at-zero"], 0)
        guard |= present & ~amount.x & (np.abs(value - amount.f) < GUARD_EUR)
        amount = amount.minus_cents(cents, floor=True).where(present, amount)
    listed = inc.count > 0
    d_bits |= np.where(~listed, _D["no-income-listed"], 0)
    d_bits |= np.where(listed & (inc.ai_all == 0), _D["no-income-a-to-i"], 0)
    capped, tie = amount.minimum(_Amt.ratio_of_cents(inc.ai_all, nv["rv475dc_pct/"], 100))
    amount = capped.where(listed, amount)
    guard |= listed & tie
    all_ai = (inc.ai_free > 0) | (f["on"] < _day(rv_475dc.LID_2_IN_FORCE))
    a_bits |= np.where(listed & all_ai, _A["income-base-95pct-all-a-to-i"], 0)
    return amount, a_bits, d_bits, guard


def _period(on: I64, norms: NormArrays) -> tuple[npt.NDArray[np.int32], B]:
    idx = np.searchsorted(norms.start_days, on, side="right") - 1
    period = np.clip(idx, 0, len(norms.starts) - 1).astype(np.int32)
    inside = (on >= norms.start_days[period]) & (on <= norms.end_days[period])
    return period, inside


def _consistent(f: dict[str, Any], inc: _Incomes, pinc: _Incomes, n: int) -> B:
    """The cross-field checks of ``check_consistency`` (a row failing one is left to the scalar
    engine, which names the problem) and the element checks of the income lists."""
    ok = ~inc.bad & ~pinc.bad & ~_duplicate_ids(inc, pinc, n)
    ok &= f["partner"] | ((pinc.count == 0) & (f["ti_partner"] == 0))
    return ok


def evaluate(
    table: pa.Table, *, norms: NormSet | Sequence[NormTable] | None = None, on: date | None = None
) -> VectorOutcome:
    """The bvv of every row of ``table`` (nested ``bvv-case/1``, see :data:`CASE_SCHEMA`) that the
    vector path covers; ``norms`` replaces the norm set in use (what-if runs), ``on`` sets
    one determination date for every row."""
    n = table.num_rows
    arrays = _norm_arrays(norms)
    cols = _flat(conform(table))
    f, ok = _fields(cols, n)
    if on is not None:
        f["on"] = np.full(n, _day(on), dtype=np.int64)
    inc = _Incomes.of(cols["incomes"], n)
    pinc = _Incomes.of(cols["partner_incomes"], n)
    ok &= _consistent(f, inc, pinc, n) & (inc.garnished_count <= 1)
    ok &= (inc.count <= MAX_INCOMES) & (pinc.count <= MAX_INCOMES)
    period, inside = _period(f["on"], arrays)
    ok &= inside & ~arrays.provisional[period]
    nv = arrays.take(period)
    ls = (f["partner"].astype(np.int8) * 2 + (f["children"] > 0)).astype(np.int8)
    married = ls >= 2
    c_cents = f["ti_debtor"] + np.where(married, f["ti_partner"], 0)
    ok &= c_cents <= MAX_C_EUR * 100
    c = c_cents / 100
    formula, a_bits, guard = _formula(nv, ls, c, c_cents, arrays.linear[period])
    no_address, institution, abroad_bad = _special(nv, f, married)
    ok &= ~abroad_bad
    route = np.where(f["price"] >= 0, 2, np.where((f["residence"] == 1) | (f["residence"] == 2), 1, 0))
    amount = formula.where(route == 0, no_address.where(route == 1, institution))
    a_bits = np.where(route == 0, a_bits, 0)
    guard &= route == 0
    early = f["on"] < _day(rv_475da.INDEXED_MAXIMA_IN_TEXT_FROM)
    a_bits |= np.where((route == 0) & early, _A["indexed-maxima-from-january-2021"], 0)
    a_bits |= np.where((route == 1) & (f["residence"] == 2), _A["abroad-woonlandfactor-on-47-5pct"], 0)
    applies = (route != 2) | (f["on"] >= _day(rv_475e.DEDUCTIONS_APPLY_FROM))
    ded_amount, ded_a, d_bits, ded_guard = _deductions(amount, nv, f, inc, pinc, married)
    amount = ded_amount.where(applies, amount)
    a_bits |= np.where(applies, ded_a, 0)
    a_bits |= np.where(applies & (route == 2) & (inc.count > 0), _A["institution-95pct-with-475db"], 0)
    d_bits = np.where(applies, d_bits, 0)
    guard |= applies & ded_guard
    in_force = f["court_given"] & (f["court_from"] <= f["on"]) & (f["on"] <= f["court_until"])
    amount = amount.minus_cents(-f["court_cents"], floor=False).where(in_force, amount)
    a_bits |= np.where(in_force, _A["court-increase-after-95pct"], 0)
    d_bits |= np.where(f["court_given"] & ~in_force, _D["court-increase-not-in-force"], 0)
    a_bits |= _A["rounding-half-up-at-end"]
    a_bits |= np.where(arrays.loaded[period], _A["loaded-norms-used"], 0)
    bvv_cents, near = amount.rounded()
    guard |= near
    gidx = inc.garnished_index(n)
    d_bits |= np.where(inc.garnished_count == 0, _D["no-garnished-income"], 0)
    d_bits |= np.where(inc.out_of_order(gidx, n), _D["garnishment-order"], 0)
    # a garnished allowance (j) alone: decision 20 (engine.division) is left to the scalar engine
    allowance = (gidx >= 0) & (inc.category[np.maximum(gidx, 0)] == 9) if len(inc.category) else gidx < -1
    ok &= ~allowance
    ch_bits, ch_ok = _children_mismatch(cols, f["on"], f["children"], n)
    d_bits |= ch_bits
    payment = np.where(gidx >= 0, inc.net[np.maximum(gidx, 0)] if len(inc.net) else 0, 0)
    return VectorOutcome(
        covered=ok & ch_ok & ~guard,
        bvv_cents=bvv_cents,
        leefsituatie=ls,
        route=route.astype(np.int8),
        period=period,
        assumptions=a_bits.astype(np.int64),
        diagnostics=d_bits.astype(np.int64),
        garnished_index=np.where(inc.garnished_count == 1, gidx, -1),
        payment_cents=np.asarray(payment, dtype=np.int64),
        period_starts=arrays.starts,
    )


def _children_mismatch(cols: dict[str, pa.Array], on: I64, children: I64, n: int) -> tuple[I64, B]:
    """``children-count-mismatch``: birth dates under 18 on the date against the number given."""
    count, under, valid = _under_18(cols["household.children_birth_dates"], on, n)
    mismatch = (count > 0) & (under != children)
    return np.where(mismatch, _D["children-count-mismatch"], 0).astype(np.int64), valid


def leefsituatie_names() -> tuple[str, ...]:
    """The living situations in the order of :attr:`VectorOutcome.leefsituatie` codes."""
    return LEEFSITUATIES
