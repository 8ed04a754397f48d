"""TimeZest's credential: the API key, sent as a Bearer token."""

from __future__ import annotations

from dataclasses import dataclass

from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.secrets import Secret
from kbpilot.integrations.timezest.wire import SERVICE

API_KEY = "KBPILOT_TIMEZEST_API_KEY"
SANDBOX = {API_KEY: "tz-sandbox-key-not-real"}


@dataclass(frozen=True)
class TimeZestCredentials:
    """A read/write API key (a read-only key cannot create scheduling requests)."""

    api_key: Secret

    @classmethod
    def read(cls, source: CredentialSource) -> TimeZestCredentials:
        (api_key,) = source.require(SERVICE, "TimeZest", (API_KEY,))
        return cls(Secret(api_key))
