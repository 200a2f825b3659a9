"""The OpenAPI document: valid 3.1, and enough on its own for a client to compute an example."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install -e '.[server]'")
pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

import bvv
from tests.server.conftest import Live

validator = pytest.importorskip("openapi_spec_validator", reason="pip install openapi-spec-validator")
jsonschema = pytest.importorskip("jsonschema")


def test_the_document_validates(live: Live) -> None:
    with live.client() as http:
        doc = http.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    validator.validate(doc)
    assert {"/v1/calculate", "/v1/notice", "/v1/verify", "/v1/check-plan", "/v1/case", "/v1/batch",
            "/v1/norms", "/v1/schema/{name}", "/healthz", "/metrics"} <= set(doc["paths"])
    assert "HTTPValidationError" not in json.dumps(doc)


def test_a_client_written_from_the_document_alone(live: Live) -> None:
    """Find the operation that takes a case and returns a result, validate both with the document's
    own schemas, and compute the first shared example."""
    with live.client() as http:
        doc = http.get("/openapi.json").json()
        registry = {"components": doc["components"]}  # the $refs are "#/components/schemas/X"
        found = [
            (path, method, op)
            for path, item in doc["paths"].items()
            for method, op in item.items()
            if op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            == {"$ref": "#/components/schemas/Case"}
            and op["responses"]["200"]["content"]["application/json"]["schema"]
            == {"$ref": "#/components/schemas/Result"}
        ]
        assert [(p, m) for p, m, _ in found] == [("/v1/calculate", "post")]
        path, method, op = found[0]
        case = bvv.examples.load("08_middeninkomen_alleenstaande_2022")
        jsonschema.validate(case, {**registry, "$ref": "#/components/schemas/Case"})
        r = http.request(method.upper(), path, json=case)
        assert r.status_code == 200
        jsonschema.validate(r.json(), {**registry, "$ref": "#/components/schemas/Result"})
        assert r.json()["beslagvrije_voet"] == "1278.57"
        bad = http.request(method.upper(), path, json={})
        assert str(bad.status_code) in op["responses"]
        jsonschema.validate(bad.json(), {**registry, "$ref": "#/components/schemas/ErrorBody"})


def test_docs_page_is_served_from_the_package(live: Live) -> None:
    with live.client() as http:
        html = http.get("/docs").text
    assert "POST /v1/calculate" in html
    assert "<script" not in html and "cdn" not in html.lower()
