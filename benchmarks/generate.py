"""Generate N random, valid ``bvv-case/1`` cases as JSONL (optionally with malformed rows).

    python benchmarks/generate.py 100000 -o cases.jsonl [--malformed 0.01] [--seed 1]

The cases cover every living situation, both formula regimes (2021-2025 and 2026), the special
routes (no residential address, abroad with a woonlandfactor, care institution), several incomes,
partner incomes, high housing costs, court increases, company cars and designated benefits, with
birth dates so that ``bvv due`` has children turning 18 and AOW ages to find. Malformed rows (the
fraction given by ``--malformed``) are of ten kinds: broken JSON, floats for money, unknown fields,
missing fields, dates outside the norm tables, negative amounts, inconsistent partner data, an
empty line, a JSON array, and a nine-digit id that must come out masked in the errors file.

Money is written as strings built from integer cents; no float ever touches an amount.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

FIRST = date(2021, 1, 1)
LAST = date(2026, 12, 31)

MALFORMED_KINDS = (
    "broken-json",
    "float-money",
    "unknown-field",
    "missing-field",
    "no-norms",
    "negative-amount",
    "partner-inconsistent",
    "empty-line",
    "json-array",
    "bsn-like-id",
)


def _money(rng: random.Random, low: int, high: int) -> str:
    cents = rng.randrange(low * 100, high * 100 + 1)
    return f"{cents // 100}.{cents % 100:02d}"


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def make_case(rng: random.Random, n: int) -> dict[str, Any]:
    """One random valid case."""
    on = _day(rng, FIRST, LAST)
    partner = rng.random() < 0.4
    children = rng.choice((1, 1, 2, 2, 3)) if rng.random() < 0.4 else 0
    route = rng.random()
    debtor: dict[str, Any] = {
        "birth_date": _day(rng, date(1955, 1, 1), date(2003, 12, 31)).isoformat(),
        "residence": "nl",
    }
    if route < 0.03:
        debtor["residence"] = "no_residential_address"
    elif route < 0.04:
        debtor.update(residence="abroad", country="BE", woonlandfactor="0.80")
    elif route < 0.05:
        debtor["residence"] = "nl_unregistered_disclosed"
    elif route < 0.06:
        debtor["institution_care_price_monthly"] = _money(rng, 200, 2500)
    household: dict[str, Any] = {"partner": partner, "dependent_children": children}
    if partner:
        household["partner_birth_date"] = _day(rng, date(1955, 1, 1), date(2003, 12, 31)).isoformat()
    if children:
        household["children_birth_dates"] = sorted(
            _day(rng, _years_before(on, 18) + timedelta(days=1), on).isoformat() for _ in range(children)
        )
    incomes: list[dict[str, Any]] = [
        {
            "id": "inkomen-1",
            "category": rng.choice("eeeeeabcd"),
            "net_monthly": _money(rng, 700, 5500),
            "garnished": True,
        }
    ]
    if rng.random() < 0.2:
        incomes.append(
            {
                "id": "inkomen-2",
                "category": rng.choice("efgh"),
                "net_monthly": _money(rng, 50, 1500),
                "garnished": rng.random() < 0.5,
            }
        )
    case: dict[str, Any] = {
        "format": "bvv-case/1",
        "id": f"dossier-{n:07d}",
        "determination_date": on.isoformat(),
        "debtor": debtor,
        "household": household,
        "taxable_income_annual": {
            "debtor": _money(rng, 0, 90000),
            "partner": _money(rng, 0, 60000) if partner else "0.00",
        },
        "incomes": incomes,
        "partner_incomes": (
            [{"id": "partner-1", "category": "e", "net_monthly": _money(rng, 0, 3000), "garnished": False}]
            if partner and rng.random() < 0.7
            else []
        ),
    }
    kind = rng.choices(("rent", "owner", "rent_non_wht", "none"), weights=(60, 25, 10, 5))[0]
    costs = "0.00" if kind == "none" else _money(rng, 350, 1700)
    housing: dict[str, Any] = {"kind": kind, "costs_monthly": costs}
    if kind != "none" and rng.random() < 0.1:
        housing["high_costs_increase"] = {
            "requested_on": max(FIRST, on - timedelta(days=rng.randrange(0, 600))).isoformat(),
            "extended": rng.random() < 0.3,
        }
    case["housing"] = housing
    if rng.random() < 0.05:
        case["company_car_wage_tax_monthly"] = _money(rng, 50, 400)
    if rng.random() < 0.03:
        start = on - timedelta(days=rng.randrange(0, 180))
        case["court_increase"] = {
            "amount_monthly": _money(rng, 50, 300),
            "from": start.isoformat(),
            "until": (start + timedelta(days=rng.randrange(180, 400))).isoformat(),
        }
    if on >= date(2022, 1, 1) and rng.random() < 0.02:
        case["designated_benefit"] = {
            "applicable_norm_monthly": _money(rng, 1100, 1900),
            "other_income_monthly": _money(rng, 0, 200),
        }
    return case


def malform(rng: random.Random, case: dict[str, Any], kind: str) -> str:
    """A malformed JSONL row of ``kind`` made from a valid case."""
    if kind == "broken-json":
        text = json.dumps(case)
        return text[: len(text) // 2]
    if kind == "float-money":
        case["incomes"][0]["net_monthly"] = 1500.5
    elif kind == "unknown-field":
        case["housing"]["huur"] = "800.00"
    elif kind == "missing-field":
        del case["taxable_income_annual"]
    elif kind == "no-norms":
        case["determination_date"] = "2019-06-01"
    elif kind == "negative-amount":
        case["taxable_income_annual"]["debtor"] = "-5.00"
    elif kind == "partner-inconsistent":
        case["household"]["partner"] = False
        case["taxable_income_annual"]["partner"] = "1000.00"
    elif kind == "empty-line":
        return ""
    elif kind == "json-array":
        return "[]"
    elif kind == "bsn-like-id":
        case["id"] = "999993653"
        case["determination_date"] = "2024-02-30"
    return json.dumps(case, ensure_ascii=False)


def generate(n: int, *, seed: int = 1, malformed: float = 0.0) -> Iterator[str]:
    """``n`` JSONL rows (without newlines); about ``malformed`` of them are malformed."""
    rng = random.Random(seed)
    for i in range(1, n + 1):
        case = make_case(rng, i)
        if malformed and rng.random() < malformed:
            yield malform(rng, case, rng.choice(MALFORMED_KINDS))
        else:
            yield json.dumps(case, ensure_ascii=False)


def write(path: str, n: int, *, seed: int = 1, malformed: float = 0.0) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in generate(n, seed=seed, malformed=malformed):
            fh.write(row + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of cases")
    p.add_argument("-o", "--output", default="-", help="JSONL file (default stdout)")
    p.add_argument("--malformed", type=float, default=0.0, help="fraction of malformed rows, e.g. 0.01")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if args.output == "-":
        for row in generate(args.n, seed=args.seed, malformed=args.malformed):
            sys.stdout.write(row + "\n")
    else:
        write(args.output, args.n, seed=args.seed, malformed=args.malformed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
