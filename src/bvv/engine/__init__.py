"""The order of operations: look up the norms, apply the rules in statutory order, trace every step,
and make the result with its receipt.

| module | holds |
|---|---|
| :mod:`~bvv.engine.calculation` | :func:`calculate`: the statutory order of the rules; cross-field checks |
| :mod:`~bvv.engine.trace` | the trace: cited steps, norm provenance, assumptions and diagnostics |
| :mod:`~bvv.engine.situation` | the living situation (Rv 475ab) and C (Rv 475d lid 1) |
| :mod:`~bvv.engine.base_amount` | Rv 475da lid 1-4 (formula, zorg cap, maximum, no address, abroad), 475e |
| :mod:`~bvv.engine.increases` | Rv 475da lid 5-6 (housing costs), lid 7 (owner), 475fa (kantonrechter) |
| :mod:`~bvv.engine.deductions` | Rv 475db lid 1 a-c |
| :mod:`~bvv.engine.income_cap` | Rv 475dc lid 1 (95 %) and lid 2 (designated benefits) |
| :mod:`~bvv.engine.division` | Rv 475c lid 2 and 5: the order and the division over garnished incomes |
| :mod:`~bvv.engine.incomes` | sums of the a-i incomes the rules count |
| :mod:`~bvv.engine.result` | the result model with its receipt, :data:`RULES_VERSION` |
| :mod:`~bvv.engine.assumptions` | the assumptions a result can record (decisions in ``docs/decisions.md``) |
| :mod:`~bvv.engine.receipt` | canonical JSON and the receipt's hashes |
| :mod:`~bvv.engine.receipt_verify` | ``bvv receipt verify``: recompute a stored result and compare |
| :mod:`~bvv.engine.conformance` | ``bvv conformance``: the golden cases against this engine or another |
"""

from bvv.engine.calculation import RULES_VERSION, calculate, income_a_to_i

__all__ = ["RULES_VERSION", "calculate", "income_a_to_i"]
