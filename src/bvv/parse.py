"""Reading a case: JSON or a mapping in, a validated :class:`~bvv.model.Case` out.

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
from bvv.model import Case


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


def load_case(path: str | Path) -> Case:
    """Read and validate a case file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CaseInvalid(f"cannot read {p}: {exc.strerror}") from None
    return parse_case(text)
