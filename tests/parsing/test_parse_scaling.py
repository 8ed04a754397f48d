"""No reader or rule is quadratic in an article's size (issue 10's performance clause).

Each article below is one of the long shapes real exports have (a long list, a paragraph of many
lines, a run of numbered paragraphs, many sections, a page of unclosed <p> or <li>...) repeated
n times. Parsing it at 8n must cost about 8 times what it costs at n: a linear reader gives 8
(plus the article's fixed costs, less), a quadratic one up to 64. The bound, 20, leaves the
measurement a factor 2.5 of noise; each time is the best of a few runs, on CPU time, with the
garbage collector paused (its passes grow with the heap, not with the reader's work). n is large
enough that a quadratic pass outweighs the linear work at 8n (html.parser's nesting of unclosed
elements needs a few hundred before it does).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from kbpilot.parsing import parse_bytes

_N = 20
_N_UNCLOSED = 200  # a quadratic pass over html.parser's nesting shows from a few hundred
_GROWTH = 8
_BOUND = 20.0
_RUNS = 2
_STEP = "Open the admin console and select the user account from the list"

# Each shape `n` times, in the format its name starts with.
_SHAPES: dict[str, Callable[[int], str]] = {
    "md-ordered-list": lambda n: "".join(f"{i + 1}. {_STEP} {i}\n" for i in range(n)),
    "md-paragraph-lines": lambda n: "".join(f"{_STEP} {i}\n" for i in range(n)),
    "md-step-lines": lambda n: "".join(f"Step {i + 1}: {_STEP}\n" for i in range(n)),
    "md-nested-bullets": lambda n: "".join(f"- {_STEP} {i}\n  - detail {i}\n" for i in range(n)),
    "md-sections": lambda n: "".join(
        f"## Step {i + 1} - Restore part {i}\n\nRun the restore.\n\n```\nrestore {i}\n```\n\n"
        f"**Check {i}**\n\n> [!NOTE]\n> Wait for the job {i}.\n\n"
        for i in range(n)
    ),
    "html-ordered-list": lambda n: "<ol>" + "".join(f"<li>{_STEP} {i}</li>" for i in range(n)),
    "html-unclosed-items": lambda n: "<ol>" + "".join(f"<li>{_STEP} {i}\n" for i in range(n)),
    "html-unclosed-paragraphs": lambda n: "".join(f"<p>{_STEP} {i}\n" for i in range(n)),
    "html-numbered-paragraphs": lambda n: (
        "<div><div>" + "".join(f"<p>{i + 1}. {_STEP}</p>\n" for i in range(n))
    ),
    "html-broken-lines": lambda n: "<p>" + "".join(f"{i + 1}. {_STEP}<br/>\n" for i in range(n)),
    "html-table": lambda n: (
        "<table>" + "".join(f"<tr><td>{_STEP}</td><td>{i}</td></tr>" for i in range(n))
    ),
    "html-bold-headings": lambda n: "".join(
        f"<p><strong>Part {i}</strong></p><p>{_STEP}.</p>\n" for i in range(n)
    ),
    "html-page-chrome": lambda n: "".join(
        f"<div class='breadcrumb'><a href='/'>Home</a></div><header class='page-header'><h2>"
        f"Part {i}</h2></header><p>{_STEP} {i}</p>\n"
        for i in range(n)
    ),
    "html-word-list": lambda n: "".join(
        f"<p class=MsoListParagraph style='mso-list:l0 level1'>{i + 1}.&nbsp; {_STEP}</p>\n"
        for i in range(n)
    ),
    "html-wrapped-items": lambda n: (
        "<ol>" + "".join(f"<div class='row'><p><li>{_STEP} {i}</li></p></div>" for i in range(n))
    ),
    "html-layout-table": lambda n: (
        "<table>"
        + "".join(
            f"<tr><td><b>Part {i}</b></td><td><p>{_STEP}</p><p>1. {_STEP}</p></td></tr>"
            for i in range(n)
        )
        + "</table>"
    ),
    "md-bare-includes": lambda n: "".join(
        f"{{% data reusables.portal.step-{i} %}}\n{i + 1}. {_STEP}\n" for i in range(n)
    ),
    "text-labels": lambda n: "".join(f"{i + 1}) {_STEP}\n" for i in range(n)),
    "text-wrapped-step": lambda n: "1) " + "".join(f"   {_STEP} {i}\n" for i in range(n)),
    "text-underlined-sections": lambda n: "".join(
        f"Part {i}\n-------\n\n1. {_STEP}\n2. {_STEP}\n\n" for i in range(n)
    ),
    "text-bullets": lambda n: (
        "Take care of these:\n" + "".join(f"* {_STEP} {i}\n" for i in range(n))
    ),
}
_SUFFIX = {"md": ".md", "html": ".html", "text": ".txt"}


def _cpu_seconds(data: bytes, name: str) -> float:
    best = float("inf")
    for _ in range(_RUNS):
        started = time.process_time()
        parse_bytes(data, name)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_parse_time_grows_linearly_with_the_article(shape: str) -> None:
    name = "long" + _SUFFIX[shape.split("-")[0]]
    n = _N_UNCLOSED if "unclosed" in shape else _N
    small = _SHAPES[shape](n).encode()
    large = _SHAPES[shape](n * _GROWTH).encode()
    collecting = gc.isenabled()
    gc.disable()
    try:
        parse_bytes(small, name)  # imports the reader, compiles its patterns
        ratio = _cpu_seconds(large, name) / _cpu_seconds(small, name)
    finally:
        if collecting:
            gc.enable()
    assert ratio < _BOUND, f"{_GROWTH}x the article took {ratio:.1f}x the time"
