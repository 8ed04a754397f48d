"""Search test fixtures: a copy of the sample KB with its index built once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.search import Searcher
from kbpilot.workspace import Workspace, open_workspace
from tests.support import copy_sample_kb


@pytest.fixture(scope="module")
def indexed_kb(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The sample KB, copied and indexed once for the module's read-only tests."""
    return open_workspace(copy_sample_kb(tmp_path_factory.mktemp("indexed-kb")))


@pytest.fixture(scope="module")
def searcher(indexed_kb: Workspace) -> Iterator[Searcher]:
    with Searcher(indexed_kb) as opened:
        yield opened


@pytest.fixture
def workspace(sample_kb: Path) -> Workspace:
    """A private, writable copy of the sample KB (nothing indexed yet)."""
    return open_workspace(sample_kb)
