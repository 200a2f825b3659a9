"""bvv — the Dutch vereenvoudigde beslagvrije voet (Rv arts. 475a-475i), computed offline.

>>> import bvv
>>> result = bvv.calculate(bvv.examples.load("01_bijstand_alleenstaande_2021"))
>>> str(result.beslagvrije_voet)
'1021.67'
"""

from __future__ import annotations

__version__ = "0.1.0"

from bvv import examples
from bvv.caseload.recalc import recalculation_due
from bvv.engine import calculate
from bvv.errors import (
    BvvError,
    CaseIncomplete,
    CaseInvalid,
    CaseNotCovered,
    NormsNotAvailable,
    SourceInvalid,
)
from bvv.model import Case, Result
from bvv.parse import load_case, parse_case

#: submodules loaded on first use, so that ``import bvv`` stays fast and needs no numpy
_LAZY = {"vector": "bvv.caseload.vector", "frame": "bvv.caseload.frame"}


def __getattr__(name: str) -> object:
    """``bvv.vector`` and ``bvv.frame``: the vector engine and the analyst's frames (extra
    ``columnar``), imported when first used."""
    if name in _LAZY:
        import importlib

        return importlib.import_module(_LAZY[name])
    raise AttributeError(f"module 'bvv' has no attribute {name!r}")


__all__ = [
    "BvvError",
    "Case",
    "CaseIncomplete",
    "CaseInvalid",
    "CaseNotCovered",
    "NormsNotAvailable",
    "Result",
    "SourceInvalid",
    "__version__",
    "calculate",
    "examples",
    "load_case",
    "parse_case",
    "recalculation_due",
]
