"""Every assumption is named once, explained in English and Dutch, and documented."""

from __future__ import annotations

import re

from bvv.engine.assumptions import ASSUMPTIONS
from tests.conftest import ROOT


def test_every_assumption_has_both_texts() -> None:
    for a in ASSUMPTIONS.values():
        assert len(a.text) > 30 and len(a.tekst) > 30, a.id


def test_every_assumption_is_documented_in_the_decisions_page() -> None:
    page = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    assert {a for a in ASSUMPTIONS if f"`{a}`" not in page} == set()


def test_every_assumption_id_used_by_the_engine_exists() -> None:
    engine = sorted((ROOT / "src" / "bvv" / "engine").glob("*.py"))
    source = "\n".join(f.read_text(encoding="utf-8") for f in engine)
    pattern = r'(?:assume\(|assumptions\.append\(|assumptions=\(|assumptions = \[)\s*"([a-z0-9-]+)"'
    used = set(re.findall(pattern, source))
    assert len(used) >= 10 and used <= ASSUMPTIONS.keys()
