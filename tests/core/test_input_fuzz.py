"""Fuzzing the input boundary through ``bvv.cli.main`` (issue 9 item 7): whatever a case file
holds, the command ends with a documented exit code and a message, never exit 70 (a bug) or a
traceback. Hypothesis varies the JSON shape of a valid case; a corpus holds the inputs that
once broke the reader."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from bvv.cli import main
from tests.core.helpers import case, json_paths

ALLOWED = {0, 2, 3, 4, 74}

JSON_LEAF = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["2.200", "1e400", "-0", "9999-12-31", "\udc00",
                                              "2024-02-29", "1e2", "BSN 999993653", "1075.44"])
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)


def _run(raw: bytes, *args: str) -> tuple[int, str]:
    """``bvv calculate -`` on ``raw`` as standard input: (exit code, stderr)."""
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    err = io.StringIO()
    with mock.patch.object(sys, "stdin", stdin), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(err):
        code = main(["calculate", "-", *args])
    return code, err.getvalue()


def _check(raw: bytes, *args: str) -> None:
    code, err = _run(raw, *args)
    assert code in ALLOWED, (code, err, raw[:300])
    assert "Traceback" not in err and "internal-error" not in err
    assert "999993653" not in err


def _mutate(data: dict[str, Any], where: int, value: Any, drop: bool) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    paths = [p for p in json_paths(data) if p]
    path = paths[where % len(paths)]
    node = data
    for part in path[:-1]:
        node = node[part]
    if drop and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@given(where=st.integers(0, 200), value=JSON_VALUE, drop=st.booleans(), partner=st.booleans())
def test_any_change_to_a_case_gives_a_documented_exit(
    where: int, value: Any, drop: bool, partner: bool
) -> None:
    data = _mutate(case(partner=partner), where, value, drop)
    _check(json.dumps(data).encode("utf-8", "surrogatepass"))


@given(value=JSON_VALUE)
def test_any_json_document_gives_a_documented_exit(value: Any) -> None:
    _check(json.dumps(value).encode("utf-8", "surrogatepass"), "--json")


CORPUS: list[bytes] = [
    json.dumps(case(c="1" + "0" * 26 + ".00")).encode(),
    json.dumps(case()).replace('"30000.00"', "1e400").encode(),
    json.dumps(case()).replace('"30000.00"', "1" * 5000).encode(),
    b'{"a":' * 1000 + b"1" + b"}" * 1000,
    b"[" * 100_000,
    json.dumps(case()).encode("utf-16"),
    json.dumps(case()).encode("utf-32"),
    b"\xef\xbb\xbf" + json.dumps(case()).encode(),
    json.dumps(case()).replace("werk", "w\xe9rk").encode("latin-1"),
    json.dumps({**case(), "missing_facts": "x"}).encode(),
    json.dumps({**case(), "missing_facts": [1, None, {"path": ["x"]}]}).encode(),
    json.dumps(case(incomes=[{"id": "w", "category": "e", "pay_period": ["week"],
                              "net_per_period": "1.00", "garnished": True}])).encode(),
    json.dumps(case(incomes=[{"id": "\udc00", "category": "e", "net_monthly": "1.00",
                              "garnished": True}])).encode(),
    json.dumps(case("9999-12-31")).encode(),
    json.dumps(case(housing={"high_costs_increase": {"requested_on": "9999-12-31"}})).encode(),
    json.dumps(case(court_increase={"amount_monthly": "10.00", "from": "2024-01-01",
                                    "until": "9999-12-31"})).encode(),
    json.dumps(case(company_car_wage_tax_monthly="-0")).encode(),
    json.dumps(case(incomes=[{"id": f"i{i}", "category": "e", "net_monthly": "1.00",
                              "garnished": True} for i in range(10_000)])).encode(),
    b"",
    b"null",
    b"\x00\x00\x00",
    b'"\\ud800"',
]


def test_the_corpus_of_inputs_that_once_broke_the_reader() -> None:
    for raw in CORPUS:
        _check(raw)
        _check(raw, "--json", "--allow-latest-norms")


SOURCE_CORPUS: list[bytes] = [
    b'<?xml version="1.0" encoding="x-unknown"?><a/>',
    b'<?xml version="1.0" encoding="utf-16"?><a/>',
    '{"personen": []}'.encode("utf-16"),
    b"\xef\xbb\xbf{}",
    b'{"a": 1, "a": 2}',
    b"[" * 100_000,
    b"",
    b"\xff\xfe\x00",
]


def test_bvv_case_on_broken_source_files(tmp_path: Path) -> None:
    for i, raw in enumerate(SOURCE_CORPUS):
        brp = tmp_path / f"brp_999993653_{i}.json"
        brp.write_bytes(raw)
        for args in (["--brp", str(brp)], ["--brp", str(brp), "--polis", str(brp)],
                     ["--brp", str(brp), "--supplement", str(brp)]):
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = main(["case", *args, "--bsn", "999993653", "--on", "2024-01-15"])
            assert code in ALLOWED, (code, err.getvalue(), raw[:80])
            assert "Traceback" not in err.getvalue() and "999993653" not in err.getvalue()
