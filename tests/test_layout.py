"""The package's layout follows the data flow: no stage imports a later one (nlp/__init__.py names the order)."""

from __future__ import annotations

import ast
from pathlib import Path

import nlp

PACKAGE_DIR = Path(nlp.__file__).parent


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts).removesuffix(".__init__")


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.update([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)])
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("nlp.")}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in nlp.STAGES else None


def test_no_module_imports_a_later_stage():
    backwards = []
    for path in PACKAGE_DIR.rglob("*.py"):
        module = _module_name(path)
        if module == "nlp" or module.startswith("nlp.models"):
            continue  # the package's API functions run whole stages, and models/ holds no code
        own = _stage(module)
        for name in _imported(path):
            other = _stage(name)
            if other is not None and (own is None or nlp.STAGES.index(other) > nlp.STAGES.index(own)):
                backwards.append(f"{module} imports {name}")
    assert backwards == []


def test_every_stage_is_a_documented_package():
    for stage in nlp.STAGES:
        init = PACKAGE_DIR / stage / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"nlp/{stage} says what it does"
    folders = {path.name for path in PACKAGE_DIR.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    assert folders == set(nlp.STAGES)
