"""The HTML notice in headless Chromium: every example on one A4 page, one column, body text of at
least 10.5 pt, no hyphenation, readable at 390 px; and the screenshots of the docs.

Skipped when ``chromium`` is not installed (Debian: ``apt-get install -y chromium``). The
screenshots are written to ``docs/img/`` when a file is missing or when ``BVV_UPDATE_DOCS_IMG=1``;
otherwise to the test's temporary folder only.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import bvv
from bvv.letters.notice import render_html
from tests.conftest import ROOT
from tests.notice.conftest import notice_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)

DOCS_IMG = ROOT / "docs" / "img"

#: measures the page as laid out and writes the numbers into the DOM, which --dump-dom prints
_MEASURE = """
<script>
window.addEventListener("load", () => {
  const pt = (el) => parseFloat(getComputedStyle(el).fontSize) * 0.75;
  const body = document.body;
  const text = [...document.querySelectorAll("p, li, td, h2")].filter((el) => !el.closest(".foot"));
  const out = {
    body_pt: pt(body),
    min_text_pt: Math.min(...text.map(pt)),
    columns: [body, ...document.querySelectorAll("section, div")].map(
      (el) => getComputedStyle(el).columnCount).filter((c) => c !== "auto"),
    hyphens: getComputedStyle(body).hyphens,
    soft_hyphens: body.innerText.includes("\\u00ad"),
    scroll_width: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  };
  const pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  body.appendChild(pre);
});
</script>
"""


def _chromium(tmp: Path, *args: str) -> str:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]
    done = subprocess.run(cmd, check=True, capture_output=True, timeout=120, text=True)
    return done.stdout


def _page(tmp: Path, name: str, extra: str = "") -> Path:
    case, result, notice = notice_of(
        name, sender="Gerechtsdeurwaarderskantoor Voorbeeld", contact="030 123 45 67"
    )
    page = tmp / f"{name}.html"
    page.write_text(render_html(case, result, notice).replace("</body>", extra + "</body>"), encoding="utf-8")
    return page


def page_count(pdf: bytes) -> int:
    """Number of page objects in a PDF (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _all_notices(tmp: Path) -> Path:
    """Every example's notice in one document, each starting on a new page (one Chromium run)."""
    pages = [_page(tmp, name).read_text(encoding="utf-8") for name in bvv.examples.names()]
    head = pages[0].split("<body>", 1)[0]
    bodies = [p.split("<body>", 1)[1].rsplit("</body>", 1)[0] for p in pages]
    joined = tmp / "all.html"
    joined.write_text(
        head + "<body>" + "".join(f'<div style="break-before: page">{b}</div>' for b in bodies)
        + "</body></html>",
        encoding="utf-8",
    )
    return joined


def test_every_example_notice_prints_on_one_a4_page(tmp_path: Path) -> None:
    names = bvv.examples.names()
    pdf = tmp_path / "all.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", _all_notices(tmp_path).as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) == len(names), "a notice takes more than one A4 page"
    # A4 in points: 595 x 842 (Chromium writes e.g. [0 0 594.96 841.92])
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    assert abs(float(box.group(1)) - 595) < 2 and abs(float(box.group(2)) - 842) < 2


def _phone(page: Path, width: int = 390) -> Path:
    """A page showing ``page`` in a frame ``width`` px wide: headless windows are at least 500 px."""
    frame = page.with_name(page.stem + "-phone.html")
    inner = html.escape(page.read_text(encoding="utf-8"), quote=True)
    frame.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="f" srcdoc="{inner}" style="width:{width}px;height:844px;border:0"></iframe>'
        "<script>addEventListener('load',()=>{const d=document.getElementById('f').contentDocument;"
        "const m=d.getElementById('measure');if(m){document.body.appendChild(m.cloneNode(true));}});"
        "</script></body></html>",
        encoding="utf-8",
    )
    return frame


def _measure(tmp: Path, name: str, width: int) -> dict[str, object]:
    page = _page(tmp, name, _MEASURE)
    if width < 500:
        page = _phone(page, width)
    dom = _chromium(tmp, "--window-size=800,900", "--virtual-time-budget=3000", "--dump-dom", page.as_uri())
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run"
    return json.loads(found.group(1).replace("&quot;", '"'))  # type: ignore[no-any-return]


def test_one_column_body_at_least_10_5_pt_no_hyphenation(tmp_path: Path) -> None:
    m = _measure(tmp_path, "06_meerdere_beslagen_2024", 794)
    assert m["body_pt"] >= 10.5 and m["min_text_pt"] >= 10.5, m  # type: ignore[operator]
    assert all(c in ("1", "auto") for c in m["columns"]), m  # type: ignore[attr-defined]
    assert m["hyphens"] == "manual" and m["soft_hyphens"] is False, m


def test_readable_on_a_phone_390_px_wide(tmp_path: Path) -> None:
    m = _measure(tmp_path, "05_partner_en_95procent_2023", 390)
    assert m["viewport"] == 390
    assert m["scroll_width"] <= 390, m  # nothing sticks out sideways
    assert m["body_pt"] >= 10.5  # type: ignore[operator]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _keep(png: Path, name: str) -> None:
    target = DOCS_IMG / name
    if not target.exists() or os.environ.get("BVV_UPDATE_DOCS_IMG") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target)


def test_screenshots_for_the_docs(tmp_path: Path) -> None:
    page = _page(tmp_path, "05_partner_en_95procent_2023")
    png = tmp_path / "notice.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=794,1123", page.as_uri())
    assert _png_size(png.read_bytes()) == (794, 1123)
    _keep(png, "notice-example.png")
    phone = tmp_path / "phone.png"
    _chromium(tmp_path, f"--screenshot={phone}", "--window-size=500,844", _phone(page).as_uri())
    _keep(phone, "notice-phone.png")
    for name, html_text, size in _report_pages():
        view = tmp_path / f"{name}.html"
        view.write_text(html_text, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}", view.as_uri())
        _keep(shot, f"{name}.png")


def _report_pages() -> list[tuple[str, str, str]]:
    """The verify report and the notebook view of a result, as standalone pages."""
    from decimal import Decimal

    from bvv.letters.verify import verify

    case, result, notice = notice_of("05_partner_en_95procent_2023")
    wrong = {"beslagvrije_voet": Decimal("700.00"), "leefsituatie": "alleenstaande"}
    letter = notice.model_copy(update=wrong)
    wrap = '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>body{font:14px sans-serif;' \
        'margin:16px}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:3px 6px;' \
        'text-align:left;vertical-align:top}</style></head><body>{}</body></html>'  # fmt: skip
    return [
        ("verify-report", wrap.replace("{}", verify(letter, case)._repr_html_()), "1100,700"),
        ("notebook-result", wrap.replace("{}", result._repr_html_()), "1000,1300"),
    ]
