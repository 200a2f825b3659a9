"""The web form through the app: amounts, errors next to the field, labels, no outside assets."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install -e '.[server]'")
pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

import bvv
from bvv.render import eur
from tests.conftest import ROOT, shared_path
from tests.server.helpers import case_answers

#: shared examples the form can express (10 needs a court increase: API only)
FORM_EXAMPLES = [f"{n:02d}" for n in range(1, 13) if n != 10]


def _example(prefix: str) -> tuple[dict[str, Any], str]:
    path = next(shared_path("spec", "examples").glob(f"{prefix}_*.case.json"))
    expected = json.loads(path.with_name(path.name.replace(".case.", ".expected.")).read_text())
    return json.loads(path.read_text()), expected["beslagvrije_voet"]


def _amount(html: str) -> str:
    m = re.search(r'id="bvv-amount">(.*?)</(p|dd)>', html, re.S)
    assert m, html[:2000]
    return re.sub(r"<[^>]+>", "", m[1]).replace("Beslagvrije voet: ", "").replace(" per maand", "").strip()


@pytest.mark.parametrize("prefix", FORM_EXAMPLES)
def test_the_form_gives_the_example_amount(client: Any, prefix: str) -> None:
    case, expected = _example(prefix)
    r = client.post("/bereken", data=case_answers(case))
    assert r.status_code == 200
    assert _amount(r.text) == eur(expected)
    result = bvv.calculate(case)
    for step in result.steps:  # every step with its article and a link to the law text
        assert step.citation.url.replace("&", "&amp;") in r.text


def test_errors_are_dutch_and_next_to_their_field(client: Any) -> None:
    case, _ = _example("05")
    answers = case_answers(case) | {"peildatum": "31-02-2024", "belastbaar": "veel", "inkomen1_soort": ""}
    r = client.post("/bereken", data=answers)
    assert r.status_code == 422
    for field, text in (("peildatum", "Vul een datum in"), ("belastbaar", "Vul een bedrag in"),
                        ("inkomen1_soort", "Kies de soort")):
        block = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', r.text, re.S)
        assert block and text in block[1], field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', r.text, re.S), field
    assert "error:" not in r.text.lower() and "invalid" not in r.text.replace("aria-invalid", "")
    late = client.post("/bereken", data=case_answers(case) | {"peildatum": "2040-01-01"})
    assert "geen normbedragen" in re.search(r'id="peildatum-error">(.*?)</p>', late.text, re.S)[1]


def test_plan_and_letter_answers(client: Any) -> None:
    from bvv.letters.notice import build_notice
    from bvv.letters.plan import check_plan
    from tests.server.helpers import notice_answers

    case, expected = _example("05")
    r = client.post("/schuldregeling", data=case_answers(case) | {"plan_bedrag": "700,00",
                                                                  "plan_grondslag": "all_income"})
    check = check_plan(case, bvv.money.Decimal("700.00"))
    assert "te weinig" in r.text and eur(check.minimum) in r.text
    parsed = bvv.parse_case(case)
    notice = build_notice(parsed, bvv.calculate(parsed)).to_json_dict() | {"beslagvrije_voet": "700.00"}
    r = client.post("/controleer", data=notice_answers(notice))
    assert _amount(r.text) == eur(expected)
    assert "te weinig" in r.text and eur("60.00") in r.text


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.ids.append(a.get("id") or "?")
        if tag == "label":
            self.labels.add(a.get("for") or "")
        if tag in ("script", "img", "link", "iframe", "style") or (tag == "a" and a.get("href", "")
                                                                    .startswith("http")):
            self.assets.append(f"{tag} {a.get('src') or a.get('href') or ''}")


@pytest.mark.parametrize("path", ["/", "/bereken", "/controleer", "/schuldregeling"])
def test_every_input_has_a_label_and_no_outside_assets(client: Any, path: str) -> None:
    page = _Inputs()
    page.feed(client.get(path).text)
    assert set(page.ids) <= page.labels
    assert page.assets == ["link /static/style.css"]


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_text_colours_reach_4_5_to_1_on_white() -> None:
    css = (ROOT / "src" / "bvv" / "server" / "static" / "style.css").read_text()
    colours = dict(re.findall(r"--(ink|muted|link|err|ok): (#[0-9a-f]{6})", css))
    assert set(colours) == {"ink", "muted", "link", "err", "ok"}
    for name, colour in colours.items():
        ratio = 1.05 / (_luminance(colour) + 0.05)
        assert ratio >= 4.5, (name, colour, ratio)
    assert "outline: 3px solid" in css  # visible focus


def test_no_file_is_written(client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    case, _ = _example("01")
    client.post("/bereken", data=case_answers(case))
    assert list(tmp_path.iterdir()) == []
