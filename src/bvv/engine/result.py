"""The last step: assemble the result and its receipt (hashes of canonical input and output)."""

from __future__ import annotations

from decimal import Decimal

from bvv import __version__
from bvv.engine.receipt import make_receipt
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
    unsigned = Result(
        id=case.id,
        determination_date=case.determination_date,
        beslagvrije_voet=bvv,
        leefsituatie=leefsituatie,
        norm_period=table.period.start,
        maximum=maximum,
        per_income=per_income,
        designated_benefit=designated,
        steps=steps,
        norms=norms,
        assumptions=assumptions,
        diagnostics=diagnostics,
        case=case_json,
        receipt=_UNSIGNED,
    )
    receipt = make_receipt(
        case_json=case_json,
        result_json=unsigned.to_json_dict(),
        library_version=__version__,
        norms_version=table.period.start.isoformat(),
        norms_sha256=norms_fingerprint(),
        rules_version=RULES_VERSION,
    )
    return unsigned.model_copy(update={"receipt": Receipt(**receipt)})


_UNSIGNED = Receipt(
    library="bvv",
    library_version="",
    norms_version="",
    norms_sha256="",
    rules_version="",
    input_sha256="",
    output_sha256="",
)
