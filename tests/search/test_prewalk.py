"""The KB's walk made by a child process for a cold `kbpilot search`: taken only when it is the
walk the update would have made, and every failure falls back to a walk of the update's own."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from kbpilot.search import index, prewalk, update_index, walk
from kbpilot.search.engine import FileStorage, try_for
from kbpilot.workspace import Workspace, open_workspace

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith(prewalk.FORKING_PLATFORMS), reason="the walk is forked here only"
)
RUNBOOK = "articles/send-offboarding-customer-their-runbook-from-itg.md"
RUNBOOK_ID = "send-offboarding-customer-their-runbook-from-itg"


@pytest.fixture
def indexed(indexed_sample_kb: Path) -> Iterator[Workspace]:
    """The sample KB, indexed; a child a failed test left behind is not seen by the next."""
    workspace = open_workspace(indexed_sample_kb)
    yield workspace
    left = prewalk.take(workspace)
    if left is not None:
        left.close()


def counted_walks(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[Workspace]:
    """The walks made from now on through `module.walk_articles` (a child forked before this
    walks as it did)."""
    made: list[Workspace] = []
    walk_articles = module.walk_articles

    def counted(workspace: Workspace) -> walk.Walk:
        made.append(workspace)
        return walk_articles(workspace)

    monkeypatch.setattr(module, "walk_articles", counted)
    return made


@pytest.fixture
def own_walks(monkeypatch: pytest.MonkeyPatch) -> list[Workspace]:
    """The walks the update makes itself (a child forked after this fixture walks as it did)."""
    return counted_walks(monkeypatch, walk)


def quick_update(workspace: Workspace) -> index.UpdateReport:
    return update_index(workspace, verify=False)


def test_the_childs_walk_is_the_walk_of_the_kb(indexed: Workspace) -> None:
    assert prewalk.start(indexed)
    taken = prewalk.take(indexed)
    own = walk.walk_articles(indexed)
    assert taken is not None and len(taken) == 7
    assert (taken.digest, taken.latest) == (own.digest, own.latest)
    assert taken.columns == own.columns
    taken.close()
    assert prewalk.take(indexed) is None, "a walk is taken once"


def test_an_update_takes_the_childs_walk_instead_of_walking(
    indexed: Workspace, own_walks: list[Workspace]
) -> None:
    prewalk.start(indexed)
    report = quick_update(indexed)
    assert (report.changed, report.unchanged, own_walks) == (False, 7, [])


def test_an_edit_saved_before_the_search_started_is_found(
    indexed: Workspace, own_walks: list[Workspace]
) -> None:
    path = indexed.root / RUNBOOK
    path.write_text(path.read_text(encoding="utf-8").replace("runbook", "quasars", 1), "utf-8")
    prewalk.start(indexed)
    report = quick_update(indexed)
    assert (report.updated, report.unchanged, own_walks) == (1, 6, [])


def test_the_walk_started_before_the_settings_are_read_is_kept_when_they_agree(
    indexed: Workspace, own_walks: list[Workspace]
) -> None:
    assert prewalk.start(Workspace(indexed.root))
    early = prewalk._pending[-1].pid
    assert prewalk.start(indexed)
    assert [child.pid for child in prewalk._pending] == [early]
    report = quick_update(indexed)
    assert (report.changed, report.unchanged, own_walks) == (False, 7, [])


def test_a_kb_whose_settings_name_another_articles_folder_gets_a_walk_of_that_one(
    tmp_path: Path, own_walks: list[Workspace]
) -> None:
    root = tmp_path / "kb"
    (root / "docs").mkdir(parents=True)
    (root / "kb").mkdir()
    (root / "kb" / "kbpilot.toml").write_text('[kb]\narticles = "docs"\n', "utf-8")
    (root / "docs" / "lone.md").write_text("# Lone\n\nA lone article.\n", "utf-8")
    workspace = open_workspace(root)
    update_index(workspace)
    own_walks.clear()
    assert prewalk.start(Workspace(root))
    early = prewalk._pending[-1].pid
    assert prewalk.start(workspace)
    with pytest.raises(ChildProcessError):
        os.waitpid(early, os.WNOHANG)  # stopped and collected
    report = quick_update(workspace)
    assert (report.changed, report.unchanged, own_walks) == (False, 1, [])


def test_the_walk_of_another_kb_is_not_taken(
    indexed: Workspace, own_walks: list[Workspace], tmp_path: Path
) -> None:
    other = tmp_path / "other"
    (other / "articles").mkdir(parents=True)
    (other / "articles" / "lone.md").write_text("# Lone\n\nA lone article.\n", encoding="utf-8")
    prewalk.start(open_workspace(other))
    report = quick_update(indexed)
    assert (report.changed, report.unchanged, own_walks) == (False, 7, [indexed])


def _failing_child(monkeypatch: pytest.MonkeyPatch) -> bool:
    def broken(workspace: Workspace) -> walk.Walk:
        raise OSError("the disk went away")

    monkeypatch.setattr(prewalk, "walk_articles", broken)
    return True


def _answer_cut_short(monkeypatch: pytest.MonkeyPatch) -> bool:
    """As when the child is killed while it writes: the answer ends early (in its first part,
    the digest, which the update cannot do without)."""
    cut = SimpleNamespace(
        dumps=lambda value: marshal.dumps(value)[: len(marshal.dumps(value)) // 2],
        loads=marshal.loads,
    )
    monkeypatch.setattr(prewalk, "marshal", cut)
    return True


def _no_fork_here(monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setattr(sys, "platform", "darwin")
    return False


@pytest.mark.parametrize("breakage", [_failing_child, _answer_cut_short, _no_fork_here])
def test_without_a_childs_walk_the_update_walks_itself(
    indexed: Workspace,
    own_walks: list[Workspace],
    monkeypatch: pytest.MonkeyPatch,
    breakage: Callable[[pytest.MonkeyPatch], bool],
) -> None:
    """A child that fails, an answer cut short, a platform where no child is forked: the
    update walks the KB itself (`breakage` says whether a child is still forked)."""
    forked = breakage(monkeypatch)
    assert prewalk.start(indexed) is forked
    report = quick_update(indexed)
    assert (report.changed, report.unchanged, own_walks) == (False, 7, [indexed])


def _columns_cut(monkeypatch: pytest.MonkeyPatch, keep: int) -> None:
    """As when the child is killed after it wrote the digest: the columns end early, their
    last `keep` bytes missing."""

    def dumps(value: tuple[object, ...]) -> bytes:
        whole = marshal.dumps(value)
        return whole[: len(whole) - keep] if isinstance(value[0], list) else whole

    monkeypatch.setattr(prewalk, "marshal", SimpleNamespace(dumps=dumps, loads=marshal.loads))


def test_columns_cut_short_after_a_whole_digest_give_a_walk_of_the_updates_own(
    indexed: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit, whose files the update must compare, is found all the same: by a walk of the
    update's own once the columns do not read."""
    path = indexed.root / RUNBOOK
    path.write_text(path.read_text(encoding="utf-8").replace("runbook", "quasars", 1), "utf-8")
    _columns_cut(monkeypatch, keep=100)
    assert prewalk.start(indexed)
    walked = counted_walks(monkeypatch, prewalk)
    report = quick_update(indexed)
    assert (report.updated, report.unchanged, walked) == (1, 6, [indexed])


def test_an_unchanged_kb_needs_none_of_the_childs_columns(
    indexed: Workspace, own_walks: list[Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the digest, the count and the latest mtime are read: columns that would not read
    are never missed."""
    _columns_cut(monkeypatch, keep=1)
    assert prewalk.start(indexed)
    walked = counted_walks(monkeypatch, prewalk)
    report = quick_update(indexed)
    assert (report.changed, report.unchanged, own_walks, walked) == (False, 7, [], [])


def test_a_walk_made_while_another_process_held_the_lock_is_not_taken(
    indexed: Workspace, own_walks: list[Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child walked before the update waited for the lock: the update walks again."""
    held = FileStorage(str(index.index_folder(indexed))).lock(index.LOCK_NAME)
    assert held.acquire()

    def released_then_tried(acquire: object, **options: float) -> bool:
        held.release()
        return bool(try_for(acquire, **options))

    monkeypatch.setattr(index, "try_for", released_then_tried)
    prewalk.start(indexed)
    report = quick_update(indexed)
    assert (report.busy, report.unchanged, own_walks) == (False, 7, [indexed])


def test_a_search_process_finds_an_article_edited_a_moment_before(indexed: Workspace) -> None:
    """The whole command, child included: a same-size edit saved just before it is searched."""
    path = indexed.root / RUNBOOK
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("runbook", "quasars", 1), "utf-8")
    assert path.stat().st_size == before.st_size
    command = [str(Path(sys.executable).with_name("kbpilot")), "--kb", str(indexed.root)]
    found = subprocess.run(
        [*command, "search", "quasars", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert [hit["id"] for hit in json.loads(found.stdout)["hits"]] == [RUNBOOK_ID]
