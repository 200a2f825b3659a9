"""The vector engine on Dask: caseloads beyond one machine (the optional ``dask`` extra).

>>> import dask.dataframe as dd                                   # doctest: +SKIP
>>> from bvv.caseload.dask import summarize
>>> cases = dd.read_parquet("s3://bucket/cases/*.parquet", dtype_backend="pyarrow")  # doctest: +SKIP
>>> summarize(cases).to_parquet("s3://bucket/summary/")           # doctest: +SKIP

Each partition (nested ``bvv-case/1`` rows, see :data:`~bvv.caseload.vector.CASE_SCHEMA`) goes
through :func:`bvv.caseload.columnar.summarize_block` in a worker: the vector engine, and the
scalar engine for the rows it does not cover. ``line`` numbers the rows across partitions (it is
1-based, as in ``bvv batch``); error rows are left out of the summary and counted by
:func:`errors`. ``norms`` (other norm tables) makes a what-if run; see :mod:`bvv.caseload.simulate`.
"""

from __future__ import annotations

from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa

from bvv.caseload.batch import BatchOptions
from bvv.caseload.columnar import ERROR_SCHEMA, Block, summarize_block
from bvv.caseload.summary import SUMMARY_SCHEMA
from bvv.caseload.vector import CASE_SCHEMA
from bvv.norms import NormSet, active_norms

__all__ = ["errors", "summarize"]


def _meta(schema: pa.Schema) -> pd.DataFrame:
    return schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def _block(part: pd.DataFrame, first: int) -> Block:
    table = pa.Table.from_pandas(part, preserve_index=False)
    return Block(first, table=table.select([n for n in CASE_SCHEMA.names if n in table.column_names]))


def _partition(
    part: pd.DataFrame, offsets: np.ndarray[Any, Any], norms: NormSet | None, which: int,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:  # fmt: skip
    number = partition_info["number"] if partition_info else 0
    result = summarize_block(_block(part, int(offsets[number]) + 1), BatchOptions(), norms, False)[which]
    return result.to_pandas(types_mapper=pd.ArrowDtype)


def _offsets(cases: dd.DataFrame) -> np.ndarray[Any, Any]:
    lengths = cases.map_partitions(len).compute()  # type: ignore[no-untyped-call]
    return np.concatenate([[0], np.cumsum(np.asarray(lengths))])


def summarize(cases: dd.DataFrame, *, norms: NormSet | None = None) -> dd.DataFrame:
    """Summary rows of every case of ``cases`` (one Dask partition at a time, in parallel);
    ``norms`` another norm set (:func:`bvv.norms.load_norm_dir`), None the bundled one."""
    frame: dd.DataFrame = cases.map_partitions(  # type: ignore[no-untyped-call]
        _partition, _offsets(cases), norms or active_norms(), 0,
        meta=_meta(SUMMARY_SCHEMA), align_dataframes=False,
    )
    return frame


def errors(cases: dd.DataFrame, *, norms: NormSet | None = None) -> dd.DataFrame:
    """The error rows (``line``, ``id``, ``code``, ``message``, ``path``) of ``cases``."""
    frame: dd.DataFrame = cases.map_partitions(  # type: ignore[no-untyped-call]
        _partition, _offsets(cases), norms or active_norms(), 1,
        meta=_meta(ERROR_SCHEMA), align_dataframes=False,
    )
    return frame
