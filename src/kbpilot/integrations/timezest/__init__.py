"""TimeZest: customers book appointments with technicians from a link on an Autotask ticket.
Its REST client, credential, `[timezest]` settings, simulator and `timezest.scheduling_request`
action; used by a KB whose kb/kbpilot.toml has a `[timezest]` table."""

from kbpilot.integrations.system import System
from kbpilot.integrations.timezest import connect as _connect
from kbpilot.integrations.timezest import credentials as _credentials
from kbpilot.integrations.timezest.settings import TimeZestSettings

SYSTEM = System(
    name="timezest",
    label="TimeZest",
    credentials=(_credentials.API_KEY,),
    settings=TimeZestSettings.from_raw,
    connect=_connect.connect,
    check=_connect.check,
    sandbox_path="/timezest/v1",
    sandbox_credentials=_credentials.SANDBOX,
    optional=True,
)
