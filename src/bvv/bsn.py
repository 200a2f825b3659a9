"""Burgerservicenummer: validation (elfproef via python-stdnum) and masking.

A BSN is personal data. bvv never prints one in full: ``repr``, log lines and error messages use
:func:`mask`. Decision 14 of the specification: a BSN must be nine digits (an error otherwise); a
failed elfproef is a diagnostic, not an error, because official test sets contain such numbers and
a number read from the register is what it is.
"""

from __future__ import annotations

import re

from stdnum.nl import bsn as _stdnum_bsn

from bvv.errors import CaseInvalid

_NINE_DIGITS = re.compile(r"\d{9}")


def mask(value: str) -> str:
    """Mask a BSN for display: only the last three digits stay visible.

    >>> mask("999993653")
    '******653'
    """
    digits = re.sub(r"\D", "", value or "")
    if len(digits) <= 3:
        return "*" * len(digits)
    return "*" * (len(digits) - 3) + digits[-3:]


#: nine digits, each pair at most one space, dot or hyphen apart; not part of a longer number, and
#: not followed by a letter (an inkomstenverhouding number such as ``800007219L01`` is no BSN)
_NINE_DIGIT_NUMBER = re.compile(r"(?<!\d)(?<!\d[ .\-])\d(?:[ .\-]?\d){8}(?![ .\-]?\d)(?![A-Za-z])")


def mask_in_text(text: str) -> str:
    """Mask every nine-digit number (a possible BSN) in a text, however it is written.

    Grouped with spaces, dots or hyphens, or prefixed with letters (``NL999993653``), it is masked
    too. Numbers glued to letters after them (an inkomstenverhouding number such as
    ``800007219L01``) and longer numbers are kept.

    >>> mask_in_text("case 999993653 failed; file brp_111111110.xml; ikv 800007219L01")
    'case ******653 failed; file brp_******110.xml; ikv 800007219L01'
    >>> mask_in_text("NL999993653, 999 993 653, 999-99-3653, 999.993.653, 1234567890")
    'NL******653, ******653, ******653, ******653, 1234567890'
    """
    return _NINE_DIGIT_NUMBER.sub(lambda m: mask(m.group()), text)


def passes_elfproef(value: str) -> bool:
    """True when the nine digits pass the elfproef (checked by python-stdnum).

    >>> passes_elfproef("999993653")
    True
    >>> passes_elfproef("111111111")
    False
    """
    return bool(_stdnum_bsn.is_valid(value))


class Bsn(str):
    """A nine-digit BSN whose ``repr`` is masked, so it cannot leak into logs by accident."""

    __slots__ = ()

    def __new__(cls, value: str) -> Bsn:
        digits = re.sub(r"[\s.]", "", str(value))
        if not _NINE_DIGITS.fullmatch(digits):
            raise CaseInvalid(
                f"a BSN must be nine digits, got {len(digits)} characters ({mask(digits)})",
                hint="check the burgerservicenummer; leading zeros count",
            )
        return super().__new__(cls, digits)

    def __repr__(self) -> str:
        return f"Bsn({mask(self)!r})"

    @property
    def masked(self) -> str:
        return mask(self)

    @property
    def elfproef_ok(self) -> bool:
        return passes_elfproef(self)


#: ANSI/ECMA-48 escape sequences (CSI, OSC with BEL or ST ending, other two-byte escapes) and the
#: remaining C0/C1 control characters: a file may carry them in an id, a terminal would act on them
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST (or cut off)
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[@-Z\\-_]?"  # other escapes
    r"|[\x00-\x1f\x7f-\x9f]"
)


def for_display(text: str) -> str:
    """Text from a file made safe to print: nine-digit numbers masked, escape sequences removed.

    >>> for_display("dossier-1\\x1b]8;;http://x\\x07 \\x1b[31mred\\x1b[0m 999993653")
    'dossier-1 red ******653'
    """
    return mask_in_text(_ESCAPES.sub("", text))
