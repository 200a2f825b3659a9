"""What if: a caseload recomputed with other norm tables, and the distribution of the changes.

    bvv simulate CASES --norms DIR [--on DATE] [--top N] [--json]

``DIR`` is read by :func:`bvv.norms.load_norm_dir` (the loader of ``--norms`` and
``BVV_NORMS_DIR``): its period files replace the bundled table of the same period or add one, and
each is checked like ``bvv norms check``. Every case is computed twice — with the norm set in use
and with the new set — each time by the vector engine, and by the scalar engine where the vector
engine does not cover the case (:func:`bvv.caseload.columnar.summarize_block`). A case is
compared when both succeed; a case that fails on one side only is counted as *not compared*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from bvv.caseload.batch import BatchOptions
from bvv.caseload.columnar import BLOCK_ROWS, read_cases, summarize_block
from bvv.norms import NormSet, active_norms
from bvv.rules.rv_475ab import LEEFSITUATIE_NL, LEEFSITUATIES

__all__ = ["Simulation", "render_nl", "simulate"]

PERCENTILES = (5, 25, 50, 75, 95)


@dataclass
class Simulation:
    """The changes (new minus old bvv, in cents) of every compared case."""

    read: int = 0
    errors: int = 0
    not_compared: int = 0
    ids: list[str | None] = field(default_factory=list)
    leefsituatie: list[np.ndarray[Any, Any]] = field(default_factory=list)
    old: list[np.ndarray[Any, Any]] = field(default_factory=list)
    new: list[np.ndarray[Any, Any]] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return sum(len(x) for x in self.old)

    def arrays(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        if not self.old:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(self.leefsituatie), np.concatenate(self.old), np.concatenate(self.new)

    def by_situation(self) -> list[dict[str, Any]]:
        """Count, mean, percentiles, up and down of the change per living situation (euro)."""
        ls, old, new = self.arrays()
        delta = (new - old) / 100
        rows = []
        for code, name in enumerate(LEEFSITUATIES):
            d = delta[ls == code]
            if not len(d):
                continue
            pct = np.percentile(d, PERCENTILES)
            rows.append(
                {
                    "leefsituatie": name,
                    "count": len(d),
                    "mean": round(float(d.mean()), 2),
                    **{f"p{p}": round(float(v), 2) for p, v in zip(PERCENTILES, pct, strict=True)},
                    "up": int((d > 0).sum()),
                    "down": int((d < 0).sum()),
                }
            )
        return rows

    def largest(self, top: int) -> list[dict[str, Any]]:
        """The ``top`` largest changes (in absolute value) with their case ids."""
        ls, old, new = self.arrays()
        delta = new - old
        order = np.argsort(-np.abs(delta), kind="stable")[:top]
        return [
            {
                "id": self.ids[i],
                "leefsituatie": LEEFSITUATIES[int(ls[i])],
                "old": f"{old[i] / 100:.2f}",
                "new": f"{new[i] / 100:.2f}",
                "change": f"{delta[i] / 100:+.2f}",
            }
            for i in order
            if delta[i] != 0
        ]


def simulate(
    cases: str | Path,
    norms: NormSet,
    *,
    on: date | None = None,
    block_rows: int = BLOCK_ROWS,
) -> Simulation:
    """Compute ``cases`` (JSONL or Parquet) with the norm set in use and with ``norms``."""
    opts = BatchOptions(on=on)
    current = active_norms()
    sim = Simulation()
    codes = {name: n for n, name in enumerate(LEEFSITUATIES)}
    for block in read_cases(cases, block_rows=block_rows):
        old, errors = summarize_block(block, opts, current)
        new, _ = summarize_block(block, opts, norms)
        sim.read += block.size
        sim.errors += errors.num_rows
        joined = old.select(["line", "id", "leefsituatie", "beslagvrije_voet"]).join(
            new.select(["line", "beslagvrije_voet"]), "line", right_suffix="_new", join_type="inner"
        )
        sim.not_compared += old.num_rows - joined.num_rows
        sim.ids.extend(joined.column("id").to_pylist())
        sim.leefsituatie.append(np.array([codes[x] for x in joined.column("leefsituatie").to_pylist()]))
        sim.old.append(_cents(joined.column("beslagvrije_voet")))
        sim.new.append(_cents(joined.column("beslagvrije_voet_new")))
    return sim


def _cents(column: pa.ChunkedArray) -> np.ndarray[Any, Any]:
    """Exact cents of a ``decimal128(12, 2)`` column."""
    return np.array([int(x * 100) for x in column.to_pylist()], dtype=np.int64)


def _eur(value: float) -> str:
    """Dutch notation: 1.234,56."""
    text = f"{value:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def render_nl(sim: Simulation, *, top: int = 10, source: str = "") -> str:
    """The report in Dutch (B1)."""
    lines = [
        f"Wat-als-berekening{f' met de normen uit {source}' if source else ''}",
        f"Zaken gelezen: {sim.read}. Vergeleken: {sim.compared}. "
        f"Niet vergeleken: {sim.not_compared} (berekend met de ene normen, maar niet met de "
        f"andere). Met een fout: {sim.errors}.",
        "",
        "Verandering van de beslagvrije voet per maand (nieuw min oud), in euro:",
        "",
        f"{'leefsituatie':<26}{'aantal':>8}{'gemiddeld':>11}"
        + "".join(f"{('p' + str(p)) if p != 50 else 'mediaan':>10}" for p in PERCENTILES)
        + f"{'omhoog':>8}{'omlaag':>8}",
    ]
    for row in sim.by_situation():
        lines.append(
            f"{LEEFSITUATIE_NL[row['leefsituatie']]:<26}{row['count']:>8}{_eur(row['mean']):>11}"
            + "".join(f"{_eur(row[f'p{p}']):>10}" for p in PERCENTILES)
            + f"{row['up']:>8}{row['down']:>8}"
        )
    largest = sim.largest(top)
    lines += ["", f"De {len(largest)} grootste veranderingen:" if largest else "Geen enkele zaak verandert."]
    for row in largest:
        lines.append(
            f"  {row['id'] or '(geen id)'}: {LEEFSITUATIE_NL[row['leefsituatie']]}, "
            f"{_eur(float(row['old']))} wordt {_eur(float(row['new']))} ({row['change'].replace('.', ',')})"
        )
    return "\n".join(lines)
