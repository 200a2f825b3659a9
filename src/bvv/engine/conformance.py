"""``bvv conformance``: run another implementation on the golden cases and compare its answers.

The golden cases (``bvv.examples``, shipped as package data) are the public conformance suite.
For each case the command template is run with ``{case}`` replaced by the path of a temporary
``bvv-case/1`` file (without ``{case}``, the case goes to standard input). The command must print
a JSON object with at least ``beslagvrije_voet`` and ``per_income`` (a list of ``{id, bvv,
afdracht}``), as ``bvv calculate --json`` does. Amounts are compared as decimals, so ``"760.0"``
equals ``"760.00"``; ``per_income`` is compared by ``id``.

The command is split like a shell would (``shlex``) but not run through a shell.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bvv import examples
from bvv.bsn import for_display
from bvv.engine import calculate
from bvv.errors import CaseInvalid

SELF_COMMAND = f"{shlex.quote(sys.executable)} -m bvv calculate {{case}} --json"


_STATUS_NL = {"agrees": "komt overeen", "differs": "wijkt af", "failed": "mislukt"}


class CaseOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    status: Literal["agrees", "differs", "failed"]
    problems: tuple[str, ...] = ()


class ConformanceReport(BaseModel):
    """The outcome of ``bvv conformance`` (``bvv-conformance/1``)."""

    model_config = ConfigDict(frozen=True)

    format: Literal["bvv-conformance/1"] = "bvv-conformance/1"
    command: str
    cases: tuple[CaseOutcome, ...]

    @property
    def agrees(self) -> bool:
        return all(c.status == "agrees" for c in self.cases)

    @property
    def exit_code(self) -> int:
        return 0 if self.agrees else 1

    def to_json_dict(self) -> dict[str, Any]:
        return {**self.model_dump(mode="json"), "agrees": self.agrees}

    def to_text(self) -> str:
        """The report in Dutch, for the terminal (the JSON keeps the English status codes)."""
        lines = [
            f"{c.name:<45} {_STATUS_NL[c.status]}" + "".join(f"\n    {for_display(p)}" for p in c.problems)
            for c in self.cases
        ]
        n_ok = sum(c.status == "agrees" for c in self.cases)
        lines.append(f"{n_ok} van de {len(self.cases)} gouden gevallen komen overeen")
        return "\n".join(lines)


def _dec(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def compare(ours: dict[str, Any], theirs: Any) -> list[str]:
    """Differences between our answer and theirs in ``beslagvrije_voet`` and ``per_income``."""
    if not isinstance(theirs, dict):
        return ["het antwoord is geen JSON-object"]
    problems: list[str] = []
    a, b = _dec(ours["beslagvrije_voet"]), _dec(theirs.get("beslagvrije_voet"))
    if a != b:
        problems.append(
            f"beslagvrije_voet: bvv {ours['beslagvrije_voet']}, andere {theirs.get('beslagvrije_voet')}"
        )
    mine = {p["id"]: p for p in ours.get("per_income", [])}
    raw = theirs.get("per_income")
    if not isinstance(raw, list):
        return [*problems, "per_income: ontbreekt of is geen lijst"]
    other = {p.get("id"): p for p in raw if isinstance(p, dict)}
    for pid in sorted(set(mine) | {k for k in other if isinstance(k, str)}):
        if pid not in other:
            problems.append(f"per_income[{pid}]: ontbreekt in het andere antwoord")
            continue
        if pid not in mine:
            problems.append(f"per_income[{pid}]: geen beslagen inkomen volgens bvv")
            continue
        for key in ("bvv", "afdracht"):
            if _dec(mine[pid][key]) != _dec(other[pid].get(key)):
                problems.append(
                    f"per_income[{pid}].{key}: bvv {mine[pid][key]}, andere {other[pid].get(key)}"
                )
    return problems


def _argv(command: str, case_path: str) -> tuple[list[str], bool]:
    parts = shlex.split(command)
    if not parts:
        raise CaseInvalid("the --command is empty", hint='e.g. --command "my-tool {case}"')
    uses_file = any("{case}" in p for p in parts)
    return [p.replace("{case}", case_path) for p in parts], uses_file


def run_conformance(
    command: str | None = None, *, names: Iterable[str] | None = None, timeout: float = 60.0
) -> ConformanceReport:
    """Run ``command`` (default: this bvv) on each golden case and compare with ``bvv.calculate``."""
    command = command or SELF_COMMAND
    outcomes: list[CaseOutcome] = []
    chosen = list(names) if names else examples.names()
    with tempfile.TemporaryDirectory(prefix="bvv-conformance-") as tmp:
        for name in chosen:
            try:
                case = examples.load(name)
            except KeyError as exc:
                raise CaseInvalid(str(exc.args[0])) from None
            path = Path(tmp) / f"{name}.json"
            text = json.dumps(case, ensure_ascii=False, indent=2)
            path.write_text(text, encoding="utf-8")
            ours = calculate(case).to_json_dict()
            argv, uses_file = _argv(command, str(path))
            try:
                proc = subprocess.run(
                    argv,
                    input=None if uses_file else text,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                outcomes.append(
                    CaseOutcome(name=name, status="failed", problems=(f"{type(exc).__name__}: {exc}",))
                )
                continue
            if proc.returncode != 0:
                err = (proc.stderr.strip().splitlines() or [""])[-1][:200]
                outcomes.append(
                    CaseOutcome(
                        name=name, status="failed", problems=(f"afsluitcode {proc.returncode}: {err}",)
                    )
                )
                continue
            try:
                theirs = json.loads(proc.stdout)
            except ValueError:
                outcomes.append(
                    CaseOutcome(name=name, status="failed", problems=("de uitvoer is geen JSON",))
                )
                continue
            problems = compare(ours, theirs)
            outcomes.append(
                CaseOutcome(name=name, status="differs" if problems else "agrees", problems=tuple(problems))
            )
    return ConformanceReport(command=command, cases=tuple(outcomes))
