"""Sums of the periodic incomes the rules count (Rv 475c lid 1 a-i)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from bvv.model import CATEGORIES_A_TO_I, Income
from bvv.money import ZERO


def income_a_to_i(incomes: Iterable[Income], *, garnished: bool | None = None) -> Decimal:
    """Monthly income of Rv 475c lid 1 a-i, optionally only (non-)garnished claims (exact amounts,
    decision 1: a weekly or four-weekly amount converted without rounding)."""
    return sum(
        (
            i.monthly
            for i in incomes
            if i.category in CATEGORIES_A_TO_I and (garnished is None or i.garnished is garnished)
        ),
        ZERO,
    )
