"""Receipts: the canonical JSON is RFC 8785, and a result's hashes match its content."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given
from hypothesis import strategies as st

import bvv
from bvv.engine.receipt import canonical_json, output_hash, sha256_of

scalars = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text()
json_trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(json_trees)
def test_fast_canonical_json_equals_rfc8785(data: Any) -> None:
    assert canonical_json(data) == rfc8785.dumps(data)


@given(st.dictionaries(st.text(), st.floats(allow_nan=False, allow_infinity=False) | st.text()))
def test_floats_take_the_rfc8785_path(data: dict[str, Any]) -> None:
    assert canonical_json(data) == rfc8785.dumps(data)


def test_receipt_hashes_the_canonical_case_and_output() -> None:
    result = bvv.calculate(bvv.examples.load("06_meerdere_beslagen_2024"))
    data = result.to_json_dict()
    assert result.receipt.input_sha256 == sha256_of(data["case"])
    assert result.receipt.output_sha256 == output_hash(data)
    assert result.receipt.rules_version and len(result.receipt.norms_sha256) == 64


def test_a_changed_amount_changes_the_output_hash() -> None:
    data = bvv.calculate(bvv.examples.load("06_meerdere_beslagen_2024")).to_json_dict()
    before = output_hash(data)
    data["beslagvrije_voet"] = "1996.22"
    assert output_hash(data) != before
