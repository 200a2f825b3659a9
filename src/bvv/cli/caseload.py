"""Caseload commands: ``bvv batch``, ``bvv due`` and ``bvv diff``.

    bvv batch CASES.jsonl -o RESULTS.jsonl [--errors ERRORS.jsonl] [--on DATE] [--workers N] [--resume]
    bvv due RESULTS.jsonl --on DATE [--all] [--json] [--workers N]
    bvv diff OLD.json NEW.json [--json]

Exit codes: ``batch`` 0 when every row was calculated, 3 when some rows went to the errors file;
``due`` 0; ``diff`` 0 when the results are the same, 1 when they differ.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bvv.bsn import for_display
from bvv.caseload.batch import (
    Counts,
    chunked,
    default_errors_path,
    max_workers,
    ordered_map,
    run_file,
    scrub,
)
from bvv.caseload.diff import diff_results, render_text
from bvv.caseload.recalc import recalculation_due
from bvv.cli.common import add_calc_options, iso_date
from bvv.errors import BvvError, CaseInvalid, UsageError
from bvv.parse import load_result


def _add_workers(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="aantal rekenprocessen (standaard 1, ten hoogste de kernen)",
    )


def register(subparsers: Any) -> None:
    """Add ``batch``, ``due`` and ``diff`` to the ``bvv`` command (help in Dutch)."""
    p = subparsers.add_parser(
        "batch",
        help="bereken de bvv van elke casus in een JSONL-bestand",
        description="Berekent elke casus van CASES.jsonl (één bvv-case/1 JSON-object per regel) naar "
        "UITVOER (één bvv-result/1 per regel, in dezelfde volgorde). Een regel die niet lukt, "
        "komt met regelnummer, id en fout in het foutenbestand; de run stopt nooit op één regel. "
        "De uitvoer verschijnt pas als de run klaar is; een onderbroken run hervat u met --resume. "
        "Afsluitcode 0: alles berekend; 3: sommige regels mislukt; 2: verkeerd gebruik "
        "(bijv. uitvoer = invoer); 74: lezen of schrijven mislukt of een rekenproces gestopt; "
        "130: onderbroken.",
    )
    p.add_argument(
        "cases", help="invoerbestand: JSONL (één bvv-case/1 per regel) of Parquet (geneste bvv-case/1)"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="UITVOER", help="uitvoer: .jsonl, .csv, .parquet of .xlsx"
    )
    p.add_argument(
        "--errors",
        metavar="BESTAND",
        help="foutenbestand (standaard UITVOER.errors.jsonl; bij kolomuitvoer in hetzelfde formaat)",
    )
    _add_workers(p)
    p.add_argument(
        "--resume", action="store_true", help="ga verder met een onderbroken run, zonder dubbele regels"
    )
    p.add_argument(
        "--detail",
        choices=("summary", "full"),
        help="summary: één platte rij per zaak; full: het hele bvv-result/1 (alleen JSONL). "
        "Standaard: full voor .jsonl, summary voor .csv, .parquet en .xlsx",
    )
    p.add_argument("--chunk-size", type=int, default=200, metavar="N", help=argparse.SUPPRESS)
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="toon een voortgangsbalk (tqdm)",
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="geen voortgangsbalk")
    add_calc_options(p)
    p.set_defaults(func=cmd_batch)

    p = subparsers.add_parser(
        "due",
        help="welke opgeslagen resultaten moeten of kunnen opnieuw worden vastgesteld op een datum",
        description="Leest RESULTATEN (bvv-result/1, één per regel) en noemt de zaken waarvan de bvv "
        "op DATUM opnieuw moet (verplicht) of kan (aan te raden) worden vastgesteld, met de redenen en "
        "de datum waarop elke reden geldt (Rv 475d lid 2-5, 475da lid 5-6, 475fa). Een onleesbare "
        "regel wordt gemeld en de rest gaat door. Afsluitcode 0; 3 als er onleesbare regels waren.",
    )
    p.add_argument(
        "results",
        metavar="RESULTATEN",
        help="JSONL-bestand met bvv-result/1 (zoals 'bvv batch' schrijft), - voor stdin",
    )
    p.add_argument("--on", type=iso_date, required=True, metavar="DATUM", help="de datum (JJJJ-MM-DD)")
    p.add_argument("--all", action="store_true", help="noem ook de zaken die niet aan de beurt zijn")
    p.add_argument("--json", action="store_true", help="één JSON-object per regel")
    p.add_argument("--upcoming", action="store_true", help="toon ook redenen die na DATUM gaan gelden")
    _add_workers(p)
    p.set_defaults(func=cmd_due)

    p = subparsers.add_parser(
        "diff",
        help="leg uit wat er veranderde tussen twee opgeslagen resultaten",
        description="Vergelijkt twee bvv-result/1-bestanden: de verandering van de bvv, de invoer, normen "
        "en regels die haar veroorzaakten, en de bedragen per stap. Afsluitcode 0 als ze gelijk zijn, "
        "1 als ze verschillen, 3 als een bestand geen bruikbaar bvv-result/1 is.",
    )
    p.add_argument("old", metavar="OUD", help="het eerdere resultaat (bvv-result/1 JSON)")
    p.add_argument("new", metavar="NIEUW", help="het latere resultaat (bvv-result/1 JSON)")
    p.add_argument("--json", action="store_true", help="het verschil als JSON (bvv-diff/1)")
    p.set_defaults(func=cmd_diff)


# ------------------------------------------------------------------------------ batch


def workers_arg(args: argparse.Namespace, command: str) -> int:
    """``--workers``: at least 1 (else a usage error), at most the cores (clamped, with a note)."""
    if args.workers < 1:
        raise UsageError(
            f"--workers must be 1 or more, not {args.workers}",
            tekst=f"--workers moet 1 of meer zijn, niet {args.workers}",
            tip="bijvoorbeeld --workers 2",
        )
    cores = max_workers()
    if args.workers > cores:
        print(
            f"bvv {command}: --workers {args.workers} is meer dan het aantal processorkernen; "
            f"bvv gebruikt er {cores}",
            file=sys.stderr,
        )
        return cores
    return int(args.workers)


def cmd_batch(args: argparse.Namespace) -> int:
    workers = workers_arg(args, "batch")
    src = Path(args.cases)
    if args.cases != "-" and not src.is_file():
        raise CaseInvalid(f"kan {src} niet lezen: het bestand bestaat niet")
    columnar = _columnar_run(args, src, workers)
    if columnar is not None:
        return columnar
    errors = Path(args.errors) if args.errors else default_errors_path(args.output)
    counts = run_file(
        args.cases,
        args.output,
        errors,
        on=args.on,
        workers=workers,
        resume=args.resume,
        chunk_size=max(1, args.chunk_size),
        allow_latest_norms=args.allow_latest_norms,
        variant=args.variant,
        progress=args.progress,
    )
    return _report(counts, errors)


def _report(counts: Counts, errors: Path) -> int:
    """The counts on standard error (Dutch); exit 3 when some rows failed."""
    summary = f"gelezen {counts.read} = goed {counts.ok} + fout {counts.errors}"
    if counts.resumed:
        summary += f" (hervat: de eerste {counts.resumed} regels waren al klaar)"
    print(f"bvv batch: {summary}", file=sys.stderr)
    if counts.errors:
        print(f"bvv batch: de regels die niet lukten staan in {scrub(str(errors))}", file=sys.stderr)
    return 3 if counts.errors else 0


def _columnar_run(args: argparse.Namespace, src: Path, workers: int) -> int | None:
    """Parquet in, CSV/Parquet/Excel out or ``--detail summary``: the columnar batch (None: the
    JSONL batch of full results does it, as before)."""
    if args.cases == "-" or args.output == "-":
        return None  # the JSONL batch refuses standard input and output with its own message
    parquet_in = src.suffix.lower() == ".parquet"
    columnar_out = Path(args.output).suffix.lower() in (".csv", ".parquet", ".xlsx")
    detail = args.detail or ("summary" if columnar_out else "full")
    if detail == "full" and not parquet_in and not columnar_out:
        return None
    if detail == "full":
        raise UsageError(
            "--detail full schrijft het volledige resultaat als JSONL, en leest alleen JSONL",
            hint="kies een .jsonl-uitvoer en -invoer, of --detail summary",
        )
    out = Path(args.output)
    try:
        from bvv.caseload.columnar import errors_path_for, run_columnar
    except ImportError:
        raise UsageError(
            "voor Parquet, CSV, Excel en de samenvatting is de extra 'columnar' nodig",
            hint="pip install 'bvv[columnar]'",
        ) from None
    errors = Path(args.errors) if args.errors else errors_path_for(out)
    counts = run_columnar(
        src,
        out,
        errors,
        on=args.on,
        workers=workers,
        resume=args.resume,
        allow_latest_norms=args.allow_latest_norms,
        variant=args.variant,
    )
    return _report(counts, errors)


# ------------------------------------------------------------------------------ due


DueRow = tuple[int, dict[str, Any] | None, str | None]


def _due_chunk(task: tuple[date, list[tuple[int, bytes]]]) -> list[DueRow]:
    on, rows = task
    return [_due_row(on, line, raw) for line, raw in rows]


def _due_row(on: date, line: int, raw: bytes) -> DueRow:
    """One stored result planned, or the reason (in Dutch) why it cannot be read; never raises."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return line, None, "geen geldige JSON"
    if not isinstance(data, dict) or data.get("format") != "bvv-result/1":
        return line, None, "geen bvv-result/1"
    try:
        due = recalculation_due(data, on).to_json_dict()
        due["id"] = scrub(due["id"])
        return line, due, None
    except BvvError as err:
        return line, None, scrub(f"onbruikbaar resultaat ({err.code}, veld {err.path or '?'})")
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        return line, None, scrub(f"onbruikbaar resultaat ({type(exc).__name__}: {str(exc)[:200]})")
    except Exception as exc:  # a bug in bvv: report the row, keep going
        return line, None, scrub(f"interne fout, meld dit als bug ({type(exc).__name__}: {str(exc)[:200]})")


def _result_rows(path: str) -> Iterator[tuple[int, bytes]]:
    """Non-empty lines of a JSONL file; a single pretty-printed result (as written by
    ``bvv calculate --json``) is accepted too and counts as line 1."""
    with sys.stdin.buffer if path == "-" else open(path, "rb") as fh:
        first = fh.readline()
        if first.strip().startswith(b"{") and not _is_json(first):
            whole = first + fh.read()
            if _is_json(whole):
                yield 1, json.dumps(json.loads(whole), ensure_ascii=False).encode("utf-8")
                return
            yield 1, first  # reported as unreadable below
            rest = whole[len(first) :].splitlines(keepends=True)
            yield from ((n, raw) for n, raw in enumerate(rest, 2) if raw.strip())
            return
        if first.strip():
            yield 1, first
        for n, raw in enumerate(fh, 2):
            if raw.strip():
                yield n, raw


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


_KIND = {"required": "verplicht", "advisable": "aan te raden"}


def _reason_line(r: dict[str, Any]) -> str:
    return f"    - {r['code']} ({_KIND[r['kind']]} per {r['from']}; {r['basis']}): {r['text']}"


def render_due(line: int, due: dict[str, Any], *, upcoming: bool = False) -> str:
    """One stored result's reasons as text (Dutch); ``line`` is its line in the results file."""
    if due["required"]:
        status = f"VERPLICHT per {due['required_from']}"
    elif due["advisable"]:
        status = f"aan te raden per {due['due_from']}"
    else:
        status = "niet nodig"
    ident = for_display(due["id"]) if due["id"] else "(geen id)"
    head = (
        f"regel {line}  {ident}  bvv {due['beslagvrije_voet']} "
        f"(vastgesteld {due['determination_date']})  {status}"
    )
    lines = [head] + [_reason_line(r) for r in due["reasons"]]
    if upcoming and due["upcoming"]:
        lines.append("    later:")
        lines += ["  " + _reason_line(r) for r in due["upcoming"]]
    return "\n".join(lines)


def cmd_due(args: argparse.Namespace) -> int:
    workers = workers_arg(args, "due")
    if args.results != "-" and not os.path.isfile(args.results):
        raise CaseInvalid(f"kan {args.results} niet lezen: het bestand bestaat niet")
    counts = {"read": 0, "required": 0, "advisable": 0, "not_due": 0, "failed": 0}
    tasks = ((args.on, chunk) for chunk in chunked(_result_rows(args.results), 100))
    for chunk in ordered_map(_due_chunk, tasks, workers=workers):
        for line, due, error in chunk:
            counts["read"] += 1
            if due is None:
                counts["failed"] += 1
                print(f"bvv due: regel {line}: {error}", file=sys.stderr)
                continue
            kind = "required" if due["required"] else "advisable" if due["advisable"] else "not_due"
            counts[kind] += 1
            if kind != "not_due" or args.all:
                if args.json:
                    print(json.dumps({"line": line, **due}, ensure_ascii=False))
                else:
                    print(render_due(line, due, upcoming=args.upcoming))
    print(
        f"bvv due: {counts['read']} resultaten gelezen, op {args.on}: {counts['required']} verplicht, "
        f"{counts['advisable']} alleen aan te raden, {counts['not_due']} niet nodig, "
        f"{counts['failed']} onleesbaar",
        file=sys.stderr,
    )
    return 3 if counts["failed"] else 0


# ------------------------------------------------------------------------------ diff


def cmd_diff(args: argparse.Namespace) -> int:
    d = diff_results(load_result(args.old), load_result(args.new))
    if args.json:
        print(json.dumps(d.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(d))
    return 0 if d.identical else 1
