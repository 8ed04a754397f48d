"""The dialog offered when live credentials are missing: use the sandbox, or go on without."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from kbpilot.ui.screens.early_keys import KeepsEarlyKeys


class SandboxOfferScreen(KeepsEarlyKeys[bool]):
    """Names the missing credentials; dismisses with True to switch to the sandbox. Keys typed
    before it is drawn are kept for the search box, never taken as its `s`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose(True)", "Use sandbox", id="offer.sandbox"),
        Binding("escape", "choose(False)", "Continue", id="offer.continue"),
    ]

    def __init__(self, missing: list[str]) -> None:
        super().__init__()
        self.missing = missing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="sandbox-offer"):
            yield Static("No Autotask / IT Glue credentials", classes="dialog-title")
            yield Static(
                "Not set: " + ", ".join(self.missing) + ".\n\nSet them in the environment or the "
                "system keyring (`kbpilot config check` tells which are missing), or try "
                "everything against the built-in sandbox now. Searching and reading work either "
                "way.",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Use the sandbox", id="use-sandbox", variant="primary")
                yield Button("Continue without", id="continue")
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "use-sandbox")

    def action_choose(self, sandbox: bool) -> None:
        self.dismiss(sandbox)
