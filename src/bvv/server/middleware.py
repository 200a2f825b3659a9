"""The guard around every request: authentication, same-origin POSTs, body limits and timeouts,
security headers, metrics and the one log line.

A pure ASGI middleware (no buffering, so ``/v1/batch`` streams). The log line holds the method,
the path, the status, the duration and the case id with any BSN masked; never a body, a query
string, an amount or a name. A bug answers 500 ``internal-error`` and logs only the exception
type and where it was raised.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from time import perf_counter
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bvv.bsn import mask_in_text
from bvv.server.errors import RequestRejected, error_body, error_response
from bvv.server.metrics import Metrics
from bvv.server.settings import Settings

log = logging.getLogger("bvv.server")

CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
#: routes that need no token: a load balancer's health check
PUBLIC_PATHS = frozenset({"/healthz"})
BATCH_PATH = "/v1/batch"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: the scope key where an endpoint leaves the (masked) case id for the log line
CASE_ID = "bvv.case_id"


def case_label(case_id: str) -> str:
    """The case id as the log shows it: BSNs masked; an id that is not a plain identifier (it may
    hold a name) only as a short hash, so a line can still be matched with the caller's records.

    >>> case_label("D-999993653"), case_label("Jan Jansen 12")[:1]
    ('D-******653', '#')
    """
    masked = mask_in_text(case_id)
    if re.fullmatch(r"[A-Za-z0-9._:*/-]{1,64}", masked):
        return masked
    return "#" + hashlib.sha256(case_id.encode()).hexdigest()[:12]


def token_ok(header: str | None, tokens: tuple[str, ...]) -> bool:
    """``Authorization: Bearer <token>`` against every token, each compared in constant time."""
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    found = False
    for token in tokens:  # no early exit: the time does not tell which token nearly matched
        found |= hmac.compare_digest(given.strip().encode(), token.encode())
    return found


def cross_origin(scope: Scope, headers: Headers) -> bool:
    """A state-changing request sent by a page of another origin (CSRF).

    Browsers say where a request comes from in ``Sec-Fetch-Site``; that header decides when it is
    there. (Under ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` even for a form
    on this very site, so ``Origin`` is only compared when ``Sec-Fetch-Site`` is absent.)
    """
    if scope["method"] in SAFE_METHODS:
        return False
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False  # not from a browser page (curl, an A2A client)
    own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
    return origin != own


class Guard:
    def __init__(self, app: ASGIApp, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.settings = settings
        self.metrics = metrics

    def refuse(self, scope: Scope, headers: Headers) -> RequestRejected | None:
        path: str = scope["path"]
        needs_token = bool(self.settings.tokens) and path not in PUBLIC_PATHS
        if needs_token and not token_ok(headers.get("authorization"), self.settings.tokens):
            return RequestRejected(401, "unauthorized", "a bearer token is required",
                                   hint="send 'Authorization: Bearer <token>'")
        if cross_origin(scope, headers):
            return RequestRejected(403, "cross-origin-rejected", "requests from another origin are refused",
                                   hint="post from this service's own pages, or from a non-browser client")
        limit = self.body_limit(path)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return _too_large(limit)
        return None

    def body_limit(self, path: str) -> int:
        return self.settings.max_batch_body if path == BATCH_PATH else self.settings.max_body

    def limited(self, scope: Scope, receive: Receive) -> Receive:
        """``receive`` that stops a body over the limit (413) or one that stalls (408)."""
        limit = self.body_limit(scope["path"])
        timeout = self.settings.body_timeout
        seen = 0
        done = False

        async def wrapped() -> Message:
            nonlocal seen, done
            if done:  # the body is in; now only a disconnect can come, at any time
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                raise RequestRejected(408, "request-timeout", f"no body data for {timeout:.0f} s") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                done = not message.get("more_body", False)
                if seen > limit:
                    raise _too_large(limit)
            else:
                done = True
            return message

        return wrapped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = perf_counter()
        state: dict[str, Any] = {"status": 500, "code": None, "started": False}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state.update(status=message["status"], started=True)
                headers = MutableHeaders(scope=message)
                state["code"] = headers.get("x-bvv-error")
                _secure(headers)
            await send(message)

        rejected = self.refuse(scope, Headers(scope=scope))
        try:
            if rejected is not None:
                await _answer(rejected.status, rejected.body, scope, receive, send_wrapper)
            else:
                await self.app(scope, self.limited(scope, receive), send_wrapper)
        except RequestRejected as exc:  # a limit hit outside an endpoint's own handling
            if not state["started"]:
                await _answer(exc.status, exc.body, scope, receive, send_wrapper)
        except Exception as exc:  # a bug: answer 500, log where, never what
            _log_bug(exc)
            if not state["started"]:
                body = error_body("internal-error", "an internal error occurred",
                                  hint="this is a bug in bvv; please report it with the time of the request")
                await _answer(500, body, scope, receive, send_wrapper)
        finally:
            self.record(scope, state, perf_counter() - start)

    def record(self, scope: Scope, state: dict[str, Any], seconds: float) -> None:
        name = _route_name(scope)
        status = int(state["status"])
        code = state["code"] or ("internal-error" if status >= 500 else None)
        self.metrics.record(scope["method"], name, status, seconds, code)
        log.info(
            "%s %s %d %.1fms case=%s", scope["method"], mask_in_text(scope["path"]), status,
            seconds * 1000, scope.get(CASE_ID) or "-",
        )


def _too_large(limit: int) -> RequestRejected:
    return RequestRejected(413, "body-too-large", f"the body is larger than {limit} bytes",
                           hint="split the input; /v1/batch takes many cases as NDJSON")


def csp_for(html: str) -> str:
    """The CSP of a page with its own ``<style>`` blocks (the A4 notice): each allowed by its hash.

    >>> csp_for("<style>p{}</style>").split("; ")[1].startswith("style-src 'self' 'sha256-")
    True
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    )
    return CSP.replace("; ", f"; style-src 'self' {hashes}; ", 1) if hashes else CSP


def _route_name(scope: Scope) -> str:
    """The route template for the metrics (never the raw path: it could hold a BSN)."""
    path: str = scope["path"]
    name = getattr(scope.get("route"), "path", None)
    if name:
        return str(name)
    if path.startswith("/static/"):
        return "/static"
    return path if path == "/openapi.json" else "unmatched"


def _secure(headers: MutableHeaders) -> None:
    """Security headers on every response; a route may set a stricter CSP of its own."""
    if "content-security-policy" not in headers:
        headers["content-security-policy"] = CSP
    for key, value in SECURITY_HEADERS.items():
        headers[key] = value
    if "cache-control" not in headers:
        headers["cache-control"] = "no-store"


async def _answer(status: int, body: dict[str, Any], scope: Scope, receive: Receive,
                  send: Callable[[Message], Awaitable[None]]) -> None:
    response = error_response(status, body)
    if status == 401:
        response.headers["www-authenticate"] = "Bearer"
    await response(scope, receive, send)


def _log_bug(exc: Exception) -> None:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f"{frame.filename}:{frame.lineno}" if frame else "?"
    log.error("internal error: %s at %s", type(exc).__name__, where)
