"""For analysts: results as a pandas DataFrame, and income sweeps.

>>> from bvv import examples
>>> from bvv.caseload.frame import sweep
>>> df = sweep(examples.load("01_bijstand_alleenstaande_2021"), taxable_income=range(0, 40001, 10000))
>>> [str(x) for x in df["beslagvrije_voet"]]
['1021.67', '1021.67', '1021.67', '1021.67', '1021.67']

Money columns are exact decimals (``pandas.ArrowDtype(decimal128(12, 2))``); ``.astype(float)``
gives floats for plotting. Every row comes from the vector engine where it covers the case, and
from :func:`bvv.calculate` otherwise (the column ``exact_path`` says which).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa

from bvv.caseload.batch import BatchOptions
from bvv.caseload.columnar import Block, summarize_block
from bvv.caseload.summary import SUMMARY_SCHEMA, summary_from_result
from bvv.caseload.vector import CASE_SCHEMA
from bvv.model import Case, Result
from bvv.norms import NormSet

__all__ = ["calculate_table", "sweep", "to_frame"]


def _as_dict(case: Case | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(case, Case):
        data = case.to_json_dict()
        for key in ("provenance",):
            if data.get(key) is None:
                data.pop(key, None)
        return {k: v for k, v in data.items() if k not in ("missing_facts", "diagnostics") or v}
    return dict(case)


def calculate_table(
    cases: Sequence[Case | Mapping[str, Any]] | pa.Table,
    *,
    on: date | None = None,
    norms: NormSet | None = None,
) -> tuple[pa.Table, pa.Table]:
    """Summary rows and error rows of many cases at once (vector engine, scalar where needed).

    ``norms`` is another norm set (:func:`bvv.norms.load_norm_dir`); None is the set in use.
    """
    if not isinstance(cases, pa.Table):
        cases = pa.Table.from_pylist([_as_dict(c) for c in cases], schema=CASE_SCHEMA)
    return summarize_block(Block(1, table=cases), BatchOptions(on=on), norms)


def to_frame(results: pa.Table | Iterable[Result]) -> pd.DataFrame:
    """A DataFrame of summary rows: a summary table, or full results (one row each)."""
    if not isinstance(results, pa.Table):
        rows = [summary_from_result(n, r) for n, r in enumerate(results, 1)]
        results = pa.Table.from_pylist(rows, schema=SUMMARY_SCHEMA)
    return results.to_pandas(types_mapper=pd.ArrowDtype)


def _set_income(case: dict[str, Any], who: str, cents: int) -> dict[str, Any]:
    ti = dict(case.get("taxable_income_annual") or {})
    ti[who] = f"{cents // 100}.{cents % 100:02d}"
    return {**case, "taxable_income_annual": ti}


def sweep(
    case: Case | Mapping[str, Any],
    *,
    taxable_income: Iterable[int | Decimal],
    who: str = "debtor",
    on: date | None = None,
    norms: NormSet | None = None,
) -> pd.DataFrame:
    """The bvv of ``case`` for every annual taxable income C in ``taxable_income`` (euro).

    ``who`` is ``"debtor"`` or ``"partner"``. The frame has the column ``taxable_income`` (exact)
    and the summary columns; a row that fails is left out (see :func:`calculate_table`).
    """
    base = _as_dict(case)
    amounts = [Decimal(x) for x in taxable_income]
    variants = [_set_income(base, who, int(a * 100)) for a in amounts]
    summary, _ = calculate_table(variants, on=on, norms=norms)
    df = to_frame(summary)
    income = pa.array([amounts[n - 1] for n in df["line"]], pa.decimal128(14, 2))
    df.insert(1, "taxable_income", pd.Series(income, dtype=pd.ArrowDtype(income.type)).array)
    return df
