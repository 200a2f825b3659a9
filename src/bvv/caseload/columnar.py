"""Columnar batch runs: JSONL or Parquet in; JSONL, CSV, Parquet or Excel out (by extension).

``bvv batch IN -o OUT`` with a ``.parquet`` input, or a ``.csv``, ``.parquet`` or ``.xlsx`` output,
or ``--detail summary``, runs here; JSONL in and full JSONL out stay with
:func:`bvv.caseload.batch.run_file`.

* **Blocks.** The input is read in blocks of :data:`BLOCK_ROWS` rows (JSONL lines through Arrow's
  JSON reader with the explicit :data:`~bvv.caseload.vector.CASE_SCHEMA`; Parquet record
  batches). Each block goes through the vector engine; the rows it does not cover — and every row
  of a JSONL block that Arrow cannot read, and every JSONL line holding a ``null`` — are calculated
  one by one by the scalar engine from their original line, so their results and errors are
  exactly those of :func:`bvv.calculate`. With ``workers > 1`` blocks run in worker processes,
  in input order, with bounded look-ahead (:func:`bvv.caseload.batch.ordered_map`).
* **No row lost.** Every input row ends in the output or in the errors file (``read = ok +
  errors``); error rows have ``line``, ``id``, ``code``, ``message``, ``path``, in the same
  format as the output.
* **Resume.** Each finished block is written as a *part* (``OUT.parts/NNNNNN.parquet`` and its
  errors part) by writing a temporary file and renaming it, errors part first: a part on disk is
  always complete. ``--resume`` counts the rows of the parts present and continues after them.
  When every block is done the parts are combined into ``OUT`` and ``OUT.errors.EXT`` (again via a
  temporary file and a rename) and the parts directory is removed. As in
  :mod:`bvv.caseload.runfiles`: the paths are checked first (input, output and errors are three
  different files), every file is private (0600) and fsynced before it is renamed, and a manifest
  (``OUT.parts/run.json``: the input's size and SHA-256, the outputs, the options) makes
  ``--resume`` refuse another input or other options.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

from bvv.caseload.batch import BatchOptions, Counts, ordered_map, process_one
from bvv.caseload.runfiles import check_paths, fingerprint, write_atomically
from bvv.caseload.summary import SUMMARY_SCHEMA, summary_from_result, summary_from_vector
from bvv.caseload.vector import CASE_SCHEMA, conform, evaluate
from bvv.errors import BvvError, UsageError
from bvv.norms import NormSet, active_norms, provisional_allowed, use_norms

__all__ = [
    "BLOCK_ROWS",
    "ERROR_SCHEMA",
    "Detail",
    "errors_path_for",
    "output_format",
    "read_cases",
    "run_columnar",
    "summarize_block",
    "write_cases_parquet",
]

Detail = Literal["summary", "full"]
#: rows per block (one vector evaluation, one part on disk)
BLOCK_ROWS = 50_000
FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
ERROR_SCHEMA = pa.schema(
    [
        ("line", pa.int64()),
        ("id", pa.string()),
        ("code", pa.string()),
        ("message", pa.string()),
        ("path", pa.string()),
    ]
)
_JSON_OPTIONS = pj.ParseOptions(explicit_schema=CASE_SCHEMA, unexpected_field_behavior="error")


def output_format(path: str | Path) -> str:
    """``jsonl``, ``csv``, ``parquet`` or ``xlsx`` from the file name."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"onbekend bestandstype {suffix or '(geen)'!r} voor {path}",
            hint="gebruik .jsonl, .csv, .parquet of .xlsx",
        )
    return FORMATS[suffix]


def errors_path_for(output: str | Path) -> Path:
    """``OUT.parquet`` -> ``OUT.errors.parquet`` (the same format as the output)."""
    p = Path(output)
    return p.with_name(f"{p.stem}.errors{p.suffix}")


# ------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Block:
    """One block of input: its first line number, and its rows as JSONL lines or as Arrow."""

    first_line: int
    lines: list[bytes] | None = None
    table: pa.Table | None = None

    @property
    def size(self) -> int:
        return len(self.lines) if self.lines is not None else self.table.num_rows if self.table else 0


def read_cases(path: str | Path, *, skip: int = 0, block_rows: int = BLOCK_ROWS) -> Iterator[Block]:
    """The input in blocks, after the first ``skip`` rows (JSONL lines or Parquet rows)."""
    src = Path(path)
    if src.suffix.lower() == ".parquet":
        yield from _parquet_blocks(src, skip, block_rows)
        return
    with src.open("rb") as fh:
        batch: list[bytes] = []
        first = skip + 1
        for n, raw in enumerate(fh, 1):
            if n <= skip:
                continue
            batch.append(raw)
            if len(batch) >= block_rows:
                yield Block(first, lines=batch)
                first, batch = n + 1, []
        if batch:
            yield Block(first, lines=batch)


def _parquet_blocks(src: Path, skip: int, block_rows: int) -> Iterator[Block]:
    pf = pq.ParquetFile(src)
    line = 1
    for batch in pf.iter_batches(batch_size=block_rows):
        if line + batch.num_rows - 1 <= skip:
            line += batch.num_rows
            continue
        table = pa.Table.from_batches([batch])
        if line <= skip:
            table = table.slice(skip - line + 1)
            line = skip + 1
        yield Block(line, table=table)
        line += table.num_rows


def write_cases_parquet(jsonl: str | Path, parquet: str | Path, *, block_rows: int = 200_000) -> int:
    """Convert a JSONL file of valid ``bvv-case/1`` rows to nested Parquet (:data:`CASE_SCHEMA`)."""
    rows = 0
    with pq.ParquetWriter(str(parquet), CASE_SCHEMA) as writer:
        for block in read_cases(jsonl, block_rows=block_rows):
            assert block.lines is not None
            table = pj.read_json(pa.BufferReader(b"".join(block.lines)), parse_options=_JSON_OPTIONS)
            writer.write_table(table)
            rows += table.num_rows
    return rows


# ------------------------------------------------------------------------------ one block


def _strip_nulls(value: Any) -> Any:
    """A Parquet row as the mapping a JSON case would be: null fields are absent."""
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


#: a JSONL block Arrow cannot read is halved until the pieces read; pieces this small go scalar
MIN_PIECE = 8


def _read_lines(lines: list[bytes]) -> pa.Table | None:
    try:
        table = pj.read_json(pa.BufferReader(b"".join(lines)), parse_options=_JSON_OPTIONS)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return table if table.num_rows == len(lines) else None  # blank lines are skipped by Arrow


def _readable(lines: list[bytes], start: int, end: int) -> Iterator[tuple[int, int, pa.Table | None]]:
    """Pieces of ``lines[start:end]`` with their Arrow table, halving a piece Arrow refuses."""
    table = _read_lines(lines[start:end])
    if table is not None or end - start <= MIN_PIECE:
        yield start, end, table
        return
    middle = (start + end) // 2
    yield from _readable(lines, start, middle)
    yield from _readable(lines, middle, end)


def _arrow_of(block: Block) -> tuple[pa.Table | None, np.ndarray[Any, Any]]:
    """The block as Arrow, and the rows that must go scalar (lines Arrow could not read, lines
    with a JSON ``null``, which Arrow cannot tell from an absent field)."""
    if block.table is not None:
        return conform(block.table), np.zeros(block.table.num_rows, dtype=bool)
    lines = block.lines
    assert lines is not None
    forced = np.array([b"null" in raw for raw in lines], dtype=bool)
    pieces: list[pa.Table] = []
    for start, end, table in _readable(lines, 0, len(lines)):
        if table is None:
            table = pa.Table.from_pylist([{}] * (end - start), schema=CASE_SCHEMA)
            forced[start:end] = True
        pieces.append(table)
    return pa.concat_tables(pieces, promote_options="none"), forced


def summarize_block(
    block: Block, opts: BatchOptions, norms: NormSet | None = None, allow_provisional: bool | None = None
) -> tuple[pa.Table, pa.Table]:
    """Summary rows and error rows of one block (input order; every row in exactly one).

    ``norms`` is the norm set to compute with (None: the set in use); it is passed explicitly so
    that worker processes and Dask workers use the same set as the caller; so is
    ``allow_provisional`` (None: as the caller's :func:`bvv.norms.use_norms` block)."""
    allow = provisional_allowed() if allow_provisional is None else allow_provisional
    with use_norms(norms, allow_provisional=allow):
        return _summarize(block, opts)


def _summarize(block: Block, opts: BatchOptions) -> tuple[pa.Table, pa.Table]:
    table, forced = _arrow_of(block)
    n = block.size
    lines = np.arange(block.first_line, block.first_line + n, dtype=np.int64)
    parts: list[pa.Table] = []
    covered = np.zeros(n, dtype=bool)
    if table is not None and opts.variant == "statute":
        out = evaluate(table, on=opts.on)
        covered = out.covered & ~forced
        out = _with_covered(out, covered)
        parts.append(summary_from_vector(table, out, lines, opts.on))
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    todo = np.flatnonzero(~covered)
    if block.lines is not None:
        raws: list[Any] = [block.lines[i] for i in todo]
    else:
        assert table is not None
        raws = [_strip_nulls(r) for r in table.take(pa.array(todo.astype(np.int64))).to_pylist()]
    for i, raw in zip(todo, raws, strict=True):
        outcome = process_one(int(lines[i]), raw, opts)
        result = outcome.result
        if result is not None:
            rows.append(summary_from_result(int(lines[i]), result))
        else:
            assert outcome.error is not None
            errors.append({"line": outcome.line, "id": outcome.id, **outcome.error})
    if rows:
        parts.append(pa.Table.from_pylist(rows, schema=SUMMARY_SCHEMA))
    summary = pa.concat_tables(parts) if parts else SUMMARY_SCHEMA.empty_table()
    if len(parts) > 1:
        summary = summary.sort_by("line")
    return summary, pa.Table.from_pylist(errors, schema=ERROR_SCHEMA)


def _with_covered(out: Any, covered: np.ndarray[Any, Any]) -> Any:
    from dataclasses import replace

    return replace(out, covered=covered)


def _block_task(task: tuple[Block, BatchOptions, NormSet, bool]) -> tuple[pa.Table, pa.Table]:
    return summarize_block(*task)


# ------------------------------------------------------------------------------ parts and resume


def _atomic_parquet(table: pa.Table, path: Path) -> None:
    """Write a part: private (0600, it holds personal data), fsynced, renamed into place."""
    write_atomically(path, lambda fh: pq.write_table(table, fh))


MANIFEST_FORMAT = "bvv-columnar-run/1"


def _check_manifest(parts_dir: Path, header: dict[str, Any], resume: bool) -> None:
    """Resume only the same input, outputs and options (the manifest of ``bvv.caseload.runfiles``
    in spirit: the input's size and SHA-256, the output paths and the options)."""
    manifest = parts_dir / "run.json"
    if resume and manifest.exists():
        earlier = json.loads(manifest.read_bytes())
        if earlier != header:
            raise UsageError(
                "--resume hoort bij een andere run (andere invoer, uitvoer of opties)",
                hint="start de run opnieuw zonder --resume (de delen worden dan overschreven)",
            )
        return
    write_atomically(manifest, json.dumps(header, sort_keys=True).encode())


def _parts(parts_dir: Path) -> list[tuple[Path, Path]]:
    """The complete (summary, errors) part pairs, in order; stray files are removed."""
    if not parts_dir.is_dir():
        return []
    for stray in parts_dir.glob("part-*.tmp"):
        stray.unlink()
    pairs = []
    for summary in sorted(parts_dir.glob("part-*.summary.parquet")):
        errors = summary.with_name(summary.name.replace(".summary.", ".errors."))
        if errors.exists():
            pairs.append((summary, errors))
    done = {p for pair in pairs for p in pair}
    for orphan in parts_dir.glob("part-*.parquet"):
        if orphan not in done:
            orphan.unlink()
    return pairs


def _resume_counts(pairs: list[tuple[Path, Path]]) -> Counts:
    ok = sum(pq.ParquetFile(s).metadata.num_rows for s, _ in pairs)
    err = sum(pq.ParquetFile(e).metadata.num_rows for _, e in pairs)
    return Counts(read=ok + err, ok=ok, errors=err, resumed=ok + err)


# ------------------------------------------------------------------------------ writing


def _text_row(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row for JSONL, CSV and Excel: money as strings, lists as JSON or joined text."""
    out = dict(row)
    for key in ("beslagvrije_voet",):
        if out.get(key) is not None:
            out[key] = f"{out[key]:.2f}"
    if "per_income" in out:
        out["per_income"] = [
            {"id": p["id"], "bvv": f"{p['bvv']:.2f}", "afdracht": f"{p['afdracht']:.2f}"}
            for p in out["per_income"]
        ]
    return out


def _flat_cell(value: Any) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return ";".join(value)
    return value


def _combine(parts: list[Path], schema: pa.Schema, target: Path, fmt: str) -> None:
    """Write the parts, in order, to ``target`` in ``fmt`` (private temporary file, then rename)."""
    if fmt == "xlsx":
        _check_xlsx_rows(parts)
    write_atomically(target, lambda fh: _write_parts(parts, schema, fh, fmt))


def _write_parts(parts: list[Path], schema: pa.Schema, fh: IO[bytes], fmt: str) -> None:
    if fmt == "parquet":
        with pq.ParquetWriter(fh, schema) as writer:
            for part in parts:
                writer.write_table(pq.read_table(part, schema=schema))
    elif fmt == "jsonl":
        with _text(fh, newline=None) as out:
            for part in parts:
                for row in pq.read_table(part, schema=schema).to_pylist():
                    out.write(json.dumps(_text_row(row), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        import csv

        with _text(fh, newline="") as out:
            writer = csv.writer(out)
            writer.writerow(schema.names)
            for part in parts:
                for row in pq.read_table(part, schema=schema).to_pylist():
                    writer.writerow([_flat_cell(v) for v in _text_row(row).values()])
    else:
        _write_xlsx(parts, schema, fh)


@contextmanager
def _text(fh: IO[bytes], newline: str | None) -> Iterator[io.TextIOWrapper]:
    """UTF-8 text on ``fh``, flushed and detached at the end (``fh`` stays open)."""
    out = io.TextIOWrapper(fh, encoding="utf-8", newline=newline)
    yield out
    out.flush()
    out.detach()


def _check_xlsx_rows(parts: list[Path]) -> None:
    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    if rows >= 1_048_576:
        raise BvvError(f"{rows} rijen passen niet in één Excel-blad; kies .parquet of .csv")


def _write_xlsx(parts: list[Path], schema: pa.Schema, fh: IO[bytes]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("bvv")
    ws.append(schema.names)
    for part in parts:
        for row in pq.read_table(part, schema=schema).to_pylist():
            ws.append([_flat_cell(v) for v in _text_row(row).values()])
    wb.save(fh)


# ------------------------------------------------------------------------------ the run


def run_columnar(
    cases: str | Path,
    output: str | Path,
    errors: str | Path | None = None,
    *,
    on: date | None = None,
    workers: int = 1,
    resume: bool = False,
    block_rows: int = BLOCK_ROWS,
    allow_latest_norms: bool = False,
    variant: Any = "statute",
    on_block: Callable[[Counts], None] | None = None,
) -> Counts:
    """Summary rows of every case in ``cases`` (JSONL or Parquet) into ``output`` (format by
    extension) and the error rows into ``errors`` (default ``OUT.errors.EXT``, same format).

    ``on_block`` is called with the running counts after every block (benchmarks sample memory).
    """
    src, out = Path(cases), Path(output)
    fmt = output_format(out)
    err = Path(errors) if errors is not None else errors_path_for(out)
    check_paths(src, out, err)
    output_format(err)
    parts_dir = out.with_name(out.name + ".parts")
    if not resume and parts_dir.exists():
        shutil.rmtree(parts_dir)
    parts_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    opts = BatchOptions(on=on, allow_latest_norms=allow_latest_norms, variant=variant)
    header = {
        "format": MANIFEST_FORMAT,
        "input": fingerprint(src),
        "results": str(out.resolve()),
        "errors": str(err.resolve()),
        "options": {"on": on.isoformat() if on else None, "allow_latest_norms": allow_latest_norms,
                    "variant": variant, "block_rows": block_rows, "norms": active_norms().fingerprint,
                    "allow_provisional_norms": provisional_allowed()},
    }  # fmt: skip
    _check_manifest(parts_dir, header, resume)
    pairs = _parts(parts_dir)
    counts = _resume_counts(pairs) if resume else Counts()
    norms = active_norms()  # validated once; sent with every block (workers use the same set)
    allow = provisional_allowed()
    blocks = read_cases(src, skip=counts.read, block_rows=block_rows)
    tasks = ((block, opts, norms, allow) for block in blocks)
    for (summary, errs), first in _run(tasks, workers):
        stem = parts_dir / f"part-{first:012d}"
        _atomic_parquet(errs, stem.with_suffix(".errors.parquet"))
        _atomic_parquet(summary, stem.with_suffix(".summary.parquet"))
        counts.ok += summary.num_rows
        counts.errors += errs.num_rows
        counts.read += summary.num_rows + errs.num_rows
        if on_block is not None:
            on_block(counts)
    pairs = _parts(parts_dir)
    _combine([s for s, _ in pairs], SUMMARY_SCHEMA, out, fmt)
    _combine([e for _, e in pairs], ERROR_SCHEMA, err, output_format(err))
    shutil.rmtree(parts_dir)
    return counts


def _run(
    tasks: Iterator[tuple[Block, BatchOptions, NormSet, bool]], workers: int
) -> Iterator[tuple[tuple[pa.Table, pa.Table], int]]:
    """Each block's result with its first line, in input order (over ``workers`` processes)."""
    firsts: list[int] = []

    def numbered() -> Iterator[tuple[Block, BatchOptions, NormSet, bool]]:
        for task in tasks:
            firsts.append(task[0].first_line)
            yield task

    for n, result in enumerate(ordered_map(_block_task, numbered(), workers=workers, in_flight=workers + 1)):
        yield result, firsts[n]
