"""whoosh, the search engine, as kbpilot uses it: the one module of kbpilot that imports it.

whoosh's own imports pull in things kbpilot never calls, which cost more to load than the rest
of whoosh: `whoosh.compat` imports `urllib.request` for a download helper (and with it email,
http.client and ssl), `whoosh.reading` takes a decorator from the `cached_property` package,
which imports asyncio, and `whoosh.searching` imports whoosh's own query package (whose
`terms` module compiles some thirty large regular expressions of English morphology) and its
highlighting, for methods kbpilot never calls (`_LOOKED_UP_LATER`, about 6 ms of a cold
search); and a few standard modules for functions a search never calls (`_CALLED_LATER`: with
`locale`, `bz2` and `lzma` behind them, about 5 ms). A process that imports whoosh with no other
thread running (`kbpilot search`, the TUI's search process) imports it with stand-ins for those
modules: each stand-in hands over the real function when it is first called (or the real
module's names when first looked up), and the decorator is the standard library's equivalent. The
stand-ins are in `sys.modules` only while whoosh is imported, so any other importer gets the
real modules. With other threads running (the TUI's own process, which indexes edits in a
worker), whoosh is imported as it is: another thread must never see a stand-in.
"""

from __future__ import annotations

import functools
import io
import pickle
import sys
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from itertools import accumulate
from struct import Struct
from types import ModuleType
from typing import Any


def _handed_over(module: str, name: str) -> Callable[..., Any]:
    """A function that imports the real `module` when called and calls its `name`."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def _looked_up(module: str) -> Callable[[str], Any]:
    """A stand-in module's `__getattr__`: imports the real `module` and looks the name up in it."""

    def attribute(name: str) -> Any:
        real = import_module(module)
        if getattr(real, "__getattr__", None) is attribute:
            raise ImportError(f"{module}.{name} was looked up while whoosh was being imported")
        return getattr(real, name)

    return attribute


def _stand_ins() -> dict[str, dict[str, Any]]:
    """The modules whoosh imports and kbpilot never uses, by name: what whoosh takes from each."""
    return {
        "urllib.request": {"urlretrieve": _handed_over("urllib.request", "urlretrieve")},
        "cached_property": {"cached_property": functools.cached_property},
        **{
            module: {name: _handed_over(module, name) for name in names}
            for module, names in _CALLED_LATER.items()
        },
        **{module: {"__getattr__": _looked_up(module)} for module in _LOOKED_UP_LATER},
    }


# Standard modules whoosh imports for functions it calls only to write, classify or parse
# dates (what it calls of each), which a search never does: a stand-in hands each over.
_CALLED_LATER = {
    "calendar": ("monthrange",),
    "html": ("escape",),
    "random": ("choice", "randint", "sample"),
    "shutil": ("copyfileobj",),
    "tempfile": ("gettempdir", "mkstemp"),
}


# whoosh's modules that `whoosh.searching` imports whole for methods a search of kbpilot's never
# calls (whoosh's own queries, highlighting): about 6 ms of a cold search. Each stand-in imports
# the real module when a name is first looked up in it.
_LOOKED_UP_LATER = ("whoosh.highlight", "whoosh.query")


@contextmanager
def _without_unused_imports() -> Iterator[None]:
    """Stand-ins for the modules whoosh imports in vain, while whoosh is imported (none when
    another thread runs, or when a module is already loaded)."""
    if threading.active_count() > 1 or "whoosh.compat" in sys.modules:
        yield
        return
    placed = {}
    for name, attributes in _stand_ins().items():
        if name not in sys.modules:
            module = ModuleType(name)
            module.__dict__.update(attributes)
            placed[name] = sys.modules[name] = module
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


with _without_unused_imports():
    from whoosh.analysis import Token, Tokenizer
    from whoosh.analysis.filters import STOP_WORDS
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
    from whoosh.filedb import compound
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import BufferFile
    from whoosh.index import TOC, EmptyIndexError, FileIndex, IndexVersionError
    from whoosh.lang.porter import stem
    from whoosh.reading import IndexReader
    from whoosh.scoring import BM25F
    from whoosh.searching import Searcher
    from whoosh.util.filelock import try_for
    from whoosh.util.numeric import byte_to_length
    from whoosh.writing import CLEAR, SegmentWriter


class _MemoryReader(io.RawIOBase):
    """A read-only file over a buffer (a slice of the mapped segment file), never copying it."""

    def __init__(self, buffer: memoryview) -> None:
        super().__init__()
        self._buffer = buffer
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, into: Any) -> int:
        start = self._position
        count = max(0, min(len(into), len(self._buffer) - start))
        into[:count] = self._buffer[start : start + count]
        self._position = start + count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._buffer)}
        self._position = max(0, base[whence] + offset)
        return self._position

    def tell(self) -> int:
        return self._position


class MappedFile(BufferFile):
    """One file of a mapped segment, read in place. whoosh's own `BufferFile` copies the whole
    file into a BytesIO when it is opened: opening a reader copied the terms and postings (70 MB
    at 10,000 articles, about 100 ms) and the first search the stored documents. This reads
    through a small buffer instead, at the same query speed, and `get` slices as whoosh does."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = io.BufferedReader(_MemoryReader(buf))
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


# A block of postings starts with its length in bytes, as whoosh writes it (`write_int`).
_BLOCK_LENGTH = Struct("!i")

# The segment files whoosh maps are opened as MappedFile (the one place whoosh makes a BufferFile
# of a mapped file is its compound storage's `open_file`).
compound.BufferFile = MappedFile


def posting_blocks(
    reader: IndexReader, field: str, text: str
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings in one segment, a block at a time: document numbers and weights, as
    whoosh stores them (deleted documents left out). whoosh's matchers hand them over one
    posting per call, several calls each; this reads the arrays of each block whole, and the
    blocks of a mapped segment file straight from its buffer (`_mapped_blocks`)."""
    if (field, text) not in reader:
        return
    deleted = reader.deleted_docs_set
    postings = reader.postings(field, text)
    leaf = postings.child if deleted else postings
    if isinstance(leaf, W3LeafMatcher) and not leaf._byteids:
        blocks = (
            _mapped_blocks(leaf._postfile._buf, leaf._baseoffset)
            if isinstance(leaf._postfile, MappedFile)
            else _leaf_blocks(leaf)
        )
    else:
        blocks = _one_at_a_time(leaf)
    for ids, weights in blocks:
        if deleted:
            kept = [n for n, doc in enumerate(ids) if doc not in deleted]
            ids, weights = [ids[n] for n in kept], [weights[n] for n in kept]
        yield ids, weights


def _mapped_blocks(
    buffer: memoryview, position: int
) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The blocks of postings from `position` of a mapped file, read as whoosh's `W3LeafMatcher`
    reads them (its `_goto`, `_read_data`, `_read_ids`, `_read_weights`) without going through
    the file's buffered reader: each block is its length (negative for the last), a pickled
    tuple of facts (count, last id, top weight, compression, shortest and longest length) and
    the pickled, maybe compressed, tuple of document number deltas, weights and values."""
    while True:
        (length,) = _BLOCK_LENGTH.unpack_from(buffer, position)
        start = position + _BLOCK_LENGTH.size
        end = start + abs(length)
        block = io.BytesIO(buffer[start:end])
        count, _, _, compression, _, _ = pickle.load(block)
        data = block.read()
        deltas, weights, _ = pickle.loads(zlib.decompress(data) if compression else data)
        if weights is None:
            weights = array("f", (1.0 for _ in range(count)))
        elif isinstance(weights, float):
            weights = array("f", (weights for _ in range(count)))
        yield list(accumulate(deltas)), weights
        if length < 0:
            return
        position = end


def _leaf_blocks(leaf: W3LeafMatcher) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The blocks of postings through whoosh's own matcher (a file that is not mapped)."""
    while leaf.is_active():
        if leaf._data is None:
            leaf._read_data()
        if leaf._weights is None:
            leaf._read_weights()
        # The block's document numbers are stored as deltas (whoosh adds them up in Python).
        yield list(accumulate(leaf._data[0])), leaf._weights
        leaf._next_block()


def _one_at_a_time(leaf: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """Postings a matcher holds in memory (a term found once is kept in its terms entry)."""
    while leaf.is_active():
        yield [leaf.id()], [leaf.weight()]
        leaf.next()


@functools.cache
def accent_map() -> dict[int, str]:
    """whoosh's accent folding table (`str.translate`'s); its module is large (some 700 letters
    and a charset table), so it is loaded by the first text that has a letter beyond ASCII."""
    from whoosh.support.charset import accent_map as folding

    folded: dict[int, str] = folding
    return folded


def length_codes(reader: IndexReader, field: str) -> bytes:
    """Each document's length in a scorable field of one segment as whoosh stores it: one byte a
    document (`byte_to_length` decodes it), read in one piece instead of a call per document."""
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
    stored = b"" if column is None else column._dbfile.get(column._basepos, column._count)
    return bytes(stored[:count]).ljust(count, b"\0")


__all__ = [
    "BM25F",
    "CLEAR",
    "ID",
    "KEYWORD",
    "STOP_WORDS",
    "STORED",
    "TEXT",
    "TOC",
    "EmptyIndexError",
    "FileIndex",
    "FileStorage",
    "IndexReader",
    "IndexVersionError",
    "Schema",
    "Searcher",
    "SegmentWriter",
    "Token",
    "Tokenizer",
    "accent_map",
    "byte_to_length",
    "length_codes",
    "posting_blocks",
    "stem",
    "try_for",
]
