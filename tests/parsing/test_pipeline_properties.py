"""Property tests of the whole parse pipeline: any bytes give an Article, never an exception, and
a step's text is always text the source shows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.model import Article
from kbpilot.parsing import parse_bytes

FRAGMENTS = [
    "1. ",
    "2. ",
    "10) ",
    "  1. ",
    "     2. ",
    "• ",
    "    • ",
    "- ",
    "* ",
    "Step 3: ",
    "If applicable: ",
    "Only if the customer agrees, ",
    "Related Articles",
    "Please also see these articles:",
    '"[OFFBOARDING] Offboard"',
    "Create a new ticket",
    "ticket category",
    "checklist library",
    "with Matthew",
    "\t",
    " ",
    "\u00a0",
    "…",
    "Ünïcödé",
    "...",
    ":",
    "\r\n",
    "\n",
    "\n\n",
]
text_documents = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=12)), max_size=60
).map("".join)


def steps_text(article: Article) -> list[str]:
    return [step.text for _, step in article.steps()]


def normalised(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["text", "markdown", "html"]))
def test_any_bytes_give_an_article(data: bytes, fmt: str) -> None:
    article = parse_bytes(data, f"fuzz.{fmt}", fmt=fmt)
    assert isinstance(article, Article)
    assert article.id


@settings(max_examples=300, deadline=None)
@given(document=text_documents)
def test_text_steps_are_visible_source_text(document: str) -> None:
    article = parse_bytes(document.encode(), "fuzz.txt")
    source = normalised(document.replace("\r", "\n"))
    for text in steps_text(article):
        assert text
        assert normalised(text) in source


# Characters that are plain text in both Markdown and HTML, so the source is its visible text.
PLAIN = st.characters(categories=["L", "N", "Zs"], include_characters=".,:;'\"?!()/-€’")


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.text(alphabet=PLAIN, min_size=1, max_size=40), min_size=1, max_size=8))
def test_markdown_and_html_list_steps_are_visible_source_text(items: list[str]) -> None:
    numbered = "".join(f"{n}. {item}\n" for n, item in enumerate(items, start=1))
    sources = {
        "markdown": "# T\n\n" + numbered,
        "html": "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>",
    }
    for fmt, source in sources.items():
        article = parse_bytes(source.encode(), f"fuzz.{fmt}", fmt=fmt)
        for text in steps_text(article):
            for word in text.split():
                assert word in source
