"""The rooms of ``src/bvv`` and their order: a module imports only from its own layer or lower ones.

``docs/architecture.md`` draws the same layers. Imports under ``TYPE_CHECKING`` (annotations only)
are exempt, and so is ``from bvv import __version__`` (metadata, not behaviour).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "bvv"

#: lowest first; a module's layer is that of the longest matching prefix (``bvv`` itself matches
#: only the package, so a new top-level module must be placed here)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("bvv.errors", "bvv.money", "bvv.bsn", "bvv.citations"),
    ("bvv.rules", "bvv.norms"),
    ("bvv.model", "bvv.parse", "bvv.render", "bvv.examples", "bvv.schemas"),
    ("bvv.engine", "bvv.sources"),
    ("bvv.letters", "bvv.caseload"),
    ("bvv.cli", "bvv.server"),
    ("bvv", "bvv.__main__"),
)


def layer_of(module: str) -> int:
    best, depth = -1, -1
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            within = module.startswith(prefix + ".") and prefix != "bvv"
            if (module == prefix or within) and prefix.count(".") > depth:
                best, depth = level, prefix.count(".")
    assert best >= 0, f"{module} is in no layer: add it to LAYERS and docs/architecture.md"
    return best


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(sub)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for sub in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bvv"):
            names = {a.name for a in node.names}
            if node.module == "bvv":
                found |= {f"bvv.{n}" for n in names - {"__version__"}}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("bvv")}
    return found


def test_no_module_imports_a_higher_layer() -> None:
    upward = sorted(
        f"{module_name(f)} (layer {layer_of(module_name(f))}) imports {target} (layer {layer_of(target)})"
        for f in SRC.rglob("*.py")
        for target in runtime_imports(f)
        if layer_of(target) > layer_of(module_name(f))
    )
    assert upward == []


def test_every_module_has_a_layer() -> None:
    for f in SRC.rglob("*.py"):
        layer_of(module_name(f))
