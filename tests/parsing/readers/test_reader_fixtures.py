"""Fixture cases of the Markdown and HTML readers: each input file against its JSON snapshot in
`__snapshots__/test_reader_fixtures/` (a new case's is written by `pytest --snapshot-update`;
read it before you commit it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from kbpilot.parsing.blocks import Document, document_to_dict
from kbpilot.parsing.html import read_html
from kbpilot.parsing.markdown import read_markdown

FIXTURES = Path(__file__).parent / "fixtures"
READERS: dict[str, tuple[str, Callable[[str], Document]]] = {
    "markdown": (".md", read_markdown),
    "html": (".html", read_html),
}


def _cases() -> list[Any]:
    return [
        pytest.param(kind, source, id=f"{kind}/{source.stem}")
        for kind, (suffix, _) in READERS.items()
        for source in sorted((FIXTURES / kind).glob(f"*{suffix}"))
    ]


def as_json(document: Document) -> Any:
    """The document as its fixture stores it (dates in front matter become strings)."""
    return json.loads(json.dumps(document_to_dict(document), default=str))


@pytest.mark.parametrize(("kind", "source"), _cases())
def test_reader_matches_fixture(kind: str, source: Path, snapshot: SnapshotAssertion) -> None:
    _, read = READERS[kind]
    document = as_json(read(source.read_text(encoding="utf-8")))
    assert document == snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("kind", READERS)
def test_each_reader_has_enough_cases(kind: str) -> None:
    suffix, _ = READERS[kind]
    sources = list((FIXTURES / kind).glob(f"*{suffix}"))
    assert len(sources) >= 10
