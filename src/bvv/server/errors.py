"""Errors over HTTP: the CLI's ``{code, message, path, hint}`` plus ``problems``, as JSON.

| status | code | when |
|---|---|---|
| 422 | ``case-invalid``, ``case-incomplete``, ``source-invalid`` | the input is invalid (CLI exit 3) |
| 422 | ``norms-not-available``, ``case-not-covered`` | outside coverage (CLI exit 4) |
| 422 | ``request-invalid`` | a query parameter, form field or the request envelope is wrong |
| 401 | ``unauthorized`` | a token is required and missing or wrong |
| 403 | ``cross-origin-rejected`` | a POST from another origin |
| 404 / 405 | ``not-found`` / ``method-not-allowed`` | no such endpoint or method |
| 408 | ``request-timeout`` | the body did not arrive in time |
| 413 | ``body-too-large`` | the body is over the limit |
| 500 | ``internal-error`` | a bug in bvv (no details are sent; nothing of the request is logged) |
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from starlette.responses import JSONResponse

from bvv.bsn import mask_in_text
from bvv.errors import BvvError


class Problem(BaseModel):
    path: str = Field(description="JSON path of the field, e.g. incomes[0].net_monthly")
    message: str


class ErrorBody(BaseModel):
    """Every error response of the API."""

    code: str = Field(description="stable machine-readable code, e.g. case-invalid")
    message: str
    path: str | None = Field(default=None, description="JSON path of the (first) field at fault")
    hint: str | None = Field(default=None, description="what to do next")
    problems: list[Problem] = Field(default=[], description="one entry per invalid field")


class RequestRejected(Exception):
    """Raised anywhere in a request to answer with ``status`` and an :class:`ErrorBody`."""

    def __init__(
        self, status: int, code: str, message: str, *, hint: str | None = None, path: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = error_body(code, message, hint=hint, path=path)


def error_body(
    code: str,
    message: str,
    *,
    path: str | None = None,
    hint: str | None = None,
    problems: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """The JSON of an error; any nine-digit run (a possible BSN) is masked."""
    return {
        "code": code,
        "message": mask_in_text(message),
        "path": mask_in_text(path) if path else None,
        "hint": hint,
        "problems": [{"path": mask_in_text(p), "message": mask_in_text(m)} for p, m in problems],
    }


def bvv_error_body(err: BvvError) -> dict[str, Any]:
    problems: tuple[tuple[str, str], ...] = getattr(err, "problems", ())
    return error_body(err.code, err.message, path=err.path, hint=err.hint, problems=problems)


def error_response(status: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"X-Bvv-Error": body["code"]})

