"""Reading input: a case (JSON or a mapping in, a validated :class:`~bvv.model.Case` out) and
a stored result (``bvv-result/1`` JSON, for ``receipt verify``, ``diff`` and ``due``).

Every problem becomes a :class:`~bvv.errors.CaseInvalid` naming the JSON path
(``incomes[0].net_monthly``) and what is wrong; a case that lists ``missing_facts`` (as the
adapters write when a register does not hold a fact) becomes a
:class:`~bvv.errors.CaseIncomplete` naming each missing fact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bvv.errors import CaseIncomplete, CaseInvalid
from bvv.model import Case, Result


def json_path(loc: tuple[int | str, ...]) -> str:
    """``("incomes", 0, "net_monthly")`` -> ``"incomes[0].net_monthly"``.

    >>> json_path(("incomes", 0, "net_monthly"))
    'incomes[0].net_monthly'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(case)"


def _problems(exc: ValidationError) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        # drop pydantic's internal markers such as 'function-before[...]'
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (not part of bvv-case/1)"
        found.append((json_path(loc), msg))
    return tuple(found)


def parse_case(data: Case | Mapping[str, Any] | str | bytes) -> Case:
    """Validate a case given as a model, a mapping or JSON text."""
    if isinstance(data, Case):
        return data
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise CaseInvalid(
                f"the case is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            ) from None
    if not isinstance(data, Mapping):
        raise CaseInvalid("a case is a JSON object (bvv-case/1)")
    missing = data.get("missing_facts") or ()
    if missing:
        pairs = tuple(
            (str(m.get("path", "?")), str(m.get("reason", ""))) if isinstance(m, Mapping) else (str(m), "")
            for m in missing
        )
        raise CaseIncomplete(
            pairs,
            hint="add these facts (for example with 'bvv case --supplement FILE') and try again",
        )
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc)
        first_path, first_msg = problems[0]
        more = (
            f" (and {len(problems) - 1} more: " + "; ".join(f"{p}: {m}" for p, m in problems[1:]) + ")"
            if len(problems) > 1
            else ""
        )
        raise CaseInvalid(
            f"{first_path}: {first_msg}{more}",
            path=first_path,
            problems=problems,
            hint="see docs/case-format.md for the bvv-case/1 fields",
        ) from None


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CaseInvalid(f"cannot read {path}: {exc.strerror}") from None


def load_case(path: str | Path) -> Case:
    """Read and validate a case file."""
    return parse_case(_read_text(path))


def result_data(result: Result | Mapping[str, Any]) -> Mapping[str, Any]:
    """A result as ``bvv-result/1`` JSON data, whether given as a model or already as data."""
    return result.to_json_dict() if isinstance(result, Result) else result


def parse_result_data(stored: Mapping[str, Any] | str | bytes) -> dict[str, Any]:
    """A stored result as JSON data: an object whose ``format`` is ``bvv-result/1``."""
    data: Any = stored
    if isinstance(stored, str | bytes):
        try:
            data = json.loads(stored)
        except ValueError as exc:
            raise CaseInvalid(f"the result is not valid JSON: {exc}") from None
    if not isinstance(data, Mapping):
        raise CaseInvalid("a stored result is a JSON object (bvv-result/1)")
    if data.get("format") != "bvv-result/1":
        raise CaseInvalid(f"not a bvv-result/1 (format is {data.get('format')!r})", path="format")
    return dict(data)


def load_result(path: str | Path) -> dict[str, Any]:
    """Read a stored ``bvv-result/1`` JSON file (one object)."""
    return parse_result_data(_read_text(path))
