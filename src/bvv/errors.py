"""One error hierarchy for the whole library.

Every error says what went wrong, where (a JSON path or a field name when there is one) and what to
do next. Errors never carry a BSN in clear text: callers mask it with :func:`bvv.bsn.mask` before it
reaches a message. ``message`` and ``hint`` are English (the Python API); ``tekst`` and ``tip`` say
the same in Dutch for the CLI, which prints ``fout: <code>``, the Dutch text and the tip, and exits
with ``exit_code``; it never shows a traceback unless ``--debug`` is given. The code stays English:
it is a stable identifier, not a sentence.

| code | exit | meaning |
|---|---|---|
| ``case-invalid`` | 3 | the input does not have the shape of ``bvv-case/1``, or a value is out of range |
| ``case-incomplete`` | 3 | a fact a rule needs is missing (listed by JSON path) |
| ``source-invalid`` | 3 | a BRP or Polis file could not be read |
| ``norms-not-available`` | 4 | no norm table covers the determination date |
| ``case-not-covered`` | 4 | the law needs data the library does not have (woonlandfactor, lid-7 amount) |
| ``usage-error`` | 2 | the command line asks for the impossible (no case, an ambiguous example, ...) |
| ``io-error`` | 74 | a file could not be read or written (absent, disk full, read-only, no permission) |
| ``worker-died`` | 74 | a worker process stopped unexpectedly (for example killed when memory ran out) |
"""

from __future__ import annotations

from typing import ClassVar


class BvvError(Exception):
    """Base class of every error raised on purpose by bvv."""

    code: ClassVar[str] = "bvv-error"
    exit_code: ClassVar[int] = 1
    #: what the CLI says in Dutch when the error has no Dutch text of its own; the English
    #: message follows as the technical detail
    lead: ClassVar[str] = "er ging iets mis"
    #: the Dutch tip when the error has none of its own
    default_tip: ClassVar[str | None] = None

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | None = None,
        tekst: str | None = None,
        tip: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path
        #: the message in Dutch (B1) for people; ``None`` when only the English one exists
        self.tekst = tekst
        #: the hint in Dutch
        self.tip = tip

    def render(self) -> str:
        """The text the CLI prints on standard error: Dutch where the error has it."""
        tekst = self.tekst or f"{self.lead} (technische melding: {self.message})"
        tip = self.tip or self.default_tip
        lines = [f"fout: {self.code}", f"  {tekst}"] + ([f"tip: {tip}"] if tip else [])
        return "\n".join(lines)

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "path": self.path, "hint": self.hint,
                "tekst": self.tekst, "tip": self.tip}


class CaseInvalid(BvvError, ValueError):
    """The case does not have the shape of ``bvv-case/1`` or holds an impossible value."""

    code = "case-invalid"
    exit_code = 3
    lead = "het dossier klopt niet"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | None = None,
        problems: tuple[tuple[str, str], ...] = (),
        tekst: str | None = None,
        tip: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, path=path, tekst=tekst, tip=tip)
        #: ``(json_path, problem)`` pairs, one per invalid field
        self.problems = problems


class CaseIncomplete(CaseInvalid):
    """A fact that a rule needs is missing; ``missing`` names each one by JSON path."""

    code = "case-incomplete"

    def __init__(
        self,
        missing: tuple[tuple[str, str], ...],
        *,
        hint: str | None = None,
        tekst: str | None = None,
        tip: str | None = None,
    ) -> None:
        lines = "; ".join(f"{p} ({why})" if why else p for p, why in missing)
        paths = "; ".join(p for p, _why in missing)
        super().__init__(
            f"missing facts: {lines}", hint=hint, problems=missing,
            path=missing[0][0] if missing else None,
            tekst=tekst or f"ontbrekende gegevens: {paths}", tip=tip,
        )
        self.missing = missing


class SourceInvalid(BvvError, ValueError):
    """A source file (BRP JSON, SuwiML XML, supplement) could not be read.

    Without a Dutch text of its own, the CLI says in Dutch that a source file is not usable and
    gives the English detail as the technical message (the part a supplier needs)."""

    code = "source-invalid"
    exit_code = 3
    lead = "een bronbestand is niet bruikbaar"
    default_tip = "controleer of dit het juiste bestand is, of vraag de leverancier om een nieuw bestand"


class NormsNotAvailable(BvvError, LookupError):
    """No published norm table covers the requested date (decision 15)."""

    code = "norms-not-available"
    exit_code = 4
    lead = "voor deze datum zijn geen normen gepubliceerd"


class CaseNotCovered(BvvError):
    """The law needs a value the library does not have and the case does not supply."""

    code = "case-not-covered"
    exit_code = 4
    lead = "dit dossier valt buiten wat bvv kan berekenen"


class UsageError(BvvError):
    """The command line asks for something that cannot be done (e.g. output onto the input)."""

    code = "usage-error"
    exit_code = 2


class IoFailure(BvvError):
    """A file could not be read or written: absent, disk full, read-only, no permission."""

    code = "io-error"
    exit_code = 74
    lead = "een bestand kan niet worden gelezen of geschreven"


class WorkerDied(IoFailure):
    """A worker process stopped unexpectedly (killed, out of memory); the run cannot go on."""

    code = "worker-died"
