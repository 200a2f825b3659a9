"""Columnar batch output (CSV, Parquet, Excel, JSONL summary), resume, sweeps and ``bvv simulate``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="columnar output needs the 'columnar' extra")
pytest.importorskip("pandas", reason="columnar output needs the 'columnar' extra")
openpyxl = pytest.importorskip("openpyxl", reason="Excel output needs the 'columnar' extra")

import pyarrow.parquet as pq  # noqa: E402

from bvv import examples  # noqa: E402
from bvv.caseload.batch import Counts  # noqa: E402
from bvv.caseload.columnar import run_columnar  # noqa: E402
from bvv.caseload.frame import sweep  # noqa: E402
from bvv.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def reference(cases_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], list[Any]]:
    out = tmp_path_factory.mktemp("ref") / "ref.parquet"
    run_columnar(cases_file, out, block_rows=50)
    return pq.read_table(out).to_pylist(), pq.read_table(out.with_name("ref.errors.parquet")).to_pylist()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_cli_formats_hold_the_same_rows(
    suffix: str, cases_file: Path, tmp_path: Path, reference: tuple[list[Any], list[Any]]
) -> None:
    out = tmp_path / f"out{suffix}"
    detail = ["--detail", "summary"] if suffix == ".jsonl" else []
    args = ["batch", str(cases_file), "-o", str(out), *detail]
    assert main(args) == 3  # the generated file has malformed rows
    rows, errors = reference
    if suffix == ".csv":
        with out.open(encoding="utf-8") as fh:
            got = list(csv.DictReader(fh))
        with out.with_name("out.errors.csv").open(encoding="utf-8") as fh:
            got_errors = list(csv.DictReader(fh))
    elif suffix == ".xlsx":
        sheet = openpyxl.load_workbook(out, read_only=True).active
        header, *body = list(sheet.values)
        got = [dict(zip(header, r, strict=True)) for r in body]
        got_errors = [None] * len(errors)
    else:
        got = [json.loads(x) for x in out.read_text().splitlines()]
        got_errors = out.with_name("out.errors.jsonl").read_text().splitlines()
    assert len(got) == len(rows) and len(got_errors) == len(errors)
    for g, r in zip(got, rows, strict=True):
        assert str(g["beslagvrije_voet"]) == f"{r['beslagvrije_voet']:.2f}"
        assert g["output_sha256"] == r["output_sha256"]


def test_resume_after_interrupt_gives_the_same_files(
    cases_file: Path, tmp_path: Path, reference: tuple[list[Any], list[Any]]
) -> None:
    out = tmp_path / "r.parquet"

    def stop(counts: Counts) -> None:
        if counts.read >= 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_columnar(cases_file, out, block_rows=50, on_block=stop)
    assert not out.exists() and any(out.with_name("r.parquet.parts").iterdir())
    counts = run_columnar(cases_file, out, block_rows=50, resume=True)
    assert counts.resumed == 100 and counts.read == 300
    assert pq.read_table(out).to_pylist() == reference[0]
    assert pq.read_table(out.with_name("r.errors.parquet")).to_pylist() == reference[1]
    assert not out.with_name("r.parquet.parts").exists()


def test_detail_full_needs_jsonl(
    tmp_path: Path, cases_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", str(cases_file), "-o", str(tmp_path / "x.csv"), "--detail", "full"]) != 0
    assert "JSONL" in capsys.readouterr().err


def test_sweep_is_monotone_and_matches_scalar() -> None:
    import bvv

    case = examples.load("01_bijstand_alleenstaande_2021")
    df = sweep(case, taxable_income=range(0, 80_001, 4000))
    values = [float(x) for x in df["beslagvrije_voet"]]
    assert len(values) == 21
    for income, value in zip(range(0, 80_001, 4000), values, strict=True):
        changed = {**case, "taxable_income_annual": {"debtor": f"{income}.00", "partner": "0.00"}}
        assert float(bvv.calculate(changed).beslagvrije_voet) == value


def test_simulate_reports_in_dutch(tmp_path: Path, generate: Any) -> None:
    import yaml

    from bvv.norms import all_tables

    cases = tmp_path / "c.jsonl"
    generate.write(str(cases), 200, seed=3)
    norms = tmp_path / "norms"
    norms.mkdir()
    for table in all_tables():  # the 95 % of Rv 475dc lid 1 lowered to 90 % (the maxima stay)
        data = table.model_dump(mode="json")
        data["values"]["rv475dc_pct"]["amount"] = "90"
        (norms / f"{table.period.start}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "bvv", "simulate", str(cases), "--norms", str(norms), "--top", "3"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "Vergeleken:" in run.stdout and "grootste veranderingen" in run.stdout
    assert "gehuwden met kinderen" in run.stdout
    report = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bvv", "simulate", str(cases), "--norms", str(norms), "--json"],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    assert report["compared"] + report["not_compared"] + report["errors"] == 200
    assert report["not_compared"] == 0
    assert all(row["up"] == 0 for row in report["by_leefsituatie"])
    assert any(row["down"] > 0 for row in report["by_leefsituatie"])


def test_lazy_public_names() -> None:
    code = (
        "import sys, bvv; assert 'numpy' not in sys.modules; bvv.vector.evaluate; "
        "assert 'numpy' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
