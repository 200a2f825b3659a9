"""Server tests: each module skips with a reason when the ``server`` extra is not installed
(``pytest.importorskip`` at its top; this file imports neither FastAPI nor httpx at load time).

``live`` starts a real ``bvv serve`` (uvicorn) in a subprocess on a free loopback port, once per
session; its standard error (the log) is kept in a file for the privacy test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import httpx

SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Live:
    url: str
    log: Path
    cwd: Path

    def client(self, **kwargs: object) -> httpx.Client:
        import httpx

        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(args: list[str], log: Path, cwd: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``bvv serve`` on a free port, run in ``cwd``; waits until /healthz answers."""
    import httpx

    port = free_port()
    cmd = [sys.executable, "-m", "bvv", "serve", "--port", str(port), *args]
    fh = log.open("wb")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code in (200, 401):
                return proc, url
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.terminate()
    raise RuntimeError(f"bvv serve did not start: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    cwd = tmp_path_factory.mktemp("serve-cwd")
    proc, url = start([], log, cwd)
    try:
        yield Live(url, log, cwd)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def client() -> Iterator[object]:
    import warnings

    with warnings.catch_warnings():  # starlette suggests another HTTP client package for its TestClient
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from bvv.server import create_app

    with TestClient(create_app()) as c:
        yield c
