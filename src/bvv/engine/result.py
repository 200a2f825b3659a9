"""The last step: assemble the result and its receipt (hashes of canonical input and output)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from bvv import __version__
from bvv.engine.canonical import unsigned_result_json
from bvv.engine.receipt import canonical_json, receipt_from_hashes
from bvv.engine.trace import built
from bvv.model import (
    AssumptionUsed,
    Case,
    DesignatedBenefitResult,
    Diagnostic,
    Leefsituatie,
    NormRef,
    PerIncome,
    Receipt,
    Result,
    Step,
)
from bvv.norms import NormTable, norms_fingerprint

#: version of the rule set; bumped whenever a rule or its order changes
RULES_VERSION = "2026.12.1"


def make_receipted_result(
    *,
    case: Case,
    bvv: Decimal,
    leefsituatie: Leefsituatie,
    table: NormTable,
    maximum: Decimal,
    per_income: tuple[PerIncome, ...],
    designated: DesignatedBenefitResult | None,
    steps: tuple[Step, ...],
    norms: dict[str, NormRef],
    assumptions: tuple[AssumptionUsed, ...],
    diagnostics: tuple[Diagnostic, ...],
) -> Result:
    """Assemble the result and its receipt (hashes of canonical input and output)."""
    case_json = case.to_json_dict()
    case_canonical = canonical_json(case_json, float_free=True)
    fields: dict[str, Any] = {
        "id": case.id,
        "determination_date": case.determination_date,
        "beslagvrije_voet": bvv,
        "leefsituatie": leefsituatie,
        "norm_period": table.period.start,
        "maximum": maximum,
        "per_income": per_income,
        "designated_benefit": designated,
        "steps": steps,
        "norms": dict(norms),
        "assumptions": assumptions,
        "diagnostics": diagnostics,
        "case": case_json,
    }
    output = unsigned_result_json(fields, case_canonical)
    if output is None:  # beyond the fast path: dump the unsigned result and canonicalise it
        output = canonical_json(unsigned_output(Result(**fields, receipt=_UNSIGNED)), float_free=True)
    receipt = receipt_from_hashes(
        input_sha256=hashlib.sha256(case_canonical).hexdigest(),
        output_sha256=hashlib.sha256(output).hexdigest(),
        library_version=__version__,
        norms_version=table.period.start.isoformat(),
        norms_sha256=norms_fingerprint(),
        rules_version=RULES_VERSION,
    )
    # every part was built or validated above: the result is put together without a second pass
    signed = {"format": "bvv-result/1", **fields, "receipt": Receipt(**receipt)}
    return built(Result, signed, _RESULT_FIELDS_SET)


#: what ``Result(**fields, receipt=...)`` marks as given: every field but the constant ``format``
_RESULT_FIELDS_SET = frozenset(Result.model_fields) - {"format"}


def unsigned_output(result: Result) -> dict[str, Any]:
    """The JSON data the output hash covers: the result without its receipt (the slow path)."""
    return {k: v for k, v in result.to_json_dict().items() if k != "receipt"}


_UNSIGNED = Receipt(
    library="bvv",
    library_version="",
    norms_version="",
    norms_sha256="",
    rules_version="",
    input_sha256="",
    output_sha256="",
)
