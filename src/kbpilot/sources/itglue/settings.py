"""`[sources.itglue]` in kb/kbpilot.toml: which documents to sync and where they go.

[sources.itglue]
organizations = ["Northwind Traders"]  # by name (any case); default none
global = true            # the account's own documents (its primary organization's)
folders = []             # folder names; none = every folder and the root documents
removed = "record"       # or "delete": what happens to an article whose document went
folder = "itglue"        # under the KB's articles folder
page_size = 1000         # documents per page (1-1000)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.integrations.itglue.wire import MAX_PAGE_SIZE
from kbpilot.sources.sync import REMOVE_MODES

TABLE = "sources.itglue"
_KEYS = {"organizations", "global", "folders", "removed", "folder", "page_size"}


@dataclass(frozen=True)
class ITGlueSourceSettings:
    organizations: tuple[str, ...] = ()
    global_documents: bool = True
    folders: tuple[str, ...] = ()
    removed: str = "record"
    folder: str = "itglue"
    page_size: int = MAX_PAGE_SIZE

    @classmethod
    def from_raw(cls, raw: dict[str, Any], where: str = "kb/kbpilot.toml") -> ITGlueSourceSettings:
        """The table from the settings' raw TOML; every key checked, errors named."""
        sources = raw.get("sources") or {}
        table = sources.get("itglue") if isinstance(sources, dict) else None
        if table is None:
            return cls()
        if not isinstance(table, dict):
            raise ConfigError(where, f"[{TABLE}] must be a table")
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise ConfigError(
                where,
                f"[{TABLE}]: unknown key(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(_KEYS))}",
            )
        removed = table.get("removed", cls.removed)
        if removed not in REMOVE_MODES:
            raise ConfigError(
                where, f"{TABLE}.removed: {removed!r}: choose one of {', '.join(REMOVE_MODES)}"
            )
        folder = table.get("folder", cls.folder)
        if not isinstance(folder, str) or not folder.strip() or ".." in folder.split("/"):
            raise ConfigError(where, f"{TABLE}.folder: a folder name under the articles folder")
        page_size = table.get("page_size", cls.page_size)
        if (
            not isinstance(page_size, int)
            or isinstance(page_size, bool)
            or not 1 <= page_size <= MAX_PAGE_SIZE
        ):
            raise ConfigError(where, f"{TABLE}.page_size: a whole number from 1 to {MAX_PAGE_SIZE}")
        global_documents = table.get("global", True)
        if not isinstance(global_documents, bool):
            raise ConfigError(where, f"{TABLE}.global: must be true or false")
        return cls(
            organizations=_names(table, "organizations", where),
            global_documents=global_documents,
            folders=_names(table, "folders", where),
            removed=removed,
            folder=folder.strip().strip("/"),
            page_size=page_size,
        )

    def narrowed(
        self,
        organizations: tuple[str, ...] = (),
        folders: tuple[str, ...] = (),
        global_documents: bool | None = None,
    ) -> ITGlueSourceSettings:
        """These settings with the command line's choices in place of the file's."""
        return replace(
            self,
            organizations=organizations or self.organizations,
            folders=folders or self.folders,
            global_documents=self.global_documents
            if global_documents is None
            else global_documents,
        )


def _names(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(where, f"{TABLE}.{key}: must be a list of names")
    return tuple(v.strip() for v in value)
