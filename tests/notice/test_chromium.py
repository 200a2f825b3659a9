"""The HTML notice in headless Chromium: one A4 page for a single-income case, and a screenshot.

Skipped when ``chromium`` is not installed (Debian: ``apt-get install -y chromium``). The
screenshot is written to ``docs/img/notice-example.png`` when that file is missing or when
``BVV_UPDATE_DOCS_IMG=1``; otherwise to the test's temporary folder only.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from bvv.letters.notice import render_html
from tests.conftest import ROOT
from tests.notice.conftest import notice_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)

#: single-income cases with the longest notices (partner income, increases, deductions)
SINGLE_INCOME = [
    "05_partner_en_95procent_2023",
    "11_hoge_woonkosten_2024",
    "12_lease_auto_2025",
    "04_gehuwd_met_kinderen_partnerinkomen_2026",
]
DOCS_PNG = ROOT / "docs" / "img" / "notice-example.png"


def _chromium(tmp: Path, *args: str) -> None:
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
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def _page(tmp: Path, name: str) -> Path:
    case, result, notice = notice_of(
        name, sender="Gerechtsdeurwaarderskantoor Voorbeeld", contact="030 123 45 67"
    )
    page = tmp / f"{name}.html"
    page.write_text(render_html(case, result, notice), encoding="utf-8")
    return page


def page_count(pdf: bytes) -> int:
    """Number of page objects in a PDF (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("name", SINGLE_INCOME)
def test_single_income_notice_prints_on_one_a4_page(tmp_path: Path, name: str) -> None:
    page = _page(tmp_path, name)
    pdf = tmp_path / f"{name}.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert page_count(data) == 1
    # A4 in points: 595 x 842 (Chromium writes e.g. [0 0 594.96 841.92])
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    assert abs(float(box.group(1)) - 595) < 2 and abs(float(box.group(2)) - 842) < 2


def test_screenshot_for_the_docs(tmp_path: Path) -> None:
    page = _page(tmp_path, SINGLE_INCOME[0])
    png = tmp_path / "notice.png"
    _chromium(tmp_path, f"--screenshot={png}", "--window-size=794,1123", page.as_uri())
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (794, 1123)
    if not DOCS_PNG.exists() or os.environ.get("BVV_UPDATE_DOCS_IMG") == "1":
        DOCS_PNG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, DOCS_PNG)
