"""Phrases: whether a phrase's stems stand next to each other, in order, in a document's body.

A phrase is matched and scored as the plain terms of its stems (whoosh's own phrase query scores
the same: the sum of its terms'), then checked here on the document's stored `stems`: its body
as indexed, stems split by spaces, a text a line (a phrase never spans two texts, a title and the
text). No field keeps positions; checking a stored string costs a few microseconds a document,
and the evaluator checks only the documents that can enter the hits (`evaluate`).
"""

from __future__ import annotations

from collections.abc import Sequence


def holds(stems: str, phrases: Sequence[Sequence[str]]) -> bool:
    """Whether every phrase (a sequence of stems) stands in the document's stored stems."""
    padded = f" {stems.replace(chr(10), ' | ')} "
    return all(f" {' '.join(phrase)} " in padded for phrase in phrases)
