"""Every snapshot file belongs to a test that is still there.

syrupy fails a run that leaves a snapshot unused only when the run is one process; the suite runs
on every core (pytest-xdist), so this test keeps that check: a renamed or removed test, or a
dropped parameter, leaves a file in `__snapshots__/` that fails here until it is deleted (or
`pytest -n0 --snapshot-update` removes it).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from tests.support import REPO


def file_name(test_name: str) -> str:
    """A test's name as syrupy names its snapshot file: without characters no file name has."""
    return "".join(
        c for c in test_name if c not in '\\/?*:|"<>' and unicodedata.category(c)[0] != "C"
    )


def test_every_snapshot_file_has_its_test(request: pytest.FixtureRequest) -> None:
    options = request.config.option
    if options.keyword or options.markexpr or options.deselect:
        pytest.skip("tests were deselected: their snapshots would look unused")
    if any("::" in arg for arg in request.config.args):
        pytest.skip("single tests were picked: the others' snapshots would look unused")
    collected: dict[Path, set[str]] = defaultdict(set)
    for item in request.session.items:
        collected[Path(item.path)].add(file_name(item.name))
    unused = []
    for snapshot in sorted((REPO / "tests").rglob("__snapshots__/*/*")):
        module = snapshot.parent.parent.parent / f"{snapshot.parent.name}.py"
        if module not in collected:
            continue  # a module this run did not collect
        name = snapshot.name.removesuffix(snapshot.suffix)
        # A test's own snapshot is named after it; a named one is `test_name[name]`.
        if not {name, name.split("[")[0]} & collected[module]:
            unused.append(str(snapshot.relative_to(REPO)))
    assert not unused, "snapshots of no test (delete them):\n" + "\n".join(unused)
