"""``/docs``: the API reference as plain HTML, built from the OpenAPI document.

No CDN and no script: the page lists every operation with its parameters, body and responses, and
links the machine-readable document (``/openapi.json``) and the JSON Schemas.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from bvv.server.web import env

router = APIRouter(include_in_schema=False)


def _schema_name(content: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for media, spec in content.items():
        ref = str(spec.get("schema", {}).get("$ref", ""))
        out.append((media, ref.rsplit("/", 1)[-1] if ref else spec.get("schema", {}).get("type", "")))
    return out


def operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of the document, flattened for the template."""
    ops = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {})
            ops.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                            "schema": p.get("schema", {}), "description": p.get("description", "")}
                           for p in op.get("parameters", [])],
                "body": _schema_name(body),
                "responses": [(code, r.get("description", ""), _schema_name(r.get("content", {})))
                              for code, r in op.get("responses", {}).items()],
            })
    return ops


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    """Rendered once per app, like the document it is built from."""
    state = request.app.state
    if getattr(state, "docs_html", None) is None:
        doc = request.app.openapi()
        state.docs_html = env.get_template("apidocs.html").render(
            doc=doc, ops=operations(doc), schemas=sorted(doc["components"]["schemas"]))
    return HTMLResponse(state.docs_html)
