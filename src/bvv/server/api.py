"""The HTTP API under ``/v1/``: thin calls of the library, JSON in and out (English).

Bodies are read as bytes and handed to the library's own readers (``parse_case``, ``verify``,
``check_plan``, ``process_one``), so the numbers and the errors are those of the CLI. The OpenAPI
document names the same pydantic models (:mod:`bvv.server.openapi`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from pydantic import TypeAdapter, ValidationError
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from bvv import __version__
from bvv.caseload.batch import BatchOptions, process_one
from bvv.cli.case import brp_from_bytes, polis_from_bytes
from bvv.engine import calculate
from bvv.errors import CaseInvalid
from bvv.letters.notice import render
from bvv.letters.plan import check_plan
from bvv.letters.verify import verify
from bvv.model import Case
from bvv.money import Money
from bvv.norms import all_tables, coverage, norms_fingerprint, norms_for
from bvv.parse import parse_case
from bvv.schemas import FILES, shipped
from bvv.server.errors import RequestRejected
from bvv.server.middleware import CASE_ID, case_label, csp_for
from bvv.server.openapi import body_of, ndjson_body, returns
from bvv.sources.brp_haal_centraal import load_json, parse_bewoning
from bvv.sources.casebuilder import build_case, parse_supplement

router = APIRouter(prefix="/v1", tags=["v1"])

AllowLatest = Annotated[
    bool, Query(description="use the latest norms after the last published period (recorded in the result)")
]
Variant = Annotated[
    Literal["statute", "as_published"],
    Query(description="drempelinkomen/L as the statute prescribes (default) or as the Ministry used them"),
]
JSON = "application/json"
_MONEY: TypeAdapter[Any] = TypeAdapter(Money)


def _json(data: Any) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type=JSON)


def _case(request: Request, raw: Any) -> Case:
    """Validate a case (bytes, or data from an envelope) and note its masked id for the log."""
    case = parse_case(raw)
    if case.id:
        request.scope[CASE_ID] = case_label(case.id)
    return case


async def _envelope(request: Request, required: set[str], allowed: set[str]) -> dict[str, Any]:
    """A JSON object body with the named members (verify, check-plan)."""
    try:
        data = json.loads(await request.body())
    except ValueError as exc:
        raise RequestRejected(422, "request-invalid", f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RequestRejected(422, "request-invalid", "the body is a JSON object")
    missing, unknown = sorted(required - data.keys()), sorted(data.keys() - allowed)
    if missing:
        raise RequestRejected(422, "request-invalid", f"{missing[0]}: required", path=missing[0])
    if unknown:
        raise RequestRejected(422, "request-invalid", f"{unknown[0]}: unknown field", path=unknown[0],
                              hint=f"the body holds {', '.join(sorted(allowed))}")
    return data


def _within(prefix: str, err: CaseInvalid) -> CaseInvalid:
    """The same error with its paths inside the envelope member ``prefix`` (``case.incomes[0]``)."""

    def at(p: str | None) -> str:
        return prefix if not p or p in ("(case)", "(root)") else f"{prefix}.{p}"

    err.path = at(err.path)
    err.problems = tuple((at(p), m) for p, m in err.problems)
    return err


@router.post("/calculate", summary="bvv-case/1 in, bvv-result/1 out", **body_of("Case"), **returns("Result"))
async def calculate_endpoint(
    request: Request, allow_latest_norms: AllowLatest = False, variant: Variant = "statute"
) -> Response:
    case = _case(request, await request.body())
    result = calculate(case, allow_latest_norms=allow_latest_norms, variant=variant)
    return Response(result.model_dump_json(by_alias=True), media_type=JSON)


@router.post("/notice", summary="the notice (Overzicht van uw beslagvrije voet) of a case",
             **body_of("Case"), **returns("Notice", text=True))
async def notice_endpoint(
    request: Request,
    format: Annotated[
        Literal["json", "html", "text"], Query(description="bvv-notice/1, A4 HTML or text")
    ] = "json",
    action: Annotated[Literal["beslag", "verrekening", "inning"], Query()] = "beslag",
    sender: Annotated[str | None, Query(max_length=200, description="the sending organisation")] = None,
    contact: Annotated[str | None, Query(max_length=200, description="how to reach the sender")] = None,
    allow_latest_norms: AllowLatest = False,
    variant: Variant = "statute",
) -> Response:
    case = _case(request, await request.body())
    result = calculate(case, allow_latest_norms=allow_latest_norms, variant=variant)
    text = render(case, result, format, action=action, sender=sender, contact=contact)
    if format == "html":
        return HTMLResponse(text, headers={"content-security-policy": csp_for(text)})
    media = JSON if format == "json" else "text/plain; charset=utf-8"
    return Response(text, media_type=media)


@router.post("/verify", summary="check a received notice (bvv-notice/1), optionally against a case",
             **body_of("VerifyRequest"), **returns("VerifyReport"))
async def verify_endpoint(
    request: Request, allow_latest_norms: AllowLatest = False, variant: Variant = "statute"
) -> Response:
    data = await _envelope(request, {"notice"}, {"notice", "case"})
    case = None
    if data.get("case") is not None:
        try:
            case = _case(request, data["case"])
        except CaseInvalid as err:
            raise _within("case", err) from None
    try:
        report = verify(data["notice"], case, allow_latest_norms=allow_latest_norms, variant=variant)
    except CaseInvalid as err:  # the case was read above: what is left is the notice
        raise _within("notice", err) from None
    return _json(report.to_json_dict())


@router.post("/check-plan", summary="does a debt plan leave at least the bvv? (Wgs art. 4a lid 5)",
             **body_of("PlanRequest"), **returns("PlanCheck"))
async def check_plan_endpoint(
    request: Request, allow_latest_norms: AllowLatest = False, variant: Variant = "statute"
) -> Response:
    data = await _envelope(request, {"case", "left_monthly"}, {"case", "left_monthly", "basis"})
    try:
        left = _MONEY.validate_python(data["left_monthly"])
    except ValidationError as exc:
        msg = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise RequestRejected(422, "request-invalid", f"left_monthly: {msg}", path="left_monthly") from None
    basis = data.get("basis", "all_income")
    if basis not in ("all_income", "as_given"):
        raise RequestRejected(422, "request-invalid", "basis: all_income or as_given", path="basis")
    try:
        case = _case(request, data["case"])
    except CaseInvalid as err:
        raise _within("case", err) from None
    check = check_plan(case, left, basis=basis, allow_latest_norms=allow_latest_norms, variant=variant)
    return _json(check.to_json_dict())


async def _bytes(upload: UploadFile) -> tuple[bytes, str]:
    return await upload.read(), upload.filename or upload.content_type or "upload"


@router.post("/case", summary="BRP and Polis files (multipart) in, bvv-case/1 out", **returns("Case"))
async def case_endpoint(
    request: Request,
    brp: Annotated[list[UploadFile], File(description="BRP: Haal Centraal Personen v2 JSON or SuwiML XML")],
    bsn: Annotated[str, Form(description="the debtor's BSN")],
    determination_date: Annotated[date, Form(description="determination date YYYY-MM-DD")],
    polis: Annotated[
        list[UploadFile] | None, File(description="SuwiML UWVPersoonsIkvInfoResponse XML")
    ] = None,
    bewoning: Annotated[UploadFile | None, File(description="Haal Centraal Bewoning v2 JSON")] = None,
    supplement: Annotated[UploadFile | None, File(description="supplement JSON (docs/adapters.md)")] = None,
) -> Response:
    request.scope[CASE_ID] = case_label(bsn.strip())
    persons = [brp_from_bytes(*(await _bytes(f))) for f in brp]
    responses = [polis_from_bytes(*(await _bytes(f))) for f in polis or ()]
    homes = parse_bewoning(*(await _bytes(bewoning))) if bewoning is not None else ()
    extra, source = None, "supplement"
    if supplement is not None:
        raw, source = await _bytes(supplement)
        extra = parse_supplement(load_json(raw, source), source)
    case = build_case(bsn=bsn.strip(), on=determination_date, brp=persons, polis=responses,
                      bewoning=homes, supplement=extra, supplement_source=source)
    return _json(case)


class RowStream(StreamingResponse):
    """A streamed response that reads the request body while it answers.

    Starlette's own also listens for a disconnect, which takes body messages away from
    ``request.stream()``; here the rows are written as the lines come in, and a client that goes
    away ends the stream at the next write.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.stream_response(send)


@router.post("/batch", summary="NDJSON of bvv-case/1 in, NDJSON of bvv-result/1 and error rows out",
             response_model=None, **ndjson_body())
async def batch_endpoint(
    request: Request,
    on: Annotated[date | None, Query(description="one determination date for every case")] = None,
    allow_latest_norms: AllowLatest = False,
    variant: Variant = "statute",
) -> RowStream:
    opts = BatchOptions(on=on, allow_latest_norms=allow_latest_norms, variant=variant)
    limit = request.app.state.settings.max_batch_line
    return RowStream(_batch_rows(request, opts, limit), media_type="application/x-ndjson")



async def _batch_rows(request: Request, opts: BatchOptions, max_line: int) -> AsyncIterator[bytes]:
    line = 0
    try:
        async for raw in _lines(request.stream(), max_line):
            line += 1
            if raw is None:
                msg = f"the line is longer than {max_line} bytes"
                row: Any = {"line": line, "id": None, "error": {"code": "case-invalid", "message": msg,
                                                              "path": None}}
                yield (json.dumps(row) + "\n").encode()
                continue
            out = process_one(line, raw, opts)
            text = out.result_json if out.ok and out.result_json else json.dumps(out.error_row())
            yield (text + "\n").encode()
    except RequestRejected as exc:  # over the batch limit, or the body stalled: the last row says so
        yield (json.dumps({"line": line + 1, "id": None, "error": exc.body}) + "\n").encode()


async def _lines(chunks: AsyncIterator[bytes], max_line: int) -> AsyncIterator[bytes | None]:
    """The lines of a byte stream; ``None`` for a line over ``max_line`` bytes (skipped)."""
    buf = b""
    skipping = False
    async for chunk in chunks:
        buf += chunk
        while (cut := buf.find(b"\n")) >= 0:
            head, buf = buf[:cut], buf[cut + 1:]
            if skipping:
                skipping = False
                continue
            yield head if len(head) <= max_line else None
        if len(buf) > max_line and not skipping:
            skipping, buf = True, b""
            yield None
        elif skipping:
            buf = b""
    if buf.strip() and not skipping:
        yield buf


@router.get("/norms", summary="the norm periods and values, each with its source")
async def norms_endpoint(
    on: Annotated[date | None, Query(description="only the period that covers this date")] = None,
) -> Response:
    tables = (norms_for(on)[0],) if on is not None else all_tables()
    periods = [
        {
            "start": t.period.start.isoformat(),
            "end": t.period.end.isoformat(),
            "file": t.name,
            "regime": t.regime,
            "rules_text_version": t.rules_text_version.isoformat(),
            "values": {k: v.model_dump(mode="json", exclude_none=True) for k, v in t.values.items()},
        }
        for t in tables
    ]
    return _json({"coverage": coverage(), "norms_sha256": norms_fingerprint(), "periods": periods})


@router.get("/schema/{name}", summary="the JSON Schema (draft 2020-12) of case, result or notice")
async def schema_endpoint(name: str) -> Response:
    if name not in FILES:
        raise RequestRejected(404, "not-found", f"no schema {name!r}", hint=f"one of {', '.join(FILES)}")
    return Response(shipped(name), media_type="application/schema+json")


ops = APIRouter(tags=["operations"])


@ops.get("/healthz", summary="liveness: the service runs and its norms load")
async def healthz() -> Response:
    return _json({"status": "ok", "version": __version__, "norms": coverage()})


@ops.get("/metrics", summary="Prometheus text format")
async def metrics(request: Request) -> Response:
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)
