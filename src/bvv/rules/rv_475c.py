"""Rv art. 475c — which claims carry a bvv, their order, and several garnishments.

* Lid 1: periodic claims a-j carry a bvv (a Participatiewet benefits, b other social-security
  benefits, c war-victim benefits, d civil-servant pay, e wages, f insurance benefits, g pensions
  and annuities, h provisional tax refunds, i maintenance, j income-related allowances).
* Lid 2: the garnishing party garnishes them in the order of these letters; within a letter the
  highest claim first.
* Lid 5: with several garnishments on claims a-i the bvv is divided in proportion to the amounts
  of these payments (decision 8: whoever garnished them).
* Art. 475b lid 1: the garnishment only takes what a payment exceeds the bvv: the afdracht is
  max(0, payment - part of the bvv).

Text: https://wetten.overheid.nl/BWBR0001827/2026-07-01#Artikel475c
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Protocol, TypeVar

from bvv.money import CENT, ZERO


class _Claim(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def net_monthly(self) -> Decimal: ...


_T = TypeVar("_T", bound=_Claim)


def order_key(claim: _Claim) -> tuple[str, Decimal, str]:
    """Sort key of the statutory order (lid 2): letter, then the higher payment, then the id."""
    return (claim.category, -claim.net_monthly, claim.id)


def statutory_order(claims: Sequence[_T]) -> list[_T]:
    """The claims in the order of Rv 475c lid 2 (independent of the input order).

    >>> from types import SimpleNamespace as C
    >>> [c.id for c in statutory_order([C(id="w", category="e", net_monthly=Decimal("900")),
    ...  C(id="p", category="g", net_monthly=Decimal("50")),
    ...  C(id="w2", category="e", net_monthly=Decimal("1000"))])]
    ['w2', 'w', 'p']
    """
    return sorted(claims, key=order_key)


def divide_pro_rata(total: Decimal, payments: Sequence[Decimal]) -> list[Decimal]:
    """Divide a rounded total over payments in proportion (lid 5), in whole cents.

    ``payments`` must already be in the tie-break order of decision 1 (statutory order, larger
    payment, id): the parts are rounded down to cents and the remaining cents go to the largest
    remainders, ties to the earliest payment, so the parts add up exactly to ``total``.

    >>> divide_pro_rata(Decimal("1996.21"), [Decimal("3000"), Decimal("1000")])
    [Decimal('1497.16'), Decimal('499.05')]
    >>> divide_pro_rata(Decimal("0.01"), [Decimal("5"), Decimal("5")])
    [Decimal('0.01'), Decimal('0.00')]
    """
    whole = sum(payments, ZERO)
    if not payments:
        return []
    if whole == 0:
        shares = [ZERO] * len(payments)
        shares[0] = total
        return shares
    exact = [total * p / whole for p in payments]
    floors = [(e / CENT).to_integral_value(rounding=ROUND_FLOOR) * CENT for e in exact]
    left = int(((total - sum(floors, ZERO)) / CENT).to_integral_value())
    by_remainder = sorted(range(len(payments)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += CENT
    return floors


def afdracht(payment: Decimal, part: Decimal) -> Decimal:
    """What is withheld for the creditors each month (Rv 475b lid 1): max(0, payment - part).

    >>> afdracht(Decimal("1075.44"), Decimal("1021.67"))
    Decimal('53.77')
    >>> afdracht(Decimal("500.00"), Decimal("900.00"))
    Decimal('0')
    """
    return max(ZERO, payment - part)
