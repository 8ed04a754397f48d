"""The side panel of a run: the article's see-also and related articles, one of them shown."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static

from kbpilot.model import Reference
from kbpilot.text_safety import printable
from kbpilot.ui.literal import literal


class ReferencePanel(Vertical):
    """References as a list; the chosen one's text below it."""

    @dataclass
    class ReferenceChosen(Message):
        """A reference was picked; `article` is its id when it is in the KB."""

        reference: Reference

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.references: list[Reference] = []

    def compose(self) -> ComposeResult:
        yield Static("See also and related (Enter reads, i includes)", classes="section")
        yield OptionList(id="references")
        with VerticalScroll(id="reference-body"):
            yield Markdown("", id="reference-markdown")

    def show_references(self, see_also: list[Reference], related: list[Reference]) -> None:
        self.references = [*see_also, *related]
        options = self.query_one("#references", OptionList)
        options.clear_options()
        labels = [literal(f"see also: {r.title}") for r in see_also]
        labels += [literal(f"related: {r.title}") for r in related]
        options.add_options(labels or [literal("(this article has no references)")])
        options.highlighted = 0

    @property
    def current(self) -> Reference | None:
        """The highlighted reference."""
        index = self.query_one("#references", OptionList).highlighted
        return (
            self.references[index] if index is not None and index < len(self.references) else None
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.references):
            self.post_message(self.ReferenceChosen(self.references[event.option_index]))

    def show_text(self, markdown: str) -> None:
        self.query_one("#reference-markdown", Markdown).update(printable(markdown))
