"""Rv art. 475fa — the kantonrechter may raise the bvv for a period he sets.

When applying arts. 475da-475e leads to manifestly disproportionate hardship because of a
circumstance not taken into account, the kantonrechter may, at the debtor's request, raise the
bvv for a period he sets. Decision 9: the increase is applied last and is not limited by the 95 %
rule of art. 475dc.

Text: https://wetten.overheid.nl/BWBR0001827/2026-07-01#Artikel475fa
"""

from __future__ import annotations

from datetime import date


def court_increase_in_force(on: date, *, start: date, until: date) -> bool:
    """Rv 475fa: the increase counts on the determination date when it lies within the court's period.

    >>> court_increase_in_force(date(2023, 7, 15), start=date(2023, 5, 1), until=date(2024, 4, 30))
    True
    >>> court_increase_in_force(date(2024, 5, 1), start=date(2023, 5, 1), until=date(2024, 4, 30))
    False
    """
    return start <= on <= until
