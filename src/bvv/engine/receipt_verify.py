"""``bvv receipt verify``: does a stored result still hold?

A stored ``bvv-result/1`` carries its ``case`` and a ``receipt``. This module

1. checks the stored file against its own receipt (was the case or the output edited after the
   result was made?), then
2. recomputes the result from the stored case with this installation, and
3. if the recomputed result differs, says why: the **inputs** (the case reads differently now:
   ``input_sha256``), the **norms** (``norms_version`` / ``norms_sha256``), or the **rules**
   (``rules_version`` / ``library_version``).

>>> import bvv
>>> stored = bvv.calculate(bvv.examples.load("01_bijstand_alleenstaande_2021")).to_json_dict()
>>> verify_receipt(stored).holds
True
>>> stored["beslagvrije_voet"] = "999.99"
>>> [c.kind for c in verify_receipt(stored).causes]
['output-edited']
"""

from __future__ import annotations

import html
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bvv.engine import calculate
from bvv.engine.receipt import non_finite_path, output_hash, receipt_hash, sha256_of
from bvv.errors import BvvError, CaseInvalid
from bvv.parse import parse_result_data

CauseKind = Literal[
    "output-edited",
    "case-edited",
    "receipt-edited",
    "inputs",
    "norms",
    "rules",
    "amounts",
    "not-recomputable",
]
_CAUSE_NL: dict[str, str] = {
    "output-edited": "de opgeslagen uitkomst past niet meer bij haar eigen hash: na het maken gewijzigd",
    "case-edited": "de opgeslagen casus past niet meer bij haar eigen hash: na het maken gewijzigd",
    "receipt-edited": "de gegevens van het ontvangstbewijs (versies, normen-hash) zijn later gewijzigd",
    "inputs": "de casus wordt nu anders gelezen (de genormaliseerde invoer is veranderd)",
    "norms": "de normtabellen verschillen",
    "rules": "de regels of de versie van bvv verschillen",
    "amounts": "de opnieuw berekende waarde verschilt",
    "not-recomputable": "het resultaat is niet opnieuw te berekenen",
}
_RECEIPT_KEYS = (
    "library",
    "library_version",
    "norms_version",
    "norms_sha256",
    "rules_version",
    "input_sha256",
    "output_sha256",
)


class Cause(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: CauseKind
    field: str
    stored: str | None = None
    now: str | None = None
    message: str


class ReceiptCheck(BaseModel):
    """The outcome of ``bvv receipt verify`` (``bvv-receipt-check/1``)."""

    model_config = ConfigDict(frozen=True)

    format: Literal["bvv-receipt-check/1"] = "bvv-receipt-check/1"
    holds: bool
    stored_bvv: str | None
    recomputed_bvv: str | None
    causes: tuple[Cause, ...]

    @property
    def exit_code(self) -> int:
        return 0 if self.holds else 1

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_text(self) -> str:
        """The check in Dutch, for the terminal (the JSON keeps the English codes and messages)."""
        note = "(een ontvangstbewijs toont dat het bestand niet per ongeluk is veranderd; geen handtekening)"
        if self.holds:
            return (
                f"Het opgeslagen resultaat klopt: opnieuw berekend {self.recomputed_bvv}, "
                f"dezelfde uitvoer-hash.\n{note}"
            )
        lines = [
            f"Het opgeslagen resultaat klopt niet (opgeslagen {self.stored_bvv}, "
            f"opnieuw berekend {self.recomputed_bvv or '-'}):"
        ]
        for c in self.causes:
            detail = f" (opgeslagen {c.stored}, nu {c.now})" if c.stored or c.now else ""
            text = _CAUSE_NL[c.kind]
            if c.kind == "not-recomputable":
                text += f" ({c.message.split(':', 1)[0]})"
            lines.append(f"  - [{c.kind}] {c.field}: {text}{detail}")
        return "\n".join([*lines, note])

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(c.kind)}</td><td><code>{e(c.field)}</code></td><td>{e(c.stored or '')}</td>"
            f"<td>{e(c.now or '')}</td><td>{e(c.message)}</td></tr>"
            for c in self.causes
        )
        head = "holds" if self.holds else "does not hold"
        return (
            f"<div><p><b>Stored result {head}</b>: stored {e(str(self.stored_bvv))}, recomputed "
            f"{e(str(self.recomputed_bvv))}.</p>"
            + (
                "<table><tr><th>cause</th><th>field</th><th>stored</th><th>now</th><th></th></tr>"
                f"{rows}</table>"
                if rows
                else ""
            )
            + "</div>"
        )


def _stored_parts(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The receipt and the case of a stored result, or a clear error when either is missing."""
    bad = non_finite_path(data)
    if bad is not None:
        raise CaseInvalid(
            f"the stored result holds NaN or Infinity at {bad}: it was damaged",
            path=bad,
            hint="a result written by bvv holds amounts as decimal strings; restore the file from a copy",
        )
    receipt = data.get("receipt")
    case = data.get("case")
    if not isinstance(receipt, dict) or any(k not in receipt for k in _RECEIPT_KEYS):
        raise CaseInvalid(
            "the result has no complete receipt",
            path="receipt",
            hint=f"a receipt holds {', '.join(_RECEIPT_KEYS)}",
        )
    if not isinstance(case, dict):
        raise CaseInvalid("the result has no case to recompute from", path="case")
    return receipt, case


def _self_check(data: dict[str, Any], receipt: dict[str, Any], case: dict[str, Any]) -> list[Cause]:
    """Does the stored file still match its own receipt?"""
    causes: list[Cause] = []
    if output_hash(data) != receipt["output_sha256"]:
        causes.append(
            Cause(
                kind="output-edited",
                field="output_sha256",
                message="the stored output no longer matches its own hash: it was edited after it was made",
            )
        )
    stored_hash = receipt.get("receipt_sha256")
    if stored_hash is not None and stored_hash != receipt_hash(receipt):
        causes.append(
            Cause(
                kind="receipt-edited",
                field="receipt_sha256",
                message="the receipt's own fields (versions, norms hash) were edited after it was made",
            )
        )
    if sha256_of(case) != receipt["input_sha256"]:
        causes.append(
            Cause(
                kind="case-edited",
                field="input_sha256",
                message="the stored case no longer "
                "matches its own hash: it was edited after the result was made",
            )
        )
    return causes


def _version_causes(receipt: dict[str, Any], new: Any) -> list[Cause]:
    """Inputs, norms and rules: which receipt fields of the recomputed result differ."""
    causes: list[Cause] = []
    if new.input_sha256 != receipt["input_sha256"]:
        causes.append(
            Cause(
                kind="inputs",
                field="input_sha256",
                stored=receipt["input_sha256"][:16],
                now=new.input_sha256[:16],
                message="the case reads differently now (normalised input changed)",
            )
        )
    if new.norms_version != receipt["norms_version"] or new.norms_sha256 != receipt["norms_sha256"]:
        field = "norms_version" if new.norms_version != receipt["norms_version"] else "norms_sha256"
        causes.append(
            Cause(
                kind="norms",
                field=field,
                stored=str(receipt[field])[:16],
                now=str(getattr(new, field))[:16],
                message="the norm tables differ",
            )
        )
    for field in ("rules_version", "library_version"):
        if getattr(new, field) != receipt[field]:
            causes.append(
                Cause(
                    kind="rules",
                    field=field,
                    stored=receipt[field],
                    now=getattr(new, field),
                    message="the rules or the library differ",
                )
            )
    return causes


def _amount_causes(data: dict[str, Any], nowj: dict[str, Any]) -> list[Cause]:
    """The top-level amounts that differ between the stored and the recomputed result."""
    return [
        Cause(
            kind="amounts",
            field=key,
            stored=json.dumps(data.get(key))[:80],
            now=json.dumps(nowj.get(key))[:80],
            message="the recomputed value differs",
        )
        for key in ("beslagvrije_voet", "leefsituatie", "per_income")
        if nowj.get(key) != data.get(key)
    ]


def verify_receipt(stored: dict[str, Any] | str | bytes) -> ReceiptCheck:
    """Recompute a stored ``bvv-result/1`` from its ``case`` and compare, receipt field by field."""
    data = parse_result_data(stored)
    receipt, case = _stored_parts(data)
    causes = _self_check(data, receipt, case)
    ids = {a.get("id") for a in data.get("assumptions", []) if isinstance(a, dict)}
    try:
        now = calculate(
            case,
            allow_latest_norms="latest-norms-used" in ids,
            allow_provisional_norms="provisional-norms-used" in ids,
            variant="as_published" if "drempelinkomen-as-published" in ids else "statute",
        )
    except BvvError as err:
        causes.append(Cause(kind="not-recomputable", field="case", message=f"{err.code}: {err.message}"))
        return ReceiptCheck(
            holds=False, stored_bvv=data.get("beslagvrije_voet"), recomputed_bvv=None, causes=tuple(causes)
        )
    new = now.receipt
    if new.output_sha256 != receipt["output_sha256"]:
        causes += _version_causes(receipt, new)
        causes += _amount_causes(data, now.to_json_dict())
        if not causes:
            causes.append(
                Cause(
                    kind="amounts",
                    field="output_sha256",
                    stored=receipt["output_sha256"][:16],
                    now=new.output_sha256[:16],
                    message="the output differs (steps, texts or "
                    "diagnostics) while inputs, norms and rules are the same",
                )
            )
    return ReceiptCheck(
        holds=not causes,
        stored_bvv=data.get("beslagvrije_voet"),
        recomputed_bvv=str(now.beslagvrije_voet),
        causes=tuple(causes),
    )
