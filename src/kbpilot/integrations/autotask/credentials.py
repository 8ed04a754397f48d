"""Autotask's credentials: the API user's name, its secret and the integration code."""

from __future__ import annotations

from dataclasses import dataclass

from kbpilot.integrations.autotask.wire import SERVICE
from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.secrets import Secret

USERNAME = "KBPILOT_AUTOTASK_USERNAME"
SECRET = "KBPILOT_AUTOTASK_SECRET"
INTEGRATION_CODE = "KBPILOT_AUTOTASK_INTEGRATION_CODE"
NAMES = (USERNAME, SECRET, INTEGRATION_CODE)
SANDBOX = {
    USERNAME: "kbpilot-api@bluebird-it.example",
    SECRET: "sandbox-secret-not-real",
    INTEGRATION_CODE: "SANDBOXINTEGRATIONCODE",
}


@dataclass(frozen=True)
class AutotaskCredentials:
    """The three values every Autotask request carries; `username` is not secret."""

    username: str
    secret: Secret
    integration_code: Secret

    @classmethod
    def read(cls, source: CredentialSource) -> AutotaskCredentials:
        username, secret, code = source.require(SERVICE, "Autotask", NAMES)
        return cls(username, Secret(secret), Secret(code))
