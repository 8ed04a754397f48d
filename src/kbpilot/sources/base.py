"""The article-source seam: what a documentation platform gives the sync.

A source lists the documents in its configured scope with the time each last changed, fetches
one, and renders a fetched document as an article file. The sync (`sources.sync`) decides what
changed, what to write, remove or keep; the index and the runs read the files as any article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol


@dataclass(frozen=True)
class Listed:
    """A document in scope, as the platform lists it: `key` is its id on the platform,
    `updated_at` changes whenever the document does, `name` is its place for new files
    (a relative path without suffix, e.g. `northwind-traders/backup-policy`)."""

    key: str
    title: str
    updated_at: str
    name: PurePosixPath
    handle: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Listing:
    """Every document in scope; `complete` is False when part of the scope could not be listed
    (then nothing is removed), `problems` says which part and why."""

    documents: list[Listed]
    complete: bool = True
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    """A document as an article file: its bytes, its suffix (`.html`, `.md`), and what could
    not be rendered (an unknown section left out, an empty body)."""

    data: bytes
    suffix: str
    warnings: list[str] = field(default_factory=list)


class ArticleSource(Protocol):
    """One documentation platform, configured with its scope and connected."""

    name: str
    """The system's name: the `kbpilot sync NAME`, the folder under articles/, the manifest."""

    def list_documents(self) -> Listing:
        """Every document in scope with its updated-at (the sync fetches only changed ones)."""
        ...

    def fetch(self, document: Listed) -> Any:
        """Everything needed to render the document; raises IntegrationError when it cannot
        (NotFoundError: deleted since it was listed)."""
        ...

    def render(self, fetched: Any) -> Rendered:
        """The article file of a fetched document; pure (no I/O), so it is golden-tested."""
        ...
