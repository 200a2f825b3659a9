"""The web form at ``/``: three tasks for a schuldhulpverlener, in Dutch, without JavaScript.

Each task is a GET (the empty form) and a POST (the answer, or the form again with a message next
to each field at fault). Nothing is kept between requests: the answers travel in the form itself.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse

from bvv.engine import calculate
from bvv.errors import BvvError, CaseNotCovered, NormsNotAvailable
from bvv.letters.notice import LEEFSITUATIE_B1
from bvv.letters.plan import check_plan
from bvv.letters.verify import verify
from bvv.norms import all_tables
from bvv.parse import parse_case
from bvv.render import eur
from bvv.server.forms import (
    CASE_STEPS,
    PLAN_STEP,
    Answers,
    Errors,
    Step,
    all_questions,
    case_from_answers,
    field_of,
)
from bvv.server.notice_form import VERIFY_STEPS, notice_from_answers

router = APIRouter(include_in_schema=False)
env = Environment(loader=PackageLoader("bvv.server", "templates"), autoescape=select_autoescape(),
                  trim_blocks=True, lstrip_blocks=True)
env.filters["eur"] = lambda v: eur(Decimal(str(v)))

#: the field names of a verify report in words (others are shown as they are)
FIELD_NL = {
    "beslagvrije_voet": "de beslagvrije voet",
    "leefsituatie": "de leefsituatie",
    "maximum": "het maximum",
    "taxable_income_annual": "het belastbaar inkomen",
    "housing": "de woonkosten",
}


def _value_nl(value: str | None) -> str:
    """A value of the report as the letter would write it (amounts in euro)."""
    if value is None:
        return "–"
    try:
        return eur(Decimal(value)) if "." in value and value.replace(".", "").isdigit() else value
    except ArithmeticError:
        return value


env.filters["field_nl"] = lambda f: FIELD_NL.get(f, f)
env.filters["value_nl"] = _value_nl

TASKS = {
    "bereken": ("Bereken de beslagvrije voet", CASE_STEPS),
    "controleer": ("Controleer een brief", VERIFY_STEPS),
    "schuldregeling": ("Toets een schuldregeling", (*CASE_STEPS, PLAN_STEP)),
}


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(template).render(**context), status_code=status)


def form_page(task: str, values: dict[str, str], errors: Errors, general: str | None = None) -> HTMLResponse:
    title, steps = TASKS[task]
    labels = {q.name: q.label for q in all_questions(*steps)}
    return page("form.html", 422 if errors or general else 200, task=task, title=title, steps=steps,
                values=values, errors=errors, general=general, labels=labels)


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    return page("index.html", tasks={k: v[0] for k, v in TASKS.items()})


@router.get("/{task}", response_class=HTMLResponse)
async def empty_form(task: str) -> HTMLResponse:
    if task not in TASKS:
        return page("notfound.html", 404)
    return form_page(task, {}, {})


def library_errors(err: BvvError, errors: Errors) -> str | None:
    """A library error as Dutch messages: next to the field of its path, else one general line."""
    if isinstance(err, NormsNotAvailable):
        tables = all_tables()
        errors["peildatum"] = (
            f"Voor deze datum zijn er geen normbedragen. Dit formulier rekent van "
            f"{tables[0].period.start:%d-%m-%Y} tot en met {tables[-1].period.end:%d-%m-%Y}."
        )
        return None
    if isinstance(err, CaseNotCovered):
        return ("Deze situatie kan dit formulier niet berekenen (de wet vraagt een gegeven dat hier "
                "ontbreekt). Vraag de schuldeiser om de berekening.")
    paths = [p for p, _ in getattr(err, "problems", ())] or [err.path]
    placed = False
    for path in paths:
        name = field_of(path)
        if name:
            errors.setdefault(name, "Dit antwoord past niet bij de andere antwoorden. Controleer het.")
            placed = True
    return None if placed else "De antwoorden passen niet bij elkaar. Controleer ze en probeer het opnieuw."


async def _answers(request: Request, steps: tuple[Step, ...]) -> tuple[Answers, dict[str, str]]:
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    return Answers(values, all_questions(*steps)), values


async def _run(request: Request, task: str, build: Callable[[Answers], Any],
               compute: Callable[[Answers, Any], dict[str, Any]], template: str) -> HTMLResponse:
    a, values = await _answers(request, TASKS[task][1])
    data = build(a)
    if a.errors:
        return form_page(task, values, a.errors)
    try:
        context = compute(a, data)
    except BvvError as err:
        general = library_errors(err, a.errors)
        return form_page(task, values, a.errors, general)
    return page(template, task=task, title=TASKS[task][0], values=values, **context)


def _in_words(leefsituatie: str) -> str:
    return LEEFSITUATIE_B1.get(leefsituatie, leefsituatie)


def _calculation(a: Answers, data: dict[str, Any]) -> dict[str, Any]:
    case = parse_case(data)
    result = calculate(case)
    return {"result": result, "leefsituatie": _in_words(result.leefsituatie)}


def _verification(a: Answers, data: dict[str, Any]) -> dict[str, Any]:
    report = verify(data)
    return {"report": report, "leefsituatie": _in_words(report.expected_leefsituatie)}


def _plan(a: Answers, data: dict[str, Any]) -> dict[str, Any]:
    check = check_plan(parse_case(data), Decimal(a.get("plan_bedrag")),
                       basis=a.get("plan_grondslag") or "all_income")
    return {"check": check, "leefsituatie": _in_words(check.leefsituatie)}


@router.post("/bereken", response_class=HTMLResponse)
async def bereken(request: Request) -> HTMLResponse:
    return await _run(request, "bereken", case_from_answers, _calculation, "bereken.html")


@router.post("/controleer", response_class=HTMLResponse)
async def controleer(request: Request) -> HTMLResponse:
    return await _run(request, "controleer", notice_from_answers, _verification, "controleer.html")


@router.post("/schuldregeling", response_class=HTMLResponse)
async def schuldregeling(request: Request) -> HTMLResponse:
    def build(a: Answers) -> dict[str, Any]:
        a.get("plan_bedrag")
        a.get("plan_grondslag")
        return case_from_answers(a)

    return await _run(request, "schuldregeling", build, _plan, "schuldregeling.html")
