"""The dependency rule of DESIGN.md, checked for every package and module of kbpilot: the domain
knows no UI, HTTP or search engine, and importing search, runs or integrations never loads
Textual. Each external system is one package under `integrations` that imports nothing of
another system's; only its `handlers` module sits above the run engine; the live path (the run
engine, the registry, the clients) never loads Starlette or a simulator. whoosh is imported by
one module, `search.engine`, and a cold `kbpilot search` loads none of what whoosh would pull in
for nothing (urllib.request, asyncio, English morphology) nor the HTTP clients or the UI."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kbpilot.search import update_index
from kbpilot.workspace import open_workspace

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
    "toml_cache": set(),
    "technician": {"errors", "paths"},
    "settings": {"errors", "model", "toml_cache"},
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
    "sources": {"errors", "formats", "integrations", "model", "workspace"},
    "ui": DOMAIN_FREE
    | {"integrations", "parsing", "runs", "search", "settings", "technician", "workspace"},
    "cli": {"__init__", *DOMAIN_FREE}
    | {"integrations", "parsing", "runs", "search", "settings", "sources", "technician", "ui"}
    | {"workspace"},
}
# A system's `handlers` module implements the run engine's actions: it may import what runs may.
HANDLERS_MAY_IMPORT = MAY_IMPORT["runs"] | {"runs"}
WITHOUT_TEXTUAL = ["kbpilot.search", "kbpilot.runs", "kbpilot.integrations"]
DOMAIN = ["kbpilot.model", "kbpilot.settings", "kbpilot.workspace", "kbpilot.parsing"]
NOT_IN_DOMAIN = ["textual", "httpx", "whoosh", "starlette", "uvicorn"]
ENGINE = PACKAGE / "search" / "engine.py"
# What `kbpilot search --json` on an up-to-date index must not load: whoosh's imports of things
# kbpilot never calls (see search.engine), the HTTP clients and the UI, the readers, rich, and
# click (a plain search line is read without it, see cli.quick).
NOT_IN_COLD_SEARCH = [
    "asyncio",
    "bs4",
    "cached_property",
    "calendar",
    "click",
    "html",
    "httpx",
    "kbpilot.parsing",
    "markdown_it",
    "platformdirs",
    "random",
    "rich",
    "shutil",
    "ssl",
    "tempfile",
    "textual",
    "urllib.request",
    "whoosh.highlight",
    "whoosh.lang.morph_en",
    "whoosh.qparser",
    "whoosh.query",
]


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


def system_names() -> list[str]:
    from kbpilot.integrations.registry import packages

    return list(packages())


def is_handlers(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] == "integrations" and relative[-1] == "handlers.py" and len(relative) == 3


def imported_modules(path: Path) -> set[str]:
    """Every module name a module imports (`from kbpilot.a import b` -> kbpilot.a, kbpilot.a.b)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


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
        str(path.relative_to(PACKAGE)): sorted(
            kbpilot_imports(path)
            - (HANDLERS_MAY_IMPORT if is_handlers(path) else MAY_IMPORT[area])
            - {area}
        )
        for path in area_modules(area)
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_the_registry_finds_every_system_package() -> None:
    packages = {
        path.name
        for path in (PACKAGE / "integrations").iterdir()
        if (path / "__init__.py").is_file() and (path / "handlers.py").is_file()
    }
    assert set(system_names()) == packages
    assert {"autotask", "itglue"} <= packages


@pytest.mark.parametrize("system", system_names())
def test_a_systems_package_imports_nothing_of_another_system(system: str) -> None:
    others = [f"kbpilot.integrations.{name}" for name in system_names() if name != system]
    wrong = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in imported_modules(path)
            if any(name == other or name.startswith(other + ".") for other in others)
        )
        for path in sorted((PACKAGE / "integrations" / system).rglob("*.py"))
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_only_the_sandbox_imports_a_simulator() -> None:
    simulators = tuple(f"kbpilot.integrations.{name}.simulator" for name in system_names())
    wrong = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.startswith(simulators)
        )
        for path in sorted(PACKAGE.rglob("*.py"))
        if ".simulator" not in ".".join(path.relative_to(PACKAGE).parts)
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_the_live_path_loads_no_starlette_and_no_simulator() -> None:
    """The run engine, the registry with every system's client builder and handlers, and the
    clients of a live session."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import kbpilot.runs.service, kbpilot.cli.runs, kbpilot.integrations.check\n"
        "from kbpilot.integrations.registry import systems, handlers\n"
        "from kbpilot.integrations.credentials import CredentialSource\n"
        "from kbpilot.integrations.factory import connect\n"
        "handlers()\n"
        "values = {n: 'x' for s in systems() for n in s.credentials}\n"
        "raw = {s.name: {} for s in systems()}\n"
        "connect(sandbox=False, kb_root=Path('.'), raw_settings=raw,\n"
        "        source=CredentialSource.fixed(values)).close()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(output.stdout))
    assert {"kbpilot.integrations.autotask.handlers", "httpx"} <= loaded
    assert not {name for name in loaded if name.split(".")[0] in ("starlette", "uvicorn")}
    ours = {name for name in loaded if name.startswith("kbpilot.integrations.")}
    assert not {name for name in ours if ".simulator" in name or ".sandbox" in name}


def test_search_runs_and_integrations_never_load_textual() -> None:
    loaded = modules_loaded_by(WITHOUT_TEXTUAL)
    assert {"kbpilot", "whoosh", "httpx"} <= loaded, "the packages were not imported"
    assert "textual" not in loaded


def test_the_domain_loads_no_ui_http_or_search_engine() -> None:
    assert modules_loaded_by(DOMAIN) & set(NOT_IN_DOMAIN) == set()


def test_only_the_engine_module_imports_whoosh() -> None:
    importers = {
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if any(name.split(".")[0] == "whoosh" for name in imported_modules(path))
    }
    assert importers == {str(ENGINE.relative_to(PACKAGE))}


def cold_search_modules(kb: Path) -> set[str]:
    """The modules a `kbpilot search --json` process of an up-to-date `kb` has loaded when it
    ends (it must find something)."""
    code = (
        "import json, sys\n"
        "from kbpilot import cli\n"
        "leave = cli.leave\n"
        "def report(code):\n"
        "    print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
        "    leave(code)\n"
        "cli.leave = report\n"
        f"sys.argv = ['kbpilot', '--kb', {str(kb)!r}, 'search', 'password', '--json']\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["hits"], "the search found nothing"
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_a_cold_search_loads_only_what_it_needs(indexed_sample_kb: Path) -> None:
    loaded = cold_search_modules(indexed_sample_kb)
    assert {"whoosh.searching", "kbpilot.search.engine"} <= loaded
    assert {
        name
        for name in loaded
        if any(
            name == unwanted or name.startswith(f"{unwanted}.") for unwanted in NOT_IN_COLD_SEARCH
        )
    } == set()


def test_a_cold_search_loads_no_dataclasses(tmp_path: Path) -> None:
    """See `kbpilot.search`: the records of a cold search are no dataclasses. (The bundled KB's
    settings declare article fields, which are the model's, so a search of it loads them.)"""
    root = tmp_path / "kb"
    (root / "articles").mkdir(parents=True)
    (root / "kb").mkdir()
    (root / "articles" / "reset.md").write_text(
        "# Reset a password\n\n1. Find the user.\n2. Reset the password.\n", "utf-8"
    )
    (root / "kb" / "kbpilot.toml").write_text(
        '[kb]\nname = "Test KB"\n\n[articles.reset]\ncategory = "Accounts"\n', "utf-8"
    )
    update_index(open_workspace(root))
    assert not {"dataclasses", "inspect"} & cold_search_modules(root)
