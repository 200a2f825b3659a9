"""Hypothesis fuzzing: junk or mutated input gives SourceInvalid/CaseInvalid, nothing else."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.core.helpers import json_paths

from bvv.errors import CaseInvalid, SourceInvalid
from bvv.sources.brp_haal_centraal import parse_bewoning, parse_personen
from bvv.sources.casebuilder import build_case
from bvv.sources.household import derive_household, merge_persons
from bvv.sources.polis import derive_person_income, parse_polis_xml
from bvv.sources.suwinet_brp import parse_brp_xml

DATA = Path(__file__).resolve().parent / "data"
POLIS = (DATA / "polis_debtor.xml").read_bytes()
SUWI = (DATA / "suwi_brp_debtor.xml").read_bytes()
HC = json.loads((DATA / "hc_household.json").read_text())
ALLOWED = (SourceInvalid, CaseInvalid)
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for pos, cut, insert in edits:
        p = pos % (len(out) + 1)
        out[p:p + cut] = insert
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 8),
                           st.binary(max_size=8) | st.sampled_from(
                               [b"<", b">", b"00", b"-", b"</ClientSuwi>", b"&amp;", b"99991231",
                                b"<WaardeBedr>", b"\x00", b"\xff"])), min_size=1, max_size=6)
TEXTS = st.text(max_size=12) | st.sampled_from(
    ["", "00000000", "20231300", "19850000", "-", "+", "99991231", "1e9", "999993653",
     "12345678", "EUR", "USD", "-12", "abc"])


def _run_polis(raw: bytes) -> None:
    try:
        resp = parse_polis_xml(raw, "fuzz.xml")
        if resp.bsn:
            derive_person_income(resp.relations, resp.bsn, date(2024, 1, 15))
    except ALLOWED:
        pass


def _run_brp_xml(raw: bytes) -> None:
    try:
        persons = parse_brp_xml(raw, "fuzz.xml")
        idx, _ = merge_persons([persons])
        derive_household(idx, persons[0].bsn, date(2024, 1, 15))
    except ALLOWED:
        pass


@FUZZ
@given(st.binary(max_size=300))
def test_xml_parsers_on_junk(raw: bytes) -> None:
    _run_polis(raw)
    _run_brp_xml(raw)


@FUZZ
@given(EDITS)
def test_xml_parsers_on_mutated_fixtures(edits: list[tuple[int, int, bytes]]) -> None:
    _run_polis(_mutate(POLIS, edits))
    _run_brp_xml(_mutate(SUWI, edits))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**6), TEXTS), min_size=1, max_size=5))
def test_xml_parsers_on_mutated_values(changes: list[tuple[int, str]]) -> None:
    """Replace the text of random leaf elements (dates, amounts, BSNs) with odd values."""
    from xml.sax.saxutils import escape

    for base, runner in ((POLIS, _run_polis), (SUWI, _run_brp_xml)):
        text = base.decode()
        parts = text.split(">")
        for pos, value in changes:
            i = pos % len(parts)
            if "<" in parts[i] and not parts[i].lstrip().startswith("<"):
                _head, _, tail = parts[i].partition("<")
                parts[i] = escape(value) + "<" + tail
        runner(">".join(parts).encode())


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "personen", "datum", "jaar", "maand", "burgerservicenummer",
                         "verblijfplaats", "partners", "kinderen", "ouders", "geboorte",
                         "functieAdres", "code", "bewoningen", "periode", "bewoners",
                         "overlijden", "inOnderzoek", "huisnummer"]) | st.text(max_size=5),
        inner, max_size=5),
    max_leaves=25,
)


def _run_json(doc: Any) -> None:
    try:
        persons = parse_personen(json.dumps(doc), "fuzz.json")
        if persons:
            build_case(bsn=persons[0].bsn, on=date(2024, 1, 15), brp=[persons])
    except ALLOWED:
        pass
    with contextlib.suppress(*ALLOWED):
        parse_bewoning(json.dumps(doc), "fuzz.json")


@FUZZ
@given(JSON)
def test_json_parser_on_junk(doc: Any) -> None:
    _run_json(doc)


PATHS = json_paths(HC)[1:]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=4))
def test_json_parser_on_mutated_fixture(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    doc = json.loads(json.dumps(HC))
    for path, value in changes:
        node = doc
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    _run_json(doc)


def test_invalid_utf8_and_deep_nesting() -> None:
    for raw in (b"\xff\xfe{", b"[" * 100000, b"<a>" * 50000):
        _run_json_bytes(raw)
        _run_polis(raw)
        _run_brp_xml(raw)


def _run_json_bytes(raw: bytes) -> None:
    with contextlib.suppress(*ALLOWED):
        parse_personen(raw, "fuzz.json")
