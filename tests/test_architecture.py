"""The dependency rule of DESIGN.md, checked: the domain knows no UI, HTTP or search engine."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kbpilot"
DOMAIN = [
    "kbpilot.model",
    "kbpilot.settings",
    "kbpilot.workspace",
    "kbpilot.parsing.text",
    "kbpilot.parsing.markdown",
    "kbpilot.parsing.html",
]
NOT_IN_DOMAIN = ["textual", "httpx", "whoosh", "starlette", "uvicorn"]
# Which top-level areas of kbpilot each area may import.
MAY_NOT_IMPORT = {
    "model": {"parsing", "search", "runs", "integrations", "ui", "cli", "workspace", "settings"},
    "parsing": {"search", "runs", "integrations", "ui", "cli"},
    "search": {"runs", "integrations", "ui", "cli"},
    "runs": {"ui", "cli", "search"},
    "integrations": {"parsing", "search", "runs", "ui", "cli"},
}


def test_domain_imports_no_ui_http_or_search_engine() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {DOMAIN!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in {NOT_IN_DOMAIN!r} if m in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"


def kbpilot_imports(path: Path) -> set[str]:
    """The kbpilot areas a module imports (kbpilot.X... -> X)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found |= {n.split(".")[1] for n in names if n.startswith("kbpilot.") and n.count(".") >= 1}
    return found


def area_modules(area: str) -> list[Path]:
    single = PACKAGE / f"{area}.py"
    return [single] if single.exists() else sorted((PACKAGE / area).rglob("*.py"))


@pytest.mark.parametrize("area", sorted(MAY_NOT_IMPORT))
def test_dependencies_point_one_way(area: str) -> None:
    wrong = {
        str(path.relative_to(PACKAGE)): sorted(kbpilot_imports(path) & MAY_NOT_IMPORT[area])
        for path in area_modules(area)
    }
    assert {k: v for k, v in wrong.items() if v} == {}
