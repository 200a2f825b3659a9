"""Docs generated from data stay current."""

from __future__ import annotations

from bvv.norms.docsgen import norms_markdown
from tests.conftest import ROOT


def test_norm_tables_page_is_current() -> None:
    page = ROOT / "docs" / "norms-tables.md"
    assert page.read_text(encoding="utf-8") == norms_markdown(), "run: python -m bvv.norms.docsgen"
