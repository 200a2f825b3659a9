"""Columnar benchmark: N generated cases, Parquet in -> Parquet summary out, in one run.

    python benchmarks/columnar.py [--n 1000000] [--workers 2] [--dir DIR] [--diff 100000]

1. generate N cases (``benchmarks/generate.py``) and write them as nested Parquet (not timed);
2. the numpy lower bound: the lid-2 formula of ``benchmarks/run.py`` over the same N cases read
   from the same Parquet file (read time and formula time reported apart);
3. ``bvv.caseload.columnar.run_columnar`` Parquet -> Parquet summary with ``--workers``: wall time,
   rows computed by the vector engine and by the scalar engine, resident memory (parent and
   workers) after every block;
4. where the time goes: one block of 50,000 cases in-process, phase by phase;
5. ``--diff M``: the differential check on the first M cases — every summary row against
   :func:`bvv.calculate` (slow: about 0.4 ms a case).

Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from run import _params, _rss_kib, lid2_numpy, machine  # noqa: E402

import bvv  # noqa: E402
from bvv.caseload.batch import BatchOptions  # noqa: E402
from bvv.caseload.columnar import (  # noqa: E402
    Block,
    _strip_nulls,
    run_columnar,
    summarize_block,
    write_cases_parquet,
)
from bvv.caseload.summary import summary_from_result, summary_from_vector  # noqa: E402
from bvv.caseload.vector import evaluate  # noqa: E402
from bvv.norms import all_tables  # noqa: E402


def numpy_bound(cases: Path, repeat: int = 5) -> dict[str, float]:
    t0 = time.perf_counter()
    t = pq.read_table(cases, columns=["determination_date", "household", "taxable_income_annual"])
    hh, ti = t.column("household").combine_chunks(), t.column("taxable_income_annual").combine_chunks()
    partner = pc.struct_field(hh, "partner").to_numpy(zero_copy_only=False)
    kids = pc.struct_field(hh, "dependent_children").to_numpy() > 0
    debtor = pc.struct_field(ti, "debtor").cast(pa.float64()).to_numpy()
    other = pc.fill_null(pc.struct_field(ti, "partner"), "0").cast(pa.float64()).to_numpy()
    days = pc.strptime(t.column("determination_date"), format="%Y-%m-%d", unit="s").cast(pa.int64())
    starts = np.array([(s.period.start.toordinal() - 719163) * 86400 for s in all_tables()])
    arrays = {
        "C": debtor + np.where(partner, other, 0.0),
        "ls": np.where(partner, 2, 0) + kids,
        "table": np.searchsorted(starts, days.to_numpy(), side="right") - 1,
    }
    read_s = time.perf_counter() - t0
    params = _params()
    best = float("inf")
    with np.errstate(invalid="ignore"):
        for _ in range(repeat):
            t0 = time.process_time()
            lid2_numpy(arrays, params)
            best = min(best, time.process_time() - t0)
    return {"read_s": read_s, "formula_s": best, "total_s": read_s + best}


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the machine may be shared: wall
    time alone then overstates the work)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def batch(cases: Path, out: Path, workers: int, n: int) -> dict[str, Any]:
    samples: list[tuple[int, int]] = []

    def sample(counts: Any) -> None:
        pids = [os.getpid()] + [p.pid for p in multiprocessing.active_children() if p.pid]
        samples.append((counts.read, sum(_rss_kib(p) for p in pids)))

    t0 = time.perf_counter()
    cpu0 = _cpu_s()
    counts = run_columnar(cases, out, workers=workers, on_block=sample)
    elapsed = time.perf_counter() - t0
    cpu = _cpu_s() - cpu0
    exact = pc.sum(pq.read_table(out, columns=["exact_path"]).column("exact_path").cast(pa.int64())).as_py()
    rss = [r / 1024 for _, r in samples]
    return {
        "workers": workers,
        "seconds": elapsed,
        "cpu_seconds_parent_and_workers": cpu,
        "cases_per_s": n / elapsed,
        "ok": counts.ok,
        "errors": counts.errors,
        "scalar_rows": exact,
        "vector_rows": counts.ok - exact,
        "rss_mib_first_last_max": (rss[0], rss[-1], max(rss)),
        "rss_mib_every_10_blocks": rss[::10],
        "output_mib": out.stat().st_size / 2**20,
    }


def phases(cases: Path, rows: int = 50_000) -> dict[str, float]:
    """One block in-process: where the time of the vector path and the scalar rows goes."""
    pf = pq.ParquetFile(cases)
    t0 = time.perf_counter()
    table = pa.Table.from_batches([next(pf.iter_batches(batch_size=rows))])
    t1 = time.perf_counter()
    out = evaluate(table)
    t2 = time.perf_counter()
    summary_from_vector(table, out, np.arange(1, table.num_rows + 1))
    t3 = time.perf_counter()
    summarize_block(Block(1, table=table), BatchOptions())
    t4 = time.perf_counter()
    scalar = int((~out.covered).sum())
    fallback = (t4 - t3) - (t3 - t1)
    return {
        "rows": table.num_rows,
        "read_s": t1 - t0,
        "evaluate_s": t2 - t1,
        "summary_and_hashes_s": t3 - t2,
        "block_s": t4 - t3,
        "scalar_rows": scalar,
        "scalar_us_per_row": fallback / max(scalar, 1) * 1e6,
    }


def differential(cases: Path, m: int) -> dict[str, int]:
    """Every summary row of the first ``m`` cases against the scalar engine."""
    pf = pq.ParquetFile(cases)
    checked = vector_rows = 0
    line = 1
    for batch in pf.iter_batches(batch_size=20_000):
        table = pa.Table.from_batches([batch])
        out = evaluate(table)
        summary = summary_from_vector(table, out, np.arange(line, line + table.num_rows))
        raw = table.to_pylist()
        for row in summary.to_pylist():
            case = _strip_nulls(raw[row["line"] - line])
            expected = summary_from_result(row["line"], bvv.calculate(case), exact_path=False)
            if row != expected:
                raise SystemExit(f"vector and scalar differ on line {row['line']}: {row} != {expected}")
            vector_rows += 1
        checked += table.num_rows
        line += table.num_rows
        if checked >= m:
            break
    return {"rows": checked, "vector_rows_compared": vector_rows}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--dir", type=Path, default=Path("/tmp/bvv-columnar-bench"))
    p.add_argument("--diff", type=int, default=0, metavar="M", help="differential check on M cases")
    args = p.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    jsonl, cases = args.dir / f"cases-{args.n}.jsonl", args.dir / f"cases-{args.n}.parquet"
    if not cases.exists():
        generate.write(str(jsonl), args.n, seed=1)
        write_cases_parquet(jsonl, cases)
    report: dict[str, Any] = {"machine": machine(), "n": args.n}
    report["numpy"] = numpy_bound(cases)
    report["batch"] = batch(cases, args.dir / "summary.parquet", args.workers, args.n)
    report["ratio_to_numpy_formula"] = report["batch"]["seconds"] / report["numpy"]["formula_s"]
    report["cpu_ratio_to_numpy_formula"] = (
        report["batch"]["cpu_seconds_parent_and_workers"] / report["numpy"]["formula_s"]
    )
    report["ratio_to_numpy_read_and_formula"] = report["batch"]["seconds"] / report["numpy"]["total_s"]
    report["phases"] = phases(cases)
    if args.diff:
        report["differential"] = differential(cases, args.diff)
    print(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
