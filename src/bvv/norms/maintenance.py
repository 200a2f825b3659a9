"""Maintaining the norm tables: the publications behind each value, a skeleton for the next period,
and the differences between two periods. Pure functions; ``bvv norms`` prints what they return.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta

from bvv.norms.tables import NormTable

__all__ = [
    "PublicationGroup",
    "ValueChange",
    "amount_text",
    "confidence_counts",
    "diff_tables",
    "publication_guide",
    "publications",
    "skeleton",
    "skeleton_yaml",
    "to_read",
]


@dataclass(frozen=True)
class PublicationGroup:
    """Values set by the same publications, with the order in which to fill them in."""

    name: str
    order: int
    keys: tuple[str, ...]
    read: tuple[str, ...]


@cache
def publication_guide() -> tuple[PublicationGroup, ...]:
    """``publications.yaml``: which publication sets which value, in the order to fill them in."""
    raw = resources.files("bvv.norms").joinpath("publications.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    groups = (
        PublicationGroup(g["name"], int(g["order"]), tuple(g["keys"]), tuple(g["read"]))
        for g in data["groups"]
    )
    return tuple(sorted(groups, key=lambda g: g.order))


def to_read(key: str, start: date) -> tuple[str, ...]:
    """The publications to read for ``key`` in the period starting on ``start``."""
    fill = {"date": start.isoformat(), "year": str(start.year)}
    for group in publication_guide():
        if key in group.keys:
            return tuple(text.format(**fill) for text in group.read)
    return ()


def _order(key: str) -> int:
    return next((g.order for g in publication_guide() if key in g.keys), 99)


def skeleton(previous: NormTable, start: date) -> dict[str, Any]:
    """A provisional table for the half-year starting on ``start``: every key of ``previous``, its
    amount carried over and marked unverified, with the publications to read for each value."""
    end = start + relativedelta(months=6) - timedelta(days=1)
    values: dict[str, Any] = {}
    for key in sorted(previous.values, key=lambda k: (_order(k), k)):
        old = previous.values[key]
        values[key] = {
            "amount": amount_text(old.amount),
            "unit": old.unit,
            "label": old.label,
            "basis": old.basis,
            "source": f"not yet read: the value of {previous.start.isoformat()} carried over",
            "verified": "unverified",
            "confidence": "U",
            "to_read": list(to_read(key, start)),
        }
    return {
        "format": "bvv-norms/1",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "status": "provisional",
        "regime": previous.regime,
        "rules_text_version": start.isoformat(),
        "values": values,
    }


def amount_text(amount: Decimal) -> str:
    """An amount as written in a norm file: plain digits (no exponent), or the fractions 1/2, 2/3."""
    if amount == Decimal(1) / Decimal(2):
        return "1/2"
    if amount == Decimal(2) / Decimal(3):
        return "2/3"
    return format(amount, "f")


def skeleton_yaml(previous: NormTable, start: date) -> str:
    """:func:`skeleton` as the text of a period file, with a header on how to complete it."""
    header = (
        f"# Provisional norms for the period starting {start.isoformat()} (bvv norms new).\n"
        f"# Every value is the amount of {previous.start.isoformat()}, marked confidence U. For each value,\n"
        "# read the publications in `to_read`, set the amount, `source` (the publication that sets it),\n"
        "# `verified` (read / reproduced / secondary) and `confidence` (V / P), and remove `to_read`.\n"
        "# When all are done: `status: published`, then run `bvv norms check` on this file.\n"
    )
    body = yaml.safe_dump(skeleton(previous, start), sort_keys=False, allow_unicode=True, width=120)
    return header + body


@dataclass(frozen=True)
class ValueChange:
    """One value compared between two periods."""

    key: str
    label: str
    unit: str
    before: Decimal | None
    after: Decimal | None

    @property
    def relative(self) -> Decimal | None:
        """(after - before) / before, or None when either is missing or before is zero."""
        if self.before is None or self.after is None or self.before == 0:
            return None
        return (self.after - self.before) / self.before


def diff_tables(a: NormTable, b: NormTable) -> tuple[ValueChange, ...]:
    """Every value that differs between ``a`` and ``b`` (or exists in only one), in ``b``'s order."""
    keys = list(b.values) + [k for k in a.values if k not in b.values]
    changes = []
    for key in keys:
        va, vb = a.values.get(key), b.values.get(key)
        before = va.amount if va else None
        after = vb.amount if vb else None
        if before != after:
            ref = vb or va
            assert ref is not None
            changes.append(ValueChange(key, ref.label, ref.unit, before, after))
    return tuple(changes)


def confidence_counts(table: NormTable) -> dict[str, int]:
    """How many values of ``table`` carry each confidence (V, P, U)."""
    counts = Counter(v.confidence for v in table.values.values())
    return {c: counts.get(c, 0) for c in ("V", "P", "U")}


_PUBLICATION = re.compile(
    r"Stcrt\. \d{4}, \d+|Stb\. \d{4}, \d+|https://wetten\.overheid\.nl/BWBR\d+/\d{4}-\d{2}-\d{2}"
    r"|Mededeling[^,;(]*"
)


def publications(table: NormTable) -> tuple[str, ...]:
    """The publications the values of ``table`` rest on (Staatscourant, Staatsblad, law versions)."""
    found: dict[str, None] = {}
    for value in table.values.values():
        for match in _PUBLICATION.findall(value.source):
            found.setdefault(match.strip(), None)
    return tuple(sorted(found))
