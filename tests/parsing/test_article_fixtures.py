"""Article fixture cases: each input file in fixtures/articles parses into its JSON snapshot.

To add a case, drop `name.txt|md|html` in the folder, run
`.venv/bin/pytest tests/parsing/test_article_fixtures.py --snapshot-update` and read the new
snapshot in `__snapshots__/test_article_fixtures/`; a case without one fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from kbpilot.formats import ARTICLE_SUFFIXES
from kbpilot.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in ARTICLE_SUFFIXES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_article_fixture(case: Path, snapshot: SnapshotAssertion) -> None:
    article = parse_file(case, source=case.name).to_dict()
    assert article == snapshot.use_extension(JSONSnapshotExtension)
