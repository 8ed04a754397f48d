"""Article fixture cases: each input file in fixtures/articles parses into the JSON beside it.

To add a case, drop `name.txt|md|html` in the folder and write `name.json` by hand, or run
`python -m tests.parsing.test_article_fixtures` to write the missing ones, then read them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kbpilot.formats import ARTICLE_SUFFIXES
from kbpilot.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def parsed(path: Path) -> dict:
    return parse_file(path, source=path.name).to_dict()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_article_fixture(case: Path) -> None:
    expected = case.with_suffix(".json")
    assert expected.is_file(), f"write {expected.name} for {case.name}"
    assert parsed(case) == json.loads(expected.read_text(encoding="utf-8"))


def write_missing() -> None:
    for case in CASES:
        expected = case.with_suffix(".json")
        if not expected.exists():
            text = json.dumps(parsed(case), indent=2, ensure_ascii=False) + "\n"
            expected.write_text(text, encoding="utf-8")
            sys.stdout.write(f"wrote {expected.name}\n")


if __name__ == "__main__":
    write_missing()
