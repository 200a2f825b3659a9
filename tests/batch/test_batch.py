"""``bvv batch`` and :mod:`bvv.caseload.batch`: every row accounted for, order, errors, resume, ``--on``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bvv import examples, parse_case
from bvv.caseload.batch import Counts, calculate_many, default_errors_path, run_file
from bvv.cli import main


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _input_ids(path: Path) -> dict[int, str | None]:
    """Line number -> id for every input line that is a JSON object with an id."""
    out: dict[int, str | None] = {}
    for n, raw in enumerate(_lines(path), 1):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            out[n] = data.get("id")
    return out


@pytest.fixture(scope="module")
def full_run(cases_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Counts]:
    out = tmp_path_factory.mktemp("full") / "results.jsonl"
    counts = run_file(cases_file, out, workers=1, progress=False, chunk_size=32)
    return out, default_errors_path(out), counts


def test_every_row_accounted_for_in_order(cases_file: Path, full_run: tuple[Path, Path, Counts]) -> None:
    out, errors, counts = full_run
    n_input = len(_lines(cases_file))
    assert n_input == 300
    assert counts.read == n_input == counts.ok + counts.errors
    assert counts.errors > 0 and counts.ok > 250
    results = [json.loads(x) for x in _lines(out)]
    error_rows = [json.loads(x) for x in _lines(errors)]
    assert len(results) == counts.ok and len(error_rows) == counts.errors
    failed = [e["line"] for e in error_rows]
    assert failed == sorted(failed) and len(set(failed)) == len(failed)
    ids = _input_ids(cases_file)
    expected = [ids[n] for n in range(1, n_input + 1) if n not in set(failed)]
    assert [r["id"] for r in results] == expected  # input order kept
    assert all(r["format"] == "bvv-result/1" for r in results)


def test_errors_file_content(cases_file: Path, full_run: tuple[Path, Path, Counts]) -> None:
    _, errors, _ = full_run
    text = errors.read_text(encoding="utf-8")
    assert "999993653" not in text  # never a clear BSN
    rows = [json.loads(x) for x in text.splitlines()]
    for row in rows:
        assert set(row) == {"line", "id", "error"}
        assert set(row["error"]) == {"code", "message", "path"}
        assert row["error"]["code"] in {"case-invalid", "case-incomplete", "norms-not-available"}
        assert row["error"]["message"]
    codes = {r["error"]["code"] for r in rows}
    assert {"case-invalid", "norms-not-available"} <= codes
    masked = [r for r in rows if r["id"] == "******653"]
    assert masked and masked[0]["error"]["path"] == "determination_date"
    by_id = [r for r in rows if r["id"] and r["id"].startswith("dossier-")]
    assert by_id  # rows that parsed as JSON keep their case id
    ids = _input_ids(cases_file)
    for r in by_id:
        assert ids[r["line"]] == r["id"]


def test_two_workers_same_output(
    cases_file: Path, full_run: tuple[Path, Path, Counts], tmp_path: Path
) -> None:
    out, errors, counts = full_run
    out2 = tmp_path / "r2.jsonl"
    counts2 = run_file(cases_file, out2, workers=2, progress=False, chunk_size=16)
    assert (counts2.read, counts2.ok, counts2.errors) == (counts.read, counts.ok, counts.errors)
    assert out2.read_bytes() == out.read_bytes()
    assert default_errors_path(out2).read_bytes() == errors.read_bytes()


def test_resume_after_interrupt(
    cases_file: Path, full_run: tuple[Path, Path, Counts], tmp_path: Path
) -> None:
    out, errors, counts = full_run
    part = tmp_path / "part.jsonl"
    seen = 0

    def stop(_: Counts) -> None:
        nonlocal seen
        seen += 1
        if seen == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_file(cases_file, part, workers=1, progress=False, chunk_size=40, on_chunk=stop)
    assert not part.exists()  # the target appears only when the run is complete
    assert 0 < len(_lines(tmp_path / "part.jsonl.part")) < counts.ok
    again = run_file(cases_file, part, workers=1, progress=False, chunk_size=40, resume=True)
    assert again.resumed == 120
    assert (again.read, again.ok, again.errors) == (counts.read, counts.ok, counts.errors)
    assert part.read_bytes() == out.read_bytes()
    assert default_errors_path(part).read_bytes() == errors.read_bytes()


def test_resume_when_complete_adds_nothing(full_run: tuple[Path, Path, Counts], cases_file: Path) -> None:
    out, errors, counts = full_run
    before = out.read_bytes(), errors.read_bytes()
    again = run_file(cases_file, out, progress=False, resume=True)
    assert again.resumed == counts.read and again.read == counts.read
    assert (out.read_bytes(), errors.read_bytes()) == before


def test_cli_batch_on_sets_every_date(
    cases_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "on.jsonl"
    err = tmp_path / "bad.jsonl"
    code = main(["batch", str(cases_file), "-o", str(out), "--errors", str(err), "--on", "2026-03-01",
                 "--no-progress"])
    assert code == 3  # some rows failed
    results = [json.loads(x) for x in _lines(out)]
    assert results and {r["determination_date"] for r in results} == {"2026-03-01"}
    assert {r["norm_period"] for r in results} == {"2026-01-01"}
    stderr = capsys.readouterr().err
    ok, bad = len(results), len(_lines(err))
    assert f"gelezen 300 = goed {ok} + fout {bad}" in stderr
    # with one date for every case, the 'date outside the norms' rows now compute
    assert not any(json.loads(x)["error"]["code"] == "norms-not-available" for x in _lines(err))


def test_cli_batch_all_good_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "good.jsonl"
    src.write_text("".join(json.dumps(examples.load(n)) + "\n" for n in examples.names()), encoding="utf-8")
    out = tmp_path / "good.results.jsonl"
    assert main(["batch", str(src), "-o", str(out), "--workers", "2"]) == 0
    assert len(_lines(out)) == len(examples.names())
    assert _lines(tmp_path / "good.results.errors.jsonl") == []
    assert "fout 0" in capsys.readouterr().err


def test_python_api_over_an_iterable() -> None:
    golden = examples.load("01_bijstand_alleenstaande_2021")
    items: list[Any] = [
        golden,
        parse_case(golden),
        json.dumps(golden),
        "",
        b"\xff\xfe",
        {**golden, "id": "x-1", "taxable_income_annual": {"debtor": 1.5}},
    ]
    out = list(calculate_many(items, on=date(2021, 7, 15)))
    assert [o.line for o in out] == [1, 2, 3, 4, 5, 6]
    assert [o.ok for o in out] == [True, True, True, False, False, False]
    assert {str(o.result.determination_date) for o in out[:3] if o.result} == {"2021-07-15"}
    assert out[3].error and "empty line" in str(out[3].error["message"])
    assert out[5].id == "x-1" and out[5].error and out[5].error["path"] == "taxable_income_annual.debtor"
    parallel = list(calculate_many(items, on=date(2021, 7, 15), workers=2, chunk_size=2))
    def key(o: Any) -> tuple[int, str | None, Any]:
        return o.line, o.result_json, o.error

    assert [key(o) for o in parallel] == [key(o) for o in out]
    assert parallel[0].result == out[0].result


def test_default_errors_path() -> None:
    assert default_errors_path("a/res.jsonl") == Path("a/res.errors.jsonl")
    assert default_errors_path("res.out") == Path("res.out.errors.jsonl")
