"""Load on ``bvv serve`` (not a test; nothing here asserts a time).

    python benchmarks/serve_load.py [--seconds 15] [--concurrency 1 4 16 64] [--workers 1 2]

For each number of server workers: start ``bvv serve`` on a free loopback port, then drive
``POST /v1/calculate`` for ``--seconds`` at each concurrency in turn (a bounded run: at most
``len(concurrency) x seconds`` per server) with a small asyncio HTTP/1.1 keep-alive client (raw
streams, so the generator itself takes little of the two cores). Cases are the golden examples in
rotation. Reported per step: requests/s, p50 and p99 latency, errors (any status but 200), and the
server's resident memory (all its processes) after the step. In the same run, on the same cores,
``bvv.calculate`` is timed in-process (one process, then two) for the ratio served / in-process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import bvv

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its children (uvicorn workers), KiB."""
    pids = [pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        pids += [int(p) for p in out.split()]
    except FileNotFoundError:
        pass
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _calls_per_second(seconds: float) -> float:
    cases = [bvv.examples.load(n) for n in bvv.examples.names()]
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        bvv.calculate(cases[n % len(cases)]).model_dump_json(by_alias=True)
        n += 1
    return n / (time.perf_counter() - start)


def in_process(seconds: float, processes: int) -> float:
    """``bvv.calculate`` (from the JSON-ready case, result as JSON text) calls/s over N processes."""
    if processes == 1:
        return _calls_per_second(seconds)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return sum(pool.map(_calls_per_second, [seconds] * processes))


def _requests(port: int) -> list[bytes]:
    out = []
    for name in bvv.examples.names():
        body = json.dumps(bvv.examples.load(name)).encode()
        head = (f"POST /v1/calculate HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        out.append(head + body)
    return out


async def _one_connection(port: int, reqs: list[bytes], until: float, lat: list[float],
                          errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        writer.write(reqs[i % len(reqs)])
        i += 1
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        await reader.readexactly(length)
        lat.append(time.perf_counter() - t0)
        if not head.startswith(b"HTTP/1.1 200"):
            errors.append(1)
    writer.close()


async def _step(port: int, concurrency: int, seconds: float) -> dict[str, Any]:
    reqs = _requests(port)
    lat: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(*(_one_connection(port, reqs, until, lat, errors) for _ in range(concurrency)))
    took = time.perf_counter() - start
    q = statistics.quantiles(lat, n=100) if len(lat) > 100 else [0.0] * 99
    return {"concurrency": concurrency, "requests": len(lat), "rps": len(lat) / took,
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "errors": len(errors)}


def serve_run(workers: int, levels: list[int], seconds: float) -> list[dict[str, Any]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "bvv", "serve", "--port", str(port), "--workers",
                             str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(1.0 if workers > 1 else 0.2)
        asyncio.run(_step(port, 2, 1.0))  # warm-up
        rows = []
        for level in levels:
            row = asyncio.run(_step(port, level, seconds))
            row |= {"workers": workers, "rss_mib": _rss_kib(proc.pid) / 1024}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
        return rows
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16, 64])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    base1 = in_process(5.0, 1)
    base2 = in_process(5.0, 2)
    print(f"in-process bvv.calculate: {base1:,.0f} calls/s (1 process), {base2:,.0f} (2 processes)")
    print("| workers | concurrency | req/s | p50 ms | p99 ms | errors | server RSS MiB "
          "| served / in-process (1 proc) |")
    print("|---|---|---|---|---|---|---|---|")
    for w in args.workers:
        for r in serve_run(w, args.concurrency, args.seconds):
            print(f"| {w} | {r['concurrency']} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                  f"{r['errors']} | {r['rss_mib']:.0f} | {r['rps'] / base1:.2f} |")


if __name__ == "__main__":
    main()
