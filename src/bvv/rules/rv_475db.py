"""Rv art. 475db — deductions from the beslagvrije voet.

Lid 1: the bvv of art. 475da (including the increases of lid 5 and 7; from 2023 also the
institution bvv of art. 475e lid 2) is reduced, in this order, by:

a. the spouse's periodic income of kinds a-i of art. 475c lid 1 that is not under garnishment,
   including holiday allowance, up to at most half of the bvv;
b. the debtor's own periodic income of those kinds that is not under garnishment, including
   holiday allowance;
c. the wage tax on the private use of a company vehicle (art. 13bis Wet LB 1964), when the debtor
   failed to end that withholding from 1 January after the year of the garnishment (the caller
   decides that this applies and supplies the amount).

Lid 2: the amounts under a and b are the most recent monthly amounts in the Polis at the moment of
garnishment, unless that month is not a fair reflection.

Decision 2: a bvv that these deductions would push below zero is zero.

Text: https://wetten.overheid.nl/BWBR0001827/2023-01-01#Artikel475db
"""

from __future__ import annotations

from decimal import Decimal

from bvv.money import ZERO


def partner_income_deduction(bvv: Decimal, *, partner_income: Decimal, max_fraction: Decimal) -> Decimal:
    """Lid 1 a: the amount deducted for the spouse's income — at most half the bvv.

    >>> partner_income_deduction(Decimal("2000.00"), partner_income=Decimal("1300.00"),
    ...     max_fraction=Decimal("0.5"))
    Decimal('1000.000')
    >>> partner_income_deduction(Decimal("2000.00"), partner_income=Decimal("600.00"),
    ...     max_fraction=Decimal("0.5"))
    Decimal('600.00')
    """
    return min(partner_income, bvv * max_fraction)


def deduct(bvv: Decimal, amount: Decimal) -> Decimal:
    """Lid 1 b and c (and a, with its capped amount): subtract, not below zero (decision 2).

    >>> deduct(Decimal("1996.21"), Decimal("1000.00"))
    Decimal('996.21')
    >>> deduct(Decimal("100.00"), Decimal("250.00"))
    Decimal('0')
    """
    return max(ZERO, bvv - amount)
