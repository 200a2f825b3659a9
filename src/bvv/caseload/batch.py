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

Files (:mod:`bvv.caseload.runfiles`): the outputs are written to working files and renamed into
place at the end, with a checkpoint (fsync and a manifest) after every chunk; ``--resume`` checks
the manifest (same input, options and outputs) and continues after the last checkpoint. Input,
results and errors must be three different files (compared by device and inode).

Workers run in a :class:`concurrent.futures.ProcessPoolExecutor`: a worker that dies (killed, out of
memory) breaks the pool, and the run stops with :class:`~bvv.errors.WorkerDied` instead of waiting
for ever; what was checkpointed stays resumable. Workers ignore Ctrl-C, leave SIGTERM to the
default, and exit when their parent is gone.
"""

from __future__ import annotations

import codecs
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

from bvv.bsn import mask_in_text
from bvv.caseload.runfiles import (
    Checkpoint,
    RunFiles,
    RunPaths,
    check_paths,
    fingerprint,
    io_failure,
    read_manifest,
)
from bvv.engine import calculate
from bvv.errors import BvvError, WorkerDied
from bvv.model import Case, Result
from bvv.norms import Variant, all_tables

__all__ = [
    "BatchOptions",
    "Counts",
    "Outcome",
    "calculate_many",
    "chunked",
    "default_errors_path",
    "max_workers",
    "ordered_map",
    "run_file",
]

T = TypeVar("T")
R = TypeVar("R")

#: cases per task sent to a worker
CHUNK_SIZE = 200
#: tasks in flight per worker (bounds memory whatever the size of the input)
IN_FLIGHT_PER_WORKER = 4
#: the longest input line accepted (bytes); a longer line becomes an error row
MAX_LINE_BYTES = 1 << 20
#: block size for skipping over the rest of a line that is too long
_SKIP_BLOCK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str | None) -> str | None:
    """Mask every nine-digit number (a possible BSN); a lone surrogate becomes U+FFFD.

    >>> scrub("case 999993653 failed")
    'case ******653 failed'
    >>> scrub("id \\udc00") == "id \\ufffd"
    True
    """
    if text is None:
        return None
    return _SURROGATE.sub("\ufffd", mask_in_text(text))


def max_workers() -> int:
    """The number of cores this process may use (the upper bound of ``--workers``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class LineTooLong:
    """An input line longer than :data:`MAX_LINE_BYTES` (only its size is kept)."""

    size: int


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


def _decode(line: int, data: Any) -> Any:
    """Bytes or text of one input line as JSON data; an :class:`Outcome` when it is not."""
    if isinstance(data, LineTooLong):
        msg = f"the line is {data.size} bytes, more than the limit of {MAX_LINE_BYTES} bytes"
        return Outcome(line, None, error=_error("case-invalid", msg))
    if isinstance(data, bytes):
        if line == 1 and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Outcome(line, None, error=_error("case-invalid", f"the line is not UTF-8 ({exc.reason})"))
    if isinstance(data, str):
        if not data.strip():
            return Outcome(line, None, error=_error("case-invalid", "empty line: a case is a JSON object"))
        try:
            return json.loads(data.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            msg = f"not valid JSON: {exc.msg} (column {exc.colno})"
            return Outcome(line, None, error=_error("case-invalid", msg))
        except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
            return Outcome(line, None, error=_error("case-invalid", f"not usable JSON: {exc}"[:300]))
    return data


def process_one(line: int, raw: Any, opts: BatchOptions) -> Outcome:
    """Calculate one case; every failure becomes an error outcome, never an exception."""
    case_id: str | None = None
    try:
        data = _decode(line, raw)
        if isinstance(data, Outcome):
            return data
        case_id = scrub(_case_id(data))
        if opts.on is not None:
            if isinstance(data, Case):
                data = data.model_copy(update={"determination_date": opts.on})
            elif isinstance(data, Mapping):
                data = {**data, "determination_date": opts.on.isoformat()}
        result = calculate(data, allow_latest_norms=opts.allow_latest_norms, variant=opts.variant)
        text = result.model_dump_json(by_alias=True)
        text.encode("utf-8")  # a lone surrogate in the case cannot be written: an error row instead
        return Outcome(line, case_id, text, _result=result)
    except BvvError as err:
        return Outcome(line, case_id, error=_error(err.code, err.message, err.path))
    except UnicodeError:
        msg = "the case holds text that is not valid Unicode (a lone surrogate such as \\udc00)"
        return Outcome(line, case_id, error=_error("case-invalid", msg))
    except Exception as exc:  # a bug in bvv: report the row, keep going
        return Outcome(line, case_id, error=_error("internal-error", f"{type(exc).__name__}: {exc}"[:500]))


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


def _worker_init(parent: int) -> None:
    # the parent handles Ctrl-C and SIGTERM and stops the workers; a worker prints no traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent is gone (killed with -9) would wait for work for ever: it exits."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (after an interruption or a dead worker), without waiting for them."""
    # ProcessPoolExecutor has no public way to end busy workers before Python 3.14
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(5)


def _worker_died() -> WorkerDied:
    return WorkerDied(
        "a worker process stopped unexpectedly (killed, out of memory); the run was stopped",
        hint="what was computed is kept: resume, perhaps with fewer workers",
        tekst="een rekenproces is onverwacht gestopt (bijvoorbeeld omdat het geheugen op was); "
        "de run is afgebroken",
        tip="wat al berekend was, is bewaard: hervat met --resume, eventueel met minder --workers",
    )


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], *, workers: int = 1, in_flight: int | None = None
) -> Iterator[R]:
    """``map(fn, items)`` in input order, over ``workers`` processes with bounded look-ahead.

    At most ``in_flight`` items (default four per worker) are submitted ahead of the one being
    yielded, so memory does not grow with the input. ``fn`` must be picklable (module level).
    ``workers`` is capped at :func:`max_workers`. A worker that dies raises
    :class:`~bvv.errors.WorkerDied`; closing the iterator early stops the workers.
    """
    workers = min(workers, max_workers())
    if workers <= 1:
        for item in items:
            yield fn(item)
        return
    all_tables()  # load and validate the norms once, before forking
    limit = in_flight or workers * IN_FLIGHT_PER_WORKER
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    executor = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),))
    finished = False
    try:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(executor.submit(fn, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise _worker_died() from None
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop(executor)


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
) -> Generator[list[Outcome], None, None]:
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


def count_lines(path: Path) -> int:
    """Number of lines (a last line without newline counts), read in blocks."""
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (0 if last == b"\n" else 1)


def _input_rows(fh: IO[bytes], skip: int) -> Iterator[tuple[int, bytes | LineTooLong]]:
    """Numbered lines from ``skip + 1`` on; a line over :data:`MAX_LINE_BYTES` is not kept in memory."""
    n = 0
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        n += 1
        row: bytes | LineTooLong = raw
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(_SKIP_BLOCK)
                size += len(raw)
            row = LineTooLong(size)
        if n > skip:
            yield n, row


def _run_header(paths: RunPaths, opts: BatchOptions) -> dict[str, Any]:
    """What a resumed run must share with the run it continues."""
    return {
        "input": fingerprint(paths.cases),
        "results": str(paths.results.resolve()),
        "errors": str(paths.errors.resolve()),
        "options": {
            "on": opts.on.isoformat() if opts.on else None,
            "allow_latest_norms": opts.allow_latest_norms,
            "variant": opts.variant,
        },
    }


def _write_chunk(files: RunFiles, chunk: list[Outcome], counts: Counts) -> None:
    for o in chunk:
        if o.result_json is not None:
            files.write_result(o.result_json.encode("utf-8") + b"\n")
            counts.ok += 1
        else:
            row = json.dumps(o.error_row(), ensure_ascii=False)
            files.write_error(row.encode("utf-8", "replace") + b"\n")
            counts.errors += 1
        counts.read += 1


def _point(counts: Counts, *, complete: bool = False) -> Checkpoint:
    return Checkpoint(rows_done=counts.read, ok=counts.ok, errors=counts.errors, complete=complete)


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

    The outputs appear at ``results`` and ``errors`` when the run is complete; until then they are
    working files with a manifest (see :mod:`bvv.caseload.runfiles`), from which ``resume=True``
    continues. ``progress=None`` shows a progress bar when standard error is a terminal (and tqdm
    is installed). ``on_chunk`` is called with the running counts after every checkpoint
    (benchmarks use it to sample memory).
    """
    paths = check_paths(cases, results, errors if errors is not None else default_errors_path(results))
    opts = BatchOptions(on=on, allow_latest_norms=allow_latest_norms, variant=variant)
    try:
        header = _run_header(paths, opts)
        point = read_manifest(paths, header) if resume else None
        counts = Counts()
        if point is not None:
            counts = Counts(read=point.rows_done, ok=point.ok, errors=point.errors, resumed=point.rows_done)
            if point.complete:
                return counts
        files = RunFiles(paths, header, point)
        try:
            _run_rows(paths.cases, files, counts, opts, workers, chunk_size, progress, on_chunk)
            files.finish(_point(counts, complete=True))
        finally:
            files.close()
    except OSError as exc:
        raise io_failure(exc) from None
    return counts


def _run_rows(
    src: Path,
    files: RunFiles,
    counts: Counts,
    opts: BatchOptions,
    workers: int,
    chunk_size: int,
    progress: bool | None,
    on_chunk: Callable[[Counts], None] | None,
) -> None:
    bar = _progress_bar(src, counts.read, progress)
    with src.open("rb") as inp:
        outcomes = _outcomes(
            _input_rows(inp, counts.read), opts, workers=max(1, workers), chunk_size=chunk_size
        )
        try:
            for chunk in outcomes:
                _write_chunk(files, chunk, counts)
                files.checkpoint(_point(counts))
                if bar is not None:
                    bar.update(len(chunk))
                if on_chunk is not None:
                    on_chunk(counts)
        finally:
            outcomes.close()  # stops the workers at once after an interruption
            if bar is not None:
                bar.close()


def _progress_bar(src: Path, initial: int, progress: bool | None) -> Any:
    asked = progress is True
    if progress is None:
        progress = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    if not progress:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        if not asked:
            return None
        print(
            "bvv batch: geen voortgangsbalk: het pakket tqdm is niet geïnstalleerd (pip install tqdm)",
            file=sys.stderr,
        )
        return None
    return tqdm(total=count_lines(src), initial=initial, unit="case", file=sys.stderr, smoothing=0.1)
