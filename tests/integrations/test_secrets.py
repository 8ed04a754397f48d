"""No secret in any error, log line or repr, even when a service echoes it back; credentials
come from the environment or the keyring and are reported without their values."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote, quote_plus

import httpx
import pytest

from kbpilot.integrations.autotask.api import AutotaskApi
from kbpilot.integrations.autotask.client import AutotaskClient
from kbpilot.integrations.autotask.credentials import SECRET as AUTOTASK_SECRET
from kbpilot.integrations.autotask.credentials import AutotaskCredentials
from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.errors import CredentialsMissing, IntegrationError
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.credentials import ITGlueCredentials
from kbpilot.integrations.registry import credential_names
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.secrets import MASK, Secret, redact

ENV = {
    "KBPILOT_AUTOTASK_USERNAME": "api@example.test",
    "KBPILOT_AUTOTASK_SECRET": "s3cr3t-Autotask-pa55",
    "KBPILOT_AUTOTASK_INTEGRATION_CODE": "INTEGRATIONCODE123",
    "KBPILOT_ITGLUE_API_KEY": "ITG.0123456789abcdef",
}
SECRETS = [
    ENV["KBPILOT_AUTOTASK_SECRET"],
    ENV["KBPILOT_AUTOTASK_INTEGRATION_CODE"],
    ENV["KBPILOT_ITGLUE_API_KEY"],
]


def _echo(request: httpx.Request) -> httpx.Response:
    """A hostile service: every answer quotes the request's headers back."""
    echoed = "; ".join(f"{k}={v}" for k, v in request.headers.items())
    if request.url.path.endswith("zoneInformation"):
        return httpx.Response(200, json={"url": "https://zone.example/ATServicesRest/"})
    if "itglue" in request.url.host:
        return httpx.Response(401, json={"errors": [{"title": "Unauthorized", "detail": echoed}]})
    return httpx.Response(500, json={"errors": [f"bad request {echoed}"]})


def test_secret_values_never_show() -> None:
    secret = Secret("hunter2-hunter2")
    assert "hunter2" not in repr(secret) + str(secret) + f"{secret}"
    assert redact("the key is hunter2-hunter2.") == "the key is ***."
    with pytest.raises(TypeError):
        __import__("pickle").dumps(secret)


def test_credentials_come_from_env_then_keyring_and_status_hides_values() -> None:
    source = CredentialSource(
        env={AUTOTASK_SECRET: ENV[AUTOTASK_SECRET]},
        keyring_reader={
            "KBPILOT_AUTOTASK_USERNAME": "kr-user",
            "KBPILOT_AUTOTASK_INTEGRATION_CODE": "KRCODE1234",
        }.get,
    )
    credentials = AutotaskCredentials.read(source)
    assert credentials.username == "kr-user"
    assert credentials.integration_code.reveal() == "KRCODE1234"
    statuses = {status.name: status.source for status in source.status(credential_names())}
    assert statuses["KBPILOT_AUTOTASK_SECRET"] == "env"
    assert statuses["KBPILOT_AUTOTASK_USERNAME"] == "keyring"
    assert statuses["KBPILOT_ITGLUE_API_KEY"] is None
    assert ENV[AUTOTASK_SECRET] not in repr(credentials) + repr(source.status(credential_names()))
    with pytest.raises(CredentialsMissing, match="KBPILOT_ITGLUE_API_KEY"):
        ITGlueCredentials.read(source)


def test_errors_logs_and_reprs_carry_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    source = CredentialSource(env=ENV, keyring_reader=lambda _name: None)
    transport = httpx.MockTransport(_echo)
    policy = RetryPolicy(base_delay=0, max_delay=0, sleep=lambda _s: None)
    autotask = AutotaskClient(
        AutotaskApi(AutotaskCredentials.read(source), transport=transport, policy=policy)
    )
    itglue = ITGlueClient(ITGlueCredentials.read(source), transport=transport, policy=policy)
    caplog.set_level(logging.DEBUG, logger="kbpilot")
    failures: list[IntegrationError] = []
    for call in (lambda: autotask.company(1), lambda: itglue.organization(1)):
        with pytest.raises(IntegrationError) as caught:
            call()
        failures.append(caught.value)
    texts = (
        [str(e) for e in failures]
        + [repr(e) for e in failures]
        + [" ".join(e.messages) for e in failures]
    )
    texts += [
        repr(autotask),
        repr(itglue),
        repr(autotask.api.credentials),
        repr(itglue.credentials),
    ]
    texts += [record.getMessage() for record in caplog.records]
    assert any("***" in text for text in texts), "the echoed secrets were found and masked"
    for secret in SECRETS:
        assert not [text for text in texts if secret in text]


def test_a_secret_echoed_url_encoded_or_json_escaped_is_redacted() -> None:
    value = 'p@ss/wo"rd+k\\ey é&x=1'
    Secret(value)
    echoes = [
        quote(value),
        quote(value, safe=""),
        quote_plus(value),
        quote(value, safe="").lower(),
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        json.dumps({"error": f"bad key {value}"}),
    ]
    for echo in echoes:
        shown = redact(f"server said: {echo}")
        assert "wo" not in shown and "rd" not in shown, echo
        assert MASK in shown
