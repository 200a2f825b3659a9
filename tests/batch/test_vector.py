"""The vector engine against the scalar engine, row by row (differential tests).

Every row the vector path covers must give the same summary as :func:`bvv.calculate` — the bvv to
the cent, living situation, norm period, route, per-income bvv and afdracht, assumption ids,
diagnostic codes and both hashes. Rows it does not cover go to the scalar engine, so a columnar
batch gives the same results and errors as the JSONL batch.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the vector engine needs the 'columnar' extra (pyarrow)")
np = pytest.importorskip("numpy", reason="the vector engine needs the 'columnar' extra (numpy)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import bvv  # noqa: E402
from bvv.caseload.batch import BatchOptions, process_one  # noqa: E402
from bvv.caseload.columnar import Block, summarize_block  # noqa: E402
from bvv.caseload.summary import summary_from_result, summary_from_vector  # noqa: E402
from bvv.caseload.vector import ASSUMPTION_IDS, CASE_SCHEMA, evaluate  # noqa: E402
from bvv.norms import all_tables  # noqa: E402

FIRST, LAST = date(2021, 1, 1), date(2026, 12, 31)
BOUNDARIES = [t.period.start for t in all_tables()] + [date(2021, 1, 20)]


def _table(cases: list[dict[str, Any]]) -> Any:
    return pa.Table.from_pylist(cases, schema=CASE_SCHEMA)


def differential(cases: list[dict[str, Any]]) -> tuple[int, int]:
    """Compare every covered row with the scalar engine; (covered, rows)."""
    table = _table(cases)
    out = evaluate(table)
    summary = summary_from_vector(table, out, np.arange(1, len(cases) + 1))
    for row in summary.to_pylist():
        expected = summary_from_result(row["line"], bvv.calculate(cases[row["line"] - 1]), exact_path=False)
        assert row == expected, (cases[row["line"] - 1], row, expected)
    return summary.num_rows, len(cases)


# ------------------------------------------------------------------------------ generated cases

money = st.integers(0, 600_000).map(lambda c: f"{c // 100}.{c % 100:02d}")
# cents that end a 95 % cap, a half of a maximum or 47.5 % exactly on a half cent
tie_money = st.integers(0, 30_000).map(lambda k: f"{(20 * k + 10) // 100}.{(20 * k + 10) % 100:02d}")
days = st.one_of(
    st.dates(FIRST, LAST),
    st.sampled_from(BOUNDARIES).flatmap(lambda d: st.integers(-2, 2).map(lambda k: d + timedelta(days=k))),
).filter(lambda d: FIRST <= d <= LAST)


@st.composite
def income(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    return {
        "id": ident,
        "category": draw(st.sampled_from("abcdefghij")),
        "net_monthly": draw(st.one_of(money, tie_money)),
        "garnished": draw(st.booleans()),
    }


@st.composite
def case(draw: st.DrawFn) -> dict[str, Any]:
    on = draw(days)
    partner = draw(st.booleans())
    children = draw(st.integers(0, 3))
    debtor: dict[str, Any] = {"residence": draw(st.sampled_from(["nl"] * 4 + [
        "no_residential_address", "abroad", "nl_unregistered_disclosed"]))}  # fmt: skip
    if debtor["residence"] == "abroad":
        debtor.update(country="BE", woonlandfactor=draw(st.sampled_from(["0.80", "1", "0.55", "1.25"])))
    if draw(st.integers(0, 9)) == 0:
        debtor["institution_care_price_monthly"] = draw(money)
    n_inc = draw(st.integers(0, 3))
    c: dict[str, Any] = {
        "id": f"h-{draw(st.integers(0, 10**6))}",
        "determination_date": on.isoformat(),
        "debtor": debtor,
        "household": {"partner": partner, "dependent_children": children},
        "taxable_income_annual": {
            "debtor": draw(st.integers(0, 12_000_000).map(lambda x: f"{x // 100}.{x % 100:02d}")),
            "partner": draw(money) if partner else "0.00",
        },
        "incomes": [draw(income(f"i{k}")) for k in range(n_inc)],
        "partner_incomes": [draw(income(f"p{k}")) for k in range(draw(st.integers(0, 2)))] if partner else [],
        "housing": {"kind": draw(st.sampled_from(["rent", "owner", "rent_non_wht", "none"]))},
    }
    if children and draw(st.booleans()):
        c["household"]["children_birth_dates"] = [
            (on - timedelta(days=draw(st.integers(0, 20 * 366)))).isoformat() for _ in range(children)
        ]
    if draw(st.integers(0, 4)) == 0:
        c["company_car_wage_tax_monthly"] = draw(st.one_of(money, tie_money))
    if draw(st.integers(0, 5)) == 0:
        start = on - timedelta(days=draw(st.integers(-30, 400)))
        until = start + timedelta(days=draw(st.integers(0, 400)))
        c["court_increase"] = {
            "amount_monthly": draw(money),
            "from": start.isoformat(),
            "until": until.isoformat(),
        }
    return c


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(case(), min_size=1, max_size=40))
def test_vector_equals_scalar_on_generated_caseloads(cases: list[dict[str, Any]]) -> None:
    differential(cases)


def test_vector_equals_scalar_on_the_benchmark_generator(generate: ModuleType) -> None:
    """2,000 cases of ``benchmarks/generate.py`` (every period, route and income mix)."""
    import random

    rng = random.Random(12)
    cases = [generate.make_case(rng, n) for n in range(2000)]
    covered, rows = differential(cases)
    assert covered > 0.7 * rows  # the routes the vector path takes are most of the caseload


def test_half_cent_ties_are_exact() -> None:
    """95 % of 10.10 is 9.595; a married maximum halved ends on half a cent: exact, not guarded."""
    cases = [
        {"determination_date": "2024-03-01", "taxable_income_annual": {"debtor": "20000.00"},
         "debtor": {"residence": "nl"}, "household": {"partner": False, "dependent_children": 0},
         "incomes": [{"id": "w", "category": "e", "net_monthly": "10.10", "garnished": True}]},
        {"determination_date": "2024-03-01", "household": {"partner": True, "dependent_children": 0},
         "debtor": {"residence": "nl"}, "taxable_income_annual": {"debtor": "90000.00", "partner": "0.00"},
         "incomes": [{"id": "w", "category": "e", "net_monthly": "5000.00", "garnished": True}],
         "partner_incomes": [{"id": "p", "category": "e", "net_monthly": "4000.00", "garnished": False}]},
    ]  # fmt: skip
    assert differential(cases) == (2, 2)
    assert str(bvv.calculate(cases[0]).beslagvrije_voet) == "9.60"


# ------------------------------------------------------------------------------ not covered


_FACTS = {"debtor": {"residence": "nl"}, "household": {"partner": False, "dependent_children": 0}}
_MALFORMED = [
    {"determination_date": "2024-02-30", "taxable_income_annual": {"debtor": "1.00"}},
    {"determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1.005"}},
    {"determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1e3"}},
    {"determination_date": "2019-01-01", "taxable_income_annual": {"debtor": "1.00"}},
    {"determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1.00", "partner": "5.00"}},
    {"determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1.00"},
     "incomes": [{"id": "x", "category": "e", "net_monthly": "1.00", "garnished": True},
                 {"id": "x", "category": "f", "net_monthly": "1.00", "garnished": False}]},
    {"determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1.00"},
     "debtor": {"residence": "abroad"}},
    {"id": 'quote"d', "determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1.00"}},
    {"determination_date": "2024-01-01", "taxable_income_annual": {"debtor": "1.00"},
     "incomes": [{"id": "w", "category": "e", "net_monthly": "1.00", "garnished": True, "pay_period": "week",
                  "net_per_period": "300.00"}]},
]  # fmt: skip
MALFORMED = [{**_FACTS, **c} for c in _MALFORMED]


def test_rows_the_vector_path_refuses_get_the_scalar_outcome() -> None:
    out = evaluate(_table(MALFORMED))
    assert not out.covered.any()
    lines = [json.dumps(c).encode() + b"\n" for c in MALFORMED]
    summary, errors = summarize_block(Block(1, lines=lines), BatchOptions())
    for n, raw in enumerate(lines, 1):
        o = process_one(n, raw, BatchOptions())
        if o.ok:
            assert o.result is not None
            row = summary.filter(pa.compute.equal(summary["line"], n)).to_pylist()[0]
            assert row == summary_from_result(n, o.result)
        else:
            row = errors.filter(pa.compute.equal(errors["line"], n)).to_pylist()[0]
            assert row == {"line": n, "id": o.id, **(o.error or {})}
    assert summary.num_rows + errors.num_rows == len(MALFORMED)


def test_columnar_batch_equals_jsonl_batch(cases_file: Path, tmp_path: Path) -> None:
    """Every row of a malformed caseload: the same results and errors as the JSONL batch."""
    from bvv.caseload.batch import run_file
    from bvv.caseload.columnar import run_columnar

    full = tmp_path / "full.jsonl"
    run_file(cases_file, full, progress=False)
    counts = run_columnar(cases_file, tmp_path / "s.parquet", block_rows=64)
    summary = pa.parquet.read_table(tmp_path / "s.parquet").to_pylist()
    errors = pa.parquet.read_table(tmp_path / "s.errors.parquet").to_pylist()
    expected_errors = [json.loads(x) for x in (tmp_path / "full.errors.jsonl").read_text().splitlines()]
    assert [e["line"] for e in errors] == [e["line"] for e in expected_errors]
    assert [e["code"] for e in errors] == [e["error"]["code"] for e in expected_errors]
    results = [bvv.Result.model_validate_json(x) for x in full.read_text().splitlines()]
    assert counts.read == counts.ok + counts.errors == len(cases_file.read_text().splitlines())
    for row, result in zip(summary, results, strict=True):
        assert {**row, "exact_path": True} == {**summary_from_result(row["line"], result), "exact_path": True}


def test_vector_with_a_loaded_norm_set(tmp_path: Path, generate: ModuleType) -> None:
    """``--norms DIR``: the vector engine uses the set in use and records ``loaded-norms-used``."""
    import random

    import yaml

    from bvv.norms import load_norm_dir, use_norms

    table = all_tables()[-1]
    data = table.model_dump(mode="json")
    data["values"]["rv475dc_pct"]["amount"] = "90"
    (tmp_path / f"{table.period.start}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    rng = random.Random(3)
    cases = [generate.make_case(rng, n) for n in range(400)]
    with use_norms(load_norm_dir(tmp_path)):
        covered, _ = differential(cases)
        out = evaluate(_table(cases))
    loaded = [a for a, p in zip(out.assumptions, out.period, strict=True) if p == len(out.period_starts) - 1]
    assert covered > 0 and loaded
    assert all(a & (1 << ASSUMPTION_IDS.index("loaded-norms-used")) for a in loaded)
