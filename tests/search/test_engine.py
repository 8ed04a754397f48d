"""whoosh as kbpilot loads it: mapped segment files read in place, as whoosh's copies read."""

from __future__ import annotations

import pickle
import subprocess
import sys
from io import BytesIO

from kbpilot.search import Searcher
from kbpilot.search.engine import MappedFile, posting_blocks
from kbpilot.workspace import Workspace


def test_a_mapped_file_reads_as_a_copy_would() -> None:
    data = (
        b"head" + pickle.dumps({"block": list(range(50))}) + b"line one\nline two\n" + b"z" * 9000
    )
    mapped, copied = MappedFile(memoryview(data)), BytesIO(data)
    assert mapped.read(4) == copied.read(4)
    assert mapped.read_pickle() == pickle.load(copied)
    assert mapped.tell() == copied.tell()
    assert mapped.file.readline() == copied.readline()
    mapped.seek(-5, 2)
    copied.seek(-5, 2)
    assert mapped.read(100) == copied.read(100) == b"zzzzz"
    mapped.seek(2)
    assert mapped.read(6) == data[2:8]
    assert mapped.get(4, 3) == data[4:7]


def test_postings_read_from_the_mapped_file_are_whooshs_a_posting_at_a_time(
    workspace: Workspace,
) -> None:
    with Searcher(workspace) as searcher:
        # An edit leaves a deleted document in the first segment.
        path = workspace.article_paths()[0]
        path.write_text(path.read_text() + "\nCustomer runbook letter.\n", encoding="utf-8")
        searcher.refresh(paths=[path])
        whoosh = searcher._searcher
        several = 0
        for sub, _ in whoosh.leaf_searchers():
            reader = sub.reader()
            for field, raw in reader.all_terms():
                text = raw.decode("utf-8")
                found = [
                    (doc, weight)
                    for ids, weights in posting_blocks(reader, field, text)
                    for doc, weight in zip(ids, weights, strict=True)
                ]
                postings = reader.postings(field, text)
                expected = []
                while postings.is_active():
                    expected.append((postings.id(), postings.weight()))
                    postings.next()
                assert found == expected, (field, text)
                several += len(expected) > 1
        assert several > 100


def test_whoosh_loads_without_urllib_and_leaves_the_real_module_to_others() -> None:
    code = (
        "import sys, kbpilot.search.engine, whoosh.compat\n"
        "print('urllib.request' in sys.modules)\n"
        "import urllib.request\n"
        "print(hasattr(urllib.request, 'Request'), whoosh.compat.urlretrieve.__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "urlretrieve"]


def test_the_standard_modules_whoosh_calls_later_are_handed_over_when_called() -> None:
    code = (
        "import sys, kbpilot.search.engine\n"
        "from whoosh import compat, util\n"
        "from whoosh.filedb import compound, filestore\n"
        "from whoosh.util import times\n"
        "print(sorted(m for m in ('calendar', 'html', 'random', 'shutil', 'tempfile')"
        " if m in sys.modules))\n"
        "print(compat.htmlescape('<a>'), len(util.random_name(5)), len(util.random_bytes(3)))\n"
        "print(times.adatetime(2026, 2).ceil().day == 28)\n"
        "print(filestore.tempfile.gettempdir() != '', compound.copyfileobj.__name__)\n"
        "import shutil, tempfile, random, calendar, html\n"
        "print(hasattr(shutil, 'rmtree'), hasattr(tempfile, 'TemporaryDirectory'),"
        " hasattr(random, 'Random'), hasattr(calendar, 'isleap'), hasattr(html, 'unescape'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "[]",
        "&lt;a&gt; 5 3",
        "True",
        "True copyfileobj",
        "True True True True True",
    ]
