"""``bvv diff OLD.json NEW.json``: what changed between two stored results, and why.

The difference in the bvv is traced to its causes in three kinds:

* **input** — case fields that differ (``housing.costs_monthly: 950.00 -> 1100.00``), including the
  determination date;
* **norm** — the norm period, and every norm value a step used whose amount differs;
* **rule** — the rules version, the library version, the norm files' fingerprint, and steps whose
  cited text version changed, that appear in only one result, or whose description changed.

Each step whose amount changed is listed with both amounts, the difference, and the inputs and norms
of that step that changed, so a reader can follow an amount back to the fact or number behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bvv.bsn import for_display
from bvv.engine.receipt import non_finite_path
from bvv.errors import CaseInvalid
from bvv.model import Result
from bvv.parse import result_data

__all__ = ["Cause", "ResultDiff", "StepChange", "changed_paths", "diff_results"]


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        if not value and prefix:
            out[prefix] = {}
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list | tuple):
        if not value:
            out[prefix] = []
        for n, v in enumerate(value):
            _flatten(v, f"{prefix}[{n}]", out)
    else:
        out[prefix] = value


def changed_paths(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """``(json_path, old, new)`` for every leaf that differs (``None`` where a side lacks it).

    >>> changed_paths({"a": {"b": "1"}, "c": [1]}, {"a": {"b": "2"}, "c": [1, 2]})
    [('a.b', '1', '2'), ('c[1]', None, 2)]
    """
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten(old, "", a)
    _flatten(new, "", b)
    keys = list(a) + [k for k in b if k not in a]
    return [(k, a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)]


@dataclass(frozen=True)
class Cause:
    kind: str  # "input" | "norm" | "rule"
    what: str
    old: Any
    new: Any
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "what": self.what, "old": self.old, "new": self.new, "detail": self.detail}


@dataclass(frozen=True)
class StepChange:
    id: str
    change: str  # "changed" | "added" | "removed"
    old: str | None
    new: str | None
    delta: str | None
    description: str
    inputs: tuple[tuple[str, Any, Any], ...] = ()
    norms: tuple[tuple[str, Any, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.change,
            "old": self.old,
            "new": self.new,
            "delta": self.delta,
            "description": self.description,
            "inputs": [{"name": n, "old": a, "new": b} for n, a, b in self.inputs],
            "norms": [{"key": n, "old": a, "new": b} for n, a, b in self.norms],
        }


@dataclass(frozen=True)
class ResultDiff:
    old_bvv: str
    new_bvv: str
    delta: str
    causes: tuple[Cause, ...]
    steps: tuple[StepChange, ...]
    per_income: tuple[tuple[str, str, Any, Any], ...] = field(default=())
    header: tuple[str, str] = ("", "")

    @property
    def identical(self) -> bool:
        return not self.causes and not self.steps and not self.per_income and self.delta == "0.00"

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "bvv-diff/1",
            "old": self.header[0],
            "new": self.header[1],
            "beslagvrije_voet": {"old": self.old_bvv, "new": self.new_bvv, "delta": self.delta},
            "causes": [c.to_dict() for c in self.causes],
            "steps": [s.to_dict() for s in self.steps],
            "per_income": [{"id": i, "field": f, "old": a, "new": b} for i, f, a, b in self.per_income],
        }


def _signed(amount: Decimal) -> str:
    return f"+{amount}" if amount > 0 else str(amount)


def _amount(value: Any, path: str = "amount") -> Decimal | None:
    """A stored amount; a clear error for anything that is not a finite decimal (NaN, text, ...)."""
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise CaseInvalid(f"{path} is not an amount ({str(value)[:40]!r})", path=path)
    return amount


def _checked(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A stored result whose lists have the shape ``bvv-result/1`` gives them (else a clear error)."""
    for key in ("steps", "per_income"):
        rows = data.get(key) or []
        if not isinstance(rows, list) or not all(isinstance(r, Mapping) and "id" in r for r in rows):
            raise CaseInvalid(f"{key} is not a list of objects with an id", path=key)
    bad = non_finite_path(dict(data))
    if bad is not None:
        raise CaseInvalid(f"the stored result holds NaN or Infinity at {bad}", path=bad)
    _bvv(data)
    return data


def _bvv(data: Mapping[str, Any]) -> Decimal:
    amount = _amount(data.get("beslagvrije_voet"), "beslagvrije_voet")
    if amount is None:
        raise CaseInvalid("the stored result has no beslagvrije_voet", path="beslagvrije_voet")
    return amount


def _keyed_steps(steps: list[Mapping[str, Any]]) -> dict[tuple[str, int], Mapping[str, Any]]:
    """Steps keyed by ``(id, occurrence)`` so a repeated id is matched in order."""
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Mapping[str, Any]] = {}
    for s in steps:
        n = seen.get(s["id"], 0)
        seen[s["id"]] = n + 1
        out[(s["id"], n)] = s
    return out


def _norm_amounts(step: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict((step or {}).get("norms") or {})


def _input_norm_rule_causes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Cause]:
    """Case fields, the norm period, norm values and receipt versions that differ."""
    causes: list[Cause] = []
    for path, x, y in changed_paths(a.get("case") or {}, b.get("case") or {}):
        if path.split(".", 1)[0].split("[", 1)[0] in ("provenance", "diagnostics"):
            continue
        causes.append(Cause("input", path, x, y))
    if a.get("norm_period") != b.get("norm_period"):
        causes.append(Cause("norm", "norm_period", a.get("norm_period"), b.get("norm_period")))
    norms_old: dict[str, Any] = {}
    norms_new: dict[str, Any] = {}
    for s in a.get("steps") or ():
        norms_old.update(_norm_amounts(s))
    for s in b.get("steps") or ():
        norms_new.update(_norm_amounts(s))
    for key in sorted(set(norms_old) & set(norms_new)):
        if norms_old[key] != norms_new[key]:
            causes.append(Cause("norm", key, norms_old[key], norms_new[key]))
    ra, rb = a.get("receipt") or {}, b.get("receipt") or {}
    for key in ("rules_version", "library_version", "norms_sha256"):
        if ra.get(key) != rb.get(key):
            causes.append(Cause("rule", key, ra.get(key), rb.get(key)))
    return causes


def _changed_step(
    sid: str, x: Mapping[str, Any], y: Mapping[str, Any], causes: list[Cause], versions: dict[Any, list[str]]
) -> StepChange | None:
    """A step in both results: its change (or None), its citation and description causes."""
    ax, ay = _amount(x.get("amount"), f"step {sid}"), _amount(y.get("amount"), f"step {sid}")
    inputs = tuple(changed_paths(x.get("inputs") or {}, y.get("inputs") or {}))
    norms = tuple(changed_paths(_norm_amounts(x), _norm_amounts(y)))
    cx, cy = (x.get("citation") or {}), (y.get("citation") or {})
    if cx.get("label") != cy.get("label"):
        if all(cx.get(k) == cy.get(k) for k in ("law", "article", "lid", "sub")):
            versions.setdefault((cx.get("version"), cy.get("version")), []).append(sid)
        else:
            causes.append(Cause("rule", f"step {sid}: citation", cx.get("label"), cy.get("label")))
    if x.get("description") != y.get("description"):
        causes.append(Cause("rule", f"step {sid}: description", x.get("description"), y.get("description")))
    if ax == ay and not inputs and not norms:
        return None
    delta = _signed(ay - ax) if ax is not None and ay is not None and ax != ay else None
    old, new = None if ax is None else str(ax), None if ay is None else str(ay)
    return StepChange(sid, "changed", old, new, delta, str(y.get("description", "")), inputs, norms)


def _one_sided_step(
    sid: str, x: Mapping[str, Any] | None, y: Mapping[str, Any] | None
) -> tuple[StepChange, Cause]:
    """A step in one result only: the rule applied there and not in the other."""
    s = x if x is not None else y
    assert s is not None
    amount = s.get("amount")
    removed = y is None
    change = StepChange(
        sid,
        "removed" if removed else "added",
        amount if removed else None,
        None if removed else amount,
        None,
        str(s.get("description", "")),
    )
    cause = Cause(
        "rule",
        f"step {sid}",
        "present" if removed else "absent",
        "absent" if removed else "present",
        "rule applied in one result only",
    )
    return change, cause


def _per_income(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[tuple[str, str, Any, Any]]:
    out: list[tuple[str, str, Any, Any]] = []
    pa = {p["id"]: p for p in a.get("per_income") or ()}
    pb = {p["id"]: p for p in b.get("per_income") or ()}
    for pid in list(pa) + [k for k in pb if k not in pa]:
        for fld in ("payment", "bvv", "afdracht"):
            x_val = (pa.get(pid) or {}).get(fld)
            y_val = (pb.get(pid) or {}).get(fld)
            if x_val != y_val:
                out.append((pid, fld, x_val, y_val))
    return out


def diff_results(old: Result | Mapping[str, Any], new: Result | Mapping[str, Any]) -> ResultDiff:
    """Explain the difference between two results (models or ``bvv-result/1`` JSON data)."""
    a, b = _checked(result_data(old)), _checked(result_data(new))
    causes = _input_norm_rule_causes(a, b)
    sa, sb = _keyed_steps(list(a.get("steps") or ())), _keyed_steps(list(b.get("steps") or ()))
    steps: list[StepChange] = []
    versions: dict[Any, list[str]] = {}
    for skey in list(sa) + [k for k in sb if k not in sa]:
        x, y = sa.get(skey), sb.get(skey)
        if x is not None and y is not None:
            change = _changed_step(skey[0], x, y, causes, versions)
            if change is not None:
                steps.append(change)
        else:
            change, cause = _one_sided_step(skey[0], x, y)
            steps.append(change)
            causes.append(cause)
    for (vx, vy), ids in versions.items():
        causes.append(Cause("rule", "legal text version", vx, vy, f"cited by {len(ids)} steps"))
    old_bvv, new_bvv = _bvv(a), _bvv(b)
    return ResultDiff(
        old_bvv=str(old_bvv),
        new_bvv=str(new_bvv),
        delta=_signed(new_bvv - old_bvv) if new_bvv != old_bvv else "0.00",
        causes=tuple(causes),
        steps=tuple(steps),
        per_income=tuple(_per_income(a, b)),
        header=(_label(a), _label(b)),
    )


def _label(r: Mapping[str, Any]) -> str:
    return f"{r.get('id') or '(no id)'}, {r.get('determination_date')}, norms {r.get('norm_period')}"


def _v(value: Any) -> str:
    return "—" if value is None else for_display(str(value))


_KIND_NL = {"input": "invoer", "norm": "norm", "rule": "regel"}
_CHANGE_NL = {"added": "erbij", "removed": "vervallen"}
_WORD_NL = {"present": "aanwezig", "absent": "afwezig"}


def _detail_nl(detail: str | None) -> str:
    if not detail:
        return ""
    if detail == "rule applied in one result only":
        return "  (regel in maar één van beide resultaten toegepast)"
    if detail.startswith("cited by ") and detail.endswith(" steps"):
        return f"  (aangehaald door {detail[len('cited by ') : -len(' steps')]} stappen)"
    return f"  ({detail})"


def _what_nl(what: str) -> str:
    if what == "legal text version":
        return "versie wettekst"
    if what.startswith("step "):
        what = "stap " + what[len("step ") :]
        return what.replace(": citation", ": verwijzing").replace(": description", ": omschrijving")
    return what


def _header_nl(label: str) -> str:
    ident, _, rest = label.partition(", ")
    ident = "(geen id)" if ident == "(no id)" else for_display(ident)
    return f"{ident}, {rest.replace('norms ', 'normen ')}"


def render_text(d: ResultDiff) -> str:
    """The diff as text for a terminal (Dutch; the codes and JSON stay English)."""
    lines = [f"oud:   {_header_nl(d.header[0])}", f"nieuw: {_header_nl(d.header[1])}"]
    lines.append(f"beslagvrije voet: {d.old_bvv} -> {d.new_bvv} ({d.delta})")
    if d.identical:
        lines.append("geen verschillen")
        return "\n".join(lines)
    if d.causes:
        lines += ["", "oorzaken:"]
        width = max(len(_what_nl(c.what)) for c in d.causes)
        for c in d.causes:
            old, new = _WORD_NL.get(str(c.old), _v(c.old)), _WORD_NL.get(str(c.new), _v(c.new))
            what = _what_nl(c.what)
            lines.append(f"  {_KIND_NL[c.kind]:<6}  {what:<{width}}  {old} -> {new}{_detail_nl(c.detail)}")
    if d.steps:
        lines += ["", "stappen:"]
        for s in d.steps:
            if s.change == "changed":
                delta = f"  ({s.delta})" if s.delta else ""
                lines.append(f"  {s.id}: {_v(s.old)} -> {_v(s.new)}{delta}  {s.description}")
            else:
                sign = "+" if s.change == "added" else "-"
                amount = s.new if s.change == "added" else s.old
                lines.append(f"  {sign} {s.id} ({_CHANGE_NL[s.change]}): {_v(amount)}  {s.description}")
            for n, x, y in s.inputs:
                lines.append(f"      invoer {n}: {_v(x)} -> {_v(y)}")
            for n, x, y in s.norms:
                lines.append(f"      norm   {n}: {_v(x)} -> {_v(y)}")
    if d.per_income:
        lines += ["", "per inkomen:"]
        for pid, fld, x, y in d.per_income:
            lines.append(f"  {for_display(str(pid))} {fld}: {_v(x)} -> {_v(y)}")
    return "\n".join(lines)
