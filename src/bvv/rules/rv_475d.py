"""Rv art. 475d lid 6 — the bvv is set on monthly amounts.

Payers that pay per four weeks or per week: the amount per period times the number of periods
in a year, divided by twelve (decision 6: four-weekly x 13/12, weekly x 52/12).

Text: https://wetten.overheid.nl/BWBR0001827/2026-07-01#Artikel475d
"""

from __future__ import annotations

from decimal import Decimal


def monthly_amount(amount_per_period: Decimal, *, periods_per_year: int) -> Decimal:
    """Lid 6: convert a per-period amount to a monthly amount (unrounded).

    >>> monthly_amount(Decimal("1200.00"), periods_per_year=13)
    Decimal('1300.00')
    >>> monthly_amount(Decimal("300.00"), periods_per_year=52)
    Decimal('1300.00')
    """
    return amount_per_period * periods_per_year / 12
