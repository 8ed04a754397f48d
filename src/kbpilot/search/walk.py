"""A walk of a KB's articles folder: every article file with its index key and stat.

The files are kept column by column (`Walk`) with one digest of every key, size and mtime in the
walk's order, which is all an unchanged KB is recognised by (`changes.summary`); the files as
`FileState` rows are made only when they are compared one by one. Found with os.scandir and
plain strings: at 10,000 articles, Path objects alone would cost more than the whole search.
whoosh-free, so a child process can walk while its parent imports the engine (`prewalk`).
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Callable
from functools import cached_property, partial
from os import DirEntry
from typing import NamedTuple

from kbpilot.formats import is_article_name
from kbpilot.workspace import Workspace

# Where the platform allows, a folder is listed and its files stat'ed through one open handle:
# each stat then looks up a name, not the whole path (a fifth less time at 10,000 articles).
_BY_HANDLE = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd
# What a walk collects: the files' paths, keys, sizes and mtimes.
Columns = tuple[list[str], list[str], list[int], list[int]]


class FileState(NamedTuple):
    """An article file as found on disk: its path, its key in the index, its stat."""

    path: str
    key: str
    size: int
    mtime_ns: int


class Walk:
    """The article files one walk found, in the folders' listing order, a column per field; how
    many (`count`), the latest mtime among them (`latest`, -1 for none) and the `digest` of the
    columns (see `digest_of`). A walk handed over by another process may read its columns only
    when first asked for them (`prewalk`): `close()` lets go of what it would read them from."""

    def __init__(self, digest: str, count: int, latest: int, columns: Columns | None) -> None:
        self.digest = digest
        self.count = count
        self.latest = latest
        self._columns = columns

    @classmethod
    def of(cls, paths: list[str], keys: list[str], sizes: list[int], mtimes: list[int]) -> Walk:
        """The walk of these columns."""
        digest = digest_of(keys, sizes, mtimes)
        return cls(digest, len(keys), max(mtimes, default=-1), (paths, keys, sizes, mtimes))

    @property
    def columns(self) -> Columns:
        assert self._columns is not None, "a walk made here has its columns"
        return self._columns

    def close(self) -> None:
        """Let go of what the columns would be read from (a walk made here holds nothing)."""

    @property
    def keys(self) -> list[str]:
        return self.columns[1]

    def __len__(self) -> int:
        return self.count

    @cached_property
    def files(self) -> list[FileState]:
        return list(map(FileState, *self.columns))

    def since(self, after_ns: int) -> list[FileState]:
        """The files modified at or after `after_ns`."""
        if self.latest < after_ns:
            return []
        paths, keys, sizes, mtimes = self.columns
        return [
            FileState(paths[n], keys[n], sizes[n], mtime)
            for n, mtime in enumerate(mtimes)
            if mtime >= after_ns
        ]


def digest_of(keys: list[str], sizes: list[int], mtimes: list[int]) -> str:
    """One hash of every file's key, size and mtime, in the walk's order; "" for a file dated
    beyond what 64 bits of nanoseconds hold."""
    joined = "\0".join(keys).encode()
    try:
        numbers = array("q", sizes).tobytes() + array("q", mtimes).tobytes()
    except OverflowError:
        return ""
    digest = hashlib.sha256(f"{len(keys)}\0{len(joined)}\0".encode())
    digest.update(joined)
    digest.update(numbers)
    return digest.hexdigest()


def walk_articles(workspace: Workspace) -> Walk:
    """Every article file of the KB with its index key (its KB-relative path) and stat: the same
    files as `Workspace.article_paths()` (hidden files and folders skipped, links out of the KB
    too), in the folders' listing order."""
    found: Columns = ([], [], [], [])
    top = workspace.articles_dir
    if top.is_dir():
        _walk(str(top), workspace.relative(top), found, workspace.leaves_kb)
    return Walk.of(*found)


def _walk(folder: str, key: str, found: Columns, leaves_kb: Callable[[str], bool]) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY) if _BY_HANDLE else None
    except OSError:
        return
    try:
        _walk_listing(folder, handle, key, found, leaves_kb)
    finally:
        if handle is not None:
            os.close(handle)


def _walk_listing(
    folder: str,
    handle: int | None,
    key: str,
    found: Columns,
    leaves_kb: Callable[[str], bool],
) -> None:
    try:
        with os.scandir(folder if handle is None else handle) as listing:
            entries = list(listing)
    except OSError:
        return
    prefix, key_prefix = folder + os.sep, key + "/"
    paths, keys, sizes, mtimes = found
    # A name looked up in the open folder: DirEntry.stat() would build its path first.
    stat: Callable[[DirEntry[str]], os.stat_result] = (
        DirEntry.stat if handle is None else partial(_stat_in, handle)
    )
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(prefix + name, key_prefix + name, found, leaves_kb)
            elif (
                is_article_name(name)
                and entry.is_file()
                and not (entry.is_symlink() and leaves_kb(prefix + name))
            ):
                found_stat = stat(entry)
                paths.append(prefix + name)
                keys.append(key_prefix + name)
                sizes.append(found_stat.st_size)
                mtimes.append(found_stat.st_mtime_ns)
        except OSError:
            continue


def _stat_in(folder: int, entry: DirEntry[str]) -> os.stat_result:
    return os.stat(entry.name, dir_fd=folder)
