"""The order of operations: look up the norms, apply the rules in statutory order, trace every step,
and make the result with its receipt.

| module | holds |
|---|---|
| :mod:`~bvv.engine.calculation` | :func:`calculate`: the statutory order of the rules and the trace |
| :mod:`~bvv.engine.assumptions` | the assumptions a result can record (decisions in ``docs/decisions.md``) |
| :mod:`~bvv.engine.receipt` | canonical JSON and the receipt's hashes |
| :mod:`~bvv.engine.receipt_verify` | ``bvv receipt verify``: recompute a stored result and compare |
| :mod:`~bvv.engine.conformance` | ``bvv conformance``: the golden cases against this engine or another |
"""

from bvv.engine.calculation import RULES_VERSION, calculate, income_a_to_i

__all__ = ["RULES_VERSION", "calculate", "income_a_to_i"]
