"""What if: a caseload recomputed with other norm tables, and the distribution of the changes.

    bvv simulate CASES --norms DIR [--on DATE] [--top N] [--json]

The tables in ``DIR`` (``YYYY-MM-DD.yaml``, ``bvv-norms/1``, validated like the bundled ones)
replace the bundled table of the same period or add a period; the others stay. Each case is
computed twice: with the bundled tables (vector engine, scalar engine where it does not cover the
case) and with the new set (vector engine). A case is compared when both succeed; a case the
vector engine does not cover cannot be computed with other tables (the scalar engine only knows the
bundled ones) and is counted as *not compared*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from bvv.caseload.batch import BatchOptions
from bvv.caseload.columnar import BLOCK_ROWS, _arrow_of, read_cases, summarize_block
from bvv.caseload.vector import evaluate
from bvv.norms import NormTable, all_tables
from bvv.rules.rv_475ab import LEEFSITUATIE_NL, LEEFSITUATIES

__all__ = ["Simulation", "load_norms_dir", "merge_tables", "render_nl", "simulate"]

PERCENTILES = (5, 25, 50, 75, 95)


def load_norms_dir(path: str | Path) -> tuple[NormTable, ...]:
    """The norm tables in ``path`` (``YYYY-MM-DD.yaml``), validated like the bundled ones."""
    import yaml
    from pydantic import ValidationError

    from bvv.norms import NormsInvalid

    folder = Path(path)
    files = sorted(p for p in folder.glob("*.yaml") if p.name[:4].isdigit())
    if not files:
        raise NormsInvalid(f"geen normtabellen (JJJJ-MM-DD.yaml) gevonden in {folder}")
    tables = []
    for file in files:
        try:
            table = NormTable.model_validate(yaml.safe_load(file.read_bytes()))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise NormsInvalid(f"{file} is invalid: {problems}") from None
        if file.name != f"{table.period.start.isoformat()}.yaml":
            raise NormsInvalid(f"{file} holds the period starting {table.period.start}")
        tables.append(table)
    return tuple(tables)


def merge_tables(new: Sequence[NormTable], base: Sequence[NormTable] | None = None) -> tuple[NormTable, ...]:
    """The bundled tables with those of ``new`` replacing (or adding) their periods."""
    by_start = {t.period.start: t for t in (base if base is not None else all_tables())}
    by_start.update({t.period.start: t for t in new})
    return tuple(by_start[k] for k in sorted(by_start))


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
    norms: Sequence[NormTable],
    *,
    on: date | None = None,
    block_rows: int = BLOCK_ROWS,
) -> Simulation:
    """Compute ``cases`` (JSONL or Parquet) with the bundled tables and with ``norms`` merged in."""
    tables = merge_tables(norms)
    opts = BatchOptions(on=on)
    sim = Simulation()
    for block in read_cases(cases, block_rows=block_rows):
        base, errors = summarize_block(block, opts)
        sim.read += block.size
        sim.errors += errors.num_rows
        table, forced = _arrow_of(block)
        assert table is not None
        out = evaluate(table, tables=tables, on=on)
        covered = out.covered & ~forced
        lines = base.column("line").to_numpy() - block.first_line
        both = covered[lines]
        sim.not_compared += int((~both).sum())
        idx = lines[both]
        sim.ids.extend(pa.array(base.column("id")).filter(pa.array(both)).to_pylist())
        sim.leefsituatie.append(out.leefsituatie[idx].astype(np.int64))
        old = (base.column("beslagvrije_voet").combine_chunks().cast(pa.float64()).to_numpy() * 100).round()
        sim.old.append(old[both].astype(np.int64))
        sim.new.append(out.bvv_cents[idx])
    return sim


def _eur(value: float) -> str:
    """Dutch notation: 1.234,56."""
    text = f"{value:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def render_nl(sim: Simulation, *, top: int = 10, source: str = "") -> str:
    """The report in Dutch (B1)."""
    lines = [
        f"Wat-als-berekening{f' met de normen uit {source}' if source else ''}",
        f"Zaken gelezen: {sim.read}. Vergeleken: {sim.compared}. "
        f"Niet vergeleken: {sim.not_compared} (deze zaken rekent alleen de gewone rekenkern; "
        f"die kent alleen de meegeleverde normen). Met een fout: {sim.errors}.",
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
