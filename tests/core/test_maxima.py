"""Rv 475da lid 8: every published lid-1 maximum recomputed from the lid-2 parameters.

The maxima equal the bvv of the living situation at the income where the housing term reaches its
ceiling (2021-2025: ``a·C² + b·C`` = Wht 13.1.a; 2026: ``I × F/12`` = Wht 13.1.a).
:mod:`bvv.norms.check` evaluates the formula there with the rule functions and the norm tables,
rounds once, and compares with the published amount. Known deviations are data
(``src/bvv/norms/maxima-known-deviations.yaml``), the same the ``bvv norms check`` tool uses.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from bvv.model import LEEFSITUATIES, Leefsituatie
from bvv.money import CONTEXT
from bvv.norms import NormTable, all_tables
from bvv.norms.check import check_maxima, known_deviations, maximum_at_lid8_income

KNOWN = known_deviations()
CASES = [(t, ls) for t in all_tables() for ls in LEEFSITUATIES]


def test_there_are_48_published_maxima() -> None:
    assert len(CASES) == 48


@pytest.mark.parametrize("table,ls", CASES, ids=[f"{t.start}-{ls}" for t, ls in CASES])
def test_published_maximum_reproduced_from_the_formula(table: NormTable, ls: Leefsituatie) -> None:
    published = table.amount(f"maximum_{ls}")
    with localcontext(CONTEXT):
        diff = maximum_at_lid8_income(table, ls, "statute") - published
        known = KNOWN.get((table.start.isoformat(), ls))
        if known is None:
            assert diff == 0
            return
        assert diff == known.diff
        if known.variant is not None:
            explained = maximum_at_lid8_income(table, ls, known.variant) - published
            assert abs(explained) <= Decimal("0.01")


def test_tally_of_the_maxima_check() -> None:
    """36 exact, 4 within one cent, 8 explained by the Ministry's D and L (decision 3)."""
    exact = sum(1 for t, ls in CASES if (t.start.isoformat(), ls) not in KNOWN)
    one_cent = sum(1 for k in KNOWN.values() if k.variant is None)
    explained = sum(1 for k in KNOWN.values() if k.variant is not None)
    assert (exact, one_cent, explained) == (36, 4, 8)
    verdicts = [c.verdict for t in all_tables() for c in check_maxima(t)]
    assert (verdicts.count("exact"), verdicts.count("within-a-cent"), verdicts.count("explained")) == (36, 4, 8)
