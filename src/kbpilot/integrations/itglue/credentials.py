"""IT Glue's credentials: the API key, and optionally the region named with it."""

from __future__ import annotations

from dataclasses import dataclass

from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.itglue.wire import SERVICE
from kbpilot.integrations.secrets import Secret

API_KEY = "KBPILOT_ITGLUE_API_KEY"
REGION = "KBPILOT_ITGLUE_REGION"
SANDBOX = {API_KEY: "ITG.sandbox-key-not-real"}


@dataclass(frozen=True)
class ITGlueCredentials:
    """The IT Glue API key, and the region named with it (None: the settings decide)."""

    api_key: Secret
    region: str | None = None

    @classmethod
    def read(cls, source: CredentialSource) -> ITGlueCredentials:
        (api_key,) = source.require(SERVICE, "IT Glue", (API_KEY,))
        return cls(Secret(api_key), source.lookup(REGION)[0])
