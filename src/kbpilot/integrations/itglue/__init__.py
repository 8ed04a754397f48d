"""IT Glue: the REST client (JSON:API documents, organizations and their documentation,
exports), its credentials and `[itglue]` settings, its simulator and its actions."""

from kbpilot.integrations.itglue import connect as _connect
from kbpilot.integrations.itglue import credentials as _credentials
from kbpilot.integrations.itglue.settings import ITGlueSettings
from kbpilot.integrations.system import System

SYSTEM = System(
    name="itglue",
    label="IT Glue",
    credentials=(_credentials.API_KEY,),
    optional_credentials=(_credentials.REGION,),
    settings=ITGlueSettings.from_raw,
    connect=_connect.connect,
    check=_connect.check,
    sandbox_path="/itglue",
    sandbox_credentials=_credentials.SANDBOX,
    badge="bold black on green",
)
