"""Fault injection against the loopback sandbox: what is retried, how often, and that a create
whose answer is lost is never duplicated."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from kbpilot.integrations.autotask.client import TicketDraft
from kbpilot.integrations.autotask.wire import THREAD_THRESHOLD_MESSAGE
from kbpilot.integrations.errors import (
    RateLimitError,
    ServerError,
    ServiceConnectionError,
    ServiceTimeoutError,
    ValidationError,
)
from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox
from kbpilot.integrations.sandbox.faults import Fault

from .conftest import NO_WAIT_SETTINGS, RecordingTransport, Sleeps

TITLE = "Offboarding: Northwind Traders"


def _posts(transport: RecordingTransport, suffix: str) -> int:
    return sum(1 for r in transport.requests if r.method == "POST" and r.url.path.endswith(suffix))


def _tickets_titled(sandbox: Sandbox, title: str) -> int:
    with sandbox.state.read() as data:
        tickets = data["autotask"]["records"]["Tickets"].values()
        return sum(1 for ticket in tickets if ticket["title"] == title)


def _create(clients: Integrations) -> int:
    return clients.autotask.create_ticket(TicketDraft(company_id=174, title=TITLE)).id


def _short_timeout_clients(server: LoopbackServer, transport, policy) -> Integrations:
    settings = {**NO_WAIT_SETTINGS, "autotask": {"timeout": 0.5}, "itglue": {"timeout": 0.5}}
    return connect_to(
        BaseUrls.at(server.origin), transport=transport, raw_settings=settings, policy=policy
    )


def test_rate_limits_are_retried_with_the_servers_wait(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport, sleeps: Sleeps
) -> None:
    clients.autotask.company(174)
    sandbox.faults.add(
        Fault("rate_limit", service="autotask", path="*/companies/*", times=2, seconds=7)
    )
    assert clients.autotask.company(175).name == "Contoso Ltd"
    assert sum(1 for r in transport.requests if r.url.path.endswith("/Companies/175")) == 3
    assert sleeps.delays == [0.0, 0.0], "Retry-After is capped by max_delay (0 in tests)"


def test_retry_after_is_honoured_and_backoff_is_jittered() -> None:
    error = RateLimitError("autotask", "x", retry_after=7)
    assert RetryPolicy().delay(error, 1) == 7
    assert RetryPolicy(max_delay=5).delay(error, 1) == 5
    plain = ServerError("itglue", "x", transient=True)
    policy = RetryPolicy(base_delay=1, max_delay=30, random=lambda: 0.5)
    assert [policy.delay(plain, n) for n in (1, 2, 3, 6)] == [0.5, 1.0, 2.0, 15.0]


def test_a_create_refused_by_a_rate_limit_is_sent_again(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport
) -> None:
    sandbox.faults.add(Fault("rate_limit", method="POST", path="*/tickets", times=1))
    _create(clients)
    assert _posts(transport, "/Tickets") == 2
    assert _tickets_titled(sandbox, TITLE) == 1


def test_transient_5xx_is_retried_until_attempts_run_out(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport
) -> None:
    clients.autotask.company(174)
    sandbox.faults.add(Fault("server_error", service="autotask", method="GET", status=503))
    with pytest.raises(ServerError, match="HTTP 503") as failure:
        clients.autotask.company(175)
    assert failure.value.transient
    assert sum(1 for r in transport.requests if r.url.path.endswith("/Companies/175")) == 4


def test_itglue_500_is_transient_but_autotask_500_is_validation(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport
) -> None:
    sandbox.faults.add(Fault("server_error", service="itglue", status=500, times=1))
    assert clients.itglue.organization(2389174).name == "Northwind Traders"
    assert sum(1 for r in transport.requests if r.url.path.endswith("/2389174")) == 2
    clients.autotask.company(174)
    sandbox.faults.add(Fault("server_error", service="autotask", status=500, times=1))
    with pytest.raises(ValidationError):
        clients.autotask.company(176)
    assert sum(1 for r in transport.requests if r.url.path.endswith("/Companies/176")) == 1


def test_a_create_is_not_repeated_after_an_unproven_5xx(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport
) -> None:
    clients.autotask.fields("Tickets")
    sandbox.faults.add(
        Fault("server_error", method="POST", path="*/tickets", status=503, after=True, times=1)
    )
    ticket_id = _create(clients)
    assert _posts(transport, "/Tickets") == 1, "the lookup found the committed ticket"
    assert _tickets_titled(sandbox, TITLE) == 1
    assert clients.autotask.ticket(ticket_id).title == TITLE


def test_timeout_after_commit_makes_no_duplicate_ticket(
    server: LoopbackServer, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
) -> None:
    with _short_timeout_clients(server, transport, policy) as clients:
        clients.autotask.fields("Tickets")
        sandbox.faults.add(
            Fault("latency", method="POST", path="*/tickets", seconds=3, after=True, times=1)
        )
        ticket_id = _create(clients)
    assert _posts(transport, "/Tickets") == 1
    assert _tickets_titled(sandbox, TITLE) == 1
    queries = [r for r in transport.requests if r.url.path.endswith("/Tickets/query")]
    assert queries, "the client looked the ticket up before deciding not to retry"
    with sandbox.state.read() as data:
        assert data["autotask"]["records"]["Tickets"][str(ticket_id)]["title"] == TITLE


def test_timeout_before_commit_is_retried_once_proven_absent(
    server: LoopbackServer, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
) -> None:
    with _short_timeout_clients(server, transport, policy) as clients:
        clients.autotask.fields("Tickets")
        sandbox.faults.add(Fault("latency", method="POST", path="*/tickets", seconds=3, times=1))
        _create(clients)
    assert _posts(transport, "/Tickets") == 2
    assert _tickets_titled(sandbox, TITLE) == 1


def test_dropped_connection_after_commit_makes_no_duplicate(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport
) -> None:
    clients.autotask.fields("TicketNotes")
    sandbox.faults.add(
        Fault("drop", method="POST", path="*/tickets/7001/notes", after=True, times=1)
    )
    note = clients.autotask.add_ticket_note(7001, "Called customer", "Left a voicemail.")
    assert _posts(transport, "/Tickets/7001/Notes") == 1
    with sandbox.state.read() as data:
        notes = data["autotask"]["records"]["TicketNotes"].values()
        assert sum(1 for n in notes if n["title"] == "Called customer") == 1
    assert note.description == "Left a voicemail."


def test_dropped_export_create_is_reconciled(
    clients: Integrations, sandbox: Sandbox, transport: RecordingTransport
) -> None:
    sandbox.faults.add(
        Fault("drop", service="itglue", method="POST", path="/exports", after=True, times=1)
    )
    export = clients.itglue.create_export(2389174)
    assert _posts(transport, "/exports") == 1
    with sandbox.state.read() as data:
        assert list(data["itglue"]["records"]["exports"]) == [str(export.id)]


def test_reads_survive_dropped_connections_and_timeouts(
    server: LoopbackServer, sandbox: Sandbox, transport: RecordingTransport, policy: RetryPolicy
) -> None:
    with _short_timeout_clients(server, transport, policy) as clients:
        sandbox.faults.add(Fault("drop", service="itglue", path="/organizations/*", times=1))
        sandbox.faults.add(
            Fault("latency", service="itglue", path="/organizations/*", seconds=3, times=1)
        )
        assert clients.itglue.organization(2389175).name == "Contoso Ltd"
        sandbox.faults.add(Fault("latency", service="itglue", seconds=3))
        with pytest.raises(ServiceTimeoutError, match="timed out waiting"):
            clients.itglue.organization(2389176)
    assert sum(1 for r in transport.requests if r.url.path.endswith("/2389175")) == 3


def test_connection_refused_is_retried_and_reported(policy: RetryPolicy, sleeps: Sleeps) -> None:
    with LoopbackServer(lambda *_: None) as stopped:
        origin = stopped.origin
    transport = RecordingTransport(httpx.HTTPTransport())
    with (
        connect_to(BaseUrls.at(origin), transport=transport, policy=policy) as clients,
        pytest.raises(ServiceConnectionError, match="could not connect") as failure,
    ):
        clients.itglue.organization(1)
    assert failure.value.not_applied and len(transport.requests) == 4 and len(sleeps.delays) == 3


def test_the_client_keeps_to_three_requests_per_entity(
    clients: Integrations, sandbox: Sandbox
) -> None:
    clients.autotask.company(174)
    sandbox.faults.add(Fault("latency", service="autotask", path="*/companies/*", seconds=0.2))
    with ThreadPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(lambda n: clients.autotask.company(n).name, [174, 175, 176, 178] * 2))
    assert len(names) == 8
    peaks = [
        peak
        for (_, entity), peak in sandbox.part("autotask", "budget").peak.items()
        if entity == "companies"
    ]
    assert peaks == [3]


def test_the_simulator_refuses_a_fourth_concurrent_request(
    clients: Integrations, sandbox: Sandbox
) -> None:
    url = clients.autotask.api.base_url() + "Companies/174"
    headers = clients.autotask.api.headers()
    sandbox.faults.add(Fault("latency", service="autotask", path="*/companies/*", seconds=0.5))
    barrier = threading.Barrier(4)

    def call(_: int) -> httpx.Response:
        barrier.wait()
        return httpx.get(url, headers=headers, timeout=5)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(call, range(4)))
    refused = [a for a in answers if a.status_code == 429]
    assert len(refused) == 1 and refused[0].json() == {"errors": [THREAD_THRESHOLD_MESSAGE]}
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 429]


def test_faults_can_be_set_over_http(server: LoopbackServer, sandbox: Sandbox) -> None:
    added = httpx.post(
        f"{server.origin}/_sandbox/faults",
        json={"kind": "server_error", "service": "itglue", "rate": 0.5, "status": 502},
    )
    assert added.json()["faults"][0]["status"] == 502 and sandbox.faults.faults[0].rate == 0.5
    assert httpx.post(f"{server.origin}/_sandbox/faults", json={"kind": "nope"}).status_code == 400
    assert httpx.delete(f"{server.origin}/_sandbox/faults").json() == {"faults": []}
