"""Rv art. 475e — unregistered residence and care institutions.

* Lid 1: a debtor with a fixed residence that is not in the BRP who gives the bailiff insight into
  his living situation and income sources gets the normal calculation instead of the 47.5 % rule of
  art. 475da lid 4, first sentence.
* Lid 2: a debtor admitted to an institution for care or nursing keeps the price owed for the care
  or nursing, plus two thirds of the Pw art. 23 lid 1 norm, plus the Pw art. 23 lid 2 amount. From
  2023 the deductions of art. 475db apply to this amount too.

Text: https://wetten.overheid.nl/BWBR0001827/2023-01-01#Artikel475e
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

#: from this date art. 475db also reduces the institution bvv (Verzamelwet SZW 2023)
DEDUCTIONS_APPLY_FROM = date(2023, 1, 1)


def institution_amount(
    care_price: Decimal, *, pw23_lid1: Decimal, norm_fraction: Decimal, pw23_lid2: Decimal
) -> Decimal:
    """Lid 2: price of care + 2/3 × Pw 23 lid 1 norm + Pw 23 lid 2 amount.

    >>> from decimal import localcontext
    >>> institution_amount(Decimal("326.65"), pw23_lid1=Decimal("348.89"),
    ...     norm_fraction=Decimal(2) / Decimal(3), pw23_lid2=Decimal("34")).quantize(Decimal("0.01"))
    Decimal('593.24')
    """
    return care_price + pw23_lid1 * norm_fraction + pw23_lid2
