"""Secret values: a wrapper that never shows itself, and the redaction of every text we emit.

A `Secret` registers its value when created, with the forms a server may echo it in
(URL-encoded by `quote` or `quote_plus`, either hex case, and JSON-escaped); `redact()` replaces
any registered form in a text, and `RedactingFilter` does the same for log records. Errors, log
lines and reprs of the integrations pass through it, so a service that echoes a key back cannot
leak it either.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from urllib.parse import quote, quote_plus

MASK = "***"
_MIN_LENGTH = 4
_registry: set[str] = set()
_lock = threading.Lock()
_PERCENT_HEX = re.compile("%[0-9A-F]{2}")


def echoed_forms(value: str) -> set[str]:
    """`value` as written, URL-encoded (path and form style, upper and lower case hex) and as it
    appears inside a JSON string (escaped, with and without non-ASCII escapes)."""
    encoded = {quote(value), quote(value, safe=""), quote_plus(value), quote_plus(value, safe="")}
    encoded |= {_PERCENT_HEX.sub(lambda m: m.group().lower(), form) for form in encoded}
    escaped = {json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    return {value, *encoded, *escaped}


class Secret:
    """A credential value: only `reveal()` shows it, for the header that needs it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        if len(value) >= _MIN_LENGTH:
            forms = echoed_forms(value)
            with _lock:
                _registry.update(forms)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


def redact(text: str) -> str:
    """The text with every registered secret value (in each echoed form) replaced by `***`,
    longest first."""
    with _lock:
        values = sorted(_registry, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the formatted message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg = clean
            record.args = None
        return True


def integration_logger(name: str) -> logging.Logger:
    """A logger under `kbpilot.integrations` whose records are redacted before any handler."""
    logger = logging.getLogger(f"kbpilot.integrations.{name}")
    if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger
