"""Where credentials come from: environment variables first, then the system keyring.

Values are wrapped in `Secret` by the system that reads them; `status()` reports which are set
and from where, never their values. In the keyring, each value is stored under the service
"kbpilot" with the environment variable's name as the user name. Which names exist is each
system's business (`System.credentials`, see `registry`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import keyring
import keyring.errors

from kbpilot.integrations.errors import CredentialsMissing

KEYRING_SERVICE = "kbpilot"

KeyringReader = Callable[[str], str | None]


def read_keyring(name: str) -> str | None:
    """The keyring's value for `name`; None when absent or when no keyring is usable."""
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except keyring.errors.KeyringError:
        return None


def no_keyring(_name: str) -> str | None:
    return None


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

    @classmethod
    def fixed(cls, values: Mapping[str, str]) -> CredentialSource:
        """Exactly these values, no environment and no keyring (the sandbox's)."""
        return cls(dict(values), no_keyring)

    def lookup(self, name: str) -> tuple[str | None, str | None]:
        """(value, source) of one credential; (None, None) when it is set nowhere."""
        value = self.env.get(name, "").strip()
        if value:
            return value, "env"
        stored = (self.keyring_reader(name) or "").strip()
        return (stored, "keyring") if stored else (None, None)

    def status(self, names: Iterable[str]) -> list[CredentialStatus]:
        return [CredentialStatus(name, self.lookup(name)[1]) for name in names]

    def require(self, service: str, label: str, names: tuple[str, ...]) -> list[str]:
        """The values of `names`, all set; else `CredentialsMissing` naming those that are not."""
        values = [self.lookup(name)[0] for name in names]
        missing = [name for name, value in zip(names, values, strict=True) if value is None]
        if missing:
            raise CredentialsMissing(
                service,
                f"{label} credentials are not set; set {', '.join(missing)} in the environment "
                f"or in the system keyring (service {KEYRING_SERVICE!r}, user = the variable name)",
            )
        return [value for value in values if value is not None]
