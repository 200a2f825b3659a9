"""Proof of identity for engine optimisations: dump every result of a fixed set of cases.

    python benchmarks/identity.py [-o FILE] [--n 3000] [--seed 12]

Writes one line per calculation: the result's ``to_json_dict()`` as JSON text in the model's own
key order (not sorted, so a change of key order shows too), then, tab-separated, the
``model_dump_json(by_alias=True)`` text the batch writes. The set is every golden case (statute and
``as_published``), N generated cases (``benchmarks/generate.py``, fixed seed; every fifth also with
``variant="as_published"``, every fiftieth also moved a year past the last norm table with
``allow_latest_norms=True``). The SHA-256 of the whole file is printed last.

Run it before and after a change to the engine: the two files must be byte-identical.
``tests/core/test_identity.py`` runs a smaller set against a stored hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

import bvv  # noqa: E402
from bvv import examples  # noqa: E402


def calls(n: int, seed: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(case, keyword arguments of ``bvv.calculate``) for every calculation of the set."""
    for name in examples.names():
        case = examples.golden(name)["case"]
        yield case, {}
        yield case, {"variant": "as_published"}
    for i, row in enumerate(generate.generate(n, seed=seed)):
        case = json.loads(row)
        yield case, {}
        if i % 5 == 0:
            yield case, {"variant": "as_published"}
        if i % 50 == 0:
            later = {**case, "determination_date": "2027-" + case["determination_date"][5:]}
            if later["determination_date"].endswith("02-29"):
                later["determination_date"] = "2027-02-28"
            yield later, {"allow_latest_norms": True}


def lines(n: int, seed: int) -> Iterator[str]:
    for case, kwargs in calls(n, seed):
        try:
            result = bvv.calculate(case, **kwargs)
        except bvv.BvvError as exc:  # a case the set cannot calculate: its error is part of the proof
            yield f"error\t{type(exc).__name__}\t{exc}"
            continue
        text = json.dumps(result.to_json_dict(), ensure_ascii=False, separators=(",", ":"))
        yield f"{text}\t{result.model_dump_json(by_alias=True)}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default="identity.txt")
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args(argv)
    digest = hashlib.sha256()
    count = 0
    with open(args.output, "w", encoding="utf-8") as fh:
        for line in lines(args.n, args.seed):
            fh.write(line + "\n")
            digest.update((line + "\n").encode("utf-8"))
            count += 1
    print(f"{count} calculations -> {args.output}; sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
