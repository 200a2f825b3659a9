"""Step 8: the division of the bvv over the garnished incomes and the afdracht (Rv 475c, 475b)."""

from __future__ import annotations

from decimal import Decimal

from bvv import citations as C
from bvv.engine.trace import Trace
from bvv.model import CATEGORIES_A_TO_I, Income, PerIncome
from bvv.money import fmt, round_cents
from bvv.rules import rv_475c


def divide(t: Trace, bvv: Decimal) -> tuple[PerIncome, ...]:
    """Rv 475c lid 5: several garnishments share the bvv pro rata (decisions 1 and 8)."""
    ordered = rv_475c.statutory_order(t.case.incomes)
    position = {inc.id: n + 1 for n, inc in enumerate(ordered)}
    garnished = [i for i in ordered if i.garnished]
    if not garnished:
        t.diagnose("no-garnished-income", "no income is marked as garnished; no division made", "incomes")
        return ()
    order_diagnostics(t, ordered)
    if len(garnished) == 1:
        parts = [bvv]
    else:
        parts = rv_475c.divide_pro_rata(bvv, [i.net_monthly for i in garnished])
        t.step(
            "475c-5-verdeling",
            "Meerdere beslagen: de beslagvrije voet wordt verdeeld naar verhouding van de "
            "betalingen: " + ", ".join(f"{i.id} {fmt(p)}" for i, p in zip(garnished, parts, strict=True)),
            bvv,
            C.RV_475C_5,
            inputs={i.id: fmt(i.net_monthly) for i in garnished},
            assumptions=("several-garnishments-pro-rata", "rounding-half-up-at-end"),
        )
    return tuple(
        PerIncome(
            id=i.id,
            category=i.category,
            order=position[i.id],
            payment=i.net_monthly,
            bvv=part,
            afdracht=round_cents(rv_475c.afdracht(i.net_monthly, part)),
        )
        for i, part in zip(garnished, parts, strict=True)
    )


def order_diagnostics(t: Trace, ordered: list[Income]) -> None:
    """Rv 475c lid 2: a garnished claim after an ungarnished one of kinds a-i is out of order."""
    for n, inc in enumerate(ordered):
        if inc.garnished:
            earlier = [e.id for e in ordered[:n] if not e.garnished and e.category in CATEGORIES_A_TO_I]
            if earlier:
                t.diagnose(
                    "garnishment-order",
                    f"income {inc.id!r} is garnished while {', '.join(earlier)} come(s) "
                    "earlier in the statutory order; allowed only under Rv 475c lid 3",
                    "incomes",
                )
                return
