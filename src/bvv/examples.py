"""Golden cases shipped with the library (``src/bvv/golden/*.json``, format ``bvv-golden/1``).

Each holds a ``case`` (``bvv-case/1``) and the ``expected`` amounts with a description and the
source of the figures. They are the project's worked examples, its regression tests, the public
conformance suite (``bvv conformance``) and the quickstart's first calculation.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _all() -> dict[str, dict[str, Any]]:
    folder = resources.files("bvv").joinpath("golden")
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            doc = json.loads(entry.read_text(encoding="utf-8"))
            found[doc["name"]] = doc
    return found


def names() -> list[str]:
    """Names of the golden cases, sorted."""
    return sorted(_all())


def resolve(name: str) -> str:
    """The full name of a golden case from its name or an unambiguous start of it (``"01"``).

    Raises :class:`KeyError` naming the candidates when there is none or more than one.

    >>> resolve("01")
    '01_bijstand_alleenstaande_2021'
    """
    if name in _all():
        return name
    found = [n for n in names() if n.startswith(name)] if name else []
    if len(found) == 1:
        return found[0]
    if found:
        raise KeyError(f"{name!r} fits several examples: {', '.join(found)}")
    raise KeyError(f"no golden case {name!r}; known: {', '.join(names())}")


def golden(name: str) -> dict[str, Any]:
    """The whole golden document (case, expected amounts, description, source); ``name`` may
    be an unambiguous start of the name (:func:`resolve`)."""
    return _all()[resolve(name)]


def load(name: str) -> dict[str, Any]:
    """The case of a golden example, as JSON-ready data (a fresh copy)."""
    case: dict[str, Any] = json.loads(json.dumps(golden(name)["case"]))
    return case
