"""An IT Glue document as an HTML article file, read by kbpilot as it reads in IT Glue.

The file opens with YAML front matter (title, id, tags, and `source`: system, organization,
document id, folder, updated-at and the document's URL in IT Glue), then the sections in their
order: a Heading section becomes `<hN>`, a Text section its HTML, a Gallery its images, and the
Step sections the procedure's numbered steps, each with its duration after its first line
("(5 min)"). Steps run on across the Text and Gallery sections between them (a list that goes
on with `start`), and restart where a step resets the count. The HTML of each section is
repaired as a browser would (unclosed tags closed), scripts and styles dropped, and images and
links made absolute against the IT Glue site. What cannot be rendered (an unknown section type,
a document with no content) is left out and named in `warnings`.
"""

from __future__ import annotations

import html
from urllib.parse import urljoin, urlsplit, urlunsplit

import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

from kbpilot.integrations.itglue.sections import (
    GALLERY,
    HEADING,
    STEP,
    TEXT,
    DocumentListing,
    DocumentSection,
)
from kbpilot.model import slugify
from kbpilot.sources.base import Rendered

SYSTEM = "itglue"
BANNER = (
    "<!-- Synced from IT Glue by `kbpilot sync itglue`. Edit the document in IT Glue; a local "
    "edit here is kept, and the next sync reports a conflict instead of overwriting it. -->"
)
_DROPPED = ("script", "style", "iframe", "object", "embed")
_BLOCKS = frozenset(
    {"p", "div", "ol", "ul", "table", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
)


def render_document(
    document: DocumentListing,
    organization: str,
    folder: str | None,
    sections: list[DocumentSection],
) -> Rendered:
    """The article file of one document (its sections, or its one HTML body when it has none)."""
    site = _site(document.url)
    warnings: list[str] = []
    if sections:
        body = _Sections(site, warnings).render(sections)
    else:
        body = _clean(document.body(), site).strip()
    if not BeautifulSoup(body, "html.parser").get_text(strip=True):
        warnings.append("the document has no content in IT Glue; its article holds the title only")
    front = {
        "title": document.name,
        "id": slugify(f"{organization} {document.name}"),
        "tags": [SYSTEM],
        "source": {
            "system": SYSTEM,
            "organization": organization,
            "document": document.id,
            "folder": folder,
            "updated_at": document.updated_at,
            "url": document.url or None,
        },
    }
    matter = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    text = f"---\n{matter}---\n{BANNER}\n{body}\n"
    return Rendered(text.encode("utf-8"), ".html", warnings)


class _Sections:
    """Walks the sections in order, keeping the step count and the open list."""

    def __init__(self, site: str, warnings: list[str]) -> None:
        self.site, self.warnings = site, warnings
        self.parts: list[str] = []
        self.number = 0
        self.open_list = False

    def render(self, sections: list[DocumentSection]) -> str:
        for section in sections:
            if section.kind == STEP:
                self._step(section)
                continue
            self._close_list()
            if section.kind == HEADING:
                self._heading(section)
            elif section.kind == TEXT:
                self.parts.append(_clean(section.content, self.site).strip())
            elif section.kind == GALLERY:
                self.parts.extend(_gallery(section))
            else:
                self.warnings.append(
                    f"section {section.id} is of a kind kbpilot does not know "
                    f"({section.kind or 'no resource-type'}); left out"
                )
        self._close_list()
        return "\n".join(part for part in self.parts if part)

    def _heading(self, section: DocumentSection) -> None:
        level = min(max(section.level or 2, 1), 6)
        text = BeautifulSoup(section.content, "html.parser").get_text(" ", strip=True)
        if text:
            self.parts.append(f"<h{level}>{html.escape(text, quote=False)}</h{level}>")

    def _step(self, section: DocumentSection) -> None:
        if section.reset_count:
            self._close_list()
            self.number = 0
        self.number += 1
        if not self.open_list:
            start = f' start="{self.number}"' if self.number > 1 else ""
            self.parts.append(f"<ol{start}>")
            self.open_list = True
        content = _step_content(section, self.site)
        if not content:
            self.warnings.append(f"step {self.number} (section {section.id}) is empty")
        self.parts.append(f"<li>{content}</li>")

    def _close_list(self) -> None:
        if self.open_list:
            self.parts.append("</ol>")
            self.open_list = False


def duration_text(minutes: int) -> str:
    """5 -> "5 min", 90 -> "1 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _step_content(section: DocumentSection, site: str) -> str:
    soup = _soup(section.content, site)
    _wrap_leading_inline(soup)
    first = next((child for child in soup.contents if isinstance(child, Tag)), None)
    if section.duration:
        label = f"({duration_text(section.duration)})"
        if first is not None and first.name == "p":
            first.append(f" {label}")
        else:
            paragraph = soup.new_tag("p")
            paragraph.string = label
            soup.insert(0, paragraph)
    return str(soup).strip()


def _wrap_leading_inline(soup: BeautifulSoup) -> None:
    """Text and inline elements before the first block become one paragraph: the step's line."""
    leading: list[NavigableString | Tag] = []
    for child in list(soup.contents):
        if isinstance(child, Tag) and child.name in _BLOCKS:
            break
        if isinstance(child, NavigableString | Tag):
            leading.append(child)
    if not any(str(node).strip() for node in leading):
        return
    paragraph = soup.new_tag("p")
    leading[0].insert_before(paragraph)
    for node in leading:
        paragraph.append(node.extract())


def _gallery(section: DocumentSection) -> list[str]:
    """A gallery's images from its rendered content, their temporary signature dropped."""
    images = []
    for image in BeautifulSoup(section.rendered, "html.parser").find_all("img"):
        src = str(image.get("src") or "")
        if not src:
            continue
        parts = urlsplit(src)
        stable = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        alt = str(image.get("alt") or "")
        images.append(f'<p><img src="{html.escape(stable)}" alt="{html.escape(alt)}"></p>')
    return images


def _clean(markup: str, site: str) -> str:
    return str(_soup(markup, site))


def _soup(markup: str, site: str) -> BeautifulSoup:
    """The section's HTML, repaired, without scripts, with absolute image and link addresses."""
    soup = BeautifulSoup(markup or "", "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for name, attribute in (("img", "src"), ("a", "href")):
        for element in soup.find_all(name):
            value = element.get(attribute)
            if isinstance(value, str) and value.startswith("/") and site:
                element[attribute] = urljoin(site, value)
    return soup


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
