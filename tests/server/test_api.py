"""The HTTP API over a real uvicorn process: the same numbers as ``bvv.calculate``, the CLI's errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install -e '.[server]'")
pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

import bvv
from bvv.letters.notice import build_notice
from tests.conftest import ROOT, shared_path
from tests.server.conftest import Live

DATA = ROOT / "tests" / "adapters" / "data"


def _shared_cases() -> list[Path]:
    return sorted(shared_path("spec", "examples").glob("*.case.json"))


def _same(got: dict[str, Any], case: Any) -> None:
    want = bvv.calculate(case).to_json_dict()
    assert got == want  # every field, the receipt included


def test_every_shared_example_and_golden_case_gives_the_same_result(live: Live) -> None:
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in _shared_cases()]
    cases += [bvv.examples.load(n) for n in bvv.examples.names()]
    assert len(cases) >= 30
    with live.client() as http:
        for case in cases:
            r = http.post("/v1/calculate", content=json.dumps(case))
            assert r.status_code == 200, r.text
            _same(r.json(), case)


def test_options_reach_the_library(live: Live) -> None:
    case = bvv.examples.load("05_partner_en_95procent_2023") | {"determination_date": "2031-01-15"}
    with live.client() as http:
        r = http.post("/v1/calculate", content=json.dumps(case))
        assert r.status_code == 422
        assert r.json()["code"] == "norms-not-available"
        assert r.json()["path"] == "determination_date"
        r = http.post("/v1/calculate", params={"allow_latest_norms": "true", "variant": "as_published"},
                      content=json.dumps(case))
    assert r.status_code == 200
    assert r.json() == bvv.calculate(case, allow_latest_norms=True, variant="as_published").to_json_dict()


def test_a_bad_case_is_422_with_the_cli_error(live: Live) -> None:
    case = bvv.examples.load("01_bijstand_alleenstaande_2021")
    case["incomes"][0]["net_monthly"] = "-5"
    with live.client() as http:
        r = http.post("/v1/calculate", content=json.dumps(case))
        assert r.status_code == 422
        body = r.json()
        assert set(body) == {"code", "message", "path", "hint", "problems"}
        assert body["code"] == "case-invalid"
        assert body["path"] == "incomes[0].net_monthly"
        assert body["problems"][0]["path"] == "incomes[0].net_monthly"
        with pytest.raises(bvv.CaseInvalid) as exc:
            bvv.parse_case(case)
        assert body["message"] == exc.value.message
        r = http.post("/v1/calculate", content="{not json")
        assert (r.status_code, r.json()["code"]) == (422, "case-invalid")
        r = http.post("/v1/calculate", params={"variant": "nonsense"}, content=json.dumps(case))
        assert (r.status_code, r.json()["code"]) == (422, "request-invalid")
        assert r.json()["path"] == "query.variant"
        r = http.get("/v1/nothing")
        assert (r.status_code, r.json()["code"]) == (404, "not-found")


def test_notice_in_three_formats(live: Live) -> None:
    case = bvv.examples.load("05_partner_en_95procent_2023")
    parsed = bvv.parse_case(case)
    want = build_notice(parsed, bvv.calculate(parsed), sender="Kantoor").to_json_dict()
    with live.client() as http:
        r = http.post("/v1/notice", params={"sender": "Kantoor"}, content=json.dumps(case))
        assert r.json() == want
        r = http.post("/v1/notice", params={"format": "html"}, content=json.dumps(case))
        assert r.headers["content-type"].startswith("text/html")
        assert "style-src 'self' 'sha256-" in r.headers["content-security-policy"]
        assert "760,00" in r.text
        r = http.post("/v1/notice", params={"format": "text"}, content=json.dumps(case))
        assert r.headers["content-type"].startswith("text/plain") and "760,00" in r.text


def test_verify_judges_the_notice_and_names_the_field(live: Live) -> None:
    case = bvv.examples.load("05_partner_en_95procent_2023")
    parsed = bvv.parse_case(case)
    notice = build_notice(parsed, bvv.calculate(parsed)).to_json_dict()
    with live.client() as http:
        r = http.post("/v1/verify", json={"notice": notice})
        assert r.status_code == 200 and r.json()["agrees"] is True
        wrong = notice | {"beslagvrije_voet": "700.00"}
        r = http.post("/v1/verify", json={"notice": wrong, "case": case})
        body = r.json()
        assert body["agrees"] is False and body["reference"] == "case"
        assert body["differences"][0]["field"] == "beslagvrije_voet"
        r = http.post("/v1/verify", json={"notice": notice | {"beslagvrije_voet": "x"}})
        assert (r.status_code, r.json()["path"]) == (422, "notice.beslagvrije_voet")
        r = http.post("/v1/verify", json={"notice": notice, "case": case | {"taxable_income_annual": None}})
        assert (r.status_code, r.json()["path"]) == (422, "case.taxable_income_annual")
        r = http.post("/v1/verify", json={"notice": notice, "extra": 1})
        assert (r.status_code, r.json()["code"], r.json()["path"]) == (422, "request-invalid", "extra")


def test_check_plan(live: Live) -> None:
    case = bvv.examples.load("05_partner_en_95procent_2023")
    with live.client() as http:
        r = http.post("/v1/check-plan", json={"case": case, "left_monthly": "800.00"})
        assert r.json() | {} == {**r.json(), "respects": True, "minimum": "760.00", "margin": "40.00"}
        r = http.post("/v1/check-plan", json={"case": case, "left_monthly": "700.00", "basis": "as_given"})
        assert r.json()["respects"] is False
        r = http.post("/v1/check-plan", json={"case": case, "left_monthly": "-1"})
        assert (r.status_code, r.json()["path"]) == (422, "left_monthly")
        r = http.post("/v1/check-plan", json={"case": case})
        assert (r.status_code, r.json()["path"]) == (422, "left_monthly")


def test_case_from_brp_and_polis_as_the_cli_builds_it(live: Live, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from bvv.cli import main

    brp, polis = DATA / "suwi_brp_debtor.xml", DATA / "polis_debtor.xml"
    out = tmp_path / "case.json"
    assert main(["case", "--brp", str(brp), "--brp", str(DATA / "suwi_brp_child.xml"), "--polis", str(polis),
                 "--bsn", "999900171", "--on", "2023-10-15", "-o", str(out)]) == 0
    capsys.readouterr()
    files = [("brp", ("suwi_brp_debtor.xml", brp.read_bytes())),
             ("brp", ("suwi_brp_child.xml", (DATA / "suwi_brp_child.xml").read_bytes())),
             ("polis", ("polis_debtor.xml", polis.read_bytes()))]
    with live.client() as http:
        r = http.post("/v1/case", files=files, data={"bsn": "999900171", "determination_date": "2023-10-15"})
        assert r.status_code == 200, r.text
        assert r.json() == json.loads(out.read_text())
        r = http.post("/v1/case", files=[("brp", ("x.txt", b"hello"))],
                      data={"bsn": "999900171", "determination_date": "2023-10-15"})
        assert (r.status_code, r.json()["code"]) == (422, "source-invalid")
        r = http.post("/v1/case", files=files, data={"bsn": "999900171"})
        assert (r.status_code, r.json()["code"]) == (422, "request-invalid")
        assert "determination_date" in r.json()["path"]


def test_batch_streams_results_and_error_rows_in_order(live: Live) -> None:
    good = [bvv.examples.load(n) for n in bvv.examples.names()[:3]]
    lines = [json.dumps(good[0]), "{not json", json.dumps(good[1]), json.dumps({"id": "x"}),
             json.dumps(good[2])]
    body = ("\n".join(lines) + "\n").encode()
    with live.client() as http:
        r = http.post("/v1/batch", content=body, headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == 5
    assert rows[0] == bvv.calculate(good[0]).to_json_dict()
    assert rows[1]["line"] == 2 and rows[1]["error"]["code"] == "case-invalid"
    assert rows[3]["line"] == 4 and rows[3]["id"] == "x"
    assert rows[4]["beslagvrije_voet"] == bvv.calculate(good[2]).to_json_dict()["beslagvrije_voet"]


def test_norms_and_schemas(live: Live) -> None:
    from bvv.schemas import shipped

    with live.client() as http:
        body = http.get("/v1/norms").json()
        assert len(body["periods"]) >= 12
        value = body["periods"][0]["values"]["maximum_alleenstaande"]
        assert {"amount", "source", "label", "unit"} <= set(value)
        one = http.get("/v1/norms", params={"on": "2024-03-01"}).json()
        assert [p["start"] for p in one["periods"]] == ["2024-01-01"]
        r = http.get("/v1/norms", params={"on": "2019-01-01"})
        assert (r.status_code, r.json()["code"]) == (422, "norms-not-available")
        for name in ("case", "result", "notice"):
            assert http.get(f"/v1/schema/{name}").json() == json.loads(shipped(name))
        assert http.get("/v1/schema/other").status_code == 404


def test_metrics_count_requests_latency_and_errors(live: Live) -> None:
    with live.client() as http:
        http.post("/v1/calculate", json=bvv.examples.load("01_bijstand_alleenstaande_2021"))
        http.post("/v1/calculate", json={})
        text = http.get("/metrics").text
    assert 'bvv_http_requests_total{method="POST",route="/v1/calculate",status="200"}' in text
    assert 'bvv_http_request_duration_seconds_bucket{le="0.05",route="/v1/calculate"}' in text
    assert 'bvv_http_errors_total{code="case-invalid"}' in text
