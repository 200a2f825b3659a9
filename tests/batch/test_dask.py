"""The vector engine on a Dask cluster (2 workers) gives the single-machine result."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("dask.dataframe", reason="the Dask test needs the 'dask' extra")
pytest.importorskip("distributed", reason="the Dask test needs the 'dask' extra")
pytest.importorskip("pyarrow", reason="the Dask test needs the 'columnar' extra")

import cloudpickle
import dask.dataframe as dd
import pyarrow.parquet as pq
from distributed import Client, LocalCluster

from bvv.caseload.columnar import run_columnar, write_cases_parquet
from bvv.caseload.dask import errors, summarize


def test_local_cluster_equals_single_machine(tmp_path: Path, generate: ModuleType) -> None:
    """Two workers in threads (worker processes take ~15 s to start here; the task graph is
    checked to pickle, which is what a multi-machine cluster needs)."""
    jsonl = tmp_path / "cases.jsonl"
    generate.write(str(jsonl), 1200, seed=4)
    cases = tmp_path / "cases.parquet"
    write_cases_parquet(jsonl, cases, block_rows=300)  # four row groups
    run_columnar(cases, tmp_path / "single.parquet")
    single = pq.read_table(tmp_path / "single.parquet").to_pylist()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        frame = dd.read_parquet(str(cases), dtype_backend="pyarrow", split_row_groups=True)
        assert frame.npartitions > 1
        lazy = summarize(frame)
        cloudpickle.loads(cloudpickle.dumps(lazy.__dask_graph__()))
        distributed = lazy.compute()
        failed = errors(frame).compute()
    rows = distributed.sort_values("line").to_dict("records")
    assert len(failed) == 0
    assert len(rows) == len(single) == 1200
    for got, expected in zip(rows, single, strict=True):
        assert {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in got.items()} == expected
