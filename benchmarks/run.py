"""Benchmarks of bvv, all in one run (not a test; nothing here asserts a time).

    python benchmarks/run.py [--n 100000] [--latency-n 2000] [--workers 1 2] [--keep DIR] [--latency-only]

1. single-calculation latency, with full steps and receipt: ``calculate(case)`` on a parsed case
   and on a JSON-ready mapping (validation included), p50 and p99;
2. batch throughput of ``bvv.caseload.batch.run_file`` on N generated cases with 1 and 2 workers, with the
   resident memory of the batch (parent + workers) sampled after every chunk, to show it is flat;
3. the lid-2 formula (Rv 475da lid 2-3 with the lid-1 maximum) evaluated vectorised with numpy
   (float64) over the same cases: a lower bound for the arithmetic alone; the ratio batch / numpy
   is printed. The numpy figures are cross-checked against the batch's own formula step.

numpy is a benchmark-only dependency; the library computes with Decimal.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

import bvv  # noqa: E402
from bvv.caseload.batch import run_file  # noqa: E402
from bvv.norms import all_tables  # noqa: E402


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    try:
        import numpy

        np_version = numpy.__version__
    except ImportError:
        np_version = "not installed"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "bvv": bvv.__version__,
        "numpy": np_version,
    }


def _pct(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))]


def latency(n: int) -> dict[str, float]:
    rows = [json.loads(r) for r in generate.generate(n, seed=2)]
    parsed = [bvv.parse_case(r) for r in rows]
    for c in parsed[:200]:
        bvv.calculate(c)  # warm up
    out: dict[str, float] = {}
    for label, items in (("parsed", parsed), ("mapping", rows)):
        times: list[float] = []
        for item in items:
            t0 = time.perf_counter()
            bvv.calculate(item)
            times.append(time.perf_counter() - t0)
        times.sort()
        out[f"{label}_p50_us"] = _pct(times, 0.50) * 1e6
        out[f"{label}_p99_us"] = _pct(times, 0.99) * 1e6
        out[f"{label}_mean_us"] = statistics.fmean(times) * 1e6
    times = []
    for c in parsed:
        t0 = time.perf_counter()
        bvv.calculate(c).model_dump_json(by_alias=True)
        times.append(time.perf_counter() - t0)
    times.sort()
    out["with_json_p50_us"] = _pct(times, 0.5) * 1e6
    return out


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def batch(cases: Path, out_dir: Path, workers: int, n: int) -> dict[str, Any]:
    samples: list[tuple[int, int]] = []

    def sample(counts: Any) -> None:
        if counts.read % 5000 < 200 or counts.read == n:
            pids = [os.getpid()] + [p.pid for p in multiprocessing.active_children() if p.pid]
            samples.append((counts.read, sum(_rss_kib(p) for p in pids)))

    results = out_dir / f"results-w{workers}.jsonl"
    t0 = time.perf_counter()
    counts = run_file(cases, results, workers=workers, progress=False, on_chunk=sample)
    elapsed = time.perf_counter() - t0
    rss = [r for _, r in samples]
    tenth = next((r for read, r in samples if read >= n // 10), rss[0])
    return {
        "workers": workers,
        "seconds": elapsed,
        "cases_per_s": counts.read / elapsed,
        "us_per_case": elapsed / counts.read * 1e6,
        "million_in_s": 1_000_000 * elapsed / counts.read,
        "ok": counts.ok,
        "errors": counts.errors,
        "rss_at_10pct_mib": tenth / 1024,
        "rss_max_mib": max(rss) / 1024,
        "rss_end_mib": rss[-1] / 1024,
        "output_mib": results.stat().st_size / 2**20,
        "results": str(results),
    }


# ------------------------------------------------------------------------------ numpy bound

_MARRIED = ("gehuwden_zonder_kinderen", "gehuwden_met_kinderen")
_LS = ("alleenstaande", "alleenstaande_ouder", "gehuwden_zonder_kinderen", "gehuwden_met_kinderen")


def _arrays(cases: Path) -> dict[str, Any]:
    import numpy as np

    starts = [t.period.start.toordinal() for t in all_tables()]
    c_list: list[float] = []
    ls_list: list[int] = []
    table_list: list[int] = []
    with cases.open("rb") as fh:
        for raw in fh:
            d = json.loads(raw)
            hh = d["household"]
            partner, kids = hh["partner"], hh["dependent_children"] > 0
            ls = (2 if partner else 0) + (1 if kids else 0)
            ti = d["taxable_income_annual"]
            c = float(ti["debtor"]) + (float(ti["partner"]) if partner else 0.0)
            on = date.fromisoformat(d["determination_date"]).toordinal()
            c_list.append(c)
            ls_list.append(ls)
            table_list.append(int(np.searchsorted(starts, on, side="right")) - 1)
    return {"C": np.array(c_list), "ls": np.array(ls_list), "table": np.array(table_list)}


def _params() -> dict[str, Any]:
    import numpy as np

    keys: set[str] = set()
    for t in all_tables():
        keys |= set(t.values)
    return {
        k: np.array([float(t.values[k].amount) if k in t.values else np.nan for t in all_tables()])
        for k in keys
    } | {"linear": np.array([t.regime == "linear-2026" for t in all_tables()])}


def lid2_numpy(a: dict[str, Any], p: dict[str, Any]) -> Any:
    """Rv 475da lid 2 (both regimes), lid 3 cap, lid 1 maximum, for every case at once."""
    import numpy as np

    c, ls, t = a["C"], a["ls"], a["table"]

    def g(key: str) -> Any:
        return p[key][t]

    married = ls >= 2
    one_person = ls == 0
    base = np.where(married, g("pw21b_norm"), g("pw21a_norm")) * g("rv475da_lid2_base_pct") / 100
    d = g("wzt_drempelinkomen")
    zorg = np.maximum(c - d, 0) / 12 * g("wzt_pct_above_drempel") / 100
    cap = g("zvw_standaardpremie") * np.where(married, 2, 1) / 12 - np.where(
        married, g("pw23_lid2_couple"), g("pw23_lid2_single")
    )
    zorg = np.minimum(zorg, cap)
    quad = np.maximum(
        0,
        np.where(one_person, g("wht19_a_one_person"), g("wht19_a_multi_person")) * c * c
        + np.where(one_person, g("wht19_b_one_person"), g("wht19_b_multi_person")) * c
        - g("wht17_2_normhuur"),
    )
    afbouw = np.where(one_person, g("wht21_2a_afbouw_one_person"), g("wht21_2b_afbouw_multi_person"))
    ijk = np.where(one_person, g("wht17_1_ijkpunt_one_person"), g("wht17_1_ijkpunt_multi_person"))
    basis = np.where(one_person, g("wht16_basishuur_one_person"), g("wht16_basishuur_multi_person"))
    lin = np.maximum(0, np.minimum((c - ijk) * afbouw / 100 / 12, g("wht13_1a_maximale_huurgrens") - basis))
    housing = np.where(p["linear"][t], lin, quad)
    k = g("wkb_afbouwpercentage") / 100
    kgb = np.where(
        ls == 1,
        np.maximum(c - d, 0) / 12 * k,
        np.where(ls == 3, np.maximum(c - (d + g("wkb_verhoging_drempel_partner")), 0) / 12 * k, 0),
    )
    maximum = np.choose(
        ls,
        [g("maximum_alleenstaande"), g("maximum_alleenstaande_ouder"),
         g("maximum_gehuwden_zonder_kinderen"), g("maximum_gehuwden_met_kinderen")],
    )
    return np.minimum(base + zorg + np.nan_to_num(housing) + kgb, maximum)


def numpy_bound(cases: Path, results: Path, repeat: int = 20) -> dict[str, Any]:
    import numpy as np

    t0 = time.perf_counter()
    arrays = _arrays(cases)
    read_s = time.perf_counter() - t0
    params = _params()
    with np.errstate(invalid="ignore"):
        lid2_numpy(arrays, params)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            values = lid2_numpy(arrays, params)
            times.append(time.perf_counter() - t0)
    best = min(times)
    # cross-check against the batch's own step '475da-1-maximum' for the first 2,000 results
    worst = 0.0
    checked = 0
    with results.open("rb") as fh:
        for n, raw in enumerate(fh):
            if n >= 2000:
                break
            r = json.loads(raw)
            step = next((s for s in r["steps"] if s["id"] == "475da-1-maximum"), None)
            if step is None:
                continue
            idx = int(r["id"].split("-")[1]) - 1
            worst = max(worst, abs(float(step["amount"]) - float(values[idx])))
            checked += 1
    n_cases = len(arrays["C"])
    return {
        "cases": n_cases,
        "formula_s": best,
        "ns_per_case": best / n_cases * 1e9,
        "json_to_arrays_s": read_s,
        "checked": checked,
        "max_abs_diff_eur": worst,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="batch size (default 100,000)")
    ap.add_argument("--latency-n", type=int, default=2000, help="cases for the latency test")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--keep", metavar="DIR", help="keep the generated files in DIR")
    ap.add_argument("--latency-only", action="store_true", help="measure the single calculation only")
    args = ap.parse_args(argv)

    print("machine:", json.dumps(machine()))
    lat = latency(args.latency_n)
    print(
        f"latency (n={args.latency_n}, steps + receipt): parsed case p50 {lat['parsed_p50_us']:.0f} µs, "
        f"p99 {lat['parsed_p99_us']:.0f} µs; from a mapping (validation included) p50 "
        f"{lat['mapping_p50_us']:.0f} µs, p99 {lat['mapping_p99_us']:.0f} µs; "
        f"with result JSON p50 {lat['with_json_p50_us']:.0f} µs"
    )
    if args.latency_only:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(args.keep) if args.keep else Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        cases = out_dir / "cases.jsonl"
        t0 = time.perf_counter()
        generate.write(str(cases), args.n, seed=1)
        size = cases.stat().st_size / 2**20
        print(f"generated {args.n} cases in {time.perf_counter() - t0:.1f} s ({size:.0f} MiB)")
        runs = []
        for w in args.workers:
            b = batch(cases, out_dir, w, args.n)
            runs.append(b)
            print(
                f"batch {args.n} cases, {w} worker(s): {b['seconds']:.1f} s, {b['cases_per_s']:.0f} cases/s "
                f"({b['us_per_case']:.0f} µs/case; 1,000,000 cases ≈ {b['million_in_s']:.0f} s); "
                f"ok {b['ok']} errors {b['errors']}; RSS at 10 % {b['rss_at_10pct_mib']:.0f} MiB, "
                f"max {b['rss_max_mib']:.0f} MiB, end {b['rss_end_mib']:.0f} MiB; "
                f"output {b['output_mib']:.0f} MiB"
            )
        try:
            nb = numpy_bound(cases, Path(runs[0]["results"]))
        except ImportError:
            print("numpy not installed: no lower bound (pip install numpy)")
            return 0
        print(
            f"numpy lid-2 formula over the same {nb['cases']} cases: {nb['formula_s'] * 1e3:.2f} ms "
            f"({nb['ns_per_case']:.1f} ns/case; reading the JSON into arrays "
            f"{nb['json_to_arrays_s']:.1f} s); "
            f"cross-check on {nb['checked']} formula results: max |diff| {nb['max_abs_diff_eur']:.4f} EUR"
        )
        for b in runs:
            ratio = b["us_per_case"] * 1e3 / nb["ns_per_case"]
            print(f"ratio batch ({b['workers']} worker(s)) / numpy lower bound: {ratio:,.0f}x")
        single = lat["parsed_p50_us"] * 1e3 / nb["ns_per_case"]
        print(f"ratio single calculation p50 / numpy per case: {single:,.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
