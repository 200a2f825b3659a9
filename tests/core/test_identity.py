"""The lean calculation path gives exactly what the slow, validated path gives.

``calculate`` builds steps without validating each one and writes the canonical output for the
receipt straight from the models (:mod:`bvv.engine.canonical`). Here every result of the golden
cases and of a few hundred generated ones is checked against the slow path: the receipt hashes
against ``rfc8785`` over ``to_json_dict()``, and the result against its own dump validated again.
``benchmarks/identity.py`` is the long version (before/after files of some 3,700 results).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rfc8785

import bvv
from bvv import examples
from bvv.engine import canonical
from bvv.engine.result import unsigned_output
from bvv.engine.trace import Trace
from bvv.model import Result, Step

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import generate

GENERATED = 300


def _sha(data: Any) -> str:
    return hashlib.sha256(rfc8785.dumps(data)).hexdigest()


def _results() -> Iterator[Result]:
    for name in examples.names():
        case = examples.golden(name)["case"]
        yield bvv.calculate(case)
        yield bvv.calculate(case, variant="as_published")
    for n, row in enumerate(generate.generate(GENERATED, seed=12)):
        case = json.loads(row)
        yield bvv.calculate(case, variant="as_published" if n % 4 == 0 else "statute")


RESULTS = list(_results())


def _check_against_the_slow_path(result: Result) -> None:
    data = result.to_json_dict()
    receipt = data["receipt"]
    assert receipt["input_sha256"] == _sha(data["case"])
    assert receipt["output_sha256"] == _sha(unsigned_output(result))
    assert receipt["receipt_sha256"] == _sha({k: v for k, v in receipt.items() if k != "receipt_sha256"})
    again = Result.model_validate(data)
    assert again == result
    assert again.to_json_dict() == data
    assert again.model_dump_json(by_alias=True) == result.model_dump_json(by_alias=True)
    validated = Result(**{k: getattr(result, k) for k in result.model_fields_set})
    assert validated == result
    assert validated.model_fields_set == result.model_fields_set
    assert list(validated.__dict__) == list(result.__dict__) == list(Result.model_fields)
    for step in result.steps:
        validated = Step(**{k: getattr(step, k) for k in step.model_fields_set})
        assert validated == step
        assert validated.model_fields_set == step.model_fields_set
        assert list(validated.__dict__) == list(step.__dict__)


def test_every_result_equals_the_slow_path() -> None:
    assert len(RESULTS) > GENERATED
    for result in RESULTS:
        _check_against_the_slow_path(result)


def test_the_canonical_writer_covers_every_field() -> None:
    assert set(canonical.WRITTEN_FIELDS) == set(Result.model_fields) - {"receipt"}
    assert list(canonical.WRITTEN_FIELDS) == sorted(canonical.WRITTEN_FIELDS)
    assert set(Step.model_fields) == {
        "id", "description", "amount", "exact", "citation", "inputs", "norms", "assumptions",
    }  # fmt: skip


@pytest.mark.parametrize("text", ["\U0001f600 emoji", "\u20ac en \u00eb", 'quote " and \\ and \n'])
def test_text_beyond_the_fast_path_takes_the_slow_one(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A character beyond the BMP makes RFC 8785 differ from json.dumps: the slow path is taken."""
    from bvv.engine import result as result_module

    taken: list[bool] = []

    def spy(fields: dict[str, Any], case_canonical: bytes) -> bytes | None:
        out = canonical.unsigned_result_json(fields, case_canonical)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(result_module, "unsigned_result_json", spy)
    case = {**examples.golden(examples.names()[0])["case"], "id": text}
    result = bvv.calculate(case)
    _check_against_the_slow_path(result)
    assert taken == [not any(ord(ch) > 0xFFFF for ch in text)]


def test_the_trace_builds_steps_like_the_validated_constructor() -> None:
    case = bvv.parse_case(examples.golden(examples.names()[0])["case"])
    from bvv import citations as C
    from bvv.norms import norms_for

    table, _ = norms_for(case.determination_date)
    t = Trace(case, table, "statute")
    t.note("n", "a note", C.RV_475AB, inputs={"x": "y"})
    d = t.norm("wzt_drempelinkomen")
    t.step("s", "a step", d, C.RV_475DA_1, inputs={"C": d, "text": "x"})
    note, step = t.steps
    assert note.model_fields_set == set(Step.model_fields) - {"norms"}
    assert step.model_fields_set == set(Step.model_fields)
    for s in (note, step):
        assert Step.model_validate(s.model_dump()) == s
