"""A cold `kbpilot search`'s walk of the KB, made by a child process while the command imports.

Most of a cold `kbpilot search` is importing (click, whoosh, the search package) and walking the
KB (a stat of every article file, to learn that none changed since the index was written), and
neither needs the other. A thread cannot walk beside the imports, which hold the interpreter's
lock, so where forking is safe the command's first act, once it has found the KB's folder and
before it reads the KB's settings or imports click, is `start`: it forks a child that walks the
KB as its default settings have it (its `articles` folder, no links out of it followed), writes
the walk to a pipe and ends. Once the settings are read, `start` again keeps that child if they
agree, or stops it and forks one that walks the KB as they say. The update of the index `take`s
that walk in place of its own: the walk's digest, count and latest mtime come first, and are
all that an unchanged KB needs; the columns (every file's path, key, size and mtime) follow,
and are read only when needed. The update closes the walk when done with it, which lets go of
an answer it never needed to read.

The search stays as fresh as with a walk of its own: the child is forked once the command has
started, so its walk sees every edit saved before it; `take` hands the walk over once, only for
the KB that was walked (the same folder, articles folder and setting for links), and the update
uses it only when it got the index's write lock at once (`index.update_index`). Anything else,
and the update walks the KB itself: no fork (Windows; macOS, where a forked child may crash in
the system's libraries), a fork or pipe refused, a child that failed or was killed, an answer
cut short.
"""

from __future__ import annotations

import marshal
import os
import signal
import sys
from contextlib import suppress
from struct import Struct
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, NoReturn

from kbpilot.search.walk import Columns, Walk, walk_articles

if TYPE_CHECKING:
    from kbpilot.workspace import Workspace

# The platforms (sys.platform prefixes) where the walk is forked.
FORKING_PLATFORMS = ("linux",)
# A child's answer starts with this; another version's answer is not read. The answer is two
# parts, each its length then marshalled data: the walk's digest, count and latest mtime, then
# its columns (written after the first part has gone, and read only if needed).
ANSWER_FORMAT = "kbpilot-walk-2"
_LENGTH = Struct("<Q")


class _Child(NamedTuple):
    pid: int
    answer: int  # the read end of the pipe the child writes its walk to
    identity: tuple[str, str, bool]  # what it walks (see `_identity`)


_pending: list[_Child] = []


def start(workspace: Workspace) -> bool:
    """Fork a child that walks the KB, unless one already walks it (as the KB's default
    settings have it, before its own are read: a child that walks another folder is stopped);
    False when none walks it (the platform, or the system refused)."""
    identity = _identity(workspace)
    if _pending and _pending[-1].identity == identity:
        return True
    while _pending:
        _stop(_pending.pop())
    if not sys.platform.startswith(FORKING_PLATFORMS):
        return False
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return False
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return False
    if pid == 0:
        _walk_and_exit(read_end, write_end, workspace)
    os.close(write_end)
    _pending.append(_Child(pid, read_end, identity))
    return True


def take(workspace: Workspace) -> Walk | None:
    """The child's walk, if one was started and it walked this KB; None otherwise (and after
    the first call; a child that walks another KB is stopped, never waited for). Waits for the
    child to have walked; the walk's columns are read from the child when first used (a fresh
    index needs none of them)."""
    if not _pending:
        return None
    child = _pending.pop()
    if child.identity != _identity(workspace):
        _stop(child)
        return None
    answer = os.fdopen(child.answer, "rb")
    try:
        mark, digest, count, latest = marshal.loads(_read_part(answer))
        if mark != ANSWER_FORMAT:
            raise ValueError("another version's answer")
        if not (isinstance(digest, str) and isinstance(count, int) and isinstance(latest, int)):
            raise ValueError("a damaged answer")
    # A short or damaged answer (the child was killed while it wrote).
    except (OSError, EOFError, ValueError, TypeError):
        answer.close()
        _reap(child.pid)
        return None
    return _HandedOver(digest, count, latest, answer, child.pid, workspace)


class _HandedOver(Walk):
    """The child's walk: its columns are read from the child's answer when first asked for;
    if they cannot be (the child failed or was killed meanwhile), they are those of a walk of
    this process's own, whose digest, count and latest mtime this walk then takes."""

    def __init__(
        self, digest: str, count: int, latest: int, answer: BinaryIO, pid: int, kb: Workspace
    ) -> None:
        super().__init__(digest, count, latest, None)
        self._answer = answer
        self._pid = pid
        self._kb = kb

    @property
    def columns(self) -> Columns:
        if self._columns is None:
            read = self._read()
            self.digest, self.count, self.latest = read.digest, read.count, read.latest
            self._columns = read.columns
        return self._columns

    def _read(self) -> Walk:
        try:
            with self._answer:
                paths, keys, sizes, mtimes = marshal.loads(_read_part(self._answer))
            if not len(paths) == len(keys) == len(sizes) == len(mtimes) == self.count:
                raise ValueError("columns of different lengths")
        except (OSError, EOFError, ValueError, TypeError):
            return walk_articles(self._kb)
        finally:
            _reap(self._pid)
        return Walk.of(paths, keys, sizes, mtimes)

    def close(self) -> None:
        if not self._answer.closed:
            self._answer.close()
            _reap(self._pid)


def _read_part(answer: BinaryIO) -> bytes:
    """One part of the answer: its length (8 bytes), then as many bytes."""
    head = answer.read(_LENGTH.size)
    if len(head) != _LENGTH.size:
        raise EOFError("no answer")
    (size,) = _LENGTH.unpack(head)
    data = answer.read(size)
    if len(data) != size:
        raise EOFError("the answer ends early")
    return data


def _identity(workspace: Workspace) -> tuple[str, str, bool]:
    """What a walk depends on: the KB's folder, its articles folder, whether links out of the
    KB are followed."""
    return str(workspace.root), str(workspace.articles_dir), workspace.settings.follow_outside_links


def _walk_and_exit(read_end: int, write_end: int, workspace: Workspace) -> NoReturn:
    """The child: walk, write the answer, end without the interpreter's teardown. Whatever
    fails, it ends with nothing more written (the parent then walks itself)."""
    code = 1
    try:
        os.close(read_end)
        _let_go_of_output()
        walk = walk_articles(workspace)
        head = marshal.dumps((ANSWER_FORMAT, walk.digest, walk.count, walk.latest))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(_LENGTH.pack(len(head)) + head)
            pipe.flush()
            columns = marshal.dumps(walk.columns)
            _fit_pipe(write_end, _LENGTH.size + len(columns) + len(head))
            pipe.write(_LENGTH.pack(len(columns)) + columns)
        code = 0
    finally:
        os._exit(code)


def _let_go_of_output() -> None:
    """Point the child's standard streams at the null device: it never prints, and a caller
    reading the command's output to its end must not wait for the child."""
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    os.close(null)


def _fit_pipe(pipe: int, size: int) -> None:
    """Let the pipe hold the whole answer where the system allows, so the child can end before
    the parent reads (else it waits for the reads)."""
    with suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, size)


def _stop(child: _Child) -> None:
    """End a child whose walk is not wanted, and collect it."""
    os.close(child.answer)
    with suppress(OSError):
        os.kill(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)


def _reap(pid: int) -> None:
    """Collect the child's exit status if it has ended (else it is collected when this process
    ends)."""
    with suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
