"""Batch runs over a caseload: a stream of cases in, a stream of results (and errors) out.

Two entry points:

* :func:`calculate_many` — the Python API: any iterable of cases (``Case`` models, mappings or JSON
  text) in, an iterator of :class:`Outcome` in input order out;
* :func:`run_file` — ``bvv batch CASES.jsonl -o RESULTS.jsonl``: one ``bvv-case/1`` JSON object a
  line in, one ``bvv-result/1`` JSON object a line out, and every row that fails to the errors file
  (``{"line", "id", "error": {"code", "message", "path"}}``).

Memory stays flat: the input is read lazily, in chunks, and with ``workers > 1`` at most a few chunks
per worker are in flight at any time (a plain ``Pool.imap`` would read the whole input ahead). Input
order is kept. A bad row never stops the run; it goes to the errors file with its line number, and
``read = ok + errors`` always holds. A BSN never appears in clear in an error row: any run of nine
digits in an id or a message is masked.

Resuming (``--resume``) relies on two invariants of the writer: both files are written in input
order, and an error row is flushed before any later result is written. The files on disk therefore
always describe a prefix of the input (plus, at most, error rows just ahead of the last flushed
result); :func:`resume_point` finds that prefix, drops a partial last line and any error row beyond
it, and the run continues after it without duplicates.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

from bvv.bsn import mask_in_text
from bvv.engine import calculate
from bvv.errors import BvvError
from bvv.model import Case, Result
from bvv.norms import Variant, all_tables

__all__ = [
    "BatchOptions",
    "Counts",
    "Outcome",
    "calculate_many",
    "chunked",
    "default_errors_path",
    "ordered_map",
    "resume_point",
    "run_file",
]

T = TypeVar("T")
R = TypeVar("R")

#: cases per task sent to a worker
CHUNK_SIZE = 200
#: tasks in flight per worker (bounds memory whatever the size of the input)
IN_FLIGHT_PER_WORKER = 4

def scrub(text: str | None) -> str | None:
    """Mask every run of exactly nine digits (a possible BSN).

    >>> scrub("case 999993653 failed")
    'case ******653 failed'
    """
    if text is None:
        return None
    return mask_in_text(text)


@dataclass(frozen=True)
class BatchOptions:
    """How every case of a batch is calculated (picklable, sent to the workers)."""

    on: date | None = None
    allow_latest_norms: bool = False
    variant: Variant = "statute"


@dataclass(frozen=True)
class Outcome:
    """The outcome of one input row: a result (as ``bvv-result/1`` JSON text) or an error."""

    line: int
    id: str | None
    result_json: str | None = None
    error: dict[str, str | None] | None = None
    _result: Result | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def result(self) -> Result | None:
        """The result as a model (parsed from the JSON when it came from a worker process)."""
        if self._result is not None:
            return self._result
        if self.result_json is None:
            return None
        return Result.model_validate_json(self.result_json)

    def error_row(self) -> dict[str, Any]:
        """The row written to the errors file."""
        return {"line": self.line, "id": self.id, "error": self.error}


@dataclass
class Counts:
    """Rows read, calculated and failed; ``read == ok + errors`` (including resumed rows)."""

    read: int = 0
    ok: int = 0
    errors: int = 0
    resumed: int = 0

    def summary(self) -> str:
        text = f"read {self.read} = ok {self.ok} + errors {self.errors}"
        if self.resumed:
            text += f" (resumed: the first {self.resumed} lines were already done)"
        return text


# ------------------------------------------------------------------------------ one case


def _case_id(data: Any) -> str | None:
    if isinstance(data, Case):
        return data.id
    if isinstance(data, Mapping):
        value = data.get("id")
        return str(value)[:200] if isinstance(value, str | int) and not isinstance(value, bool) else None
    return None


def _error(code: str, message: str, path: str | None = None) -> dict[str, str | None]:
    return {"code": code, "message": scrub(message), "path": scrub(path)}


def process_one(line: int, raw: Case | Mapping[str, Any] | str | bytes, opts: BatchOptions) -> Outcome:
    """Calculate one case; every failure becomes an error outcome, never an exception."""
    data: Any = raw
    case_id: str | None = None
    try:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                msg = f"the line is not UTF-8 ({exc.reason})"
                return Outcome(line, None, error=_error("case-invalid", msg))
        if isinstance(data, str):
            if not data.strip():
                msg = "empty line: a case is a JSON object"
                return Outcome(line, None, error=_error("case-invalid", msg))
            try:
                data = json.loads(data.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                return Outcome(
                    line,
                    None,
                    error=_error("case-invalid", f"not valid JSON: {exc.msg} (column {exc.colno})"),
                )
        case_id = scrub(_case_id(data))
        if opts.on is not None:
            if isinstance(data, Case):
                data = data.model_copy(update={"determination_date": opts.on})
            elif isinstance(data, Mapping):
                data = {**data, "determination_date": opts.on.isoformat()}
        result = calculate(data, allow_latest_norms=opts.allow_latest_norms, variant=opts.variant)
        return Outcome(line, case_id, result.model_dump_json(by_alias=True), _result=result)
    except BvvError as err:
        return Outcome(line, case_id, error=_error(err.code, err.message, err.path))
    except Exception as exc:  # a bug in bvv: report the row, keep going
        return Outcome(line, case_id, error=_error("internal-error", f"{type(exc).__name__}: {exc}"))


def _process_chunk(
    task: tuple[BatchOptions, list[tuple[int, Any]]], keep_models: bool = False
) -> list[Outcome]:
    opts, rows = task
    out = [process_one(line, raw, opts) for line, raw in rows]
    if keep_models:
        return out
    # results cross the process boundary as JSON text only (the model is rebuilt on demand)
    return [Outcome(o.line, o.id, o.result_json, o.error) for o in out]


# ------------------------------------------------------------------------------ ordered map


def _worker_init() -> None:
    # the parent handles Ctrl-C and terminates the pool; workers must not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], *, workers: int = 1, in_flight: int | None = None
) -> Iterator[R]:
    """``map(fn, items)`` in input order, over ``workers`` processes with bounded look-ahead.

    At most ``in_flight`` items (default four per worker) are submitted ahead of the one being
    yielded, so memory does not grow with the input. ``fn`` must be picklable (module level).
    """
    if workers <= 1:
        for item in items:
            yield fn(item)
        return
    all_tables()  # load and validate the norms once, before forking
    limit = in_flight or workers * IN_FLIGHT_PER_WORKER
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        pending: deque[Any] = deque()
        for item in items:
            pending.append(pool.apply_async(fn, (item,)))
            if len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def chunked(rows: Iterable[tuple[int, T]], size: int) -> Iterator[list[tuple[int, T]]]:
    chunk: list[tuple[int, T]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _outcomes(
    rows: Iterable[tuple[int, Any]], opts: BatchOptions, *, workers: int, chunk_size: int
) -> Iterator[list[Outcome]]:
    tasks = ((opts, chunk) for chunk in chunked(rows, chunk_size))
    if workers <= 1:
        for task in tasks:
            yield _process_chunk(task, keep_models=True)
    else:
        yield from ordered_map(_process_chunk, tasks, workers=workers)


def calculate_many(
    cases: Iterable[Case | Mapping[str, Any] | str | bytes],
    *,
    on: date | None = None,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
) -> Iterator[Outcome]:
    """Calculate every case of ``cases`` lazily, in input order; failures are outcomes, not raised.

    ``on`` sets one determination date for every case (a yearly recalculation). Each
    :class:`Outcome` carries the 1-based position as ``line``, the case id, and either the result
    (``.result``, ``.result_json``) or the error (``{"code", "message", "path"}``).

    >>> from bvv import examples
    >>> out = list(calculate_many([examples.load("01_bijstand_alleenstaande_2021"), "{not json"]))
    >>> [(o.line, o.ok) for o in out], str(out[0].result.beslagvrije_voet), out[1].error["code"]
    ([(1, True), (2, False)], '1021.67', 'case-invalid')
    """
    opts = BatchOptions(on=on, allow_latest_norms=allow_latest_norms, variant=variant)
    for chunk in _outcomes(enumerate(cases, 1), opts, workers=workers, chunk_size=chunk_size):
        yield from chunk


# ------------------------------------------------------------------------------ files


def default_errors_path(results: str | Path) -> Path:
    """``RESULTS.jsonl`` -> ``RESULTS.errors.jsonl``."""
    p = Path(results)
    if p.suffix == ".jsonl":
        return p.with_suffix(".errors.jsonl")
    return p.with_name(p.name + ".errors.jsonl")


def _truncate_partial(path: Path) -> list[bytes]:
    """The complete lines of ``path``; a partial last line (no newline) is cut off the file."""
    if not path.exists():
        return []
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end != len(data):
        with path.open("r+b") as fh:
            fh.truncate(end)
    return data[:end].splitlines()


def _count_complete_lines(path: Path) -> int:
    """Like :func:`_truncate_partial` but counting in blocks (a results file can be large)."""
    if not path.exists():
        return 0
    count = 0
    last_newline = -1
    pos = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            n = block.count(b"\n")
            if n:
                count += n
                last_newline = pos + block.rfind(b"\n")
            pos += len(block)
    if last_newline + 1 != pos:
        with path.open("r+b") as fh:
            fh.truncate(last_newline + 1)
    return count


def resume_point(results: Path, errors: Path) -> tuple[int, int, int]:
    """``(lines_done, ok_done, errors_done)`` of an interrupted run; repairs both files.

    The results file holds the first ``R`` successful rows; the errors file holds error rows with
    their line numbers, possibly a few ahead of the last flushed result. Walking the input line
    numbers, a line is done when it is an error row, or while fewer than ``R`` ok rows have been
    seen. Error rows after that point are removed (they will be written again).
    """
    ok_done = _count_complete_lines(results)
    rows = _truncate_partial(errors)
    error_lines: list[int] = []
    kept: list[bytes] = []
    for raw in rows:
        try:
            error_lines.append(int(json.loads(raw)["line"]))
            kept.append(raw)
        except (ValueError, KeyError, TypeError):
            break  # a damaged row: it and everything after it is redone
    failed = set(error_lines)
    done = seen_ok = 0
    while True:
        nxt = done + 1
        if nxt in failed:
            done = nxt
        elif seen_ok < ok_done:
            seen_ok += 1
            done = nxt
        else:
            break
    if seen_ok < ok_done:  # pragma: no cover - only if the files do not belong together
        raise BvvError(f"cannot resume: {results} holds more rows than the errors file accounts for")
    keep = [row for row, n in zip(kept, error_lines, strict=True) if n <= done]
    if len(keep) != len(rows):
        errors.write_bytes(b"".join(row + b"\n" for row in keep))
    return done, ok_done, len(keep)


def count_lines(path: Path) -> int:
    """Number of lines (a last line without newline counts), read in blocks."""
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (0 if last == b"\n" else 1)


def _input_rows(fh: IO[bytes], skip: int) -> Iterator[tuple[int, bytes]]:
    for n, raw in enumerate(fh, 1):
        if n > skip:
            yield n, raw


def run_file(
    cases: str | Path,
    results: str | Path,
    errors: str | Path | None = None,
    *,
    on: date | None = None,
    workers: int = 1,
    resume: bool = False,
    chunk_size: int = CHUNK_SIZE,
    allow_latest_norms: bool = False,
    variant: Variant = "statute",
    progress: bool | None = None,
    on_chunk: Callable[[Counts], None] | None = None,
) -> Counts:
    """Calculate every line of the JSONL file ``cases`` into ``results`` (and ``errors``).

    ``progress=None`` shows a progress bar when standard error is a terminal (and tqdm is
    installed). ``on_chunk`` is called with the running counts after every chunk (benchmarks use it
    to sample memory).
    """
    src = Path(cases)
    out = Path(results)
    err = Path(errors) if errors is not None else default_errors_path(out)
    if src.resolve() in (out.resolve(), err.resolve()):
        raise BvvError("the output file must not be the input file")
    opts = BatchOptions(on=on, allow_latest_norms=allow_latest_norms, variant=variant)
    counts = Counts()
    if resume:
        done, ok_done, err_done = resume_point(out, err)
        counts = Counts(read=done, ok=ok_done, errors=err_done, resumed=done)
    mode = "ab" if resume else "wb"
    bar = _progress_bar(src, counts.read, progress)
    try:
        with src.open("rb") as inp, out.open(mode) as res, err.open(mode) as errf:
            rows = _input_rows(inp, counts.read)
            for chunk in _outcomes(rows, opts, workers=max(1, workers), chunk_size=chunk_size):
                for o in chunk:
                    if o.result_json is not None:
                        res.write(o.result_json.encode("utf-8") + b"\n")
                        counts.ok += 1
                    else:
                        # flushed at once: an error row never lags behind a later result (resume)
                        errf.write(json.dumps(o.error_row(), ensure_ascii=False).encode("utf-8") + b"\n")
                        errf.flush()
                        counts.errors += 1
                    counts.read += 1
                if bar is not None:
                    bar.update(len(chunk))
                if on_chunk is not None:
                    on_chunk(counts)
    finally:
        if bar is not None:
            bar.close()
    return counts


def _progress_bar(src: Path, initial: int, progress: bool | None) -> Any:
    if progress is None:
        progress = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    if not progress:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is optional
        return None
    return tqdm(total=count_lines(src), initial=initial, unit="case", file=sys.stderr, smoothing=0.1)
