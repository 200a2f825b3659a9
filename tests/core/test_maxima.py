"""Rv 475da lid 8: every published lid-1 maximum recomputed from the lid-2 parameters.

The maxima equal the bvv of the living situation at the income where the housing term reaches its
ceiling (2021-2025: ``a·C² + b·C`` = Wht 13.1.a; 2026: ``I × F/12`` = Wht 13.1.a).
:mod:`bvv.norms.check` evaluates the formula there with the rule functions and the norm tables,
rounds once, and compares with the published amount. Known deviations are data
(``src/bvv/norms/maxima-known-deviations.yaml``), the same the ``bvv norms check`` tool uses.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from importlib import resources
from pathlib import Path

import pytest
import yaml

from bvv.cli.app import main
from bvv.model import LEEFSITUATIES, Leefsituatie
from bvv.money import CONTEXT
from bvv.norms import NormTable, all_tables
from bvv.norms.check import (
    LID9_KEYS,
    check_lid7_limits,
    check_maxima,
    formula_keys,
    known_deviations,
    maximum_at_lid8_income,
    unpinned_parameters,
    with_amount,
)

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
    assert (verdicts.count("exact"), verdicts.count("within-a-cent"), verdicts.count("explained")) == (
        36,
        4,
        8,
    )


# ------------------------------------------------------------- bvv norms check finds a typo at once

PERIOD = "2026-07-01"
LATEST = next(t for t in all_tables() if t.start.isoformat() == PERIOD)


def typo(amount: str) -> str:
    """One wrong digit: the second-to-last significant digit one higher (1419.46 -> 1419.56)."""
    text = amount.rstrip("0").rstrip(".") if "." in amount else amount
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    i = digits[-2] if len(digits) > 1 else digits[-1]
    return text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1 :]


def _copy_with(tmp_path: Path, key: str, amount: str) -> Path:
    data = yaml.safe_load(resources.files("bvv.norms").joinpath(f"{PERIOD}.yaml").read_text())
    data["values"][key]["amount"] = amount
    path = tmp_path / f"{PERIOD}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_the_bundled_tables_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["norms", "check"]) == 0
    assert main(["norms", "check", str(resources.files("bvv.norms"))]) == 0
    assert "Alle maxima en nagerekende inkomensgrenzen volgen uit de parameters" in capsys.readouterr().out


PARAMETERS = formula_keys(LATEST) + LID9_KEYS
PINNED = [k for k in PARAMETERS if k not in unpinned_parameters(LATEST)]


def _not_reproduced(table: NormTable) -> list[str]:
    maxima = [
        f"maximum_{ls}"
        for ls in LEEFSITUATIES
        if maximum_at_lid8_income(table, ls) != table.amount(f"maximum_{ls}")
    ]
    limits = [c.key for c in check_lid7_limits(table) if c.verdict == "fails"]
    return maxima + limits


@pytest.mark.parametrize("key", PARAMETERS)
def test_a_typo_in_a_formula_parameter_is_found(
    key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of 2026-07-01 with one wrong digit in one lid-2 (or lid-9) parameter: the check names
    every maximum and lid-7 limit that no longer reproduces and exits 1. E, which nothing the check
    recomputes depends on (the zorg term is at its cap at the lid-8 income), is named as not checked."""
    original = format(LATEST.values[key].amount, "f")
    wrong = typo(original)
    assert Decimal(wrong) != LATEST.values[key].amount
    code = main(["norms", "check", str(_copy_with(tmp_path, key, wrong))])
    out = capsys.readouterr().out
    named = _not_reproduced(with_amount(LATEST, key, Decimal(wrong)))
    if key in PINNED:
        assert code == 1, out
        assert named
        for what in named:
            assert f"FOUT: {what} volgt niet uit de parameters" in out
    else:
        assert code == 0 and not named
        assert key in out.split("Niet door de maxima of inkomensgrenzen gecontroleerd")[1]


def test_only_e_escapes_the_check_in_2026() -> None:
    """E (zorg term at its cap); F and the one-person ijkpunt, which the single maximum (H - J) does
    not show, are pinned by the lid-7 limits."""
    assert unpinned_parameters(LATEST) == ("wzt_pct_above_drempel",)
    earlier = next(t for t in all_tables() if t.start.isoformat() == "2022-01-01")
    assert unpinned_parameters(earlier) == (
        "wzt_pct_above_drempel",
        "wht19_a_one_person",
        "wht19_b_one_person",
    )


def test_lid7_limits_reproduce_where_the_lid9_amounts_are_given() -> None:
    """2024-2026: 55 682,78 / 71 089,09 (2026) and 39 376,66 / 50 748,55 (2025) to the cent, the 2024
    limits (37 574 / 48 920) to the euro as published; 2023 carries the statutory amounts only."""
    checked = {t.start.isoformat(): check_lid7_limits(t) for t in all_tables()}
    assert [p for p, c in checked.items() if c] == [
        f"{y}-{m}-01" for y in (2024, 2025, 2026) for m in ("01", "07")
    ]
    assert all(c.verdict == "exact" for cs in checked.values() for c in cs)
    assert [str(c.recomputed) for c in checked["2024-01-01"]] == ["37574.15", "48919.66"]


def test_a_wrong_published_maximum_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["norms", "check", str(_copy_with(tmp_path, "maximum_alleenstaande", "2208.58"))]) == 1
    assert "FOUT: maximum_alleenstaande " in capsys.readouterr().out


def test_a_known_departure_explains_only_its_own_difference() -> None:
    """The 2024-07-01 departure (D of 1 July) explains +4.68; after a typo in K it no longer does."""
    table = next(t for t in all_tables() if t.start.isoformat() == "2024-07-01")
    assert {c.verdict for c in check_maxima(table)} == {"exact", "explained"}
    wrong = with_amount(table, "wkb_afbouwpercentage", table.amount("wkb_afbouwpercentage") + Decimal("0.1"))
    assert "fails" in {c.verdict for c in check_maxima(wrong)}
