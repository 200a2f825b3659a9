"""The trace: the cited steps, norm provenance, assumptions and diagnostics of one calculation.

Every rule the engine applies goes through :class:`Trace`: :meth:`Trace.norm` looks up a norm
value and remembers its source for the next step, :meth:`Trace.step` records an amount with its
citation (article, lid, the text version in force) and :meth:`Trace.note` records a decision
without an amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from bvv import citations as C
from bvv.engine import assumptions as A
from bvv.model import Case, Diagnostic, NormRef, Step
from bvv.money import round_cents
from bvv.norms import NormTable, NormValue, Variant

M = TypeVar("M", bound=BaseModel)

#: how the base amount was found: the lid-2 formula, lid 4 (no address / abroad), or 475e lid 2
Route = Literal["formula", "no_address", "institution"]


class Trace:
    """Collects steps, assumptions and diagnostics while the rules are applied to one case."""

    def __init__(self, case: Case, table: NormTable, variant: Variant) -> None:
        self.case = case
        self.on = case.determination_date
        self.table = table
        self.variant = variant
        #: the Rv text version in force on the determination date, cited by every step
        self.version = C.rv_version_in_force(self.on)
        self.steps: list[Step] = []
        self.assumptions: dict[str, None] = {}
        self.diagnostics: list[Diagnostic] = list(case.diagnostics)
        self.norm_refs: dict[str, NormRef] = {}
        self._norms: dict[str, str] = {}
        self._citations = _CITATIONS.setdefault(self.version, {})

    def norm(self, key: str, *, table: NormTable | None = None) -> Decimal:
        """A norm amount (from the determination date's table unless another is given);
        remembered for the next step's provenance."""
        table = table or self.table
        hit = _NORM_LOOKUPS.get((id(table), key, self.variant))
        if hit is None or hit[0] is not table:
            hit = _norm_lookup(table, key, self.variant)
        _, ref, amount, published = hit
        if published:
            self.assume("drempelinkomen-as-published")
        self.norm_refs[key] = ref
        self._norms[key] = ref.amount
        return amount

    def assume(self, assumption_id: str) -> str:
        A.get(assumption_id)  # unknown ids fail loudly
        self.assumptions.setdefault(assumption_id, None)
        return assumption_id

    def diagnose(self, code: str, message: str, path: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code=code, message=message, path=path))

    def _cite(self, provision: C.Provision) -> C.Citation:
        """``provision.at(self.version)``, remembered per provision object and text version."""
        hit = self._citations.get(id(provision))
        if hit is not None and hit[0] is provision:
            return hit[1]
        citation = provision.at(self.version)
        if len(self._citations) >= 1_000:
            self._citations.clear()
        self._citations[id(provision)] = (provision, citation)
        return citation

    def note(
        self,
        step_id: str,
        description: str,
        provision: C.Provision,
        *,
        inputs: Mapping[str, str] | None = None,
        assumptions: Iterable[str] = (),
    ) -> None:
        """A cited step that decides something without an amount (living situation, route)."""
        self.steps.append(
            _step(
                {
                    "id": step_id,
                    "description": description,
                    "amount": None,
                    "exact": None,
                    "citation": self._cite(provision),
                    "inputs": dict(inputs or {}),
                    "norms": {},
                    "assumptions": tuple(map(self.assume, assumptions)) if assumptions else (),
                },
                _NOTE_FIELDS,
            )
        )

    def step(
        self,
        step_id: str,
        description: str,
        amount: Decimal,
        provision: C.Provision,
        *,
        inputs: Mapping[str, Decimal | str] | None = None,
        assumptions: Iterable[str] = (),
    ) -> Decimal:
        """A cited step with an amount; it takes over the norms looked up since the last step."""
        used = tuple(map(self.assume, assumptions)) if assumptions else ()
        self.steps.append(
            _step(
                {
                    "id": step_id,
                    "description": description,
                    "amount": round_cents(amount),
                    "exact": format(amount, "f"),
                    "citation": self._cite(provision),
                    "inputs": {k: (v if isinstance(v, str) else str(v)) for k, v in (inputs or {}).items()},
                    "norms": self._norms,
                    "assumptions": used,
                },
                _STEP_FIELDS,
            )
        )
        self._norms = {}
        return amount


#: the fields a validated ``Step(...)`` call marks as set: a note leaves ``norms`` at its default
_NOTE_FIELDS = frozenset(Step.model_fields) - {"norms"}
_STEP_FIELDS = frozenset(Step.model_fields)
_set = object.__setattr__


def _step(fields: dict[str, Any], fields_set: frozenset[str]) -> Step:
    return built(Step, fields, fields_set)


def built(cls: type[M], fields: dict[str, Any], fields_set: frozenset[str]) -> M:
    """A model from fields the engine built with the right types, without validating them again.

    This is what ``model_construct`` does, minus its per-field default handling (which made it
    slower than validation). ``fields`` must hold every field of ``cls`` in declaration order (the
    order ``model_dump`` writes), ``fields_set`` those a validated call would mark as given;
    ``tests/core/test_identity.py`` checks that a dumped and re-validated result equals the one
    built here.
    """
    model = cls.__new__(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", set(fields_set))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


#: text version -> id(provision) -> (provision, citation); the engine's provisions are constants
_CITATIONS: dict[date, dict[int, tuple[C.Provision, C.Citation]]] = {}

#: (id(table), key, variant) -> (table, norm reference, amount, whether the published value is used)
_NORM_LOOKUPS: dict[tuple[int, str, str], tuple[NormTable, NormRef, Decimal, bool]] = {}


def _norm_lookup(table: NormTable, key: str, variant: Variant) -> tuple[NormTable, NormRef, Decimal, bool]:
    nv = table.value(key)
    published = variant == "as_published" and nv.as_published is not None
    ref = _norm_ref(table, key, "as_published" if published else "statute")
    hit = (table, ref, Decimal(ref.amount), published)
    if len(_NORM_LOOKUPS) >= 10_000:  # each entry holds its table: bounded for many norm sets
        _NORM_LOOKUPS.clear()
    _NORM_LOOKUPS[(id(table), key, variant)] = hit
    return hit


_NORM_REFS: dict[tuple[str, str, str, NormValue], NormRef] = {}


def _norm_ref(table: NormTable, key: str, variant: Variant) -> NormRef:
    """The provenance of one norm value (one object per table, key and variant)."""
    cache_key = (table.name, key, variant, table.value(key))
    ref = _NORM_REFS.get(cache_key)
    if ref is None:
        nv = table.value(key)
        amount = nv.as_published.amount if variant == "as_published" and nv.as_published else nv.amount
        ref = NormRef(
            key=key,
            amount=format(amount, "f"),
            unit=nv.unit,
            label=nv.label,
            table=table.name,
            source=nv.source,
            confidence=nv.confidence,
            verified=nv.verified,
            variant=variant,
        )
        _NORM_REFS[cache_key] = ref
    return ref
