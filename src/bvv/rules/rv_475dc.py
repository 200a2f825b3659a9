"""Rv art. 475dc — the bvv never takes more than 95 % of the monthly income.

* Lid 1: when arts. 475da and 475db give a bvv above 95 % of the monthly income the debtor receives
  from his claims a-i of art. 475c lid 1, the bvv is 95 % of that income. From 1 January 2022 the
  text says "inclusief vakantiebijslag" (decision 5: the library counts holiday allowance and all
  a-i income, garnished or not, in every period).
* Lid 2 (from 1 January 2022): for benefits designated by AMvB the payer is told that the bvv is
  95 % of the bijstandsnorm that applies to the debtor, including holiday allowance, minus the
  income of Pw art. 32 — a formula the payer applies every month (art. 475d lid 7: no 12-month term).

Texts: https://wetten.overheid.nl/BWBR0001827/2021-01-01#Artikel475dc,
https://wetten.overheid.nl/BWBR0001827/2022-01-01#Artikel475dc
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bvv.money import ZERO

#: Rv 475dc lid 2 is in force from this date
LID_2_IN_FORCE = date(2022, 1, 1)


def income_cap(income_a_to_i: Decimal, *, cap_pct: Decimal) -> Decimal:
    """Lid 1: 95 % of the monthly income a-i.

    >>> income_cap(Decimal("1075.44"), cap_pct=Decimal(95))
    Decimal('1021.668')
    """
    return income_a_to_i * cap_pct / 100


def capped_at_income(bvv: Decimal, *, cap: Decimal) -> Decimal:
    """Lid 1: the bvv is at most the cap.

    >>> capped_at_income(Decimal("1266.995"), cap=Decimal("760.00"))
    Decimal('760.00')
    """
    return min(bvv, cap)


def designated_benefit_bvv(applicable_norm: Decimal, *, other_income: Decimal, cap_pct: Decimal) -> Decimal:
    """Lid 2: 95 % of the applicable bijstandsnorm (incl. holiday allowance) minus Pw art. 32
    income, not below zero.

    >>> designated_benefit_bvv(Decimal("1401.50"), other_income=Decimal("200.00"), cap_pct=Decimal(95))
    Decimal('1131.425')
    """
    return max(ZERO, applicable_norm * cap_pct / 100 - other_income)
