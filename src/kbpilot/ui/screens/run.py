"""A run: the checklist on the left, the selected step on the right, see-also in a side panel.

Who calls what: the screen loads the run (and settles anything a crash left pending) in a
worker, then plans the selected step's action (what will be sent, names resolved) in another.
Run / Mark done / Not applicable / Note call the run service in workers; a `KbpilotError` becomes
a notification and stays on the step, and the run goes on. Form fields are saved as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, ProgressBar, Static

from kbpilot.errors import KbpilotError
from kbpilot.model import Article
from kbpilot.model import Link as StepLink
from kbpilot.runs.addresses import article_step
from kbpilot.runs.forms import FieldError
from kbpilot.runs.model import Run, StepState
from kbpilot.ui.literal import literal
from kbpilot.ui.messages import shown
from kbpilot.ui.screens.summary import SummaryScreen
from kbpilot.ui.screens.text_prompt import TextPromptScreen
from kbpilot.ui.services import Services
from kbpilot.ui.widgets.checklist import Checklist
from kbpilot.ui.widgets.practice_banner import PracticeBanner
from kbpilot.ui.widgets.reference_panel import ReferencePanel
from kbpilot.ui.widgets.step_detail import StepDetail, StepView
from kbpilot.ui.widgets.step_form import StepForm

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp

FORM_ACTION = "form.required_information"
CHANGES = frozenset({"do_step", "check_step", "skip_step", "note", "include"})


class RunScreen(Screen[None]):
    """Follow one run step by step."""

    app: KbpilotApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "do_step", "Run", id="run.do"),
        Binding("d", "check_step", "Done", id="run.check"),
        Binding("n", "skip_step", "N/A", id="run.skip"),
        Binding("o", "note", "Note", id="run.note"),
        Binding("s", "references", "Refs", id="run.references"),
        Binding("i", "include", "Add ref", id="run.include", show=False),
        Binding("t", "open_ticket", "Ticket", id="run.ticket"),
        Binding("a", "attach_ticket", "Attach ticket", id="run.attach", show=False),
        Binding("f", "finish", "End", id="run.finish"),
        Binding("escape", "back", "Back", id="run.back"),
    ]

    def __init__(self, run_id: str) -> None:
        super().__init__()
        self.run_id = run_id
        self.run: Run | None = None
        self.article: Article | None = None
        self.selected: str | None = None
        self.errors: dict[str, str] = {}
        self.form_wanted: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield PracticeBanner()
        with Horizontal(id="run-top"):
            yield Static("Loading the run…", id="run-title", markup=False)
            yield ProgressBar(id="run-progress", show_eta=False)
        with Horizontal(id="run-body"):
            yield Checklist(id="checklist")
            yield StepDetail(id="step-detail")
            yield ReferencePanel(id="reference-panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ReferencePanel).display = False
        self.load()

    @property
    def services(self) -> Services:
        return self.app.services

    @work(thread=True, group="load")
    def load(self) -> None:
        """Show the run, then settle pending actions and sync the ticket's checklist."""
        runs = self.services.runs
        try:
            run = self.services.call(runs.get, self.run_id)
            self.app.call_from_thread(self.show_run, run)
            self.app.call_from_thread(self._tell_origin, run)
            article = self.services.article(run.article_source)
            self.app.call_from_thread(self._article_loaded, article)
            if self.services.call(runs.article_changed, run.id):
                self.app.call_from_thread(
                    self.app.notify,
                    "The article changed since this run started; the run keeps its own copy.",
                )
            run = self.services.call(runs.refresh, run.id)
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error)
            return
        self.app.call_from_thread(self.show_run, run)

    def _tell_origin(self, run: Run) -> None:
        """Where a synced article came from, and how its steps changed since the last run."""
        if run.origin:
            where = run.origin.get("url") or f"document {run.origin.get('document')}"
            self.app.notify(f"Source: {run.origin.get('system')} {where}", timeout=10)
        changes = run.changes_since_last_run()
        if changes:
            lines = "\n".join(change.describe() for change in changes)
            self.app.notify(
                f"Changed since the last run of this procedure:\n{lines}",
                severity="warning",
                timeout=20,
            )

    def _article_loaded(self, article: Article) -> None:
        self.article = article
        self.query_one(ReferencePanel).show_references(article.see_also, article.related)

    def show_run(self, run: Run) -> None:
        """Header, progress and checklist from the run; the selected step again."""
        self.run = run
        self.refresh_bindings()
        done, total = run.progress
        ticket = f" · ticket {run.ticket.number}" if run.ticket else ""
        self.sub_title = f"{self.services.mode_label}{ticket}"
        contact = f" / {run.contact}" if run.contact else ""
        self.query_one("#run-title", Static).update(
            literal(f"{run.article_title} · {run.company}{contact}{ticket}")
        )
        self.query_one("#run-progress", ProgressBar).update(total=total, progress=done)
        checklist = self.query_one(Checklist)
        checklist.show(run, self.selected)
        if self.selected is None:
            checklist.focus()
        self.show_step(self.selected or run.steps[0].path)

    def on_checklist_step_selected(self, event: Checklist.StepSelected) -> None:
        if event.path != self.selected:
            self.show_step(event.path)

    def on_checklist_step_chosen(self, event: Checklist.StepChosen) -> None:
        """Enter on a step with a form puts the cursor in its first empty field (once the form
        is there: it is looked up with the plan)."""
        self.form_wanted = event.path
        self._focus_form()

    def _focus_form(self) -> None:
        form = self.query_one(StepDetail).form()
        if form is not None and self.form_wanted == self.selected:
            self.form_wanted = None
            form.focus_first_empty()

    def show_step(self, path: str) -> None:
        if self.run is None:
            return
        self.selected = path
        step = self.run.step(path)
        view = StepView(
            step,
            self._links(path),
            last_error=self.errors.get(path),
            read_only=self._read_only(),
            owner=self.run.technician,
        )
        self.query_one(StepDetail).show(view)
        if step.is_open and (step.action_name or step.field_defs) and not view.read_only:
            self.plan_step(path, view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A trainee on someone else's run reads it: the keys that change it are not offered.
        `a` (attach a ticket) is offered only while the run has no ticket."""
        if action == "attach_ticket":
            return self.run is not None and self.run.ticket is None and not self._read_only()
        return action not in CHANGES or not self._read_only()

    def _read_only(self) -> bool:
        return (
            self.run is not None and not self.run.practice and self.services.runs.role == "trainee"
        )

    def _links(self, path: str) -> list[StepLink]:
        step = article_step(self.article, path) if self.article is not None else None
        return step.links if step is not None else []

    @work(thread=True, exclusive=True, group="plan")
    def plan_step(self, path: str, view: StepView) -> None:
        """The action's plan and the step's form, looked up without changing anything."""
        runs = self.services.runs
        step = view.step
        if step.action_name == FORM_ACTION or step.field_defs:
            try:
                view.form = self.services.call(runs.form_fields, self.run_id, path)
            except KbpilotError as error:
                view.plan_error = shown(error)
        if step.action_name:
            try:
                view.plan = self.services.call(runs.plan, self.run_id, path).lines
            except KbpilotError as error:
                view.plan_error = shown(error)
        self.app.call_from_thread(self._planned, path, view)

    def _planned(self, path: str, view: StepView) -> None:
        if path == self.selected:
            self.query_one(StepDetail).show(view)
            self.call_after_refresh(self._focus_form)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "do-step": self.action_do_step,
            "check-step": self.action_check_step,
            "skip-step": self.action_skip_step,
            "note-step": self.action_note,
        }
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def action_do_step(self) -> None:
        if self.selected is None or self.run is None:
            return
        step = self.run.step(self.selected)
        if step.is_open:
            self.change("do", self.selected)
        else:
            state = "done" if step.state is StepState.DONE else "not applicable"
            self.app.notify(f"Step {step.path} is already {state}: nothing to run.")

    def action_check_step(self) -> None:
        if self.selected is not None:
            self.change("check", self.selected)

    def action_skip_step(self) -> None:
        path = self.selected
        if path is None:
            return
        prompt = TextPromptScreen(
            f"Why does step {path} not apply?", "the reason", "Not applicable"
        )

        def skip(reason: str | None) -> None:
            if reason:
                self.change("skip", path, reason)

        self.app.push_screen(prompt, skip)

    def action_note(self) -> None:
        path = self.selected
        if path is None:
            return
        prompt = TextPromptScreen(f"Note on step {path}", "what happened", "Add note")

        def add_note(text: str | None) -> None:
            if text:
                self.change("add_note", path, text)

        self.app.push_screen(prompt, add_note)

    @work(thread=True, group="change")
    def change(self, method: str, path: str, text: str | None = None) -> None:
        """do / check / skip / add_note on the service; a refusal (nothing was sent: an action
        that failed marks the step failed) is shown on the step."""
        runs = self.services.runs
        arguments = (self.run_id, path) if text is None else (self.run_id, path, text)
        done = False
        try:
            run = self.services.call(getattr(runs, method), *arguments)
        except KbpilotError as error:
            self.errors[path] = shown(error)
            self.app.call_from_thread(self.app.report, error, f"Step {path}")
            run = self.services.call(runs.get, self.run_id)
        else:
            self.errors.pop(path, None)
            done = method == "do"
        self.app.call_from_thread(self._changed, run, path, done)

    def _changed(self, run: Run, path: str, done: bool) -> None:
        self.show_run(run)
        step = run.step(path)
        if done and step.state is StepState.DONE and "ticket_number" in step.result:
            self.app.notify(f"Ticket {step.result['ticket_number']} created.", title="Autotask")
        if run.finished:
            self.app.notify("Every step is finished: press f for the summary.", title="Finished")

    def on_step_form_field_edited(self, event: StepForm.FieldEdited) -> None:
        if self.selected is not None:
            self.save_field(self.selected, event.key, event.value)

    @work(thread=True, group="save")
    def save_field(self, path: str, key: str, value: str) -> None:
        """Save one value as typed; a refused value keeps its text and shows why."""
        runs = self.services.runs
        message = ""
        try:
            self.services.call(runs.save_fields, self.run_id, path, {key: value})
        except FieldError as error:
            message = error.errors.get(key, str(error))
        except KbpilotError as error:
            message = str(error)
        self.app.call_from_thread(self._saved, path, key, message)

    def _saved(self, path: str, key: str, message: str) -> None:
        form = self.query_one(StepDetail).form()
        if form is not None and path == self.selected:
            form.show_error(key, message)

    def action_references(self) -> None:
        panel = self.query_one(ReferencePanel)
        panel.display = not panel.display
        if panel.display:
            panel.query_one("#references").focus()

    def on_reference_panel_reference_chosen(self, event: ReferencePanel.ReferenceChosen) -> None:
        reference = event.reference
        self.load_reference(reference.article or reference.title, reference.excerpt or "")

    @work(thread=True, exclusive=True, group="reference")
    def load_reference(self, name: str, excerpt: str) -> None:
        """The referenced article's text (the whole KB is loaded once, in this worker)."""
        try:
            found = self.services.call(self.services.runs.knowledge_base).find(name)
        except KbpilotError as error:
            excerpt = f"*{error}*"
            found = None
        text = found.markdown if found else excerpt or "*Not in this KB.*"
        self.app.call_from_thread(self.query_one(ReferencePanel).show_text, text)

    def action_include(self) -> None:
        """Add the reference highlighted in the side panel to the run as a sub-checklist."""
        panel = self.query_one(ReferencePanel)
        reference = panel.current if panel.display else None
        if reference is None:
            self.app.notify("Open the side panel (s) and highlight a reference to include.")
            return
        self.include(reference.article or reference.title)

    @work(thread=True, group="change")
    def include(self, article: str) -> None:
        runs = self.services.runs
        try:
            run = self.services.call(runs.include, self.run_id, article)
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error, "Include")
            return
        self.app.call_from_thread(self.show_run, run)
        added = next(step.path for step in reversed(run.steps) if "." not in step.path)
        self.app.call_from_thread(self.app.notify, f"Added as step {added}.")

    def action_open_ticket(self) -> None:
        """The ticket's Autotask page when it has one (`[runs] ticket_url`; a sandbox ticket
        never has); otherwise the ticket as Autotask holds it, in a dialog."""
        if self.run is None or self.run.ticket is None:
            self.app.notify("No ticket yet: run the step that creates it, or attach one (a).")
        elif self.run.ticket.url is not None:
            self.app.open_url(self.run.ticket.url)
        else:
            self.show_ticket()

    def action_attach_ticket(self) -> None:
        """A run without a ticket: pick one of the company's open tickets to work on."""
        from kbpilot.runs.tickets import TicketChoice
        from kbpilot.ui.screens.ticket_picker import TicketPickerScreen

        if self.run is None:
            return
        if self.run.ticket is not None:
            self.app.notify(f"This run already works on ticket {self.run.ticket.number}.")
            return

        def picked(choice: TicketChoice | None) -> None:
            if choice is not None:
                self.attach(choice.number)

        self.app.push_screen(TicketPickerScreen(self.run.company, "Attach a ticket"), picked)

    @work(thread=True, group="change")
    def attach(self, number: str) -> None:
        runs = self.services.runs
        try:
            run = self.services.call(runs.attach, self.run_id, number)
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error, "Attach a ticket")
            return
        self.app.call_from_thread(self.show_run, run)
        self.app.call_from_thread(self.app.notify, f"Ticket {number} attached.", title="Autotask")

    @work(thread=True, exclusive=True, group="ticket")
    def show_ticket(self) -> None:
        from kbpilot.ui.screens.ticket import TicketScreen

        runs = self.services.runs
        try:
            ticket = self.services.call(runs.lookups.ticket_view, self.run_id)
            linked = self.services.call(runs.get, self.run_id).linked_steps()
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error, "Ticket")
            return
        where = "the sandbox" if self.services.sandbox else "Autotask"
        self.app.call_from_thread(self.app.push_screen, TicketScreen(ticket, where, linked))

    def action_finish(self) -> None:
        if self.run is not None:
            self.app.push_screen(SummaryScreen(self.run))

    def action_back(self) -> None:
        """Esc in the form (or on a button) returns to the steps; on the steps, leaves the run."""
        checklist = self.query_one(Checklist)
        if checklist.has_focus:
            self.app.pop_screen()
        else:
            checklist.focus()
