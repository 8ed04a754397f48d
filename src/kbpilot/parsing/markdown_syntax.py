"""What docs platforms' markers look like in a Markdown file, one line at a time.

`find_marker` names the construct a whole line opens or closes (an MDX component, a Hugo
shortcode, a Liquid tag, a DocFX or Docusaurus `:::` line, an MkDocs admonition or tab) and the
role it plays for a reader; `inline_rewrite` replaces the tags written inside a line of text
(includes become the included name in words, other template tags disappear). The line-by-line
rewriting that uses them is in `markdown_platforms`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["note", "container", "drop", "variant", "branch", "else", "tabs"]

NOTE_NAMES = frozenset(
    {
        "note",
        "tip",
        "info",
        "important",
        "warning",
        "caution",
        "danger",
        "alert",
        "callout",
        "admonition",
        "hint",
        "notice",
        "attention",
        "success",
        "aside",
    }
)

_JSX_OPEN = re.compile(r"<(?P<name>[A-Z][\w.]*)(?P<attrs>\s[^<>]*)?>")
_JSX_CLOSE = re.compile(r"</(?P<name>[A-Z][\w.]*)\s*>")
_JSX_SELF_CLOSING = re.compile(r"<[A-Z][\w.]*(?:\s[^<>]*)?/>")
_JSX_TITLE = re.compile(r"\btitle=(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)')")
_MDX_COMMENT = re.compile(r"\{/\*.*\*/\}")
_SHORTCODE = re.compile(
    r"\{\{(?P<delim>[<%])\s*(?P<slash>/)?\s*(?P<name>[\w-]+)(?P<args>[^{}]*?)/?[>%]\}\}"
)
_LIQUID = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>[^%]*?)-?%\}")
_COLONS = re.compile(r"(?P<colons>:{3,})\s*(?P<name>[A-Za-z][\w-]*)?(?P<rest>.*)")
_ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)\s*(?P<name>[\w-]+)?(?:\s+\"(?P<title>[^\"]*)\")?")
_COMPLEX_MEDIA = re.compile(r"\btype=\"complex\"")
_MKDOCS_TAB = re.compile(r"===\+?\s+\"[^\"]*\"")

_LIQUID_BRANCH = frozenset({"if", "ifversion", "unless", "case"})
_LIQUID_ELSE = frozenset({"else", "elsif", "elsifversion", "when"})
_LIQUID_BRANCH_END = frozenset({"endif", "endifversion", "endunless", "endcase"})
_LIQUID_INCLUDES = frozenset({"include", "include_relative", "include_cached", "render", "data"})
_DOCFX_VARIANTS = frozenset({"moniker", "zone"})
_DOCFX_MEDIA = frozenset({"image", "video"})
_INCLUDE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".liquid", ".txt", ".yml")

MDX_IMPORT = re.compile(
    r"import\s+(?:[\w*{][^'\"]*\bfrom\s+)?['\"][^'\"]+['\"];?\s*$|import\s*\{[^}]*$"
)
MDX_EXPORT = re.compile(
    r"export\s+(?:(?:const|let|var|function|class|async\s+function)\s+\w"
    r"|default\s+(?:function|class|\{|\()|\{)"
)

_INLINE_INCLUDE = re.compile(
    r"\{%-?\s*(?:include|include_relative|include_cached|render|data)\s+"
    r"['\"]?(?P<name>[^\s'\"%]+)['\"]?[^%]*?-?%\}"
)
_INLINE_ELSE = re.compile(r"\{%-?\s*(?:else|elsif|elsifversion)\b[^%]*?-?%\}")
_INLINE_BRANCH_END = re.compile(r"\{%-?\s*(?:endif|endifversion|endunless)\s*-?%\}")
_ORDERED_ITEM = re.compile(r" {0,3}(?P<number>\d{1,9})[.)](?:[ \t]|$)")
_RAW_TAG = re.compile(r"\{%-?\s*(?:raw|endraw)\s*-?%\}")
_INLINE_LIQUID = re.compile(r"\{%.*?%\}")
_DOCFX_INCLUDE = re.compile(r"\[!INCLUDE\s*\[(?P<title>[^\]]*)\]\((?P<path>[^)\s]*)[^)]*\)\]", re.I)
_HUGO_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+\"(?P<path>[^\"]*)\"\s*[>%]\}\}")
_INLINE_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")
_INLINE_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}")


@dataclass(frozen=True)
class Marker:
    """A line that opens or closes a construct.

    `family` pairs an opening with its closing; `role` says what the construct is for a reader:
    a note, a container whose body the page shows, a line or region to drop, a variant of the
    passage before it (DocFX monikers), a conditional branch and its else, a set of tabs
    (YFM's `{% list tabs %}`: each top-level bullet is a tab's label). `indented_body`:
    the body is the lines indented under the marker (MkDocs), there is no closing line.
    """

    family: str
    role: Role
    opens: bool = True
    closes: bool = False
    indented_body: bool = False
    title: str = ""


def find_marker(line: str) -> Marker | None:
    """The construct this whole line opens or closes, if it is a marker line."""
    line = line.strip()
    head = line[:1]
    if head == "<":
        return _jsx(line)
    if head == "{":
        return _template(line)
    if head == ":":
        return _colons(line)
    if head in ("!", "?"):
        return _admonition(line)
    if head == "=" and _MKDOCS_TAB.fullmatch(line):
        return Marker("mkdocs", "container", indented_body=True)
    return None


def _jsx(line: str) -> Marker | None:
    if _JSX_SELF_CLOSING.fullmatch(line):
        return Marker("jsx", "drop", opens=False)
    found = _JSX_CLOSE.fullmatch(line)
    if found:
        return Marker(f"jsx:{found['name']}", "container", opens=False, closes=True)
    found = _JSX_OPEN.fullmatch(line)
    if not found:
        return None
    name = found["name"]
    if name.split(".")[-1].lower() not in NOTE_NAMES:
        return Marker(f"jsx:{name}", "container")
    title = _JSX_TITLE.search(found["attrs"] or "")
    text = (title["double"] or title["single"] or "") if title else ""
    return Marker(f"jsx:{name}", "note", title=text)


def _template(line: str) -> Marker | None:
    if _MDX_COMMENT.fullmatch(line):
        return Marker("mdx", "drop", opens=False)
    found = _SHORTCODE.fullmatch(line)
    if found:
        return _shortcode(found["name"].lower(), bool(found["slash"]), found["args"])
    found = _LIQUID.fullmatch(line)
    if found:
        return _liquid(found["name"].lower(), found["args"])
    return None


def _shortcode(name: str, closing: bool, args: str) -> Marker | None:
    family = f"hugo:{name}"
    if closing:
        return Marker(family, "container", opens=False, closes=True)
    if name in NOTE_NAMES:
        title = re.search(r"title=\"([^\"]*)\"", args)
        return Marker(family, "note", title=title[1] if title else "")
    if name in ("ref", "relref"):
        return None
    return Marker(family, "drop", opens=False)


def _liquid(name: str, args: str = "") -> Marker | None:
    if name in _LIQUID_INCLUDES:
        return None
    if name == "list" and args.split()[:1] == ["tabs"]:
        return Marker("liquid:list", "tabs")
    if name in _LIQUID_BRANCH:
        return Marker("liquid:if", "branch")
    if name in _LIQUID_ELSE:
        return Marker("liquid:if", "else", opens=False)
    if name in _LIQUID_BRANCH_END:
        return Marker("liquid:if", "branch", opens=False, closes=True)
    if name == "comment":
        return Marker("liquid:comment", "drop")
    if name.startswith("end"):
        return Marker(f"liquid:{name[3:]}", "container", opens=False, closes=True)
    if name in NOTE_NAMES:
        return Marker(f"liquid:{name}", "note")
    return Marker("liquid", "drop", opens=False)


def _colons(line: str) -> Marker | None:
    found = _COLONS.fullmatch(line)
    if not found:
        return None
    name = (found["name"] or "").lower()
    rest = found["rest"]
    one_line = rest.endswith(":::")
    if not name:
        return Marker(f"colons:{len(found['colons'])}", "container", opens=False, closes=True)
    if name.endswith("-end"):
        return Marker(f"docfx:{name[:-4]}", "container", opens=False, closes=True)
    if name in _DOCFX_VARIANTS:
        return Marker(f"docfx:{name}", "variant")
    if name in _DOCFX_MEDIA:
        complex_media = _COMPLEX_MEDIA.search(rest) is not None
        return Marker(f"docfx:{name}", "drop", opens=complex_media or not one_line)
    if one_line:
        return Marker("docfx", "drop", opens=False)
    family = f"colons:{len(found['colons'])}"
    if name in NOTE_NAMES:
        return Marker(family, "note", title=rest.strip().strip("[]").strip())
    return Marker(family, "container")


def _admonition(line: str) -> Marker | None:
    found = _ADMONITION.fullmatch(line)
    if not found or not (found["name"] or found["title"]):
        return None
    return Marker("mkdocs", "note", indented_body=True, title=found["title"] or "")


def inline_rewrite(line: str) -> str:
    """A line of text with the template tags written inside it replaced by what a reader
    sees: includes by the included name in words, other tags by nothing."""
    if "{" not in line and "[!" not in line:
        return line
    line = _INLINE_INCLUDE.sub(lambda m: humanise(m["name"]), line)
    line = _INLINE_LIQUID.sub("", line)
    line = _DOCFX_INCLUDE.sub(lambda m: m["title"].strip() or humanise(m["path"]), line)
    line = _HUGO_REF.sub(lambda m: m["path"], line)
    line = _INLINE_SHORTCODE.sub("", line)
    return _INLINE_MDX_COMMENT.sub("", line)


def only_include(line: str) -> str | None:
    """The name a line includes when it is nothing but one include, beside template tags
    (`{% data reusables.repos.navigate-to-repo %}{% ifversion ghes %}`); None otherwise, and for
    a variable (`{% data variables.product.name %}`), which stands for a word, not content."""
    if "{%" not in line:
        return None
    found = _INLINE_INCLUDE.search(line)
    if found is None or found["name"].startswith("variables."):
        return None
    rest = line[: found.start()] + line[found.end() :]
    return None if _INLINE_LIQUID.sub("", rest).strip() else found["name"]


def is_template_only(line: str) -> bool:
    """A line of nothing but template tags (`{% ifversion fpt %}`, `{% endif %}`)."""
    return "{%" in line and not _INLINE_LIQUID.sub("", line).strip()


def ordered_item_number(line: str) -> int | None:
    """The number of the ordered list item this line starts, if it starts one."""
    found = _ORDERED_ITEM.match(line)
    return int(found["number"]) if found else None


def inline_else(line: str) -> tuple[int, int | None] | None:
    """Where an else branch written inside a line starts (`...click Next.{% else %}...`) and
    where the `{% endif %}` after it on the same line ends (None: it ends on a later line)."""
    if "{%" not in line:
        return None
    found = _INLINE_ELSE.search(line)
    if found is None:
        return None
    end = _INLINE_BRANCH_END.search(line, found.end())
    return found.start(), end.end() if end else None


def branch_end(line: str) -> int | None:
    """Where the first `{% endif %}` of a line ends."""
    found = _INLINE_BRANCH_END.search(line) if "{%" in line else None
    return found.end() if found else None


def code_rewrite(line: str) -> str:
    """A line of a fenced code block without Liquid's `{% raw %}`/`{% endraw %}` tags, which
    the page never shows."""
    return _RAW_TAG.sub("", line) if "{%" in line else line


def humanise(name: str) -> str:
    """An include's name in words: `reusables.repos.navigate-to-repo` -> "navigate to repo",
    `includes/reset_mfa.md` -> "reset mfa"."""
    last = name.rstrip("/").rsplit("/", 1)[-1]
    for suffix in _INCLUDE_SUFFIXES:
        if last.lower().endswith(suffix):
            last = last[: -len(suffix)]
            break
    last = last.rsplit(".", 1)[-1]
    return " ".join(re.split(r"[-_\s]+", last)).strip()
