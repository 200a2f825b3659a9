"""Generate documentation pages from the data, so the docs cannot drift from the norm files.

``python -m bvv.norms.docsgen`` rewrites ``docs/norms-tables.md``; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bvv.norms import all_tables


def norms_markdown() -> str:
    lines = [
        "# Norm tables per period",
        "",
        "Generated from `src/bvv/norms/*.yaml` by `python -m bvv.norms.docsgen` — do not edit by hand.",
        "Confidence: **V** read in the official text; **P** secondary source or pinned by reproducing",
        "published amounts; **U** unverified. Verified: **read** in the publication that sets the value;",
        "**reproduced**: pinned by reproducing the published maxima; **secondary**: one secondary source.",
        "The source is the legal source: the article and the publication that sets the value. Research",
        "notes stay in the YAML files (`note`) and never reach a result. See",
        "[Maintaining the norms](norms-maintenance.md) for adding a period.",
        "",
    ]
    for table in all_tables():
        lines += [
            f"## {table.period.start} … {table.period.end}",
            "",
            f"Regime: `{table.regime}`; Rv text version cited: {table.rules_text_version}.",
            "",
            f"Status: {table.status}.",
            "",
            "| key | amount | unit | basis | conf. | verified | source |",
            "|---|---:|---|---|:-:|---|---|",
        ]
        for key, v in table.values.items():
            amount = format(v.amount, "f") if v.unit != "ratio" else f"{v.amount:.6f}"
            if v.as_published is not None:
                amount += f" (as published: {v.as_published.amount})"
            source = v.source.replace("|", "/")
            if source.startswith("https://") and " " not in source:
                source = f"[{source.removeprefix('https://')}]({source})"
            lines.append(
                f"| `{key}` | {amount} | {v.unit} | {v.basis} | {v.confidence} | {v.verified} | {source} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/norms-tables.md")
    target.write_text(norms_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
