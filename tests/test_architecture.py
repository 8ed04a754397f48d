"""The dependency rule of DESIGN.md, checked for every package and module of kbpilot: the domain
knows no UI, HTTP or search engine, and importing search, runs or integrations never loads
Textual."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kbpilot"
# Which areas of kbpilot (its top-level modules and packages) each area may import.
DOMAIN_FREE = {"errors", "formats", "model", "paths", "text_safety"}
MAY_IMPORT: dict[str, set[str]] = {
    "__init__": set(),
    "__main__": {"cli"},
    "defaults": set(),
    "errors": set(),
    "formats": set(),
    "paths": set(),
    "model": set(),
    "text_safety": set(),
    "technician": {"errors", "paths"},
    "settings": {"errors", "model"},
    "parsing": {"errors", "formats", "model", "settings"},
    "workspace": {"errors", "formats", "model", "parsing", "settings"},
    "search": {"__init__", "errors", "formats", "model", "parsing", "settings", "workspace"},
    "integrations": {"errors", "paths"},
    "runs": {
        "errors",
        "integrations",
        "model",
        "paths",
        "settings",
        "technician",
        "text_safety",
        "workspace",
    },
    "ui": DOMAIN_FREE
    | {"integrations", "parsing", "runs", "search", "settings", "technician", "workspace"},
    "cli": {"__init__", *DOMAIN_FREE}
    | {"integrations", "parsing", "runs", "search", "settings", "technician", "ui", "workspace"},
}
WITHOUT_TEXTUAL = ["kbpilot.search", "kbpilot.runs", "kbpilot.integrations"]
DOMAIN = ["kbpilot.model", "kbpilot.settings", "kbpilot.workspace", "kbpilot.parsing"]
NOT_IN_DOMAIN = ["textual", "httpx", "whoosh", "starlette", "uvicorn"]


def areas() -> set[str]:
    """kbpilot's top-level modules and packages, as found on disk."""
    return {
        path.stem if path.is_file() else path.name
        for path in PACKAGE.iterdir()
        if path.suffix == ".py" or (path / "__init__.py").is_file()
    }


def area_modules(area: str) -> list[Path]:
    single = PACKAGE / f"{area}.py"
    return [single] if single.exists() else sorted((PACKAGE / area).rglob("*.py"))


def kbpilot_imports(path: Path) -> set[str]:
    """The kbpilot areas a module imports: kbpilot.X... and `from kbpilot import X` -> X
    (`__version__` -> `__init__`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "kbpilot":
            names = [f"kbpilot.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[1] for name in names if name.startswith("kbpilot.")}
    return {"__init__" if name.startswith("__") and name != "__main__" else name for name in found}


def modules_loaded_by(packages: list[str]) -> set[str]:
    """The top-level modules in sys.modules after a fresh interpreter imports `packages` and
    every module under them."""
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"for name in {packages!r}:\n"
        "    package = importlib.import_module(name)\n"
        "    for module in pkgutil.walk_packages(getattr(package, '__path__', []), name + '.'):\n"
        "        importlib.import_module(module.name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(output.stdout))


def test_every_area_has_a_rule() -> None:
    assert areas() == set(MAY_IMPORT)


@pytest.mark.parametrize("area", sorted(MAY_IMPORT))
def test_dependencies_point_one_way(area: str) -> None:
    wrong = {
        str(path.relative_to(PACKAGE)): sorted(kbpilot_imports(path) - MAY_IMPORT[area] - {area})
        for path in area_modules(area)
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_search_runs_and_integrations_never_load_textual() -> None:
    loaded = modules_loaded_by(WITHOUT_TEXTUAL)
    assert {"kbpilot", "whoosh", "httpx"} <= loaded, "the packages were not imported"
    assert "textual" not in loaded


def test_the_domain_loads_no_ui_http_or_search_engine() -> None:
    assert modules_loaded_by(DOMAIN) & set(NOT_IN_DOMAIN) == set()
