"""How facts are written in ``bvv-case/1`` JSON, checked strictly (decision 19).

JSON input is strict: money is a string of ASCII digits with at most two decimals (``"2200.00"``),
a date is ``"YYYY-MM-DD"``, a boolean is ``true``/``false``, a count is a JSON integer. Nothing is
guessed: ``"2.200"`` (Dutch for 2200, or a typo), ``"1e2"``, ``"+5"``, ``"1_000.00"``, ``20240115``
and ``"yes"`` are refused with a message that says what to write instead.

The checks run when the validation context holds ``{"json": True}`` (:func:`bvv.parse.parse_case`
sets it). Without it (``Case(...)``, ``Case.model_validate(...)`` from Python) the library also
accepts ``Decimal`` and ``int`` money and ``date`` objects. Objects that cannot come from JSON
(``Decimal``, ``date``) are accepted in both modes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from bvv.money import Money

_MONEY = re.compile(r"[0-9]+(\.[0-9]{1,2})?", re.ASCII)
_NEGATIVE_ZERO = re.compile(r"-0(\.0{1,2})?", re.ASCII)
_DUTCH_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]{1,2})?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_COMPACT_DATE = re.compile(r"[0-9]{8}", re.ASCII)
#: the largest number of digits before the decimal point (amounts stay under one billion euro)
MAX_MONEY_DIGITS = 9
#: the last determination date (or request date) the library computes with: terms added to it
#: stay far from the year 9999 where Python's dates end
LAST_DATE = date(2199, 12, 31)


def fail(kind: str, english: str, dutch: str, path: str | None = None) -> PydanticCustomError:
    """A validation error in both languages: English for the API, Dutch (``ctx.nl``) for the CLI;
    ``path`` (``ctx.path``) is relative to the model that raised it.

    Braces are escaped: the texts may quote the input."""
    def esc(t: str) -> str:
        return t.replace("{", "{{").replace("}", "}}")

    ctx = {"nl": dutch} if path is None else {"nl": dutch, "path": path}
    return PydanticCustomError(f"bvv_{kind}", esc(english), ctx)


def strict_json(info: ValidationInfo) -> bool:
    """Whether the value being validated came from JSON input (decision 19)."""
    ctx = info.context
    return isinstance(ctx, dict) and bool(ctx.get("json"))


def money_suggestion(text: str) -> str | None:
    """The JSON spelling of an amount written the Dutch way, when it is unambiguous.

    >>> money_suggestion("2.200"), money_suggestion("1.605,42"), money_suggestion("1605,4")
    ('2200.00', '1605.42', '1605.40')
    >>> money_suggestion("1e2") is None
    True
    """
    t = text.strip()
    if _DUTCH_THOUSANDS.fullmatch(t) or _DECIMAL_COMMA.fullmatch(t):
        whole, _, cents = t.partition(",")
        return f"{whole.replace('.', '')}.{(cents or '00').ljust(2, '0')}"
    return None


def _json_money(value: Any, info: ValidationInfo) -> Any:
    """Money in JSON: a string of ASCII digits with at most two decimals (decision 19)."""
    if not strict_json(info) or isinstance(value, Decimal):
        return value
    if isinstance(value, bool | int | float):
        raise fail("money", 'money is a JSON string, not a number: write it in quotes, e.g. '
                   '"1500.00"', 'een bedrag staat tussen aanhalingstekens, bijvoorbeeld "1500.00"')
    if not isinstance(value, str):
        raise fail("money", 'money is a JSON string such as "1500.00"',
                   'een bedrag is tekst zoals "1500.00"')
    if _NEGATIVE_ZERO.fullmatch(value):
        return "0.00"  # negative zero is zero: one spelling, one input hash
    if value.startswith("-") and _MONEY.fullmatch(value[1:]):
        raise fail("money", "money cannot be negative", "een bedrag kan niet negatief zijn")
    if not _MONEY.fullmatch(value):
        better = money_suggestion(value)
        if better is not None:
            raise fail("money", f'money has at most two decimals after a dot: write "{better}"',
                       f'een bedrag heeft een punt en hoogstens twee decimalen: schrijf "{better}"')
        raise fail("money", 'money is a string of digits with a dot and at most two decimals, '
                   'such as "1021.67"', 'een bedrag bestaat uit cijfers met een punt en '
                   'hoogstens twee decimalen, zoals "1021.67"')
    if len(value.partition(".")[0].lstrip("0")) > MAX_MONEY_DIGITS:
        raise fail("money", "amount is implausibly large (one billion euro or more)",
                   "het bedrag is onwaarschijnlijk groot (een miljard euro of meer)")
    return value


def _json_date(value: Any, info: ValidationInfo) -> Any:
    """A date in JSON: ``"YYYY-MM-DD"`` and nothing else (no number, no time)."""
    if not strict_json(info) or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise fail("date", f"no such date: {value}; use YYYY-MM-DD",
                       f"deze datum bestaat niet: {value}; gebruik JJJJ-MM-DD") from None
    if isinstance(value, str) and len(value) > 10 and _DATE.fullmatch(value[:10]):
        raise fail("date", f'a date without a time is expected: use YYYY-MM-DD ("{value[:10]}")',
                   f'een datum zonder tijd: gebruik JJJJ-MM-DD ("{value[:10]}")')
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if _COMPACT_DATE.fullmatch(text):
        iso = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        raise fail("date", f'a date is a string YYYY-MM-DD: write "{iso}"',
                   f'een datum is tekst in de vorm JJJJ-MM-DD: schrijf "{iso}"')
    raise fail("date", 'a date is a string YYYY-MM-DD, e.g. "2024-01-15"',
               'een datum is tekst in de vorm JJJJ-MM-DD, bijvoorbeeld "2024-01-15"')


def _json_bool(value: Any, info: ValidationInfo) -> Any:
    """A boolean in JSON: ``true`` or ``false`` (not ``"yes"``, ``1`` or ``"true"``)."""
    if strict_json(info) and not isinstance(value, bool):
        raise fail("bool", "expected true or false (without quotes)",
                   "verwacht true of false (zonder aanhalingstekens)")
    return value


def _json_count(value: Any, info: ValidationInfo) -> Any:
    """A count in JSON: a whole JSON number (not ``true``, ``"2"`` or ``2.0``)."""
    if strict_json(info) and (isinstance(value, bool) or not isinstance(value, int)):
        raise fail("count", "expected a whole number such as 0, 1 or 2 (without quotes)",
                   "verwacht een geheel getal zoals 0, 1 of 2 (zonder aanhalingstekens)")
    return value


#: money in a case: strict in JSON, :data:`bvv.money.Money` after that
CaseMoney = Annotated[Money, BeforeValidator(_json_money)]
#: a date in a case: ``YYYY-MM-DD`` in JSON
CaseDate = Annotated[date, BeforeValidator(_json_date)]
def _computable(value: date) -> date:
    """A date terms are added to (18 months, a year): a year the library computes with."""
    if value > LAST_DATE:
        raise fail("date", f"a date after {LAST_DATE} is outside what bvv computes with",
                   f"een datum na {LAST_DATE} valt buiten wat bvv kan berekenen")
    return value


#: a date that can be added to (a term of months): at most :data:`LAST_DATE`
CaseTermDate = Annotated[date, BeforeValidator(_json_date), AfterValidator(_computable)]
#: ``true``/``false`` in JSON
CaseBool = Annotated[bool, BeforeValidator(_json_bool)]
#: a JSON integer
CaseCount = Annotated[int, BeforeValidator(_json_count)]
