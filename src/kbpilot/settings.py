"""The KB's settings (kb/kbpilot.toml) as one typed object; every field checked, errors named.

Sections owned by other areas (`[autotask]`, `[itglue]`, `[runs]`) stay in `raw` for those
areas to read with their own typed objects.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kbpilot.errors import ConfigError

if TYPE_CHECKING:
    from kbpilot.model import Field

DEFAULT_NAME = "knowledge base"
DEFAULT_ARTICLES_DIR = "articles"
DEFAULT_MAX_BYTES = 5_000_000
_TOML_WHERE = re.compile(r"\s*\(at line (?P<line>\d+), column \d+\)")


class Person(NamedTuple):
    """Someone procedures name ("... an appointment with Matthew") and how to reach them."""

    key: str
    name: str
    scheduling_link: str | None = None
    email: str | None = None


class ArticleSettings(NamedTuple):
    """Metadata for one article that its format cannot carry (plain-text dumps), by article id."""

    category: str | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    procedures: tuple[str, ...] = ()


class Settings:
    """Everything kb/kbpilot.toml says; defaults when the file or a key is absent. `digest` is
    the hash of the file's bytes ("" without a file): the same digest, the same settings. Read
    only once made."""

    def __init__(
        self,
        *,
        name: str = DEFAULT_NAME,
        articles_dir: str = DEFAULT_ARTICLES_DIR,
        max_article_bytes: int = DEFAULT_MAX_BYTES,
        follow_outside_links: bool = False,
        people: dict[str, Person] | None = None,
        articles: dict[str, ArticleSettings] | None = None,
        raw: dict[str, Any] | None = None,
        source: str | None = None,
        digest: str = "",
    ) -> None:
        self.name = name
        self.articles_dir = articles_dir
        self.max_article_bytes = max_article_bytes
        self.follow_outside_links = follow_outside_links
        self.people: dict[str, Person] = people if people is not None else {}
        self.articles: dict[str, ArticleSettings] = articles if articles is not None else {}
        self.raw: dict[str, Any] = raw if raw is not None else {}
        self.source = source
        self.digest = digest

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and vars(other) == vars(self)

    def __repr__(self) -> str:
        return f"Settings(source={self.source!r}, digest={self.digest!r})"

    def person(self, name: str) -> Person | None:
        """A configured person by key or display name, case-insensitively."""
        wanted = name.strip().lower()
        return next(
            (p for p in self.people.values() if wanted in (p.key.lower(), p.name.lower())), None
        )


def load_settings(path: Path, cache: Path | None = None) -> Settings:
    """Read kb/kbpilot.toml (its tables from `cache` when they were cached for the same bytes,
    see `toml_cache`); a missing file gives the defaults."""
    if not path.is_file():
        return Settings()
    # Loaded by the first file read, not with this module: a cold `kbpilot search` forks its
    # walk of the KB before it reads the settings (see `search.prewalk`).
    from kbpilot.toml_cache import file_hash, recall, remember

    where = str(path)
    content = _read_bytes(path)
    digest = file_hash(content)
    data = recall(cache, digest) if cache is not None else None
    if data is None:
        data = _parse_toml(content, path)
        if cache is not None:
            remember(cache, digest, data)
    kb = _table(data, "kb", where)
    return Settings(
        name=_str(kb, "name", where, "kb") or DEFAULT_NAME,
        articles_dir=_str(kb, "articles", where, "kb") or DEFAULT_ARTICLES_DIR,
        max_article_bytes=_int(kb, "max_article_bytes", where, "kb") or DEFAULT_MAX_BYTES,
        follow_outside_links=_flag(kb, "follow_outside_links", where, "kb"),
        people={
            key: _person(key, _table(table, None, where, f"people.{key}"), where)
            for key, table in _table(data, "people", where).items()
        },
        articles={
            key: _article(_table(table, None, where, f"articles.{key}"), where, f"articles.{key}")
            for key, table in _table(data, "articles", where).items()
        },
        raw=data,
        source=where,
        digest=digest,
    )


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; syntax errors become a ConfigError with the file and line."""
    return _parse_toml(_read_bytes(path), path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigError(str(path), f"cannot read: {error}") from None


def _parse_toml(content: bytes, path: Path) -> dict[str, Any]:
    """The file's tables, its line ends read as a text file reads them (universal newlines).
    tomllib is imported here: a start that finds the tables cached never loads it."""
    import tomllib

    try:
        return tomllib.loads(content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except tomllib.TOMLDecodeError as error:
        found = _TOML_WHERE.search(str(error))
        message = _TOML_WHERE.sub("", str(error)).strip()
        line = int(found["line"]) if found else None
        raise ConfigError(str(path), f"invalid TOML: {message}", line) from None
    except UnicodeDecodeError as error:
        raise ConfigError(str(path), f"cannot read: {error}") from None


def _flag(data: dict[str, Any], key: str, where: str, name: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(where, f"{name}.{key}: must be true or false")
    return value


def parse_field(data: Any, where: str, name: str) -> Field:
    """A field declaration ({key, label, type, required, choices, help}) checked key by key."""
    # The model is loaded only where a field is declared: finding a KB that declares none, and
    # searching it, never is.
    from kbpilot.model import FIELD_TYPES, Field

    if not isinstance(data, dict):
        raise ConfigError(where, f"{name}: a field is a table like {{ key = ..., label = ... }}")
    key = _str(data, "key", where, name)
    if not key:
        raise ConfigError(where, f"{name}: a field needs a `key`")
    kind = _str(data, "type", where, name) or "text"
    if kind not in FIELD_TYPES:
        raise ConfigError(where, f"{name}.type: {kind!r} is not one of {', '.join(FIELD_TYPES)}")
    choices = tuple(_str_list(data, "choices", where, name))
    if kind == "choice" and not choices:
        raise ConfigError(where, f"{name}: a choice field needs `choices = [...]`")
    required = data.get("required", True)
    if not isinstance(required, bool):
        raise ConfigError(where, f"{name}.required: must be true or false")
    unknown = set(data) - {"key", "label", "type", "required", "choices", "help"}
    if unknown:
        raise ConfigError(where, f"{name}: unknown key(s) {', '.join(sorted(unknown))}")
    label = _str(data, "label", where, name) or key.replace("_", " ").capitalize()
    return Field(key, label, kind, required, choices, _str(data, "help", where, name))


def parse_fields(data: Any, where: str, name: str) -> tuple[Field, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ConfigError(where, f"{name}: must be a list of field tables")
    return tuple(parse_field(item, where, f"{name}[{i}]") for i, item in enumerate(data))


def _person(key: str, data: dict[str, Any], where: str) -> Person:
    name = f"people.{key}"
    return Person(
        key=key,
        name=_str(data, "name", where, name) or key.capitalize(),
        scheduling_link=_str(data, "scheduling_link", where, name),
        email=_str(data, "email", where, name),
    )


def _article(data: dict[str, Any], where: str, name: str) -> ArticleSettings:
    return ArticleSettings(
        category=_str(data, "category", where, name),
        tags=tuple(_str_list(data, "tags", where, name)),
        aliases=tuple(_str_list(data, "aliases", where, name)),
        fields=parse_fields(data.get("fields"), where, f"{name}.fields"),
        procedures=tuple(_str_list(data, "procedures", where, name)),
    )


def _table(data: Any, key: str | None, where: str, name: str | None = None) -> dict[str, Any]:
    value = data.get(key) if key is not None else data
    label = name or key
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(where, f"[{label}] must be a table")
    return value


def _str(data: dict[str, Any], key: str, where: str, name: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(where, f"{name}.{key}: must be a string, got {value!r}")
    return value


def _int(data: dict[str, Any], key: str, where: str, name: str) -> int | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ConfigError(where, f"{name}.{key}: must be a positive whole number, got {value!r}")
    return value


def _str_list(data: dict[str, Any], key: str, where: str, name: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, f"{name}.{key}: must be a list of strings")
    return value
