"""How a run's steps are addressed: the paths `run do RUN STEP` takes and every output shows.

A run of an article with one procedure numbers its steps as the article does: "1", "2", "6.1".
A run of an article with several procedures keeps each one apart, as the article does: procedure
N is the step "PN" (titled by its heading) and its steps are "PN.1", "PN.2", "PN.2.1", so the
article's own numbering follows the procedure's number and never collides with a nested step
("P2.1" is the 2nd procedure's first step, "2.1" a nested one). An article included later is one
more top-level step: "7" in a run of one procedure, "P6" in one of several.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kbpilot.model import Article, Step

PREFIX = "P"
_PROCEDURE = re.compile(rf"{PREFIX}(\d+)")


def procedure_path(number: int) -> str:
    """The path of a run's procedure heading: 2 -> "P2"."""
    return f"{PREFIX}{number}"


def is_procedure(path: str) -> bool:
    """Is `path` a procedure's heading ("P2") rather than a step ("P2.1", "3")?"""
    return _PROCEDURE.fullmatch(path) is not None


def normalise(typed: str) -> str:
    """A path as a user typed it, as runs store it: "p2.1." -> "P2.1"."""
    path = typed.strip().rstrip(".")
    return PREFIX + path[1:] if path[:1].lower() == PREFIX.lower() else path


def split(path: str) -> tuple[int | None, str]:
    """(procedure number or None, the path within it): "P2.1.3" -> (2, "1.3"), "3" -> (None,
    "3")."""
    head, _, rest = path.partition(".")
    found = _PROCEDURE.fullmatch(head)
    return (int(found.group(1)), rest) if found else (None, path)


def next_top(paths: Iterable[str], at_least: int = 0) -> str:
    """The path of one more top-level step after `paths`: "7" after "6.2"; "P6" after "P5.1",
    or after "P{at_least}" when that is higher (an included article follows every procedure of
    the article, even those the run left out)."""
    tops = [path.partition(".")[0] for path in paths]
    if any(is_procedure(top) for top in tops):
        numbers = [split(top)[0] or 0 for top in tops]
        return procedure_path(max([at_least, *numbers]) + 1)
    return str(max((int(top) for top in tops), default=0) + 1)


def article_step(article: Article, path: str) -> Step | None:
    """The step of the run's article that the run's step at `path` copies, if any."""
    number, rest = split(path)
    if number is None:
        return next((step for found, step in article.steps() if found == path), None)
    if rest and number <= len(article.procedures):
        return article.procedures[number - 1].find(rest)
    return None
