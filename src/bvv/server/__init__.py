"""``bvv serve``: the HTTP API (``/v1/``, English) and the web form (``/``, Dutch) as one local
service. Needs the ``server`` extra (``pip install -e '.[server]'``); see ``docs/server.md``.

| module | holds |
|---|---|
| ``app`` | :func:`create_app`: routers, error handlers, the guard |
| ``api`` | the endpoints under ``/v1/``, ``/healthz`` and ``/metrics`` |
| ``openapi`` | the OpenAPI 3.1 document from the library's pydantic models |
| ``apidocs`` | ``/docs``: the API reference as plain HTML, built from that document |
| ``web``, ``forms``, ``templates/`` | the Dutch web form: three tasks, server-rendered |
| ``middleware`` | tokens, same-origin POSTs, body limits, security headers, metrics, the log line |
| ``settings``, ``errors``, ``metrics`` | limits and tokens, the error body, Prometheus counters |
"""

from __future__ import annotations

from bvv.server.app import create_app
from bvv.server.settings import Settings, read_token_file

__all__ = ["Settings", "create_app", "read_token_file"]
