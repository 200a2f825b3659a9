"""Adapters: read what municipalities receive (BRP, Polis) into a ``bvv-case/1`` dict.

Modules:

* :mod:`bvv.sources.brp_haal_centraal`: Haal Centraal BRP Personen v2 and Bewoning v2 JSON.
* :mod:`bvv.sources.suwinet_brp`: SuwiML ``BRPDossierPersoonGSD`` (``AanvraagPersoonResponse``).
* :mod:`bvv.sources.polis`: SuwiML ``UWVPersoonsIkvInfoResponse`` and letter C (Besluit art. 2).
* :mod:`bvv.sources.household`: partner, children, residence at a date (decision 7).
* :mod:`bvv.sources.casebuilder`: combines all of it, with provenance, missing facts and
  diagnostics.

This module holds the small types every adapter shares. It imports none of the submodules.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bvv.bsn import mask_in_text
from bvv.errors import SourceInvalid
from bvv.parse import read_capped
from bvv.rules import rv_475ab

if TYPE_CHECKING:  # pragma: no cover
    from xml.etree.ElementTree import Element as XmlElement

__all__ = [
    "CENT",
    "Diagnostic",
    "MissingFact",
    "PartialDate",
    "Provenance",
    "add_years",
    "money",
]

CENT = Decimal("0.01")
MAX_SOURCE_BYTES = 50 * 1024 * 1024


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Diagnostic(_Frozen):
    """A data-quality warning that does not stop the case from being built."""

    code: str
    message: str
    path: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "path": self.path}


class MissingFact(_Frozen):
    """A fact the registers do not hold; the case carries ``null`` at ``path``."""

    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


class Provenance(_Frozen):
    """Where one fact of the case came from."""

    source: str
    record: str
    rule: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {
            "source": self.source,
            "record": self.record,
            "rule": self.rule,
            "detail": self.detail,
        }


def money(value: Decimal) -> str:
    """Render an amount as the case format wants it: a string with two decimals, half up."""
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if q == 0:
        q = Decimal("0.00")
    return f"{q:.2f}"


def add_years(d: date, years: int) -> date:
    """``d`` plus whole years; 29 February moves to 1 March in a non-leap year (BRP rule,
    data-formats.md §5.3: a person born on 29 February turns a year older on 1 March)."""
    return rv_475ab.date_of_age(d, years)


PrecisionKind = Literal["Datum", "JaarMaandDatum", "JaarDatum", "DatumOnbekend"]


class PartialDate(_Frozen):
    """A BRP date that may be incomplete (``JaarDatum``, ``JaarMaandDatum``, ``DatumOnbekend``
    in Haal Centraal; ``00`` parts in GBA/SuwiML ``yyyymmdd``).

    A question asked of a partial date answers ``True``/``False`` when every possible day
    gives the same answer, and ``None`` when it cannot be decided.
    """

    year: int | None = Field(default=None, ge=1, le=9999)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _consistent(self) -> PartialDate:
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")
        if self.month is not None and self.year is None:
            raise ValueError("a month without a year")
        if self.year is not None and self.month is not None and self.day is not None:
            date(self.year, self.month, self.day)  # raises ValueError when impossible
        return self

    @property
    def kind(self) -> PrecisionKind:
        if self.year is None:
            return "DatumOnbekend"
        if self.month is None:
            return "JaarDatum"
        if self.day is None:
            return "JaarMaandDatum"
        return "Datum"

    @property
    def is_complete(self) -> bool:
        return self.kind == "Datum"

    def complete(self) -> date | None:
        if self.year is not None and self.month is not None and self.day is not None:
            return date(self.year, self.month, self.day)
        return None

    def earliest(self) -> date | None:
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date | None:
        if self.year is None:
            return None
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            nxt = date(self.year + 1, 1, 1) if self.month == 12 else date(
                self.year, self.month + 1, 1
            )
            return date.fromordinal(nxt.toordinal() - 1)
        return date(self.year, self.month, self.day)

    def text(self) -> str:
        """ISO-like text with ``??`` for unknown parts, e.g. ``2008-07-??``."""
        y = f"{self.year:04d}" if self.year is not None else "????"
        m = f"{self.month:02d}" if self.month is not None else "??"
        d = f"{self.day:02d}" if self.day is not None else "??"
        return f"{y}-{m}-{d}"

    def on_or_before(self, on: date) -> bool | None:
        """Whether the date lies on or before ``on`` (``None`` = cannot be decided)."""
        lo, hi = self.earliest(), self.latest()
        if lo is None or hi is None:
            return None
        if hi <= on:
            return True
        if lo > on:
            return False
        return None

    def younger_than(self, years: int, on: date) -> bool | None:
        """Whether a person born on this date is younger than ``years`` on ``on``."""
        lo, hi = self.earliest(), self.latest()
        if lo is None or hi is None:
            return None
        if add_years(lo, years) > on:
            return True
        if add_years(hi, years) <= on:
            return False
        return None

    @classmethod
    def from_gba(cls, raw: str, *, where: str) -> PartialDate:
        """Parse ``yyyymmdd`` with ``00`` for unknown parts (GBA, SuwiML ``sml:Datum``)."""
        s = raw.strip()
        if len(s) != 8 or not s.isascii() or not s.isdigit():
            raise SourceInvalid(f"{where}: not a yyyymmdd date ({len(s)} characters)")
        y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
        try:
            if y == 0:
                return cls()
            if m == 0:
                return cls(year=y)
            if d == 0:
                return cls(year=y, month=m)
            return cls(year=y, month=m, day=d)
        except ValueError as exc:
            raise SourceInvalid(f"{where}: impossible date {s}") from exc


def read_source_bytes(path: str) -> bytes:
    """Read a source file, refusing very large files (a hostile input must not exhaust memory).

    File names often carry a BSN (``brp_999993653.xml``): messages show them masked."""
    data = read_capped(path, MAX_SOURCE_BYTES)
    if len(data) > MAX_SOURCE_BYTES:
        shown = mask_in_text(path)
        raise SourceInvalid(f"{shown}: larger than {MAX_SOURCE_BYTES} bytes; refused",
                            tekst=f"{shown}: groter dan {MAX_SOURCE_BYTES} bytes; geweigerd")
    return data


def parse_xml(data: bytes, source: str, root_tag: str) -> XmlElement:
    """Parse SuwiML with defusedxml: no DTD, no entities, no external references.

    Namespaces are stripped from every tag (SuwiML qualifies only the root element). Any
    parse failure, hostile construct or a root element other than ``root_tag`` raises
    :class:`SourceInvalid`.
    """
    import xml.etree.ElementTree as std_et

    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as safe_et

    try:
        root = safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                  forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceInvalid(
            f"{source}: refused XML ({type(exc).__name__}); DTDs and entities are not allowed"
        ) from exc
    except std_et.ParseError as exc:
        raise SourceInvalid(f"{source}: not well-formed XML ({exc})",
                            tekst=f"{source}: geen geldige XML ({exc})") from exc
    except LookupError as exc:  # an encoding declaration Python does not know
        raise SourceInvalid(f"{source}: unknown character encoding in the XML declaration",
                            hint="save the file as UTF-8",
                            tekst=f"{source}: onbekende tekencodering in de XML-declaratie",
                            tip="sla het bestand op als UTF-8") from exc
    except (ValueError, UnicodeError, RecursionError) as exc:
        raise SourceInvalid(f"{source}: unreadable XML ({type(exc).__name__})") from exc
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.rsplit("}", 1)[1]
    if root.tag != root_tag:
        raise SourceInvalid(f"{source}: root element {str(root.tag)[:60]!r} is not {root_tag}")
    return root
