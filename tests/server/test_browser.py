"""The three tasks in a real headless Chromium (Playwright driving Debian's ``chromium``).

For three shared examples a counsellor's answers are typed into each form and the amounts shown
are checked; the pages are also checked at 390 px, with the keyboard only, and printed on A4.
Screenshots go to ``docs/img/serve-*.png`` when missing or when ``BVV_UPDATE_DOCS_IMG=1``.
Skipped when Playwright or chromium is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install -e '.[server]'")
pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

import bvv
from bvv.letters.notice import build_notice
from bvv.letters.plan import check_plan
from bvv.render import eur
from tests.conftest import ROOT, shared_path
from tests.server.conftest import Live
from tests.server.helpers import case_answers, notice_answers

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="chromium is not installed (apt-get install chromium)")

EXAMPLES = ["05_partner_en_95procent_2023", "11_hoge_woonkosten_2024", "12_lease_auto_2025"]
IMG = ROOT / "docs" / "img"


def _shot(page: Any, name: str, full_page: bool = True) -> None:
    target = IMG / f"serve-{name}.png"
    if os.environ.get("BVV_UPDATE_DOCS_IMG") == "1" or not target.exists():
        page.screenshot(path=str(target), full_page=full_page)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 900}, java_script_enabled=False,
                                  locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _example(name: str) -> tuple[dict[str, Any], str]:
    case = json.loads(shared_path("spec", "examples", f"{name}.case.json").read_text())
    expected = json.loads(shared_path("spec", "examples", f"{name}.expected.json").read_text())
    return case, expected["beslagvrije_voet"]


def _fill(page: Any, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        field = page.locator(f"#{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        elif value:
            field.fill(value)


def _shown(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text()).replace("\u00a0", " ")


@pytest.mark.parametrize("name", EXAMPLES)
def test_bereken(live: Live, page: Any, name: str) -> None:
    case, expected = _example(name)
    page.goto(live.url + "/bereken")
    if name == EXAMPLES[0]:
        _shot(page, "formulier", full_page=False)
    _fill(page, case_answers(case))
    page.get_by_role("button", name="Bereken").click()
    assert eur(expected).replace("\u00a0", " ") in _shown(page, "#bvv-amount")
    assert page.locator("table.steps tbody tr").count() == len(bvv.calculate(case).steps)
    if name == EXAMPLES[1]:
        _shot(page, "bereken")


@pytest.mark.parametrize("name", EXAMPLES)
def test_controleer(live: Live, page: Any, name: str) -> None:
    case, expected = _example(name)
    parsed = bvv.parse_case(case)
    notice = build_notice(parsed, bvv.calculate(parsed)).to_json_dict()
    low = str(Decimal(expected) - Decimal("50.00"))
    page.goto(live.url + "/controleer")
    _fill(page, notice_answers(notice | {"beslagvrije_voet": low}))
    page.get_by_role("button", name="Controleer de brief").click()
    assert eur(expected).replace("\u00a0", " ") in _shown(page, "#bvv-amount")
    assert "klopt niet" in _shown(page, "#verify-verdict")
    assert re.search(r"50,00 per maand te weinig", _shown(page, "main"))
    if name == EXAMPLES[0]:
        _shot(page, "controleer")


@pytest.mark.parametrize("name", EXAMPLES)
def test_schuldregeling(live: Live, page: Any, name: str) -> None:
    case, _ = _example(name)
    check = check_plan(case, Decimal("1200.00"))
    page.goto(live.url + "/schuldregeling")
    _fill(page, case_answers(case) | {"plan_bedrag": "1.200,00", "plan_grondslag": "all_income"})
    page.get_by_role("button", name="Toets het plan").click()
    assert _shown(page, "#plan-minimum") == eur(check.minimum).replace("\u00a0", " ")
    word = "genoeg" if check.respects else "te weinig"
    assert word in _shown(page, "#plan-verdict")
    if name == EXAMPLES[0]:
        _shot(page, "schuldregeling")


def test_phone_keyboard_and_print(live: Live, browser: Any) -> None:
    case, expected = _example(EXAMPLES[0])
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=True,
                                  locale="nl-NL")
    page = context.new_page()
    page.goto(live.url + "/bereken")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(4):  # skip link, brand, three task links: then the first question
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "peildatum"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    _fill(page, case_answers(case))
    page.locator("#auto_loonheffing").press("Enter")  # submit from the keyboard
    assert eur(expected).replace("\u00a0", " ") in _shown(page, "#bvv-amount")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "mobiel")
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1  # the result of a single-income case on one A4 page
    context.close()
