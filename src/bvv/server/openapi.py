"""The OpenAPI 3.1 document, from the same pydantic models as ``docs/schema/``.

The endpoints read their bodies as bytes (so errors are the library's own), so FastAPI cannot see
the body types; each route names its models here and :func:`build_openapi` adds their schemas
(``Case`` in validation mode, ``Result`` in serialization mode, as :mod:`bvv.schemas` does).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from bvv.letters.plan import Basis, PlanCheck
from bvv.letters.verify import VerifyReport
from bvv.model import Case, Result
from bvv.model.notice import Notice
from bvv.money import Money
from bvv.server.errors import ErrorBody

REF = "#/components/schemas/{model}"


class VerifyRequest(BaseModel):
    """The body of ``/v1/verify``."""

    model_config = ConfigDict(extra="forbid")
    notice: Notice = Field(description="the figures of the received letter (bvv-notice/1)")
    case: Case | None = Field(default=None, description="the facts as you know them; without it the "
                              "notice's own data are the reference")


class PlanRequest(BaseModel):
    """The body of ``/v1/check-plan``."""

    model_config = ConfigDict(extra="forbid")
    case: Case
    left_monthly: Money = Field(description="what the plan leaves the debtor each month (net)")
    basis: Basis = Field(default="all_income", description="all_income: every income counts as garnished")


MODELS: dict[str, tuple[type[BaseModel], JsonSchemaMode]] = {
    "Case": (Case, "validation"),
    "Result": (Result, "serialization"),
    "Notice": (Notice, "validation"),
    "VerifyRequest": (VerifyRequest, "validation"),
    "VerifyReport": (VerifyReport, "serialization"),
    "PlanRequest": (PlanRequest, "validation"),
    "PlanCheck": (PlanCheck, "serialization"),
    "ErrorBody": (ErrorBody, "serialization"),
}


@cache
def _components() -> tuple[dict[str, str], dict[str, Any]]:
    keys, defs = models_json_schema(list(MODELS.values()), ref_template=REF)
    refs = {name: keys[(model, mode)]["$ref"] for name, (model, mode) in MODELS.items()}
    return refs, defs.get("$defs", {})


def ref(name: str) -> dict[str, str]:
    return {"$ref": _components()[0][name]}


def _errors() -> dict[str, Any]:
    err = {"application/json": {"schema": ref("ErrorBody")}}
    return {
        "422": {"description": "invalid input, or outside the norm periods (norms-not-available)",
                "content": err},
        "413": {"description": "the body is over the size limit", "content": err},
    }


def body_of(name: str) -> dict[str, Any]:
    """``openapi_extra`` of a route whose JSON body is the model ``name``."""
    return {"openapi_extra": {
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref(name)}}},
        "responses": _errors(),
    }}


def returns(name: str, *, text: bool = False) -> dict[str, Any]:
    """``responses`` of a route answering with the model ``name`` (and text/HTML with ``text``)."""
    content: dict[str, Any] = {"application/json": {"schema": ref(name)}}
    if text:
        content["text/html"] = {"schema": {"type": "string"}}
        content["text/plain"] = {"schema": {"type": "string"}}
    return {"responses": {200: {"description": "OK", "content": content}, **_errors()}}


def ndjson_body() -> dict[str, Any]:
    """``/v1/batch``: one case a line in; one result or error row a line out."""
    row = {"oneOf": [ref("Result"), {"type": "object", "required": ["line", "error"], "properties": {
        "line": {"type": "integer"}, "id": {"type": ["string", "null"]}, "error": ref("ErrorBody")}}]}
    return {
        "openapi_extra": {"requestBody": {"required": True, "content": {
            "application/x-ndjson": {"schema": ref("Case")}}}},
        "responses": {200: {"description": "one bvv-result/1 or error row per input line, in order",
                            "content": {"application/x-ndjson": {"schema": row}}}, **_errors()},
    }


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The document served at ``/openapi.json`` (built once per app)."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description,
                      routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_components()[1])
    for operation in (op for item in doc["paths"].values() for op in item.values()):
        responses = operation.get("responses", {})
        if "HTTPValidationError" in str(responses.get("422", "")):
            responses["422"] = _errors()["422"]
    if "HTTPValidationError" not in str(doc["paths"]):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    doc["info"]["license"] = {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}
    app.openapi_schema = doc
    return doc


