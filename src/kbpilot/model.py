"""The domain model of a KB: articles, their procedures and steps, references, diagnostics.

Plain dataclasses, no I/O and no imports from the rest of kbpilot. `to_dict()` gives the JSON
shape that `kbpilot preview --json` prints and that other tools rely on (docs/json.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

ARTICLE_FORMATS = ("text", "markdown", "html")
FIELD_TYPES = ("text", "multiline", "number", "date", "email", "choice")


class Level(StrEnum):
    """How serious a diagnostic is: errors fail `kbpilot lint`, warnings fail it with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """A finding about an article, pointing at a 1-based line of the original file when known."""

    level: Level
    message: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"level": str(self.level), "line": self.line, "message": self.message}


@dataclass(frozen=True)
class Field:
    """A piece of information a procedure needs from the technician (a form input)."""

    key: str
    label: str
    type: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "type": self.type,
            "required": self.required,
            "choices": list(self.choices),
            "help": self.help,
        }


@dataclass(frozen=True)
class Action:
    """What a step does in another system: a handler name such as `autotask.create_ticket`."""

    name: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def system(self) -> str:
        """The system part of the name: autotask, itglue, form, notify, template..."""
        return self.name.split(".", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "params": dict(self.params)}


@dataclass
class Link:
    """A link written in a step or article; `article` is the id it resolves to in the KB."""

    title: str
    target: str | None = None
    article: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "target": self.target, "article": self.article}


@dataclass
class Step:
    """One step of a procedure as a reader counts it; `steps` holds its nested steps."""

    number: int
    text: str
    line: int | None = None
    condition: str | None = None
    action: Action | None = None
    fields: list[Field] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Step]]:
        """This step and every nested one, each with its dotted path ("2", "2.1", ...)."""
        path = f"{prefix}{self.number}"
        yield path, self
        for child in self.steps:
            yield from child.walk(f"{path}.")

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "line": self.line,
            "condition": self.condition,
            "action": self.action.to_dict() if self.action else None,
            "fields": [f.to_dict() for f in self.fields],
            "links": [link.to_dict() for link in self.links],
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass
class Procedure:
    """A run of steps, titled by the heading it stands under (None when there is none).

    `found_by` names the rule that found it (see `parsing.steps`): "ordered list", "numbered
    paragraphs", "step headings", "text labels", "bullet list", "prose and code",
    "instructed paragraphs", "prose steps" or "editor-marked", so an editor can see why kbpilot
    reads the article as it does.
    """

    title: str | None
    steps: list[Step] = field(default_factory=list)
    line: int | None = None
    found_by: str = "ordered list"

    def walk(self) -> Iterator[tuple[str, Step]]:
        """Every step, depth first, with its dotted path."""
        for step in self.steps:
            yield from step.walk()

    def find(self, path: str) -> Step | None:
        """The step at a dotted path such as "3" or "2.1", or None."""
        return next((step for p, step in self.walk() if p == path), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "line": self.line,
            "found_by": self.found_by,
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass
class Reference:
    """A "see also" or "related article" entry; `article` is the id it resolves to, if any."""

    title: str
    article: str | None = None
    excerpt: str | None = None
    line: int | None = None
    target: str | None = None

    def to_see_also(self) -> dict[str, Any]:
        return {"title": self.title, "article": self.article}

    def to_related(self) -> dict[str, Any]:
        return {"title": self.title, "excerpt": self.excerpt, "article": self.article}


@dataclass(frozen=True)
class Origin:
    """Where a synced article came from (its `source` front matter): the platform's document,
    its organization and folder there, when it last changed, and its address."""

    system: str
    document: str
    organization: str | None = None
    folder: str | None = None
    updated_at: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "document": self.document,
            "organization": self.organization,
            "folder": self.folder,
            "updated_at": self.updated_at,
            "url": self.url,
        }


@dataclass
class Article:
    """One KB article as kbpilot understands it; `origin` is set when it was synced from a
    documentation platform."""

    id: str
    title: str
    source: str
    format: str
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    see_also: list[Reference] = field(default_factory=list)
    related: list[Reference] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    markdown: str = ""
    text: str = ""
    content_hash: str = ""
    origin: Origin | None = None

    def steps(self) -> Iterator[tuple[str, Step]]:
        """Every step of every procedure with its dotted path (paths restart per procedure)."""
        for procedure in self.procedures:
            yield from procedure.walk()

    def actions(self) -> list[Action]:
        """The actions bound to the article's steps, in reading order."""
        return [step.action for _, step in self.steps() if step.action]

    def links(self) -> Iterator[Link]:
        """Every link written in a step."""
        for _, step in self.steps():
            yield from step.links

    def references(self) -> Iterator[Reference]:
        yield from self.see_also
        yield from self.related

    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self.diagnostics)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of docs/json.md; `origin` only for a synced article."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "format": self.format,
            "category": self.category,
            "tags": list(self.tags),
            "aliases": list(self.aliases),
            "fields": [f.to_dict() for f in self.fields],
            "procedures": [p.to_dict() for p in self.procedures],
            "see_also": [r.to_see_also() for r in self.see_also],
            "related": [r.to_related() for r in self.related],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }
        if self.origin is not None:
            data["origin"] = self.origin.to_dict()
        return data


_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """The id an article gets from its title: "Workflow: Offboarding a Customer" ->
    "workflow-offboarding-a-customer"."""
    ascii_title = (
        title
        if title.isascii()  # decomposing and dropping what is not ASCII leaves it as it is
        else unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    )
    return _NON_WORD.sub("-", ascii_title.lower()).strip("-") or "untitled"


def normalize_title(title: str) -> str:
    """A title folded for matching references: case, punctuation and spacing ignored."""
    return " ".join(_NON_WORD.sub(" ", title.lower()).split())
