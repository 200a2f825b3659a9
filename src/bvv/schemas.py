"""JSON Schemas (draft 2020-12) of the exchanged documents, generated from the models.

| name | document | model, mode |
|---|---|---|
| ``case`` | ``bvv-case/1`` | :class:`bvv.model.Case`, validation (what bvv accepts) |
| ``result`` | ``bvv-result/1`` | :class:`bvv.model.Result`, serialization (what bvv writes) |
| ``notice`` | ``bvv-notice/1`` | :class:`bvv.model.notice.Notice`, validation (what ``bvv verify`` accepts) |

The generated files are shipped as package data (``bvv/schemas/*.json``) and kept in
``docs/schema/``; ``tests/notice/test_schemas.py`` fails when either is stale. Regenerate both with::

    PYTHONPATH=src python -m bvv.schemas

Compatibility: within ``bvv-case/1`` and ``bvv-result/1`` only additive changes are made (a new
optional input field, a new output key); anything that would reject an accepted case or change
the meaning of a field gets a new version (``/2``). See ``docs/notice.md``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: $id of each schema: a URN, stable whether or not the docs are hosted
ID = "urn:bvv:schema:{file}"

FILES = {"case": "bvv-case-1.json", "result": "bvv-result-1.json", "notice": "bvv-notice-1.json"}


def _model(name: str) -> tuple[type[BaseModel], str]:
    from bvv.model import Case, Result
    from bvv.model.notice import Notice

    table: dict[str, tuple[type[BaseModel], str]] = {
        "case": (Case, "validation"),
        "result": (Result, "serialization"),
        "notice": (Notice, "validation"),
    }
    return table[name]


def generate(name: str) -> dict[str, Any]:
    """The schema of ``case``, ``result`` or ``notice`` as generated from the model now."""
    if name not in FILES:
        raise KeyError(f"no schema {name!r}; known: {', '.join(FILES)}")
    model, mode = _model(name)
    body = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    return {"$schema": DRAFT, "$id": ID.format(file=FILES[name]), **body}


def dumps(schema: dict[str, Any]) -> str:
    """The canonical file text: two-space indent, UTF-8, newline at the end."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped(name: str) -> str:
    """The schema file shipped in the package (``bvv/schemas/``)."""
    return resources.files("bvv").joinpath("schemas", FILES[name]).read_text(encoding="utf-8")


def write(root: Path) -> list[Path]:
    """Write every schema to ``root/src/bvv/schemas`` and ``root/docs/schema``."""
    written = []
    for name, file in FILES.items():
        text = dumps(generate(name))
        for folder in (root / "src" / "bvv" / "schemas", root / "docs" / "schema"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / file).write_text(text, encoding="utf-8")
            written.append(folder / file)
    return written


if __name__ == "__main__":  # pragma: no cover - the documented regeneration command
    for p in write(Path(__file__).resolve().parents[2]):
        print(p)
