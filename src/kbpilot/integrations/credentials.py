"""Where credentials come from: environment variables first, then the system keyring.

Values are wrapped in `Secret` as soon as they are read; `credential_status()` reports which
are set and from where, never their values. In the keyring, each value is stored under the
service "kbpilot" with the environment variable's name as the user name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import keyring
import keyring.errors

from kbpilot.integrations.errors import CredentialsMissing
from kbpilot.integrations.secrets import Secret

KEYRING_SERVICE = "kbpilot"
AUTOTASK_USERNAME = "KBPILOT_AUTOTASK_USERNAME"
AUTOTASK_SECRET = "KBPILOT_AUTOTASK_SECRET"
AUTOTASK_INTEGRATION_CODE = "KBPILOT_AUTOTASK_INTEGRATION_CODE"
ITGLUE_API_KEY = "KBPILOT_ITGLUE_API_KEY"
ITGLUE_REGION = "KBPILOT_ITGLUE_REGION"

AUTOTASK_NAMES = (AUTOTASK_USERNAME, AUTOTASK_SECRET, AUTOTASK_INTEGRATION_CODE)
ITGLUE_NAMES = (ITGLUE_API_KEY,)
ALL_NAMES = (*AUTOTASK_NAMES, ITGLUE_API_KEY, ITGLUE_REGION)

KeyringReader = Callable[[str], str | None]


def read_keyring(name: str) -> str | None:
    """The keyring's value for `name`; None when absent or when no keyring is usable."""
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except keyring.errors.KeyringError:
        return None


@dataclass(frozen=True)
class AutotaskCredentials:
    """The three values every Autotask request carries; `username` is not secret."""

    username: str
    secret: Secret
    integration_code: Secret


@dataclass(frozen=True)
class ITGlueCredentials:
    """The IT Glue API key, and the region named with it (None: the settings decide)."""

    api_key: Secret
    region: str | None = None


@dataclass(frozen=True)
class CredentialStatus:
    """Whether one credential is set, and where it was found: "env", "keyring" or None."""

    name: str
    source: str | None

    @property
    def is_set(self) -> bool:
        return self.source is not None


class CredentialSource:
    """Reads credentials from an environment mapping, then a keyring reader."""

    def __init__(
        self, env: Mapping[str, str] | None = None, keyring_reader: KeyringReader = read_keyring
    ) -> None:
        self.env = os.environ if env is None else env
        self.keyring_reader = keyring_reader

    def lookup(self, name: str) -> tuple[str | None, str | None]:
        """(value, source) of one credential; (None, None) when it is set nowhere."""
        value = self.env.get(name, "").strip()
        if value:
            return value, "env"
        stored = (self.keyring_reader(name) or "").strip()
        return (stored, "keyring") if stored else (None, None)

    def status(self) -> list[CredentialStatus]:
        return [CredentialStatus(name, self.lookup(name)[1]) for name in ALL_NAMES]

    def autotask(self) -> AutotaskCredentials:
        username, secret, code = self._require("Autotask", AUTOTASK_NAMES)
        return AutotaskCredentials(username, Secret(secret), Secret(code))

    def itglue(self) -> ITGlueCredentials:
        (api_key,) = self._require("IT Glue", ITGLUE_NAMES)
        return ITGlueCredentials(Secret(api_key), self.lookup(ITGLUE_REGION)[0])

    def _require(self, label: str, names: tuple[str, ...]) -> list[str]:
        values = [self.lookup(name)[0] for name in names]
        missing = [name for name, value in zip(names, values, strict=True) if value is None]
        if missing:
            service = "autotask" if label == "Autotask" else "itglue"
            raise CredentialsMissing(
                service,
                f"{label} credentials are not set; set {', '.join(missing)} in the environment "
                f"or in the system keyring (service {KEYRING_SERVICE!r}, user = the variable name)",
            )
        return [value for value in values if value is not None]
