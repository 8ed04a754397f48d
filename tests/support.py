"""Paths tests share: the repository and ../shared beside it."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def procedure_shapes(path: Path) -> list[tuple[str | None, int, int, str]]:
    """Each procedure of an article file as (heading, steps, nested steps at all depths, how it
    was found): the shape the parsing shape tests assert."""
    from kbpilot.parsing import parse_file

    article = parse_file(path, source=path.name)
    return [
        (
            procedure.title,
            len(procedure.steps),
            sum(1 for _ in procedure.walk()) - len(procedure.steps),
            procedure.found_by,
        )
        for procedure in article.procedures
    ]
