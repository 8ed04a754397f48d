"""Plain-text lines: measuring one line and saying what it looks like.

A line may carry a list marker (`1.`, `1)`, `1-`, `(1)`, `6a)`, `(1.1)`, `1.1`, `a.`, `a-`, `(a)`,
`•`, `o`, `-`),
be a rule (a line made only of `=`, `-`, `*`, `_`, `~` or `#`), open a note (`NOTE:`, `Warning:`),
open a "Step N" paragraph, or look like code or a captured screen (column layout, `<===`
pointers, `|` boxes, menu lines, shell prompts). The text reader decides what to make of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"(?P<label>\((?P<paren>\d{1,3})(?P<paren_alt>[a-z])?\)|(?P<plain>\d{1,3})(?P<alt>[a-z])?[.)-])"
    r"\s+(?P<text>\S.*)"
)
_DOTTED = re.compile(
    r"(?P<label>\((?P<paren>\d{1,3}(?:\.\d{1,3})+)\)|(?P<plain>\d{1,3}(?:\.\d{1,3})+)(?P<end>[.)])?)"
    r"\s+(?P<text>\S.*)"
)
_LETTER = re.compile(r"(?P<label>\((?P<paren>[a-z])\)|(?P<plain>[a-z])[.)-])\s+(?P<text>\S.*)")
_BULLET = re.compile(r"(?P<label>[•·▪◦‣∙§o*\-–])\s+(?P<text>\S.*)")
_MARKER_FIRST = frozenset("0123456789(•·▪◦‣∙§o*-–")
_STEP_LINE = re.compile(r"step\s+\d{1,3}\s*[:.)–-]", re.IGNORECASE)
_NOTE_START = re.compile(r"(?:note|important|warning|caution|tip|attention)\s*:", re.IGNORECASE)
_RULE_CHARS = frozenset("=-*_~#")
_RULE = re.compile(r"([=\-*_~#])\1{2,}")
_TRANSPORT_MARK = re.compile(r"\$[A-Z]+(?:\s|$)|#!")
_URL_ONLY = re.compile(r"<?(?:https?|ftp)://\S+>?")

_SCREEN = re.compile(r"<=+|=+>|^[|+][-=_|+ ]|\|\s*$")
_CODE_FIRST = frozenset('|<>%:{}[]"$#')
_CODE_START = re.compile(r"[|<>%:{}\[\]]|\"[^\w\s]|\$\S|\$ |#!")
_PROMPT_OR_ASSIGNMENT = re.compile(r"\w+>\s|[\w.]+=\S")
_MENU = re.compile(r"(?:\d{1,3}|[A-Z]{1,5})\s{2,}\S")
_ASSIGNMENT = re.compile(r"\b[A-Z_][A-Z0-9_]*=\S")
_PROMPT_DEFAULT = re.compile(r"[^:\s/]//(?:\s|$)")
_LETTERS = re.compile(r"[^\W\d_]")
_TABLE_RULE = re.compile(r"[-=]{2,}(?: {2,}[-=]{2,})+")
_FIELD = re.compile(r"[A-Z][\w ./#()&-]{0,40}:\s+\S")
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\s+(?=\S)")
_SENTENCE = re.compile(r"[A-Z][a-z]+(?:\s+\S+){4,}")


@dataclass(slots=True)
class Line:
    """One line: its 1-based number, indent (tabs count 4), text with spaces collapsed, the text
    as written (inner spacing kept) and whether a TAB indents it."""

    number: int
    indent: int
    text: str
    raw: str = ""
    tab: bool = False
    mark: Marker | None = None
    signal: int = 0


@dataclass(frozen=True, slots=True)
class Marker:
    """A list marker at the start of a line.

    `kind` is "number" (`1.`, `(1)`, `6a)`), "dotted" (`(1.1)`, `1.1`), "letter" (`a.`, `(a)`)
    or "bullet"; the text reader makes a `2a.` under `2.` a "division". `parts` are a dotted
    label's numbers; `label` is the marker as written when it says more than a plain number;
    `text_col` is the column the item's text starts at and `label_end` the column of the
    marker's last character (right-aligned `9)`/`10)` share it). `bare` marks a dotted label
    with neither brackets nor a closing dot (`1.1 Title`).
    """

    kind: str
    text: str
    style: str
    text_col: int
    label_end: int
    number: int | None = None
    parts: tuple[int, ...] = ()
    label: str | None = None
    bare: bool = False

    @property
    def ordered(self) -> bool:
        return self.kind != "bullet"


def measure(number: int, raw: str) -> Line:
    expanded = raw.expandtabs(4)
    stripped = expanded.strip()
    if not stripped:
        return Line(number, 0, "", "", False)
    indent = len(expanded) - len(expanded.lstrip())
    tab = raw.lstrip(" ").startswith("\t")
    line = Line(number, indent, " ".join(stripped.split()), stripped, tab)
    line.mark = marker(line)
    line.signal = code_signal(line)
    return line


def marker(line: Line) -> Marker | None:
    """The list marker the line starts with, if any."""
    raw = line.raw
    if not raw or not (raw[0] in _MARKER_FIRST or raw[1:2] in (".", ")", "-")):
        return None
    return _dotted(line) or _number(line) or _letter(line) or _match(line, _BULLET, "bullet", "-")


def _number(line: Line) -> Marker | None:
    found = _NUMBER.fullmatch(line.raw)
    if not found:
        return None
    value = int(found["paren"] or found["plain"])
    alt = found["paren_alt"] or found["alt"]
    label = found["label"]
    style = "(n)" if found["paren"] else f"n{label[-1]}"
    return _build(
        line,
        found,
        "number",
        style,
        number=value,
        parts=(value,),
        label=label,
        keep_label=bool(alt),
    )


def _dotted(line: Line) -> Marker | None:
    found = _DOTTED.fullmatch(line.raw)
    if not found:
        return None
    digits = found["paren"] or found["plain"]
    parts = tuple(int(part) for part in digits.split("."))
    style = "(n.n)" if found["paren"] else "n.n"
    return _build(
        line,
        found,
        "dotted",
        style,
        number=parts[-1],
        parts=parts,
        label=found["label"],
        keep_label=True,
        bare=bool(found["plain"]) and not found["end"],
    )


def _letter(line: Line) -> Marker | None:
    found = _LETTER.fullmatch(line.raw)
    if not found:
        return None
    letter = found["paren"] or found["plain"]
    style = "(a)" if found["paren"] else f"a{found['label'][-1]}"
    index = ord(letter) - ord("a") + 1
    return _build(line, found, "letter", style, number=index, label=found["label"], keep_label=True)


def _match(line: Line, pattern: re.Pattern[str], kind: str, style: str) -> Marker | None:
    found = pattern.fullmatch(line.raw)
    return _build(line, found, kind, style) if found else None


def _build(
    line: Line,
    found: re.Match[str],
    kind: str,
    style: str,
    number: int | None = None,
    parts: tuple[int, ...] = (),
    label: str | None = None,
    keep_label: bool = False,
    bare: bool = False,
) -> Marker:
    return Marker(
        kind=kind,
        text=" ".join(found["text"].split()),
        style=style,
        text_col=line.indent + found.start("text"),
        label_end=line.indent + found.end("label") - 1,
        number=number,
        parts=parts,
        label=label if keep_label else None,
        bare=bare,
    )


def rule_char(line: Line) -> str | None:
    """The character a rule line (`=====`, `-----`, `*****`) is drawn with."""
    if line.text[:1] not in _RULE_CHARS:
        return None
    found = _RULE.fullmatch(line.text)
    return found[1] if found else None


def is_step_line(line: Line) -> bool:
    return bool(_STEP_LINE.match(line.text))


def is_note_start(line: Line) -> bool:
    return bool(_NOTE_START.match(line.text))


def is_transport_mark(line: Line) -> bool:
    """A `$TXT ...` / `$END TXT` marker line of a message dump, or a script's `#!` line: never
    a title or heading."""
    return bool(_TRANSPORT_MARK.match(line.text))


def code_signal(line: Line) -> int:
    """2 when the line is surely a captured screen or form, 1 when it looks like code, config or
    column layout (columns, menu lines, prompts, assignments), 0 when it reads as prose."""
    raw = line.raw
    if not raw or ("://" in raw and _URL_ONLY.fullmatch(raw)):
        return 0
    if ("<=" in raw or "=>" in raw or "|" in raw or raw[0] == "+") and _SCREEN.search(raw):
        return 2
    return 1 if _looks_like_code(raw) else 0


def _looks_like_code(raw: str) -> bool:
    if raw[0] in _CODE_FIRST and _CODE_START.match(raw):
        return True
    if ("=" in raw or ">" in raw) and _PROMPT_OR_ASSIGNMENT.match(raw):
        return True
    if "  " in raw[:8] and _MENU.match(raw):
        return True
    if "   " in raw or "|" in raw:
        return True
    if "=" in raw and _ASSIGNMENT.search(raw):
        return True
    if "//" in raw and _PROMPT_DEFAULT.search(raw):
        return True
    return raw.endswith(("\\", ";", "{", "}")) or not _LETTERS.search(raw)


def is_url_only(line: Line) -> bool:
    return "://" in line.raw and bool(_URL_ONLY.fullmatch(line.raw))


def reads_as_prose(line: Line) -> bool:
    """A sentence, not a command: a capitalised word, four more words, no sign of code."""
    return bool(_SENTENCE.match(line.raw)) and line.signal == 0


def is_field(line: Line) -> bool:
    """A `Key: value` line of a header block (`Subject: ...`, `Category: ...`)."""
    return bool(_FIELD.match(line.text))


def is_table_rule(line: Line) -> bool:
    """The dashed line under a column table's header (`-----   ------   ----`)."""
    return bool(_TABLE_RULE.fullmatch(line.raw))


def without_section_number(text: str) -> str:
    """`2 Replacing a cartridge` -> `Replacing a cartridge`: a numbered section's title."""
    found = _SECTION_NUMBER.match(text)
    return text[found.end() :] if found else text
