"""Autotask PSA: the REST client (zone discovery, the filter language, the workflow's entities),
its credentials and `[autotask]` settings, its simulator and its actions."""

from kbpilot.integrations.autotask import connect as _connect
from kbpilot.integrations.autotask import credentials as _credentials
from kbpilot.integrations.autotask.settings import AutotaskSettings
from kbpilot.integrations.system import System

SYSTEM = System(
    name="autotask",
    label="Autotask PSA",
    credentials=_credentials.NAMES,
    settings=AutotaskSettings.from_raw,
    connect=_connect.connect,
    check=_connect.check,
    sandbox_path="/ATServicesRest/",
    sandbox_credentials=_credentials.SANDBOX,
    badge="bold white on dark_blue",
)
