"""The trace: the cited steps, norm provenance, assumptions and diagnostics of one calculation.

Every rule the engine applies goes through :class:`Trace`: :meth:`Trace.norm` looks up a norm
value and remembers its source for the next step, :meth:`Trace.step` records an amount with its
citation (article, lid, the text version in force) and :meth:`Trace.note` records a decision
without an amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Literal

from bvv import citations as C
from bvv.engine import assumptions as A
from bvv.model import Case, Diagnostic, NormRef, Step
from bvv.money import round_cents
from bvv.norms import NormTable, NormValue, Variant

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

    def norm(self, key: str, *, table: NormTable | None = None) -> Decimal:
        """A norm amount (from the determination date's table unless another is given);
        remembered for the next step's provenance."""
        table = table or self.table
        nv = table.value(key)
        published = self.variant == "as_published" and nv.as_published is not None
        if published:
            self.assume("drempelinkomen-as-published")
        ref = _norm_ref(table, key, "as_published" if published else "statute")
        self.norm_refs[key] = ref
        self._norms[key] = ref.amount
        return Decimal(ref.amount)

    def assume(self, assumption_id: str) -> str:
        A.get(assumption_id)  # unknown ids fail loudly
        self.assumptions.setdefault(assumption_id, None)
        return assumption_id

    def diagnose(self, code: str, message: str, path: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code=code, message=message, path=path))

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
            Step(
                id=step_id,
                description=description,
                amount=None,
                exact=None,
                citation=provision.at(self.version),
                inputs=dict(inputs or {}),
                assumptions=tuple(self.assume(a) for a in assumptions),
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
        used = tuple(self.assume(a) for a in assumptions)
        self.steps.append(
            Step(
                id=step_id,
                description=description,
                amount=round_cents(amount),
                exact=format(amount, "f"),
                citation=provision.at(self.version),
                inputs={k: (v if isinstance(v, str) else str(v)) for k, v in (inputs or {}).items()},
                norms=self._norms,
                assumptions=used,
            )
        )
        self._norms = {}
        return amount


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
