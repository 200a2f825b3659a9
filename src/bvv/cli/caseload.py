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

from bvv.caseload.batch import chunked, default_errors_path, ordered_map, run_file, scrub
from bvv.caseload.diff import diff_results, render_text
from bvv.caseload.recalc import recalculation_due
from bvv.cli.common import add_calc_options, iso_date
from bvv.errors import BvvError, CaseInvalid
from bvv.parse import load_result


def register(subparsers: Any) -> None:
    """Add ``batch``, ``due`` and ``diff`` to the ``bvv`` command."""
    p = subparsers.add_parser(
        "batch",
        help="compute the bvv of every case in a JSONL file",
        description="Compute every case of CASES.jsonl (one bvv-case/1 JSON object a line) into "
        "RESULTS.jsonl (one bvv-result/1 a line, in input order). Rows that fail go to the errors "
        "file with their line number, id and error; the run never stops on a bad row. Exit 0 when "
        "every row was calculated, 3 when some rows failed.",
    )
    p.add_argument("cases", help="invoer: JSONL (één bvv-case/1 per regel) of Parquet (geneste bvv-case/1)")
    p.add_argument(
        "-o", "--output", required=True, metavar="RESULTS", help="uitvoer: .jsonl, .csv, .parquet of .xlsx"
    )
    p.add_argument(
        "--errors",
        metavar="FILE",
        help="bestand met de fouten (standaard RESULTS.errors.jsonl; bij kolomuitvoer hetzelfde formaat)",
    )
    p.add_argument(
        "--detail",
        choices=("summary", "full"),
        help="summary: één platte rij per zaak; full: het hele bvv-result/1 (alleen JSONL). "
        "Standaard: full voor .jsonl, summary voor .csv, .parquet en .xlsx",
    )
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run without duplicates")
    p.add_argument("--chunk-size", type=int, default=200, metavar="N", help=argparse.SUPPRESS)
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    add_calc_options(p)
    p.set_defaults(func=cmd_batch)

    p = subparsers.add_parser(
        "due",
        help="list stored results that must or may be recalculated on a date",
        description="Read RESULTS.jsonl (bvv-result/1, one a line) and list the cases whose bvv must "
        "(required) or may (advisable) be set again on DATE, with the reasons and the date each "
        "applies from (Rv 475d lid 2-5, 475da lid 5-6, 475fa).",
    )
    p.add_argument("results", help="JSONL file of bvv-result/1 (as written by 'bvv batch'), - for stdin")
    p.add_argument("--on", type=iso_date, required=True, metavar="DATE", help="the date to check")
    p.add_argument("--all", action="store_true", help="also list cases that are not due")
    p.add_argument("--json", action="store_true", help="print one JSON object a line")
    p.add_argument("--upcoming", action="store_true", help="also show reasons that apply after DATE")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.set_defaults(func=cmd_due)

    p = subparsers.add_parser(
        "diff",
        help="explain what changed between two stored results",
        description="Compare two bvv-result/1 files: the change in the bvv, the inputs, norms and "
        "rules that caused it, and the amounts per step. Exit 0 when equal, 1 when they differ.",
    )
    p.add_argument("old", help="the earlier result (bvv-result/1 JSON)")
    p.add_argument("new", help="the later result (bvv-result/1 JSON)")
    p.add_argument("--json", action="store_true", help="print the difference as JSON (bvv-diff/1)")
    p.set_defaults(func=cmd_diff)


# ------------------------------------------------------------------------------ batch


def cmd_batch(args: argparse.Namespace) -> int:
    src = Path(args.cases)
    if not src.is_file():
        raise CaseInvalid(f"cannot read {src}: no such file")
    if args.workers < 1:
        raise CaseInvalid("--workers must be at least 1")
    columnar = _columnar_run(args, src)
    if columnar is not None:
        return columnar
    errors = Path(args.errors) if args.errors else default_errors_path(args.output)
    counts = run_file(
        src,
        args.output,
        errors,
        on=args.on,
        workers=args.workers,
        resume=args.resume,
        chunk_size=max(1, args.chunk_size),
        allow_latest_norms=args.allow_latest_norms,
        variant=args.variant,
        progress=args.progress,
    )
    print(f"bvv batch: {counts.summary()}", file=sys.stderr)
    if counts.errors:
        print(f"bvv batch: rows that failed are in {errors}", file=sys.stderr)
    return 3 if counts.errors else 0


def _columnar_run(args: argparse.Namespace, src: Path) -> int | None:
    """Summary output or a Parquet input: the columnar batch (None: the JSONL batch does it)."""
    out = Path(args.output)
    parquet_in = src.suffix.lower() == ".parquet"
    jsonl_out = out.suffix.lower() == ".jsonl"
    detail = args.detail or ("full" if jsonl_out else "summary")
    if detail == "full" and not parquet_in and jsonl_out:
        return None
    if detail == "full":
        raise CaseInvalid(
            "--detail full schrijft het volledige resultaat als JSONL, en leest alleen JSONL; "
            "kies een .jsonl-uitvoer en -invoer, of --detail summary"
        )
    try:
        from bvv.caseload.columnar import errors_path_for, run_columnar
    except ImportError:
        raise CaseInvalid(
            "voor Parquet, CSV, Excel en de samenvatting is de extra 'columnar' nodig: "
            "pip install 'bvv[columnar]'"
        ) from None
    errors = Path(args.errors) if args.errors else errors_path_for(out)
    counts = run_columnar(
        src,
        out,
        errors,
        on=args.on,
        workers=args.workers,
        resume=args.resume,
        allow_latest_norms=args.allow_latest_norms,
        variant=args.variant,
    )
    text = f"gelezen {counts.read} = goed {counts.ok} + fout {counts.errors}"
    if counts.resumed:
        text += f" (hervat: de eerste {counts.resumed} rijen waren al klaar)"
    print(f"bvv batch: {text}", file=sys.stderr)
    if counts.errors:
        print(f"bvv batch: de rijen met een fout staan in {errors}", file=sys.stderr)
    return 3 if counts.errors else 0


# ------------------------------------------------------------------------------ due


DueRow = tuple[int, dict[str, Any] | None, str | None]


def _due_chunk(task: tuple[date, list[tuple[int, bytes]]]) -> list[DueRow]:
    on, rows = task
    out: list[DueRow] = []
    for line, raw in rows:
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != "bvv-result/1":
                raise CaseInvalid("not a bvv-result/1 object")
            out.append((line, recalculation_due(data, on).to_json_dict(), None))
        except json.JSONDecodeError as exc:
            out.append((line, None, f"not valid JSON: {exc.msg}"))
        except BvvError as err:
            out.append((line, None, scrub(f"{err.code}: {err.message}")))
        except (KeyError, TypeError, ValueError) as exc:
            out.append((line, None, scrub(f"not a usable bvv-result/1: {type(exc).__name__}: {exc}")))
    return out


def _result_rows(path: str) -> Iterator[tuple[int, bytes]]:
    """Non-empty lines of a JSONL file; a single pretty-printed result (as written by
    ``bvv calculate --json``) is accepted too and counts as line 1."""
    with (sys.stdin.buffer if path == "-" else open(path, "rb")) as fh:
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


def _reason_line(r: dict[str, Any]) -> str:
    return f"    - {r['code']} ({r['kind']} from {r['from']}; {r['basis']}): {r['text']}"


def render_due(line: int, due: dict[str, Any], *, upcoming: bool = False) -> str:
    """One stored result's reasons as text; ``line`` is its line in the results file."""
    if due["required"]:
        status = f"REQUIRED from {due['required_from']}"
    elif due["advisable"]:
        status = f"advisable from {due['due_from']}"
    else:
        status = "not due"
    head = (
        f"line {line}  {due['id'] or '(no id)'}  bvv {due['beslagvrije_voet']} "
        f"(determined {due['determination_date']})  {status}"
    )
    lines = [head] + [_reason_line(r) for r in due["reasons"]]
    if upcoming and due["upcoming"]:
        lines.append("    upcoming:")
        lines += ["  " + _reason_line(r) for r in due["upcoming"]]
    return "\n".join(lines)


def cmd_due(args: argparse.Namespace) -> int:
    if args.results != "-" and not os.path.isfile(args.results):
        raise CaseInvalid(f"cannot read {args.results}: no such file")
    read = required = advisable = not_due = failed = 0
    tasks = ((args.on, chunk) for chunk in chunked(_result_rows(args.results), 100))
    for chunk in ordered_map(_due_chunk, tasks, workers=max(1, args.workers)):
        for line, due, error in chunk:
            read += 1
            if due is None:
                failed += 1
                print(f"bvv due: line {line}: {error}", file=sys.stderr)
                continue
            is_due = due["required"] or due["advisable"]
            if due["required"]:
                required += 1
            elif due["advisable"]:
                advisable += 1
            else:
                not_due += 1
            if is_due or args.all:
                if args.json:
                    print(json.dumps({"line": line, **due}, ensure_ascii=False))
                else:
                    print(render_due(line, due, upcoming=args.upcoming))
    print(
        f"bvv due: read {read} results on {args.on}: {required} required, {advisable} advisable only, "
        f"{not_due} not due, {failed} unreadable",
        file=sys.stderr,
    )
    return 0


# ------------------------------------------------------------------------------ diff


def cmd_diff(args: argparse.Namespace) -> int:
    d = diff_results(load_result(args.old), load_result(args.new))
    if args.json:
        print(json.dumps(d.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(d))
    return 0 if d.identical else 1

