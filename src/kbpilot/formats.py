"""Which files are articles and in which format, and the fingerprint of a file's bytes.

What finding a KB's articles and checking them for changes need, without loading the readers
(`kbpilot.parsing`), so that listing a KB stays fast.
"""

from __future__ import annotations

FORMAT_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
}
ARTICLE_SUFFIXES = tuple(FORMAT_BY_SUFFIX)


def is_article_name(name: str) -> bool:
    """A file name an article can have: a known suffix, not hidden."""
    return not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES)


def content_hash(data: bytes) -> str:
    """The fingerprint an article's bytes are recorded by (in the index and in runs)."""
    import hashlib  # its OpenSSL start-up is paid by the first hash, not by every start

    return hashlib.sha256(data).hexdigest()
