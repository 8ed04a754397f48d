"""Every action step of every bundled article, done first in a fresh run (after the step that
creates the ticket): it succeeds, or says what it needs and which step gives it; no template ever
fails with a raw Jinja message. Rendering is bounded in time and size."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kbpilot.errors import KbpilotError
from kbpilot.model import Article
from kbpilot.runs.service import RunService
from kbpilot.runs.templates import Templates, context
from kbpilot.workspace import find_workspace

INCLUDABLE = {
    "customer-offboarding-letter-template",
    "send-offboarding-customer-their-runbook-from-itg",
}
NAMES_WHAT_IT_NEEDS = re.compile(
    r"do step [P\d.]+ \(.+\) first|no step of this run asks for \w+|"
    r"needs the run's ticket: this run has no step that makes one|fill in .+ first"
)


def _includes(article: Article) -> list[str]:
    return [ref.title for ref in article.see_also if ref.article in INCLUDABLE]


def test_every_action_step_done_first_succeeds_or_names_what_it_needs(
    service: RunService, sample_kb: Path
) -> None:
    kb = find_workspace(str(sample_kb)).load()
    tried = 0
    for article in kb.articles:
        if not article.procedures:
            continue
        start = service.start(article.id, "Northwind Traders", "Ana Trujillo", _includes(article))
        for step in (s for s in start.steps if s.action_name):
            run = service.start(article.id, "Northwind Traders", "Ana Trujillo", _includes(article))
            maker = next((s for s in run.steps if s.action_name == "autotask.create_ticket"), None)
            if maker is not None and maker.path != step.path:
                service.do(run.id, maker.path)
            tried += 1
            try:
                service.do(run.id, step.path)
            except KbpilotError as error:
                assert NAMES_WHAT_IT_NEEDS.search(str(error)), (article.id, step.path, str(error))
    assert tried >= 15


def test_the_letter_before_the_form_names_the_form_step(service: RunService) -> None:
    run = service.start(
        "workflow-offboarding-a-customer",
        "Northwind Traders",
        "Ana Trujillo",
        ["Customer Offboarding Letter Template"],
    )
    service.do(run.id, "1")
    with pytest.raises(KbpilotError) as refused:
        service.do(run.id, "6")
    assert str(refused.value).endswith(
        "needs fields.termination_date: do step 4 (Fill in required information) first"
    )


def test_a_template_without_a_ticket_names_the_step_that_creates_it(
    service: RunService, sample_kb: Path
) -> None:
    run = service.start("workflow-offboarding-a-customer", "Northwind Traders", "Ana Trujillo")
    templates = Templates(sample_kb)
    with pytest.raises(KbpilotError) as refused:
        templates.render_source("letter", "Ticket {{ ticket.number }}", context(run))
    assert str(refused.value) == (
        "letter: needs ticket.number: do step 1 (Create a new ticket) first"
    )
    assert templates.render_source("t", "{% if ticket %}x{% endif %}.", context(run)) == "."


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "rendering took longer than 0.5 s",
        ),
        ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "more than 1,000,000"),
        ("{{ 'x' * 100000000 }}", "more than 1,000,000"),
        ("{{ 2 ** 1000000000 }}", "too large a number"),
    ],
)
def test_rendering_is_bounded_in_time_and_size(
    service: RunService, sample_kb: Path, source: str, message: str
) -> None:
    run = service.start("workflow-offboarding-a-customer", "Northwind Traders", "Ana Trujillo")
    templates = Templates(sample_kb)
    templates.env.seconds = 0.5
    began = time.monotonic()
    with pytest.raises(KbpilotError, match=re.escape(message)) as refused:
        templates.render_source("article.md", source, context(run))
    assert str(refused.value).startswith("article.md: ")
    assert time.monotonic() - began < 10
