"""The FastAPI application: the API, the web form, the docs page and the guard around them."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from bvv import __version__
from bvv.errors import BvvError
from bvv.server import api, apidocs, web
from bvv.server.errors import RequestRejected, bvv_error_body, error_body, error_response
from bvv.server.metrics import Metrics
from bvv.server.middleware import Guard
from bvv.server.openapi import build_openapi
from bvv.server.settings import Settings, settings_from_env

DESCRIPTION = """The vereenvoudigde beslagvrije voet (Rv arts. 475a-475i), computed offline by bvv.

Every endpoint under `/v1/` gives the same numbers as `bvv.calculate` (receipt included) and the
same errors as the `bvv` command: `422` with `{code, message, path, hint, problems}`."""

STATIC = resources.files("bvv").joinpath("server", "static")


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app: no state between apps, nothing written to disk."""
    settings = settings or Settings()
    app = FastAPI(title="bvv", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.include_router(api.router)
    app.include_router(api.ops)
    app.include_router(apidocs.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_exception_handler(BvvError, _bvv_error)
    app.add_exception_handler(RequestRejected, _rejected)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_middleware(Guard, settings=settings, metrics=app.state.metrics)

    def openapi() -> dict[str, Any]:
        return build_openapi(app)

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def app_from_env() -> FastAPI:
    """The app of a ``bvv serve`` worker process (settings from the environment)."""
    return create_app(settings_from_env())


async def _bvv_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BvvError)
    return error_response(422, bvv_error_body(exc))


async def _rejected(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestRejected)
    return error_response(exc.status, exc.body)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = tuple((".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors())
    first = problems[0] if problems else ("(request)", "invalid")
    body = error_body("request-invalid", f"{first[0]}: {first[1]}", path=first[0], problems=problems,
                      hint="see /docs for the parameters of this endpoint")
    return error_response(422, body)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    response = error_response(exc.status_code, error_body(code, str(exc.detail)))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response
