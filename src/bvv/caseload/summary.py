"""Summary rows: one flat row a case, for spreadsheets, data warehouses and analysts.

A summary row (``--detail summary``) holds ``line`` (1-based input position), ``id``,
``beslagvrije_voet``, ``leefsituatie``, ``norm_period``, ``route`` (``formula``, ``no_address``,
``institution``), ``per_income`` (id, bvv and afdracht of every garnished income), the sorted
``assumptions`` ids and ``diagnostics`` codes, ``exact_path`` (true when the scalar engine
computed the row) and two hashes:

* ``input_sha256`` — the receipt's input hash: SHA-256 of the canonical (RFC 8785) JSON of the
  normalised case, the same value as ``receipt.input_sha256`` of the full result;
* ``output_sha256`` — SHA-256 of the canonical JSON of the summary row itself (all fields above
  except ``line``, ``exact_path`` and ``output_sha256``). The full result's output hash covers
  every step and is only known when the full result is built (``--detail full``).

Rows the vector engine covers are assembled column by column; their canonical JSON is built with
Arrow string kernels (``tests/batch/test_vector.py`` checks it byte for byte against
:func:`bvv.engine.receipt.canonical_json`). Other rows come from a :class:`bvv.Result`.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bvv.caseload.vector import ASSUMPTION_IDS, DIAGNOSTIC_CODES, ROUTES, VectorOutcome
from bvv.engine.receipt import canonical_json
from bvv.model import Result
from bvv.rules.rv_475ab import LEEFSITUATIES

__all__ = ["SUMMARY_SCHEMA", "route_of", "summary_from_result", "summary_from_vector"]

MONEY = pa.decimal128(12, 2)
PER_INCOME = pa.struct([("id", pa.string()), ("bvv", MONEY), ("afdracht", MONEY)])
SUMMARY_SCHEMA = pa.schema(
    [
        ("line", pa.int64()),
        ("id", pa.string()),
        ("beslagvrije_voet", MONEY),
        ("leefsituatie", pa.string()),
        ("norm_period", pa.string()),
        ("route", pa.string()),
        ("per_income", pa.list_(PER_INCOME)),
        ("assumptions", pa.list_(pa.string())),
        ("diagnostics", pa.list_(pa.string())),
        ("exact_path", pa.bool_()),
        ("input_sha256", pa.string()),
        ("output_sha256", pa.string()),
    ]
)
_HASHED = ("id", "beslagvrije_voet", "leefsituatie", "norm_period", "route", "per_income",
           "assumptions", "diagnostics", "input_sha256")  # fmt: skip


def _sha(values: list[bytes | str]) -> pa.Array:
    return pa.array(
        [hashlib.sha256(v.encode() if isinstance(v, str) else v).hexdigest() for v in values],
        pa.string(),
    )


def money(cents: np.ndarray[Any, Any]) -> pa.Array:
    """Integer cents as an exact Arrow ``decimal128(12, 2)`` array (no float on the way)."""
    c = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.stack([c, np.where(c < 0, -1, 0)], axis=1).astype(np.int64).ravel()
    return pa.Array.from_buffers(MONEY, len(c), [None, pa.py_buffer(words.tobytes())])


# ------------------------------------------------------------------------------ scalar rows


def route_of(result: Result) -> str:
    """The route of a full result, read from its steps."""
    ids = {s.id for s in result.steps}
    if "475e-2-inrichting" in ids:
        return "institution"
    if "475da-4-geen-woonadres" in ids:
        return "no_address"
    return "formula"


def summary_from_result(line: int, result: Result, *, exact_path: bool = True) -> dict[str, Any]:
    """The summary row of a full result (Python values; money as ``Decimal``)."""
    row: dict[str, Any] = {
        "line": line,
        "id": result.id,
        "beslagvrije_voet": result.beslagvrije_voet,
        "leefsituatie": result.leefsituatie,
        "norm_period": result.norm_period.isoformat(),
        "route": route_of(result),
        "per_income": [{"id": p.id, "bvv": p.bvv, "afdracht": p.afdracht} for p in result.per_income],
        "assumptions": sorted({a.id for a in result.assumptions}),
        "diagnostics": sorted({d.code for d in result.diagnostics}),
        "exact_path": exact_path,
        "input_sha256": result.receipt.input_sha256,
    }
    row["output_sha256"] = hashlib.sha256(summary_canonical(row)).hexdigest()
    return row


def summary_canonical(row: dict[str, Any]) -> bytes:
    """Canonical JSON of the hashed fields of a summary row (money as two-decimal strings)."""
    data = {k: row[k] for k in _HASHED}
    data["beslagvrije_voet"] = f"{row['beslagvrije_voet']:.2f}"
    data["per_income"] = [
        {"id": p["id"], "bvv": f"{p['bvv']:.2f}", "afdracht": f"{p['afdracht']:.2f}"}
        for p in row["per_income"]
    ]
    return canonical_json(data, float_free=True)


# ------------------------------------------------------------------------------ vector rows


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _quoted_or_null(arr: pa.Array) -> pa.Array:
    return pc.fill_null(_join('"', arr, '"'), "null")


def _money_text(arr: pa.Array, default: str | None) -> pa.Array:
    """Money strings in canonical form ("0.00"), null as ``default`` (JSON null when None)."""
    text = pc.cast(pc.cast(arr, MONEY), pa.string())
    if default is not None:
        return pc.fill_null(_join('"', text, '"'), f'"{default}"')
    return _quoted_or_null(text)


def _bits_to_lists(mask: np.ndarray[Any, Any], names: tuple[str, ...]) -> tuple[pa.Array, pa.Array]:
    """Bit masks as sorted lists of names, and as canonical JSON text."""
    uniq, inverse = np.unique(mask, return_inverse=True)
    lists = [sorted(n for b, n in enumerate(names) if int(m) >> b & 1) for m in uniq]
    idx = pa.array(inverse.astype(np.int64))
    as_list = pa.array(lists, pa.list_(pa.string())).take(idx)
    as_text = pa.array([canonical_json(x).decode() for x in lists], pa.string()).take(idx)
    return as_list, as_text


def _list_json(column: pa.Array, element: pa.Array) -> pa.Array:
    """A list column whose flattened elements are rendered as ``element``: ``[e1,e2]``."""
    offsets = np.asarray(column.offsets, dtype=np.int32)
    nulls = column.is_null()
    lists = pa.ListArray.from_arrays(pa.array(offsets - offsets[0]), element)
    inner = pc.fill_null(pc.binary_join(lists, ","), "")
    return _join("[", pc.if_else(nulls, "", inner), "]")


def _income_json(column: pa.Array) -> pa.Array:
    flat = column.flatten()
    f = {name: pc.struct_field(flat, name) for name in ("id", "category", "net_monthly", "garnished")}
    garnished = pc.if_else(f["garnished"], "true", "false")
    element = _join(
        '{"category":"', f["category"], '","garnished":', garnished, ',"id":"', f["id"],
        '","net_monthly":', _money_text(f["net_monthly"], None),
        ',"net_per_period":null,"pay_period":"month","payer":null}',
    )  # fmt: skip
    return _list_json(column, element)


def case_json(table: pa.Table, on: date | None = None) -> pa.Array:
    """Canonical JSON text of the normalised case of every row the vector engine covers.

    Only valid for covered rows: their optional parts that the vector path refuses (housing
    increase, designated benefit, pay periods, an explicit living situation) are null.
    """
    c = {name: table.column(name).combine_chunks() for name in table.column_names}
    n = table.num_rows

    def sub(name: str, field: str) -> pa.Array:
        return pc.struct_field(c[name], field) if name in c else pa.nulls(n, pa.string())

    date_ = pa.array([on.isoformat()] * n) if on is not None else c["determination_date"]
    court = c.get("court_increase", pa.nulls(n, pa.struct([])))
    court_json = pc.if_else(
        court.is_null(),
        "null",
        _join('{"amount_monthly":', _money_text(sub("court_increase", "amount_monthly"), None),
              ',"from":"', sub("court_increase", "from"),
              '","until":"', sub("court_increase", "until"), '"}'),
    )  # fmt: skip
    children = sub("household", "children_birth_dates")
    if not pa.types.is_list(children.type):
        children = pa.nulls(n, pa.list_(pa.string()))
    child_json = _list_json(children, _join('"', children.flatten(), '"'))
    partner = pc.if_else(pc.fill_null(sub("household", "partner"), False), "true", "false")
    kids = pc.cast(pc.fill_null(sub("household", "dependent_children"), 0), pa.string())
    return _join(
        '{"company_car_wage_tax_monthly":', _money_text(c["company_car_wage_tax_monthly"], "0.00"),
        ',"court_increase":', court_json,
        ',"debtor":{"birth_date":', _quoted_or_null(sub("debtor", "birth_date")),
        ',"country":', _quoted_or_null(sub("debtor", "country")),
        ',"institution_care_price_monthly":',
        _money_text(sub("debtor", "institution_care_price_monthly"), None),
        ',"residence":"', pc.fill_null(sub("debtor", "residence"), "nl"),
        '","woonlandfactor":', _quoted_or_null(sub("debtor", "woonlandfactor")),
        '},"designated_benefit":null,"determination_date":"', date_,
        '","diagnostics":[],"format":"bvv-case/1","household":{"children_birth_dates":', child_json,
        ',"dependent_children":', kids, ',"leefsituatie":null,"partner":', partner,
        ',"partner_birth_date":', _quoted_or_null(sub("household", "partner_birth_date")),
        '},"housing":{"costs_monthly":', _money_text(sub("housing", "costs_monthly"), "0.00"),
        ',"high_costs_increase":null,"kind":"', pc.fill_null(sub("housing", "kind"), "none"),
        '","owner_increase_monthly":', _money_text(sub("housing", "owner_increase_monthly"), None),
        ',"owner_increase_requested":false},"id":', _quoted_or_null(c["id"]),
        ',"incomes":', _income_json(c["incomes"]),
        ',"missing_facts":[],"partner_incomes":', _income_json(c["partner_incomes"]),
        ',"provenance":null,"taxable_income_annual":{"debtor":',
        _money_text(sub("taxable_income_annual", "debtor"), None),
        ',"partner":', _money_text(sub("taxable_income_annual", "partner"), "0.00"), "}}",
    )  # fmt: skip


def summary_from_vector(
    table: pa.Table, out: VectorOutcome, lines: np.ndarray[Any, Any], on: date | None = None
) -> pa.Table:
    """The summary rows of the rows ``out`` covers, in input order (``lines`` numbers them)."""
    idx = np.flatnonzero(out.covered)
    take = pa.array(idx.astype(np.int64))
    ids = table.column("id").combine_chunks().take(take)
    bvv_cents = out.bvv_cents[idx]
    ls = pa.array(list(LEEFSITUATIES)).take(pa.array(out.leefsituatie[idx].astype(np.int64)))
    starts = pa.array([d.isoformat() for d in out.period_starts])
    period = starts.take(pa.array(out.period[idx].astype(np.int64)))
    route = pa.array(list(ROUTES)).take(pa.array(out.route[idx].astype(np.int64)))
    per_income, per_income_json = _per_income(table, out, idx, bvv_cents)
    assumptions, a_json = _bits_to_lists(out.assumptions[idx], ASSUMPTION_IDS)
    diagnostics, d_json = _bits_to_lists(out.diagnostics[idx], DIAGNOSTIC_CODES)
    bvv = money(bvv_cents)
    input_sha = _sha(case_json(table.take(take), on).to_pylist())
    hashed = _join(
        '{"assumptions":', a_json, ',"beslagvrije_voet":"', pc.cast(bvv, pa.string()),
        '","diagnostics":', d_json, ',"id":', _quoted_or_null(ids), ',"input_sha256":"', input_sha,
        '","leefsituatie":"', ls, '","norm_period":"', period, '","per_income":', per_income_json,
        ',"route":"', route, '"}',
    )  # fmt: skip
    exact_path = pa.array(np.zeros(len(idx), dtype=bool))
    columns = [pa.array(lines[idx], pa.int64()), ids, bvv, ls, period, route, per_income, assumptions,
               diagnostics, exact_path, input_sha, _sha(hashed.to_pylist())]  # fmt: skip
    return pa.table(columns, schema=SUMMARY_SCHEMA)


def _per_income(
    table: pa.Table, out: VectorOutcome, idx: np.ndarray[Any, Any], bvv_cents: np.ndarray[Any, Any]
) -> tuple[pa.Array, pa.Array]:
    gidx = out.garnished_index[idx]
    has = gidx >= 0
    offsets = np.concatenate([[0], np.cumsum(has)]).astype(np.int32)
    flat_ids = table.column("incomes").combine_chunks().flatten()
    ids = pc.struct_field(flat_ids, "id").take(pa.array(gidx[has].astype(np.int64)))
    part = bvv_cents[has]
    afdracht = np.maximum(0, out.payment_cents[idx][has] - part)
    child = pa.StructArray.from_arrays([ids, money(part), money(afdracht)], fields=list(PER_INCOME))
    element = _join('{"afdracht":"', pc.cast(money(afdracht), pa.string()), '","bvv":"',
                    pc.cast(money(part), pa.string()), '","id":"', ids, '"}')  # fmt: skip
    lists = pa.ListArray.from_arrays(pa.array(offsets), child)
    return lists, _list_json(lists, element)
