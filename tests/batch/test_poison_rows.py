"""No poison row (issue 9 items 2, 4, 8, 10): every row of a batch or of ``due`` is accounted for."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bvv import calculate, examples
from bvv.caseload.batch import calculate_many, default_errors_path
from bvv.caseload.diff import diff_results
from bvv.caseload.recalc import recalculation_due
from bvv.cli import main
from bvv.cli.caseload import _due_row
from bvv.engine.receipt_verify import verify_receipt
from bvv.errors import CaseInvalid

GOOD = examples.load("01_bijstand_alleenstaande_2021")
INCOME = GOOD["incomes"][0]
#: input lines that a parser or the engine may trip over; rows the input branch turns into clear
#: errors (money of 1e26 and more) may still be ``internal-error`` rows here, but never stop the run
KNOWN_INTERNAL = {"money-1e26"}


def _with(**over: Any) -> str:
    return json.dumps({**GOOD, **over})


CORPUS: dict[str, str] = {
    "money-1e400": json.dumps(GOOD).replace('"net_monthly": "', '"x": 1e400, "net_monthly": "', 1),
    "money-1e400-number": _with(incomes=[{**INCOME, "net_monthly": 1e400}]),
    "money-1e26": _with(incomes=[{**INCOME, "net_monthly": "1e26"}]),
    "money-minus-zero": _with(incomes=[{**INCOME, "net_monthly": "-0"}]),
    "money-nan": _with(incomes=[{**INCOME, "net_monthly": "NaN"}]),
    "int-5000-digits": json.dumps(GOOD)[:-1] + ', "big": ' + "9" * 5000 + "}",
    "nesting-1200-lists": "[" * 1200 + "]" * 1200,
    "nesting-1200-objects": '{"a":' * 1200 + "1" + "}" * 1200,
    "utf-16": json.dumps(GOOD).encode("utf-16").decode("latin-1"),
    "missing-facts-text": _with(missing_facts="abc"),
    "missing-facts-odd": _with(missing_facts=[1, {"x": 2}]),
    "pay-period-list": _with(incomes=[{**INCOME, "pay_period": ["month"]}]),
    "surrogate-id": _with(id="\udc00"),
    "surrogate-field": _with(debtor={**GOOD["debtor"], "residence": "\ud800"}),
    "date-9999": _with(determination_date="9999-12-31"),
    "court-until-9999": _with(
        court_increase={"amount_monthly": "100.00", "from": "2021-01-01", "until": "9999-12-31"}
    ),
    "iso-week-date": _with(determination_date="2021-W03-1"),
    "date-number": _with(determination_date=20210115),
    "incomes-null": _with(incomes=None),
    "incomes-object": _with(incomes={}),
    "incomes-null-item": _with(incomes=[None]),
    "household-list": _with(household=[]),
    "debtor-text": _with(debtor="x"),
    "bom": "\ufeff" + json.dumps(GOOD),
    "null": "null",
    "list": "[]",
    "number": "1",
    "string": '"x"',
    "empty-object": "{}",
    "nul-byte": "\x00",
    "cut": "{",
    "two-objects": json.dumps(GOOD) + json.dumps(GOOD),
    "bsn-id": _with(id="NL999993653"),
    "osc-id": _with(id="\x1b]8;;http://evil\x07x"),
}


def _write(path: Path, rows: list[str]) -> Path:
    with path.open("wb") as fh:
        for row in rows:
            fh.write(row.encode("utf-8", "surrogatepass") + b"\n")
    fh.close()
    return path


def test_the_corpus_through_the_command_every_row_accounted_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = list(CORPUS)
    cases = _write(tmp_path / "c.jsonl", [CORPUS[n] for n in names] + [b"\xff\xfe".decode("latin-1")])
    (tmp_path / "raw.jsonl").write_bytes(cases.read_bytes() + b"\xff\xfe{\n")  # and invalid UTF-8
    out = tmp_path / "r.jsonl"
    code = main(["batch", str(tmp_path / "raw.jsonl"), "-o", str(out), "--workers", "2", "--chunk-size", "5"])
    assert code == 3, capsys.readouterr().err
    read = len(names) + 2
    results = out.read_bytes().splitlines()
    errors = [json.loads(x) for x in default_errors_path(out).read_bytes().splitlines()]
    assert len(results) + len(errors) == read  # read = ok + errors
    assert f"gelezen {read} = goed {len(results)} + fout {len(errors)}" in capsys.readouterr().err
    lines = [e["line"] for e in errors]
    assert lines == sorted(set(lines))
    internal = {names[e["line"] - 1] for e in errors if e["error"]["code"] == "internal-error"}
    assert internal <= KNOWN_INTERNAL
    text = default_errors_path(out).read_text(encoding="utf-8")
    assert "999993653" not in text


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
    max_leaves=8,
)
PATHS = st.sampled_from(
    [("id",), ("determination_date",), ("debtor",), ("debtor", "birth_date"), ("household",),
     ("household", "partner"), ("incomes",), ("taxable_income_annual",), ("housing",),
     ("court_increase",), ("missing_facts",), ("format",)]
)


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(data))
    node = out
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(PATHS, JSON), min_size=1, max_size=3), JSON)
def test_json_shapes_never_stop_the_batch(edits: list[tuple[tuple[str, ...], Any]], junk: Any) -> None:
    case: dict[str, Any] = GOOD
    for path, value in edits:
        case = _set(case, path, value)
    rows: list[Any] = [json.dumps(case, allow_nan=True), json.dumps(junk, allow_nan=True), case]
    out = list(calculate_many(rows))
    assert [o.line for o in out] == [1, 2, 3]
    for o in out:  # a result, or an error row that can be written (bugs in parsing are the input branch's)
        assert (o.result_json is None) != (o.error is None)
        assert o.error is None or json.dumps(o.error_row(), ensure_ascii=False).encode("utf-8")


# ------------------------------------------------------ due: one row never stops the run


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    return calculate(GOOD).to_json_dict()


def test_an_end_date_of_9999_12_31_is_no_end(stored: dict[str, Any]) -> None:
    data = calculate(
        {**GOOD, "court_increase": {"amount_monthly": "100.00", "from": "2021-01-01", "until": "9999-12-31"}}
    ).to_json_dict()
    due = recalculation_due(data, date(2021, 6, 1))
    assert "court-increase-ends" not in {r.code for r in due.reasons + due.upcoming}
    assert {r.code for r in due.upcoming} == {"twelve-months"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("beslagvrije_voet", None), ("beslagvrije_voet", float("nan")), ("beslagvrije_voet", "NaN"),
     ("steps", 5), ("steps", "abc"), ("steps", [1]), ("case", None), ("determination_date", "x")],
)
def test_a_damaged_result_is_a_clear_error(stored: dict[str, Any], field: str, value: Any) -> None:
    with pytest.raises(CaseInvalid) as err:
        recalculation_due({**stored, field: value}, date(2022, 1, 1))
    assert err.value.path == field


def test_due_lists_or_reports_every_row(
    stored: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = {**stored, "case": {**stored["case"], "court_increase": {
        "amount_monthly": "1.00", "from": "2021-01-01", "until": "9999-12-31"}}}
    rows = [stored, {**stored, "beslagvrije_voet": None}, {**stored, "steps": "x"}, long,
            {**stored, "id": "\x1b[31mrood\x1b[0m\x1b]8;;http://evil\x07"}, {**stored, "id": "\udc00"}]
    path = _write(tmp_path / "r.jsonl", [json.dumps(r) for r in rows])
    assert main(["due", str(path), "--on", "2022-02-01", "--all"]) == 3
    out, err = capsys.readouterr()
    assert [ln.split()[1] for ln in out.splitlines() if ln.startswith("regel")] == ["1", "4", "5", "6"]
    assert "\x1b" not in out and "rood" in out
    assert "regel 2: onbruikbaar resultaat (case-invalid, veld beslagvrije_voet)" in err
    assert "regel 3: onbruikbaar resultaat (case-invalid, veld steps)" in err
    assert "6 resultaten gelezen" in err and "2 onleesbaar" in err


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(
    ["beslagvrije_voet", "steps", "case", "determination_date", "norm_period", "id", "designated_benefit",
     "leefsituatie"]), JSON), min_size=1, max_size=3))
def test_due_never_raises_on_a_mutated_result(edits: list[tuple[str, Any]]) -> None:
    data = calculate(GOOD).to_json_dict()
    for key, value in edits:
        data[key] = value
    line, due, error = _due_row(date(2022, 2, 1), 7, json.dumps(data).encode("utf-8", "surrogatepass"))
    assert line == 7 and (due is None) != (error is None)
    assert error is None or not error.startswith("interne fout"), error


def test_no_twelve_month_reason_for_a_designated_benefit(stored: dict[str, Any]) -> None:
    designated = {**stored, "designated_benefit": {"bvv": "937.12"}}
    assert "twelve-months" in {r.code for r in recalculation_due(stored, date(2022, 2, 1)).reasons}
    due = recalculation_due(designated, date(2022, 2, 1))
    assert "twelve-months" not in {r.code for r in due.reasons + due.upcoming}  # Rv 475d lid 7


# ------------------------------------------------------ diff and receipt verify on damaged results


def test_nan_in_a_stored_result_is_a_clear_error(stored: dict[str, Any], tmp_path: Path) -> None:
    damaged = {**stored, "beslagvrije_voet": float("nan")}
    with pytest.raises(CaseInvalid):
        diff_results(stored, damaged)
    with pytest.raises(CaseInvalid):
        verify_receipt(damaged)
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(damaged), encoding="utf-8")
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps(stored), encoding="utf-8")
    assert main(["diff", str(ok), str(path)]) == 3
    assert main(["receipt", "verify", str(path)]) == 3


def test_editing_the_receipt_metadata_no_longer_holds(stored: dict[str, Any]) -> None:
    assert verify_receipt(stored).holds
    for key, value in (("library_version", "0.0.1"), ("norms_sha256", "0" * 64), ("rules_version", "x")):
        edited = {**stored, "receipt": {**stored["receipt"], key: value}}
        check = verify_receipt(edited)
        assert not check.holds and "receipt-edited" in {c.kind for c in check.causes}
    assert calculate(GOOD).receipt == calculate(GOOD).receipt  # still deterministic
