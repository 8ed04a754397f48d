"""`kbpilot run ...`: runs, headless (a module named `run` would shadow `kbpilot.cli.run`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict

import click
from rich.markup import escape

from kbpilot.cli.completion import complete_article, complete_run
from kbpilot.cli.context import CliContext, console, fail, print_json
from kbpilot.errors import KbpilotError
from kbpilot.runs.addresses import is_procedure
from kbpilot.runs.forms import FieldError, type_values
from kbpilot.runs.inflight import Holder
from kbpilot.runs.model import Run
from kbpilot.runs.service import FORM_ACTION, RunService

_MARK = {"todo": "[ ]", "done": "[x]", "not_applicable": "[-]", "failed": "[!]"}
json_option = click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")


@contextmanager
def _service(obj: CliContext) -> Iterator[RunService]:
    """The run service of the session; a KbpilotError is its message and exit 1."""
    try:
        service = RunService.open(obj.workspace, role=obj.role, sandbox=obj.sandbox)
        try:
            yield service
        finally:
            service.close()
    except KbpilotError as error:
        fail(str(error))


def _show(run: Run, as_json: bool, running: Holder | None = None) -> None:
    if as_json:
        print_json(run.to_dict())
        return
    out = console()
    done, total = run.progress
    label = escape(" [practice run]") if run.practice else ""
    ticket = f"ticket {run.ticket.number}" if run.ticket else "no ticket yet"
    out.print(
        f"[bold]{escape(run.article_title)}[/]{label}  run {run.id}: {escape(run.company)}"
        f" / {escape(run.contact or 'no contact')}, {escape(ticket)}, {done}/{total} done",
        soft_wrap=True,
    )
    if run.origin:
        where = run.origin.get("url") or f"document {run.origin.get('document')}"
        out.print(f"source: {escape(str(run.origin.get('system')))} {escape(str(where))}")
    for step in run.steps:
        indent = "    " * step.path.count(".")
        action = f"  [{step.action_name}]" if step.action_name else ""
        text = f"{step.path}. {escape(step.text)}"
        if is_procedure(step.path):
            text = f"[bold]{step.path} {escape(step.text)}[/]"
        out.print(
            f"{indent}{escape(_MARK[step.state])} {text}{escape(action)}",
            soft_wrap=True,
        )
        detail = step.reason or step.error or _summary(step.result)
        if detail:
            out.print(f"{indent}      {escape(detail)}", style="dim", soft_wrap=True)
        for note in step.notes:
            said = f"note by {note.who} at {note.at}: {note.text}"
            out.print(f"{indent}      {escape(said)}", soft_wrap=True)
    if run.pending:
        out.print(escape(pending_line(run, running)), style="yellow", soft_wrap=True)


def pending_line(run: Run, running: Holder | None) -> str:
    """What `run show` says of a run's pending action: in progress (by whom, since when) while
    its process holds the run, else its outcome is unknown."""
    if running is None:
        return "an action's outcome is unknown: `kbpilot run refresh` settles it"
    return (
        f"{running.what} is in progress (started by {running.who} at {running.at}, process "
        f"{running.pid}): `kbpilot run show {run.id}` again shows its result"
    )


def _summary(result: dict) -> str:
    keys = (
        "ticket_number",
        "category",
        "library",
        "note_id",
        "export_url",
        "file",
        "status",
        "link",
    )
    return ", ".join(f"{key}: {result[key]}" for key in keys if result.get(key))


def _fields(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r}: write KEY=VALUE", param_hint="--field")
        pairs[key.strip()] = text
    return pairs


@click.group()
def run() -> None:
    """Follow a procedure for a customer: start a run, do its steps, export the record."""


@run.command()
@click.argument("article", shell_complete=complete_article)
@click.option("--company", help="The Autotask company (exact name); required without --ticket.")
@click.option("--contact", help="The ticket contact: 'First Last' or e-mail.")
@click.option(
    "--ticket",
    metavar="NUMBER",
    help="Work on this open ticket (T20261130.0001): its company and contact unless given.",
)
@click.option(
    "--include",
    "includes",
    multiple=True,
    metavar="ARTICLE",
    shell_complete=complete_article,
    help="Add a see-also or related article as a sub-checklist (repeatable).",
)
@click.option(
    "--procedure",
    "procedures",
    multiple=True,
    metavar="HEADING|N",
    help="Follow only this procedure of an article with several: its heading (or a prefix "
    "only it has) or its number (repeatable; default: all).",
)
@json_option
@click.pass_obj
def start(
    obj: CliContext,
    article: str,
    company: str | None,
    contact: str | None,
    ticket: str | None,
    includes: tuple[str, ...],
    procedures: tuple[str, ...],
    as_json: bool,
) -> None:
    """Start a run of ARTICLE's procedure (id, title, alias or file)."""
    if not company and not ticket:
        raise click.UsageError("give --company NAME, or --ticket NUMBER to take the ticket's")
    with _service(obj) as service:
        run = service.start(
            article, company, contact, include=includes, procedures=procedures, ticket=ticket
        )
        _show(run, as_json)
        changes = run.changes_since_last_run()
        if changes and not as_json:
            out = console()
            out.print("[bold]Changed since the last run of this procedure:[/]")
            for change in changes:
                out.print(f"  {escape(change.describe())}", soft_wrap=True)


def _run_command(
    name: str, act: Callable[..., Run], help_text: str, what: str = "STEP"
) -> Callable[..., None]:
    """`kbpilot run NAME RUN WHAT [--json]`: `act(service, run, what)`, then the run shown."""

    @run.command(name=name, help=help_text)
    @click.argument("run_id", metavar="RUN", shell_complete=complete_run)
    @click.argument(
        "target", metavar=what, shell_complete=complete_article if what == "ARTICLE" else None
    )
    @json_option
    @click.pass_obj
    def command(obj: CliContext, run_id: str, target: str, as_json: bool) -> None:
        with _service(obj) as service:
            _show(act(service, run_id, target), as_json)

    return command


_run_command("check", RunService.check, "Mark STEP of RUN done by hand.")
_run_command(
    "include",
    RunService.include,
    "Add ARTICLE, a see-also or related article of RUN's, as a sub-checklist step.",
    "ARTICLE",
)
_run_command(
    "attach",
    RunService.attach,
    "Make the open ticket NUMBER of RUN's company the run's ticket (a run without one); "
    "its 'Create a new ticket' steps are done by it.",
    "NUMBER",
)


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@json_option
@click.pass_obj
def tickets(obj: CliContext, run_id: str, as_json: bool) -> None:
    """The open tickets of RUN's company, newest first: those `run attach` takes."""
    with _service(obj) as service:
        found = service.lookups.open_tickets(service.get(run_id).company)
    if as_json:
        print_json([asdict(choice) for choice in found])
        return
    out = console()
    if not found:
        out.print("no open tickets")
    for choice in found:
        out.print(
            f"{escape(choice.number)}  {escape(choice.status)}  {escape(choice.title)}",
            highlight=False,
            soft_wrap=True,
        )


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@click.argument("step")
@click.option(
    "--field", "fields", multiple=True, metavar="KEY=VALUE", help="A form value or option."
)
@click.option("--yes", is_flag=True, help="Do not ask before sending.")
@json_option
@click.pass_obj
def do(
    obj: CliContext, run_id: str, step: str, fields: tuple[str, ...], yes: bool, as_json: bool
) -> None:
    """Execute STEP's action: show what will be sent, then send it on confirmation.

    Without --yes it asks, and so refuses when stdin is not a terminal. Form values
    (--field KEY=VALUE on the form step) are all typed before any is saved.
    """
    values = _fields(fields)
    with _service(obj) as service:
        target = service.get(run_id).step(step)
        form = target.action_name == FORM_ACTION and bool(values)
        if form:
            _, errors = type_values(service.form_fields(run_id, target.path), values)
            if errors:
                raise FieldError(errors)
        if not yes and not sys.stdin.isatty():
            raise KbpilotError(
                f"nothing sent: kbpilot asks before step {target.path} sends anything and "
                "cannot ask here (stdin is not a terminal); add --yes to send without asking"
            )
        if form:
            service.save_fields(run_id, target.path, values)
            values = {}
        if not yes:
            plan = service.plan(run_id, target.path, values or None)
            out = console(stderr=True)
            for line in plan.lines:
                out.print(escape(line), soft_wrap=True)
            click.confirm("Send it?", abort=True, err=True)
        _show(service.do(run_id, target.path, values or None), as_json)


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@click.argument("step")
@click.option("--reason", required=True, help="Why the step does not apply.")
@json_option
@click.pass_obj
def skip(obj: CliContext, run_id: str, step: str, reason: str, as_json: bool) -> None:
    """Mark STEP of RUN not applicable, with a reason."""
    with _service(obj) as service:
        _show(service.skip(run_id, step, reason), as_json)


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@click.argument("step")
@click.argument("text")
@json_option
@click.pass_obj
def note(obj: CliContext, run_id: str, step: str, text: str, as_json: bool) -> None:
    """Add a note to STEP of RUN."""
    with _service(obj) as service:
        _show(service.add_note(run_id, step, text), as_json)


@run.command(name="list")
@json_option
@click.pass_obj
def list_(obj: CliContext, as_json: bool) -> None:
    """Every run, those in progress first."""
    with _service(obj) as service:
        runs = service.list_runs()
    if as_json:
        print_json([r.to_dict() for r in runs])
        return
    out = console()
    for item in runs:
        done, total = item.progress
        ticket = item.ticket.number if item.ticket else "-"
        practice = " (practice)" if item.practice else ""
        out.print(
            f"{item.id}  {done}/{total}  {escape(item.article_title)}{practice}  "
            f"{escape(item.company)}  {ticket}  {item.updated_at}",
            soft_wrap=True,
        )
    if not runs:
        out.print("no runs yet: `kbpilot run start ARTICLE --company NAME`")


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@json_option
@click.pass_obj
def show(obj: CliContext, run_id: str, as_json: bool) -> None:
    """A run's steps, states and results."""
    with _service(obj) as service:
        current = service.get(run_id)
        changed = service.article_changed(current.id)
        running = service.in_flight(current.id) if current.pending else None
    _show(current, as_json, running)
    if changed and not as_json:
        console().print("the article changed since this run started; the run keeps its copy")


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@json_option
@click.pass_obj
def refresh(obj: CliContext, run_id: str, as_json: bool) -> None:
    """Settle actions a crash left pending and sync the ticket's checklist."""
    with _service(obj) as service:
        _show(service.refresh(run_id), as_json)


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@click.option("--json", "as_json", is_flag=True, help="Print the ticket as JSON.")
@click.pass_obj
def ticket(obj: CliContext, run_id: str, as_json: bool) -> None:
    """The run's ticket as Autotask (or the sandbox) holds it: status, category, checklist,
    notes."""
    with _service(obj) as service:
        view = service.lookups.ticket_view(run_id)
        linked = service.get(run_id).linked_steps()
    if as_json:
        print_json(asdict(view))
        return
    out = console()
    out.print(f"[bold]Ticket {escape(view.number)}[/bold]  {escape(view.title)}")
    out.print(
        f"status {escape(view.status)} · priority {escape(view.priority)} · "
        f"category {escape(view.category or 'none')}"
        + (f"\n{escape(view.url)}" if view.url else "")
    )
    done = sum(completed for _, completed in view.checklist)
    out.print(f"checklist: {done}/{len(view.checklist)} completed")
    for name, completed in view.checklist:
        step = f"  (step {linked[name]})" if name in linked else ""
        mark = escape("[x]" if completed else "[ ]")
        out.print(f"  {mark} {escape(name)}{step}", highlight=False)
    out.print(f"notes: {len(view.notes)}")
    for title in view.notes:
        out.print(f"  • {escape(title)}", highlight=False)


@run.command()
@click.argument("run_id", metavar="RUN", shell_complete=complete_run)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md")
@click.option("--post", is_flag=True, help="Also post it as a note on the run's ticket.")
@click.pass_obj
def export(obj: CliContext, run_id: str, fmt: str, post: bool) -> None:
    """The run as a readable record: steps, who, when, results, notes."""
    with _service(obj) as service:
        click.echo(service.export(run_id, fmt), nl=False)
        if post:
            service.post_summary(run_id)


@run.command(name="new-store")
def new_store() -> None:
    """Move a damaged run store aside (renamed, never deleted); the next command starts a new,
    empty one."""
    from kbpilot import paths
    from kbpilot.runs.store_damage import move_aside

    moved = move_aside(paths.runs_db_path())
    click.echo(f"moved the run store to {moved}" if moved else "there is no run store yet")
