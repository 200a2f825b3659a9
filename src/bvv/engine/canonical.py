"""The canonical JSON of a result without its receipt, written straight from its models.

The output hash of a receipt is SHA-256 over the canonical JSON (RFC 8785) of
``result.to_json_dict()`` without ``receipt``. Dumping the result and then serialising it again
cost about half of a calculation; this module writes the same bytes directly:

* keys in code-point order, no whitespace, strings escaped exactly as ``json.dumps`` with
  ``ensure_ascii=False`` does (the fast path of :func:`bvv.engine.receipt.canonical_json`);
* the parts that repeat from case to case (citations, norm references, assumptions) are
  serialised once and kept; the case echo reuses the canonical bytes already made for the input
  hash.

Anything the fast path does not cover (a character beyond the Basic Multilingual Plane, which
RFC 8785 sorts and escapes differently) returns ``None``, and the caller dumps and canonicalises
the slow way. ``tests/core/test_identity.py`` checks these bytes against that slow path.
"""

from __future__ import annotations

from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

from pydantic import BaseModel

from bvv.engine.receipt import beyond_bmp, canonical_json
from bvv.model import DesignatedBenefitResult, Diagnostic, NormRef, PerIncome, Step
from bvv.money import fmt

_NULL = "null"

#: id(model) -> (model, its canonical JSON text); the model is kept so that its id stays unique
_FRAGMENTS: dict[int, tuple[BaseModel, str]] = {}
_MAX_FRAGMENTS = 50_000


_e = encode_basestring


def _q(text: str | None) -> str:
    return _NULL if text is None else _e(text)


def fragment(model: BaseModel) -> str:
    """Canonical JSON of a frozen model that recurs from case to case (kept after the first time)."""
    hit = _FRAGMENTS.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    text = canonical_json(model.model_dump(mode="json", by_alias=True), float_free=True).decode("utf-8")
    if len(_FRAGMENTS) >= _MAX_FRAGMENTS:
        _FRAGMENTS.clear()
    _FRAGMENTS[id(model)] = (model, text)
    return text


def _str_dict(d: dict[str, str]) -> str:
    if not d:
        return "{}"
    if len(d) == 1:
        ((k, v),) = d.items()
        return "{" + _e(k) + ":" + _e(v) + "}"
    return "{" + ",".join([_e(k) + ":" + _e(d[k]) for k in sorted(d)]) + "}"


def _list(items: Iterable[str]) -> str:
    return "[" + ",".join(items) + "]"


def _step(s: Step) -> str:
    f = s.__dict__
    amount = f["amount"]
    used = f["assumptions"]
    exact = f["exact"]
    amount_text = _NULL if amount is None else f'"{fmt(amount)}"'
    return (
        f'{{"amount":{amount_text},'
        f'"assumptions":{"[" + ",".join([_e(a) for a in used]) + "]" if used else "[]"},'
        f'"citation":{fragment(f["citation"])},"description":{_e(f["description"])},'
        f'"exact":{_NULL if exact is None else _e(exact)},"id":{_e(f["id"])},'
        f'"inputs":{_str_dict(f["inputs"])},"norms":{_step_norms(f["norms"])}}}'
    )


#: a step's norm values -> their canonical JSON; they repeat for every case of a period
_STEP_NORMS: dict[tuple[tuple[str, str], ...], str] = {}


def _step_norms(norms: dict[str, str]) -> str:
    if not norms:
        return "{}"
    key = tuple(norms.items())
    text = _STEP_NORMS.get(key)
    if text is None:
        if len(_STEP_NORMS) >= _MAX_FRAGMENTS:
            _STEP_NORMS.clear()
        text = _STEP_NORMS[key] = _str_dict(norms)
    return text


def _per_income(p: PerIncome) -> str:
    return (
        f'{{"afdracht":"{fmt(p.afdracht)}","bvv":"{fmt(p.bvv)}","category":{_e(p.category)},'
        f'"id":{_e(p.id)},"order":{int(p.order)},"payment":"{fmt(p.payment)}"}}'
    )


def _diagnostic(d: Diagnostic) -> str:
    return f'{{"code":{_e(d.code)},"message":{_e(d.message)},"path":{_q(d.path)}}}'


def _designated(d: DesignatedBenefitResult | None) -> str:
    if d is None:
        return _NULL
    return f'{{"bvv":"{fmt(d.bvv)}","formula":{_e(d.formula)}}}'


#: (keys, ids of the references) -> (the references, kept so the ids stay theirs; canonical JSON)
_NORM_SETS: dict[tuple[tuple[str, ...], tuple[int, ...]], tuple[tuple[NormRef, ...], str]] = {}


def _norms(norms: dict[str, NormRef]) -> str:
    """``result.norms``: the same references in the same order recur for every case of a period
    and route, so the whole object is kept."""
    refs = tuple(norms.values())
    key = (tuple(norms), tuple(map(id, refs)))
    hit = _NORM_SETS.get(key)
    if hit is not None:
        return hit[1]
    text = "{" + ",".join(f"{_e(k)}:{fragment(norms[k])}" for k in sorted(norms)) + "}"
    if len(_NORM_SETS) >= _MAX_FRAGMENTS:
        _NORM_SETS.clear()
    _NORM_SETS[key] = (refs, text)
    return text


def unsigned_result_json(fields: dict[str, Any], case_canonical: bytes) -> bytes | None:
    """Canonical JSON of a result without its receipt, from the keyword arguments of
    :class:`~bvv.model.Result` (models, not dumped data) and the case's canonical bytes;
    ``None`` when the fast path does not apply (the caller then takes the slow one)."""
    parts = {
        "assumptions": _list(map(fragment, fields["assumptions"])),
        "beslagvrije_voet": f'"{fmt(fields["beslagvrije_voet"])}"',
        "case": case_canonical.decode("utf-8"),
        "designated_benefit": _designated(fields["designated_benefit"]),
        "determination_date": f'"{fields["determination_date"].isoformat()}"',
        "diagnostics": _list(map(_diagnostic, fields["diagnostics"])),
        "format": '"bvv-result/1"',
        "id": _q(fields["id"]),
        "leefsituatie": _e(fields["leefsituatie"]),
        "maximum": f'"{fmt(fields["maximum"])}"',
        "norm_period": f'"{fields["norm_period"].isoformat()}"',
        "norms": _norms(fields["norms"]),
        "per_income": _list(map(_per_income, fields["per_income"])),
        "steps": _list(map(_step, fields["steps"])),
    }
    text = "{" + ",".join(f'"{k}":{v}' for k, v in parts.items()) + "}"
    encoded = text.encode("utf-8")
    if beyond_bmp(text, encoded):
        return None
    return encoded


#: the result fields :func:`unsigned_result_json` writes, in code-point order (checked by a test)
WRITTEN_FIELDS = (
    "assumptions", "beslagvrije_voet", "case", "designated_benefit", "determination_date",
    "diagnostics", "format", "id", "leefsituatie", "maximum", "norm_period", "norms",
    "per_income", "steps",
)  # fmt: skip
