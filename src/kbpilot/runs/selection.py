"""Which of an article's procedures a run follows: each named by its heading or its number.

A heading matches case-insensitively, whole or by a prefix only it has ("phase 2" for "Phase 2:
Containment"); a number is the procedure's 1-based place in the article ("2", or "P2" as runs
address it). Nothing named: all of them. Anything unknown or ambiguous is refused with the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from kbpilot.errors import KbpilotError
from kbpilot.model import Article, Procedure
from kbpilot.runs.addresses import PREFIX, normalise


def heading(procedure: Procedure, number: int) -> str:
    """What a procedure is called in a run: its heading, else "Procedure N"."""
    return procedure.title or f"Procedure {number}"


def listing(article: Article) -> str:
    """The article's procedures as a choice to read: `1 "Phase 1: ..."; 2 "Phase 2: ..."`."""
    return "; ".join(
        f"{number} {heading(p, number)!r}" for number, p in enumerate(article.procedures, 1)
    )


def _number(article: Article, given: str) -> int:
    text = given.strip()
    digits = normalise(text).removeprefix(PREFIX)
    wanted = text.lower()
    titles = [heading(p, n).lower() for n, p in enumerate(article.procedures, 1)]
    if digits.isdigit():
        matches = [int(digits)] if 1 <= int(digits) <= len(titles) else []
    else:
        exact = [n for n, title in enumerate(titles, 1) if title == wanted]
        matches = exact or [n for n, title in enumerate(titles, 1) if title.startswith(wanted)]
    if len(matches) == 1 and wanted:
        return matches[0]
    problem = (
        f"{given!r} could be several procedures of {article.title!r}"
        if len(matches) > 1 and wanted
        else f"{article.title!r} has no procedure {given!r}"
    )
    raise KbpilotError(f"{problem}; give a heading or a number of: {listing(article)}")


def chosen(article: Article, given: Sequence[str]) -> list[int]:
    """The 1-based numbers of the procedures `given` names, in the article's order, each once;
    all of them when `given` is empty."""
    if not given:
        return list(range(1, len(article.procedures) + 1))
    return sorted({_number(article, name) for name in given})
