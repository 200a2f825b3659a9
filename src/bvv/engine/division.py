"""Step 8: the division of the bvv over the garnished incomes and the afdracht (Rv 475c, 475b)."""

from __future__ import annotations

from decimal import Decimal

from bvv import citations as C
from bvv.engine.trace import Trace
from bvv.model import CATEGORIES_A_TO_I, Income, PerIncome
from bvv.money import ZERO, fmt, round_cents
from bvv.rules import rv_475c


def divide(t: Trace, bvv: Decimal) -> tuple[PerIncome, ...]:
    """Rv 475c lid 5: several garnishments on a-i claims share the bvv pro rata (decisions 1, 8);
    a garnished allowance (j) shares only when no a-i claim is garnished (decision 20)."""
    ordered = rv_475c.statutory_order(t.case.incomes)
    garnished = [i for i in ordered if i.garnished]
    if not garnished:
        t.diagnose("no-garnished-income", "no income is marked as garnished; no division made", "incomes")
        return ()
    order_diagnostics(t, ordered)
    sharing = [i for i in garnished if i.category in CATEGORIES_A_TO_I] or garnished
    if any(i.category not in CATEGORIES_A_TO_I for i in garnished):
        t.assume("garnished-allowance-division")
    if len(sharing) == 1:
        parts = {sharing[0].id: bvv}
    else:
        shares = rv_475c.divide_pro_rata(bvv, [i.monthly for i in sharing])
        parts = {i.id: p for i, p in zip(sharing, shares, strict=True)}
        t.step(
            "475c-5-verdeling",
            "Meerdere beslagen: de beslagvrije voet wordt verdeeld naar verhouding van de "
            "betalingen: " + ", ".join(f"{i.id} {fmt(parts[i.id])}" for i in sharing),
            bvv,
            C.RV_475C_5,
            inputs={i.id: fmt(i.monthly) for i in sharing},
            assumptions=("several-garnishments-pro-rata", "rounding-half-up-at-end"),
        )
    position = {inc.id: n + 1 for n, inc in enumerate(ordered)}
    return tuple(
        PerIncome(
            id=i.id,
            category=i.category,
            order=position[i.id],
            payment=round_cents(i.monthly),
            bvv=parts.get(i.id, ZERO),
            afdracht=round_cents(rv_475c.afdracht(i.monthly, parts.get(i.id, ZERO))),
        )
        for i in garnished
    )


def order_diagnostics(t: Trace, ordered: list[Income]) -> None:
    """Rv 475c lid 2: a garnished claim after an ungarnished one of kinds a-i is out of order
    (one pass: linear in the number of incomes)."""
    earlier: list[str] = []
    for inc in ordered:
        if inc.garnished and earlier:
            t.diagnose(
                "garnishment-order",
                f"income {inc.id!r} is garnished while {', '.join(earlier)} come(s) "
                "earlier in the statutory order; allowed only under Rv 475c lid 3",
                "incomes",
            )
            return
        if not inc.garnished and inc.category in CATEGORIES_A_TO_I:
            earlier.append(inc.id)
