"""Real processes at once: writers take turns under whoosh's lock, readers always see a whole
generation, and no edit is lost."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from kbpilot.search import Searcher, index_folder, search_once, update_index
from kbpilot.search.index import LOCK_NAME
from kbpilot.workspace import Workspace, open_workspace

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kbpilot.search import update_index
    from kbpilot.workspace import open_workspace

    root, name, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    path = root / "articles" / f"{name}.md"
    for n in range(rounds):
        path.write_text(f"---\\ntitle: {name}\\n---\\n\\nword{name}{n}\\n", encoding="utf-8")
        report = update_index(open_workspace(root), wait=60)
        assert not report.busy
    print("done")
    """
)
READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from kbpilot.search import Searcher
    from kbpilot.workspace import open_workspace

    root, seconds = Path(sys.argv[1]), float(sys.argv[2])
    searcher = Searcher(open_workspace(root), update=False)
    searches = empty = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        searcher.refresh(update=False)
        if not searcher.search("runbook").hits:
            empty += 1
        searches += 1
    print(json.dumps({"searches": searches, "empty": empty}))
    """
)


def start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


def test_writers_and_readers_in_separate_processes(workspace: Workspace) -> None:
    update_index(workspace)
    root = str(workspace.root)
    reader = start(READER, root, "3")
    writers = [start(WRITER, root, name, "6") for name in ("alpha", "bravo")]
    for writer in writers:
        assert finish(writer).strip() == "done"
    seen = json.loads(finish(reader))
    assert seen["searches"] > 0
    assert seen["empty"] == 0
    with Searcher(open_workspace(workspace.root), update=False) as searcher:
        assert [h.id for h in searcher.search("wordalpha5").hits] == ["alpha"]
        assert [h.id for h in searcher.search("wordbravo5").hits] == ["bravo"]
    assert not update_index(open_workspace(workspace.root)).changed


def test_a_held_lock_makes_an_update_wait_then_report_busy(workspace: Workspace) -> None:
    update_index(workspace)
    lock = FileStorage(str(index_folder(workspace))).lock(LOCK_NAME)
    assert lock.acquire()
    try:
        assert update_index(workspace, wait=0.2).busy
        (workspace.root / "articles" / "new.md").write_text("---\ntitle: Zebra\n---\n\nzebra\n")
        with Searcher(workspace) as searcher:
            result = searcher.search("runbook")
        assert result.hits
        assert "another kbpilot process is updating the index" in result.notices[0]
    finally:
        lock.release()
    with Searcher(workspace) as searcher:
        assert [hit.id for hit in searcher.search("zebra").hits] == ["zebra"]


def test_a_held_lock_makes_a_search_once_say_its_results_may_be_old(workspace: Workspace) -> None:
    update_index(workspace)
    lock = FileStorage(str(index_folder(workspace))).lock(LOCK_NAME)
    assert lock.acquire()
    try:
        (workspace.root / "articles" / "new.md").write_text("---\ntitle: Zebra\n---\n\nzebra\n")
        result, report = search_once(workspace, "runbook")
        assert report is not None and report.busy and result.hits
        assert "another kbpilot process is updating the index" in result.notices[0]
    finally:
        lock.release()
    result, _ = search_once(workspace, "zebra")
    assert [hit.id for hit in result.hits] == ["zebra"]


def test_a_reader_keeps_its_generation_until_it_refreshes(workspace: Workspace) -> None:
    update_index(workspace)
    with Searcher(workspace, update=False) as searcher:
        (workspace.root / "articles" / "new.md").write_text("---\ntitle: Zebra\n---\n\nzebra\n")
        update_index(workspace)
        assert searcher.search("zebra").hits == []
        searcher.refresh(update=False)
        assert [hit.id for hit in searcher.search("zebra").hits] == ["zebra"]


def test_a_refreshed_reader_no_longer_finds_an_edited_articles_old_version(
    workspace: Workspace,
) -> None:
    update_index(workspace)
    path = workspace.root / "articles" / "send-offboarding-customer-their-runbook-from-itg.md"
    with Searcher(workspace, update=False) as searcher:
        assert searcher.search("runbook export").hits
        path.write_text(path.read_text() + "\nThe quasar export.\n", encoding="utf-8")
        searcher.refresh(paths=[path])
        ids = [hit.id for hit in searcher.search("runbook export").hits]
        assert ids.count("send-offboarding-customer-their-runbook-from-itg") == 1
        assert [hit.id for hit in searcher.search("quasar").hits] == [path.stem]


def test_the_index_folder_is_created_on_demand(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Printer jams\n\n1. Open the tray\n")
    workspace = open_workspace(tmp_path)
    assert update_index(workspace).added == 1
    assert (tmp_path / "kb" / ".index" / "MAIN_WRITELOCK").exists()
