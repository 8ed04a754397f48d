"""The `source` front matter of a synced article: which platform's document it is a copy of."""

from __future__ import annotations

from typing import Any

from kbpilot.model import Origin

_KEYS = ("system", "document", "organization", "folder", "updated_at", "url")


def read_origin(value: Any) -> tuple[Origin | None, str | None]:
    """The origin `value` describes, or None and what is wrong with it."""
    if not isinstance(value, dict):
        return None, "source must be a mapping (system, document, organization, ...)"
    unknown = sorted(str(key) for key in set(value) - set(_KEYS))
    if unknown:
        return None, f"source: unknown key(s) {', '.join(unknown)}; known: {', '.join(_KEYS)}"
    texts = {}
    for key in _KEYS:
        item = value.get(key)
        if item is not None and (isinstance(item, bool) or not isinstance(item, str | int)):
            return None, f"source.{key} must be text"
        texts[key] = None if item is None or str(item).strip() == "" else str(item).strip()
    system, document = texts.pop("system"), texts.pop("document")
    if system is None or document is None:
        return None, "source needs a system and a document"
    return Origin(system, document, **texts), None
