"""One error hierarchy for the whole library.

Every error says what went wrong, where (a JSON path or a field name when there is one) and what to
do next. Errors never carry a BSN in clear text: callers mask it with :func:`bvv.bsn.mask` before it
reaches a message. The CLI prints ``error: <code>`` and the message, and exits with ``exit_code``;
it never shows a traceback unless ``--debug`` is given.

| code | exit | meaning |
|---|---|---|
| ``case-invalid`` | 3 | the input does not have the shape of ``bvv-case/1``, or a value is out of range |
| ``case-incomplete`` | 3 | a fact a rule needs is missing (listed by JSON path) |
| ``source-invalid`` | 3 | a BRP or Polis file could not be read |
| ``norms-not-available`` | 4 | no norm table covers the determination date |
| ``case-not-covered`` | 4 | the law needs data the library does not have (woonlandfactor, lid-7 amount) |
| ``usage-error`` | 2 | the command line asks for something impossible (input and output the same file, ...) |
| ``io-error`` | 74 | a file could not be read or written (disk full, read-only, no permission) |
| ``worker-died`` | 74 | a worker process stopped unexpectedly (for example killed when memory ran out) |
"""

from __future__ import annotations

from typing import ClassVar


class BvvError(Exception):
    """Base class of every error raised on purpose by bvv."""

    code: ClassVar[str] = "bvv-error"
    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, hint: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path

    def render(self) -> str:
        """The text the CLI prints on standard error."""
        lines = [f"error: {self.code}", f"  {self.message}"]
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "path": self.path, "hint": self.hint}


class CaseInvalid(BvvError, ValueError):
    """The case does not have the shape of ``bvv-case/1`` or holds an impossible value."""

    code = "case-invalid"
    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | None = None,
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message, hint=hint, path=path)
        #: ``(json_path, problem)`` pairs, one per invalid field
        self.problems = problems


class CaseIncomplete(CaseInvalid):
    """A fact that a rule needs is missing; ``missing`` names each one by JSON path."""

    code = "case-incomplete"

    def __init__(self, missing: tuple[tuple[str, str], ...], *, hint: str | None = None) -> None:
        lines = "; ".join(f"{p} ({why})" if why else p for p, why in missing)
        super().__init__(f"missing facts: {lines}", hint=hint, problems=missing)
        self.missing = missing


class SourceInvalid(BvvError, ValueError):
    """A source file (BRP JSON, SuwiML XML, supplement) could not be read."""

    code = "source-invalid"
    exit_code = 3


class NormsNotAvailable(BvvError, LookupError):
    """No published norm table covers the requested date (decision 15)."""

    code = "norms-not-available"
    exit_code = 4


class CaseNotCovered(BvvError):
    """The law needs a value the library does not have and the case does not supply."""

    code = "case-not-covered"
    exit_code = 4


class UsageError(BvvError):
    """The command line asks for something that cannot be done (e.g. output onto the input)."""

    code = "usage-error"
    exit_code = 2


class IoFailure(BvvError):
    """A file could not be read or written: disk full, read-only, no permission."""

    code = "io-error"
    exit_code = 74


class WorkerDied(IoFailure):
    """A worker process stopped unexpectedly (killed, out of memory); the run cannot go on."""

    code = "worker-died"
