"""Small builders for test cases (bvv-case/1 dicts)."""

from __future__ import annotations

from typing import Any


def case(
    on: str = "2024-01-15",
    *,
    c: str = "30000.00",
    partner: bool = False,
    children: int = 0,
    incomes: list[dict[str, Any]] | None = None,
    partner_incomes: list[dict[str, Any]] | None = None,
    c_partner: str = "0.00",
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "bvv-case/1",
        "determination_date": on,
        "debtor": {"birth_date": "1980-06-15", "residence": "nl"},
        "household": {"partner": partner, "dependent_children": children},
        "taxable_income_annual": {"debtor": c, "partner": c_partner},
        "incomes": incomes
        if incomes is not None
        else [{"id": "werk", "category": "e", "net_monthly": "2200.00", "garnished": True}],
        "partner_incomes": partner_incomes or [],
        "housing": {"kind": "rent", "costs_monthly": "750.00"},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def income(id: str, category: str, amount: str, garnished: bool = True) -> dict[str, Any]:
    return {"id": id, "category": category, "net_monthly": amount, "garnished": garnished}


def step_ids(result: Any) -> list[str]:
    return [s.id for s in result.steps]


def json_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document (the root is ``()``), for mutation-based fuzzing."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += json_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += json_paths(v, (*prefix, i))
    return out
