"""``bvv simulate``: a caseload recomputed with other norm tables (what if).

    bvv simulate CASES --norms DIR [--on DATE] [--top N] [--json]

Prints, in Dutch, the distribution of the changes per living situation (count, mean, percentiles,
how many go up and down) and the largest changes with their case ids. Exit 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bvv.cli.common import iso_date
from bvv.errors import CaseInvalid, UsageError
from bvv.norms import load_norm_dir


def register(subparsers: Any) -> None:
    """Add ``simulate`` to the ``bvv`` command."""
    p = subparsers.add_parser(
        "simulate",
        help="reken een caseload opnieuw met andere normtabellen (wat als)",
        description="Reken elke zaak van CASES (JSONL of Parquet) met de meegeleverde normen en met "
        "de normtabellen uit DIR, en toon hoe de beslagvrije voet verandert: per leefsituatie het "
        "aantal, het gemiddelde en de percentielen, en de grootste veranderingen met hun id.",
    )
    p.add_argument("cases", help="zaken: JSONL (bvv-case/1 per regel) of Parquet")
    # its own dest: the global --norms (bvv.cli.common.norms_scope) would make DIR the set in use
    p.add_argument(
        "--norms",
        dest="what_if_norms",
        required=True,
        metavar="DIR",
        help="map met de andere normtabellen (JJJJ-MM-DD.yaml), gecontroleerd als 'bvv norms check'",
    )
    p.add_argument("--on", type=iso_date, metavar="DATUM", help="één berekeningsdatum voor elke zaak")
    p.add_argument("--top", type=int, default=10, metavar="N", help="toon de N grootste veranderingen")
    p.add_argument("--json", action="store_true", help="de uitkomst als JSON")
    p.set_defaults(func=cmd_simulate)


def cmd_simulate(args: argparse.Namespace) -> int:
    src = Path(args.cases)
    if not src.is_file():
        raise CaseInvalid(f"kan {src} niet lezen: het bestand bestaat niet")
    try:
        from bvv.caseload.simulate import render_nl, simulate
    except ImportError:
        raise UsageError(
            "voor bvv simulate is de extra 'columnar' nodig", hint="pip install 'bvv[columnar]'"
        ) from None
    sim = simulate(src, load_norm_dir(args.what_if_norms), on=args.on)
    if args.json:
        report = {
            "read": sim.read,
            "compared": sim.compared,
            "not_compared": sim.not_compared,
            "errors": sim.errors,
            "by_leefsituatie": sim.by_situation(),
            "largest": sim.largest(args.top),
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(render_nl(sim, top=args.top, source=str(args.what_if_norms)))
    return 0
