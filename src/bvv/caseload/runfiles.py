"""The files of a batch run: safe paths, working files, checkpoints and the run manifest.

A run never writes where the user's data is until it has finished:

* the results and errors are written to working files next to their targets (``RESULTS.jsonl.part``,
  ``ERRORS.jsonl.part``), created with mode 0600 (they hold personal data);
* after every chunk both working files are flushed and fsynced, and the **manifest**
  (``RESULTS.jsonl.run.json``) is replaced atomically: the input's fingerprint (size and SHA-256),
  the options, the output paths, and the checkpoint (rows done, bytes and SHA-256 of each working
  file up to there);
* at the end the working files are renamed into place and the manifest is marked complete.

``--resume`` reads the manifest, refuses a different input, other options or other output paths,
checks that both working files still hold the checkpointed bytes, cuts anything after the
checkpoint (a partial line, rows not yet fsynced) and continues after the last checkpointed row.

Input, results and errors must be three different files: compared as files (device and inode, so
a hard link or a bind mount is recognised), not as path strings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from bvv.errors import IoFailure, UsageError

__all__ = ["Checkpoint", "RunFiles", "RunPaths", "fingerprint", "read_manifest", "write_atomically"]

MANIFEST_FORMAT = "bvv-batch-run/1"
_BLOCK = 1 << 20


@dataclass(frozen=True)
class RunPaths:
    """The input, the two targets, and the working files and manifest derived from them."""

    cases: Path
    results: Path
    errors: Path

    @property
    def results_part(self) -> Path:
        return self.results.with_name(self.results.name + ".part")

    @property
    def errors_part(self) -> Path:
        return self.errors.with_name(self.errors.name + ".part")

    @property
    def manifest(self) -> Path:
        return self.results.with_name(self.results.name + ".run.json")

    def outputs(self) -> dict[str, Path]:
        return {
            "-o": self.results,
            "--errors": self.errors,
            "werkbestand": self.results_part,
            "werkbestand fouten": self.errors_part,
            "manifest": self.manifest,
        }


def _same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are one file (device + inode when both exist, else the path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_paths(cases: str | Path, results: str | Path, errors: str | Path) -> RunPaths:
    """The paths of a run, or a :class:`UsageError` (exit 2) before anything is written."""
    if str(cases) == "-" or str(results) == "-" or str(errors) == "-":
        raise UsageError(
            "batch reads and writes files, not standard input or output ('-')",
            tekst="bvv batch leest en schrijft bestanden, niet standaardinvoer of -uitvoer ('-')",
            tip="geef een invoerbestand en met -o een uitvoerbestand",
        )
    paths = RunPaths(Path(cases), Path(results), Path(errors))
    for name, target in paths.outputs().items():
        folder = target.parent
        if not folder.is_dir():
            raise UsageError(
                f"the folder {folder} of {name} does not exist",
                tekst=f"de map {folder} van {name} bestaat niet",
                tip="maak de map eerst aan, of kies een andere plek",
            )
        if target.exists() and not target.is_file():
            raise UsageError(
                f"{name} {target} is not a regular file",
                tekst=f"{name} {target} is geen gewoon bestand",
                tip="kies een bestandsnaam",
            )
        if _same_file(paths.cases, target):
            raise UsageError(
                f"{name} {target} is the same file as the input {paths.cases}",
                tekst=f"{name} {target} is hetzelfde bestand als de invoer {paths.cases}",
                tip="kies een ander uitvoerbestand: de invoer zou worden overschreven",
            )
    if _same_file(paths.results, paths.errors):
        raise UsageError(
            f"-o and --errors name the same file ({paths.results})",
            tekst=f"-o en --errors noemen hetzelfde bestand ({paths.results})",
            tip="kies voor --errors een ander bestand",
        )
    return paths


def fingerprint(path: Path) -> dict[str, Any]:
    """Size and SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return {"size": size, "sha256": digest.hexdigest()}


def _prefix_sha256(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    left = size
    with path.open("rb") as fh:
        while left > 0 and (block := fh.read(min(_BLOCK, left))):
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """Where a run stood at its last checkpoint (everything before it is on disk, fsynced)."""

    rows_done: int = 0
    ok: int = 0
    errors: int = 0
    results_bytes: int = 0
    results_sha256: str = hashlib.sha256().hexdigest()
    errors_bytes: int = 0
    errors_sha256: str = hashlib.sha256().hexdigest()
    complete: bool = False


def _open_private(path: Path, *, truncate: bool) -> IO[bytes]:
    flags = os.O_RDWR | os.O_CREAT | (os.O_TRUNC if truncate else 0)
    fd = os.open(path, flags, 0o600)
    with contextlib.suppress(OSError):
        os.fchmod(fd, 0o600)  # also when the file existed with wider permissions
    return os.fdopen(fd, "r+b")


def write_atomically(path: Path, content: bytes | Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` whole or not at all: a private (0600) temporary file ``PATH.tmp`` in the same
    folder, fsynced, renamed into place, then the folder fsynced.

    ``content`` is the bytes, or a function that writes them to the open binary file.
    """
    tmp = path.with_name(path.name + ".tmp")
    with _open_private(tmp, truncate=True) as fh:
        if isinstance(content, bytes):
            fh.write(content)
        else:
            content(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_manifest(paths: RunPaths, header: dict[str, Any]) -> Checkpoint:
    """The checkpoint of an earlier run with these paths, input and options; refuses a mismatch."""
    tip = "start de run opnieuw zonder --resume (de werkbestanden worden dan overschreven)"
    try:
        data = json.loads(paths.manifest.read_bytes())
    except FileNotFoundError:
        raise UsageError(
            f"no interrupted run to resume: {paths.manifest} is missing",
            tekst=f"er is geen onderbroken run om te hervatten: {paths.manifest} ontbreekt",
            tip=tip,
        ) from None
    except ValueError:
        raise _damaged(paths.manifest, tip) from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise _damaged(paths.manifest, tip)
    for key, what in (
        ("input", "het invoerbestand is anders dan bij de onderbroken run (grootte of inhoud)"),
        ("results", "-o noemt een ander bestand dan bij de onderbroken run"),
        ("errors", "--errors noemt een ander bestand dan bij de onderbroken run"),
        (
            "options",
            "de opties (--on, --variant, --allow-latest-norms) zijn anders dan bij de onderbroken run",
        ),
    ):
        if data.get(key) != header[key]:
            raise UsageError(
                f"cannot resume: the {key} differ from the interrupted run's",
                tekst=f"hervatten kan niet: {what}",
                tip=tip,
            )
    try:
        point = Checkpoint(**data["checkpoint"])
    except (KeyError, TypeError):
        raise _damaged(paths.manifest, tip) from None
    if not point.complete:
        _check_part(_working(paths.results_part, paths.results), point.results_bytes, point.results_sha256)
        _check_part(_working(paths.errors_part, paths.errors), point.errors_bytes, point.errors_sha256)
    return point


def _damaged(manifest: Path, tip: str) -> UsageError:
    return UsageError(
        f"the manifest {manifest} is damaged", tekst=f"het manifest {manifest} is beschadigd", tip=tip
    )


def _working(part: Path, target: Path) -> Path:
    """The working file, or the target when a run was stopped between the two final renames."""
    return part if part.exists() or not target.exists() else target


def _check_part(path: Path, size: int, sha256: str) -> None:
    tip = "start de run opnieuw zonder --resume"
    if not path.exists():
        raise UsageError(
            f"cannot resume: the working file {path} is missing",
            tekst=f"hervatten kan niet: het werkbestand {path} ontbreekt",
            tip=tip,
        )
    if path.stat().st_size < size:
        raise UsageError(
            f"cannot resume: {path} is shorter than at the last checkpoint",
            tekst=f"hervatten kan niet: {path} is korter dan bij het laatste controlepunt "
            f"({path.stat().st_size} in plaats van ten minste {size} bytes)",
            tip=tip,
        )
    if _prefix_sha256(path, size) != sha256:
        raise UsageError(
            f"cannot resume: {path} differs from the last checkpoint",
            tekst=f"hervatten kan niet: de inhoud van {path} is anders dan bij het laatste controlepunt",
            tip=tip,
        )


class RunFiles:
    """The working files of one run: written in order, checkpointed, renamed into place at the end."""

    def __init__(self, paths: RunPaths, header: dict[str, Any], point: Checkpoint | None = None) -> None:
        self.paths = paths
        self.header = header
        self.point = point or Checkpoint()
        fresh = point is None
        res, err = paths.results_part, paths.errors_part
        if not fresh:  # a run stopped between its two final renames continues in the target
            res, err = _working(res, paths.results), _working(err, paths.errors)
        try:
            self._res = _open_private(res, truncate=fresh)
            self._err = _open_private(err, truncate=fresh)
        except OSError as exc:
            raise io_failure(exc) from None
        self._res_hash = self._rehash(self._res, self.point.results_bytes)
        self._err_hash = self._rehash(self._err, self.point.errors_bytes)
        if fresh:
            self.checkpoint(self.point)

    @staticmethod
    def _rehash(fh: IO[bytes], size: int) -> Any:
        """Cut the file at the checkpoint and return the SHA-256 state of its first ``size`` bytes."""
        fh.truncate(size)
        fh.seek(0)
        digest = hashlib.sha256()
        left = size
        while left > 0 and (block := fh.read(min(_BLOCK, left))):
            digest.update(block)
            left -= len(block)
        fh.seek(size)
        return digest

    def write_result(self, line: bytes) -> None:
        self._res.write(line)
        self._res_hash.update(line)

    def write_error(self, line: bytes) -> None:
        self._err.write(line)
        self._err_hash.update(line)

    def checkpoint(self, point: Checkpoint) -> None:
        """Make everything written so far durable and record it in the manifest."""
        for fh in (self._res, self._err):
            fh.flush()
            os.fsync(fh.fileno())
        self.point = Checkpoint(
            rows_done=point.rows_done,
            ok=point.ok,
            errors=point.errors,
            results_bytes=self._res.tell(),
            results_sha256=self._res_hash.hexdigest(),
            errors_bytes=self._err.tell(),
            errors_sha256=self._err_hash.hexdigest(),
            complete=point.complete,
        )
        self._save_manifest()

    def finish(self, point: Checkpoint) -> None:
        """The last checkpoint; then the working files take the place of the targets."""
        self.checkpoint(point)
        self.close()
        for part, target in (
            (self.paths.errors_part, self.paths.errors),
            (self.paths.results_part, self.paths.results),
        ):
            if part.exists():
                os.replace(part, target)
        _fsync_folder(self.paths.results.parent)
        self.point = Checkpoint(**{**asdict(self.point), "complete": True})
        self._save_manifest()

    def _save_manifest(self) -> None:
        manifest = {"format": MANIFEST_FORMAT, **self.header, "checkpoint": asdict(self.point)}
        write_atomically(self.paths.manifest, json.dumps(manifest, indent=2).encode("utf-8") + b"\n")

    def close(self) -> None:
        for fh in (self._res, self._err):
            with contextlib.suppress(OSError):
                fh.close()


def io_failure(exc: OSError) -> IoFailure:
    """A clear error (exit 74) for a failed read or write."""
    where = f" ({exc.filename})" if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    return IoFailure(
        f"cannot read or write{where}: {reason}",
        tekst=f"lezen of schrijven lukt niet{where}: {reason}",
        tip="controleer of de schijf vol is, of de map schrijfbaar is en of u rechten hebt; "
        "een onderbroken run kunt u daarna hervatten met --resume",
    )
