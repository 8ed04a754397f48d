"""Blocks back to text: Markdown for the TUI's preview pane, plain text for search and templates."""

from __future__ import annotations

import re

from kbpilot.parsing.blocks import Block, Heading, Paragraph

_NUMBERED = re.compile(r"(\d+)([.)])")


def render_markdown(title: str, blocks: list[Block]) -> str:
    """The article as Markdown, whatever its source format."""
    lines = [f"# {title}", ""]
    for block in blocks:
        lines.extend(_markdown_block(block, indent=""))
    return "\n".join(lines).rstrip() + "\n"


def render_text(title: str, blocks: list[Block]) -> str:
    """The article's visible text, one block a line, for indexing."""
    lines = [title]
    _text_blocks(blocks, lines)
    return "\n".join(lines)


def _markdown_block(block: Block, indent: str) -> list[str]:
    """One block as Markdown; a heading the author wrote as a bold line stays a line."""
    if isinstance(block, Heading) and block.implied:
        return [_escape(block.text), ""]
    if isinstance(block, Heading):
        return [f"{'#' * min(block.level + 1, 6)} {_escape(block.text)}", ""]
    if isinstance(block, Paragraph):
        return [f"{indent}{_escape(block.text)}", ""]
    lines: list[str] = []
    for position, item in enumerate(block.items, start=1):
        marker = f"{position}." if block.ordered else "-"
        lines.append(f"{indent}{marker} {_escape(item.text)}")
        child_indent = indent + " " * (len(marker) + 1)
        for child in item.children:
            child_lines = _markdown_block(child, child_indent)
            lines.extend(line for line in child_lines if line)
    lines.append("")
    return lines


def _escape(text: str) -> str:
    """Keep text literal where Markdown would read a leading marker as structure."""
    if text[:1] in "#>+-*":
        return "\\" + text
    number = _NUMBERED.match(text)
    if number:
        return f"{number[1]}\\{number[2]}{text[number.end() :]}"
    return text


def _text_blocks(blocks: list[Block], lines: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            lines.append(block.text)
            continue
        for item in block.items:
            lines.append(item.text)
            _text_blocks(item.children, lines)
