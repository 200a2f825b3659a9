"""The docs site: no outside fonts, a home page that lists every page, the screenshots in place."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.conftest import ROOT


def _pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in _pages(v)]
    return [p for item in nav for p in _pages(item)]


def test_no_outside_fonts_and_the_home_page_lists_every_page() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#]+\.md)", home))
    pages = {p for p in _pages(config["nav"]) if p != "index.md" and not p.startswith("rules/rv-")}
    assert pages - linked == set()


def test_the_screenshots_are_in_the_docs() -> None:
    for png in ("notice-example.png", "notice-phone.png", "verify-report.png", "notebook-result.png"):
        assert (ROOT / "docs" / "img" / png).exists(), png
        used = [p for p in (ROOT / "docs").glob("*.md") if f"img/{png}" in p.read_text(encoding="utf-8")]
        assert used, f"{png} is not shown in the docs"
