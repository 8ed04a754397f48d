"""The query mix both engines answer: six classes, in kbpilot's syntax and in FTS5's."""

from __future__ import annotations

QUERIES: dict[str, list[str]] = {
    "single": ["offboarding", "ransomware", "licence", "firewall", "runbook", "warranty"],
    "two words": [
        "reset password",
        "offline workstation",
        "backup failure",
        "vpn connection",
        "checklist library",
        "shared mailbox",
    ],
    "phrase": [
        '"create a new ticket"',
        '"datto rmm"',
        '"microsoft 365 admin center"',
        '"checklist library"',
        '"password reset"',
        '"primary contact"',
    ],
    "prefix": ["offb", "runbo", "licen", "firew", "chec", "procur"],
    "fuzzy": ["ofboarding", "pasword", "runbok", "firewal", "licnce", "warrenty"],
    "filtered": [
        "system:itglue runbook",
        "category:security ransomware",
        "tag:alerts offline",
        "category:backup restore",
        "system:autotask ticket",
        "tag:vpn firewall",
    ],
}


def fts5_query(kind: str, query: str) -> str:
    """The same query in FTS5's MATCH syntax (fuzzy words are expanded by the caller)."""
    if kind == "prefix":
        return f"{query}*"
    if kind == "filtered":
        name, rest = query.split(":", 1)
        value, _, words = rest.partition(" ")
        column = {"system": "system", "category": "category", "tag": "tags"}[name]
        return f'{column} : "{value}" AND {words}'
    return query
