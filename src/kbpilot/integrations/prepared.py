"""A prepared call: the one request a client will send, built once, shown, then sent as is.

A client's `prepare_...` method builds it with every name already resolved to the id or
picklist value the service takes; the action handler shows exactly it in the step's plan
(`method endpoint` and `body`), the plan is recorded before anything is sent, and the client's
`send_...` method sends that same call. So the wire shape of a request has one owner: the
client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PreparedCall:
    """`method` to `endpoint` (relative to the service's base, with a leading /) with `body`."""

    method: str
    endpoint: str
    body: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "endpoint": self.endpoint, "body": self.body}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreparedCall:
        return cls(str(data["method"]), str(data["endpoint"]), dict(data.get("body") or {}))

    @property
    def path(self) -> str:
        """The endpoint without its leading /, as the clients join it to their base URL."""
        return self.endpoint.lstrip("/")
