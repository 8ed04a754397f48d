"""Hermetic tests: data dir and KB location under tmp_path; a copy of the sample KB on demand.
Property tests draw the same examples on every run (see the Hypothesis profiles below)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from kbpilot.integrations.sandbox.app import Sandbox, SandboxOptions
from kbpilot.integrations.sandbox.seed import load_seed, seed_path
from kbpilot.integrations.sandbox.state import SandboxState
from kbpilot.search.index import index_folder, update_index
from kbpilot.workspace import open_workspace
from tests.support import copy_sample_kb

# A run of the suite is deterministic: each property test tries the examples its name seeds, the
# same on every machine and every run, so CI never turns red on an example no run met before.
# `HYPOTHESIS_PROFILE=explore make test` draws new examples (more of them) to look for bugs.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", max_examples=500, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture(autouse=True)
def _hermetic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's data or config dir, picks up a KB or credentials from the
    environment, or records the developer's own name as the technician."""
    monkeypatch.setenv("KBPILOT_HOME", str(tmp_path_factory.mktemp("kbpilot-home")))
    monkeypatch.setenv("KBPILOT_CONFIG_HOME", str(tmp_path_factory.mktemp("kbpilot-config")))
    monkeypatch.delenv("KBPILOT_KB", raising=False)
    monkeypatch.setenv("KBPILOT_TECHNICIAN", "Sam Rivera")
    for name in (
        "KBPILOT_AUTOTASK_USERNAME",
        "KBPILOT_AUTOTASK_SECRET",
        "KBPILOT_AUTOTASK_INTEGRATION_CODE",
        "KBPILOT_ITGLUE_API_KEY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sample_kb(tmp_path: Path) -> Path:
    """A private copy of the bundled KB (articles/ and kb/, without any built index)."""
    return copy_sample_kb(tmp_path / "kb-copy")


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled KB's search index, built once per test process: never open it, copy it."""
    root = copy_sample_kb(tmp_path_factory.mktemp("sample-index"))
    update_index(open_workspace(root))
    return index_folder(open_workspace(root))


@pytest.fixture
def indexed_sample_kb(sample_kb: Path, sample_index: Path) -> Path:
    """`sample_kb` with the search index of the bundled KB already built, as after `kbpilot
    index`: the copy keeps the articles' times, so the index is up to date in it."""
    shutil.copytree(sample_index, index_folder(open_workspace(sample_kb)))
    return sample_kb


@pytest.fixture
def sandbox(sample_kb: Path, tmp_path: Path) -> Sandbox:
    """The simulators of both APIs, seeded from the sample KB, state under tmp_path."""
    state = SandboxState(tmp_path / "sandbox-state.json", load_seed(seed_path(sample_kb)))
    return Sandbox(state, options=SandboxOptions(export_seconds=0.0))
