"""Exact money: ``Decimal`` everywhere, rounded in one place.

Decision 1 of the specification: compute with exact decimals and round only the published amounts
(the final bvv and every per-income amount) to cents, half up. :func:`round_cents` is that one
place. Amounts travel as JSON strings with two decimals (``"1021.67"``); floats are refused at the
boundary because a binary float cannot hold most cent amounts exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: precision of every intermediate result (far beyond a cent at any realistic amount)
CONTEXT = Context(prec=40)


def round_cents(amount: Decimal) -> Decimal:
    """Round to whole cents, half up (decision 1). The only rounding in bvv.

    >>> round_cents(Decimal("1021.668"))
    Decimal('1021.67')
    >>> round_cents(Decimal("0.005"))
    Decimal('0.01')
    """
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """Two-decimal string as on the wire; rounds half up when more decimals are present."""
    return str(round_cents(amount))


def _parse_money(value: object) -> Decimal:
    if isinstance(value, bool | float):
        raise ValueError('money must be a string with at most two decimals, such as "1021.67" (not a float)')
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f'not an amount: {value!r} (write e.g. "1021.67")') from None
    if not isinstance(value, Decimal):
        raise ValueError('money must be a string such as "1021.67"')
    if not value.is_finite():
        raise ValueError("money must be a finite amount")
    if value < 0:
        raise ValueError("money cannot be negative")
    if value >= Decimal("1e9"):  # before quantize, which cannot hold 1e26 in cents
        raise ValueError("amount is implausibly large (one billion euro or more)")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError("money has at most two decimals (whole cents)")
    return abs(value.quantize(CENT))  # abs: "-0" is 0.00, one spelling and one input hash


_MONEY_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "pattern": r"^[0-9]+(\.[0-9]{1,2})?$",
        "description": "euro amount as a string with at most two decimals, e.g. \"1021.67\"",
    }
)

#: A non-negative amount in whole cents; read from a string, written as ``"0.00"``.
Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(fmt, return_type=str),
    _MONEY_SCHEMA,
]

#: An amount the library computed (results): written like :data:`Money`, read back from a string
#: without the input checks (it is already in cents), which keeps building results cheap.
MoneyOut = Annotated[Decimal, PlainSerializer(fmt, return_type=str), _MONEY_SCHEMA]
