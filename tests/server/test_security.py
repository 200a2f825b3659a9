"""Security: headers, same-origin POSTs, tokens, limits, timeouts, private logs, no state."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install -e '.[server]'")
pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

import httpx

import bvv
from bvv.cli import main
from bvv.cli.serve import check_binding
from bvv.server import Settings, create_app
from tests.server.conftest import Live, free_port, start

BSN = "999993653"  # elfproef-valid test number
CASE = bvv.examples.load("01_bijstand_alleenstaande_2021")


def _headers_ok(r: httpx.Response) -> None:
    h = r.headers
    assert h["content-security-policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert "cache-control" in h


def test_security_headers_on_every_response(live: Live) -> None:
    with live.client() as http:
        responses = [
            http.post("/v1/calculate", json=CASE), http.post("/v1/calculate", json={}),
            http.get("/v1/none"), http.get("/"), http.get("/bereken"), http.post("/bereken", data={}),
            http.get("/static/style.css"), http.get("/docs"), http.get("/openapi.json"),
            http.get("/healthz"), http.get("/metrics"), http.put("/v1/calculate"),
            http.post("/v1/calculate", content=b"x" * (1 << 20 + 1)),
        ]
    assert [r.status_code for r in responses] == [200, 422, 404, 200, 200, 422, 200, 200, 200, 200, 200,
                                                  405, 413]
    for r in responses:
        _headers_ok(r)
    assert responses[0].headers["cache-control"] == "no-store"
    assert responses[5].headers["cache-control"] == "no-store"


def test_posts_from_another_origin_are_rejected(live: Live) -> None:
    with live.client() as http:
        evil = http.post("/v1/calculate", json=CASE, headers={"Origin": "http://evil.example"})
        site = http.post("/bereken", data={}, headers={"Sec-Fetch-Site": "cross-site"})
        same = http.post("/v1/calculate", json=CASE,
                         headers={"Origin": live.url, "Sec-Fetch-Site": "same-origin"})
        get = http.get("/v1/norms", headers={"Origin": "http://evil.example"})
    assert (evil.status_code, evil.json()["code"]) == (403, "cross-origin-rejected")
    assert site.status_code == 403
    assert same.status_code == 200 and get.status_code == 200


def test_body_limits(live: Live) -> None:
    big = json.dumps(CASE | {"id": "x" * (1 << 20)}).encode()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(big), 65536):
            yield big[i:i + 65536]

    with live.client() as http:
        r = http.post("/v1/calculate", content=big)
        assert (r.status_code, r.json()["code"]) == (413, "body-too-large")
        r = http.post("/v1/calculate", content=chunks())  # no Content-Length: counted while read
        assert (r.status_code, r.json()["code"]) == (413, "body-too-large")
        line = json.dumps(CASE).encode()
        r = http.post("/v1/batch", content=b"a" * (1 << 20 + 1) + b"\n" + line + b"\n")
        rows = [json.loads(x) for x in r.text.splitlines()]
        assert rows[0]["error"]["code"] == "case-invalid" and "longer" in rows[0]["error"]["message"]
        assert rows[1]["beslagvrije_voet"] == "1021.67"


@pytest.fixture
def in_thread() -> Iterator[Any]:
    """A uvicorn server in this process with settings of the test's choosing."""
    import uvicorn

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def run(settings: Settings) -> str:
        port = free_port()
        # the plain asyncio loop: a uvloop (libuv) loop left in a thread can hang the interpreter's exit
        config = uvicorn.Config(create_app(settings), port=port, log_level="warning", loop="asyncio")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.02)
        return f"127.0.0.1:{port}"

    yield run
    for server, _thread in servers:
        server.should_exit = True
    for _server, thread in servers:
        thread.join(timeout=10)


def test_batch_over_its_own_limit_ends_with_an_error_row(in_thread: Any) -> None:
    line = json.dumps(CASE).encode() + b"\n"
    url = "http://" + in_thread(Settings(max_batch_body=len(line) * 2 + 10))

    def body() -> Iterator[bytes]:
        yield from [line] * 5

    r = httpx.post(url + "/v1/batch", content=body())
    rows = [json.loads(x) for x in r.text.splitlines()]
    assert rows[-1]["error"]["code"] == "body-too-large"  # the rows before it (if any) are results
    assert len(rows) <= 3 and all(r["beslagvrije_voet"] == "1021.67" for r in rows[:-1])


def test_a_stalled_body_times_out(in_thread: Any) -> None:
    host, port = in_thread(Settings(body_timeout=0.3)).split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"POST /v1/calculate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        answer = s.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 408") and "request-timeout" in answer


def test_tokens_are_required_off_loopback(tmp_path: Path) -> None:
    token = "t" * 32
    tokens = tmp_path / "tokens"
    tokens.write_text(f"# one a line\n{token}\n{'u' * 32}\n")
    proc, url = start(["--token-file", str(tokens)], tmp_path / "log", tmp_path)
    try:
        with httpx.Client(base_url=url) as http:
            assert http.get("/healthz").status_code == 200
            r = http.post("/v1/calculate", json=CASE)
            assert (r.status_code, r.headers["www-authenticate"]) == (401, "Bearer")
            wrong = http.post("/v1/calculate", json=CASE, headers={"Authorization": f"Bearer {'x' * 32}"})
            assert wrong.status_code == 401
            ok = http.post("/v1/calculate", json=CASE, headers={"Authorization": f"Bearer {'u' * 32}"})
            assert ok.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_binding_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_binding("127.0.0.1", None, False) is None
    assert check_binding("0.0.0.0", "tokens", False) is None
    assert "ZONDER toegangscontrole" in (check_binding("0.0.0.0", None, True) or "")
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--token-file" in capsys.readouterr().err
    short = tmp_path / "short"
    short.write_text("abc\n")
    assert main(["serve", "--host", "0.0.0.0", "--token-file", str(short)]) == 2
    assert "shorter" in capsys.readouterr().err


def test_logs_hold_no_bsn_body_amount_or_name(live: Live) -> None:
    case = bvv.examples.load("05_partner_en_95procent_2023")
    case["id"] = f"dossier {BSN} Jansen"
    for key in ("incomes", "partner_incomes"):
        for inc in case[key]:
            inc["id"] = f"{BSN} Jansen {key}"
    bad = json.loads(json.dumps(case))
    bad["incomes"][0]["net_monthly"] = f"{BSN}.123"
    with live.client() as http:
        assert http.post("/v1/calculate", json=case).status_code == 200
        assert http.post("/v1/calculate", json=case | {"id": f"D-{BSN}"}).status_code == 200
        assert http.post("/v1/notice", params={"sender": f"Jansen {BSN}"}, json=case).status_code == 200
        r = http.post("/v1/calculate", json=bad)
        assert r.status_code == 422 and BSN not in r.text
        assert http.post("/v1/verify", json={"notice": {"x": BSN}}).status_code == 422
        assert http.get(f"/v1/schema/{BSN}").status_code == 404
        http.post("/bereken", data={"peildatum": BSN, "belastbaar": "31415.92"})
    log = live.log.read_text(encoding="utf-8")
    assert "POST /v1/calculate 200" in log and "case=D-******653" in log and "case=#" in log
    for secret in (BSN, "760.00", "760,00", "2800.00", "31415", "Jansen"):
        assert secret not in log, secret


def test_no_state_nothing_written(live: Live) -> None:
    with live.client() as http:
        http.post("/v1/calculate", json=CASE)
        http.post("/bereken", data={"peildatum": "2024-01-01"})
        r = http.get("/")
    assert "set-cookie" not in r.headers
    assert list(live.cwd.iterdir()) == []
