"""The preview's layout made off the UI thread: the same lines Rich lays out, given up when told,
and drawn as Textual draws a Rich renderable."""

from __future__ import annotations

from itertools import count

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.style import Style

from kbpilot.ui.prerendered import CHECK_EVERY, Prerendered, lay_out, prerender_to_fit

ARTICLE = "# Reset a password\n\n" + "\n".join(
    f"{n}. Open the **admin centre** and pick user {n}; check the [log](https://x.test/{n})."
    for n in range(1, 40)
)


def texts(lines: list[list[Segment]]) -> list[str]:
    return ["".join(segment.text for segment in line) for line in lines]


def test_the_lines_are_those_rich_lays_out() -> None:
    console = Console(width=100)
    markdown = Markdown(ARTICLE)
    options = console.options.update(highlight=False)
    expected = console.render_lines(markdown, options.update_width(37), pad=False)
    assert lay_out(markdown, console, options, 37) == expected


def test_the_layout_gives_up_when_told_to() -> None:
    console = Console(width=100)
    asked = count()
    lines = lay_out(Markdown(ARTICLE), console, console.options, 37, lambda: next(asked) < 3)
    assert lines is None
    assert next(asked) == 4


def test_a_layout_asks_whether_to_go_on_every_few_segments() -> None:
    console = Console(width=100)
    markdown = Markdown(ARTICLE)
    asked = count()
    lines = lay_out(markdown, console, console.options, 37, lambda: next(asked) >= 0)
    assert lines is not None
    segments = sum(len(line) for line in lines)
    assert next(asked) >= segments // CHECK_EVERY


def test_a_pane_too_short_gets_both_widths_textual_asks_for() -> None:
    console = Console(width=100)
    markdown = Markdown(ARTICLE)
    fitted = prerender_to_fit(markdown, console, console.options, (40, 10, 2))
    assert fitted is not None
    assert set(fitted.layouts) == {40, 38}
    roomy = prerender_to_fit(markdown, console, console.options, (40, 1000, 2))
    assert roomy is not None
    assert set(roomy.layouts) == {40}


def test_the_lines_are_drawn_over_the_widget_s_style() -> None:
    console = Console(width=100)
    markdown = Markdown(ARTICLE)
    lines = lay_out(markdown, console, console.options, 30)
    assert lines is not None
    shown = Prerendered(markdown, {30: lines})
    base = Style(background=None, foreground=None, bold=True)
    strips = shown.render_strips(30, None, base, None)  # type: ignore[arg-type]
    assert [strip.text for strip in strips] == texts(lines)
    first = next(segment for segment in strips[3] if segment.text.strip())
    original = next(segment for segment in lines[3] if segment.text.strip())
    assert first.style == base.rich_style + (original.style or RichStyle())
    assert shown.get_height(None, 30) == len(lines)  # type: ignore[arg-type]
