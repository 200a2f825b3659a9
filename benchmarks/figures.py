"""Draw the figures of ``docs/analysis.md`` with the library itself (extra ``plot``).

    python benchmarks/figures.py [--out docs/img]

For every norm period: the beslagvrije voet against the annual taxable income C for the four
living situations (``bvv.caseload.frame.sweep``, one garnished income of 10,000 a month so that
the 95 % rule does not bind), the lid-1 maxima (dashed), and the 95 % line — 95 % of C/12, the
bvv's ceiling when the monthly income were C/12.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bvv.caseload.frame import sweep
from bvv.norms import all_tables
from bvv.rules.rv_475ab import LEEFSITUATIE_NL, LEEFSITUATIES

HOUSEHOLDS = {
    "alleenstaande": {"partner": False, "dependent_children": 0},
    "alleenstaande_ouder": {"partner": False, "dependent_children": 1},
    "gehuwden_zonder_kinderen": {"partner": True, "dependent_children": 0},
    "gehuwden_met_kinderen": {"partner": True, "dependent_children": 2},
}
INCOMES = range(0, 100_001, 500)
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728")


def case(start: str, ls: str) -> dict[str, object]:
    return {
        "id": ls,
        "determination_date": start,
        "debtor": {"residence": "nl"},
        "household": HOUSEHOLDS[ls],
        "taxable_income_annual": {"debtor": "0.00", "partner": "0.00"},
        "incomes": [{"id": "loon", "category": "e", "net_monthly": "10000.00", "garnished": True}],
        "housing": {"kind": "rent", "costs_monthly": "800.00"},
    }


def draw(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in all_tables():
        start = table.period.start.isoformat()
        fig, ax = plt.subplots(figsize=(7.5, 4.2), dpi=100)
        for colour, ls in zip(COLOURS, LEEFSITUATIES, strict=True):
            df = sweep(case(start, ls), taxable_income=INCOMES)
            ax.plot(df["taxable_income"].astype(float), df["beslagvrije_voet"].astype(float),
                    color=colour, label=LEEFSITUATIE_NL[ls])  # fmt: skip
            maximum = float(table.values[f"maximum_{ls}"].amount)
            ax.axhline(maximum, color=colour, linestyle="--", linewidth=0.8)
        ax.plot(list(INCOMES), [0.95 * c / 12 for c in INCOMES], color="grey", linestyle=":",
                label="95 % van C/12")  # fmt: skip
        ax.set_ylim(0, 3500)
        ax.set_xlabel("belastbaar inkomen per jaar C (euro)")
        ax.set_ylabel("beslagvrije voet per maand (euro)")
        ax.set_title(f"Beslagvrije voet en C — normen vanaf {start} (gestippeld: maxima)")
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(alpha=0.3)
        fig.tight_layout()
        path = out / f"bvv-vs-c-{start}.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "img")
    args = p.parse_args(argv)
    for path in draw(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
