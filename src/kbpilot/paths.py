"""Where kbpilot keeps its own files: decided here; `KBPILOT_HOME` overrides the user data dir,
`KBPILOT_CONFIG_HOME` the user config dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "kbpilot"


def data_dir() -> Path:
    """The folder for runs, the sandbox's state and caches; created on first use."""
    override = os.environ.get("KBPILOT_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sandbox_state_path() -> Path:
    """The simulators' persisted state (tickets created, exports...)."""
    return data_dir() / "sandbox-state.json"


def runs_db_path() -> Path:
    """The SQLite store of procedure runs."""
    return data_dir() / "runs.sqlite3"


def config_dir() -> Path:
    """The folder of the user's own settings (who they are); not created here."""
    override = os.environ.get("KBPILOT_CONFIG_HOME")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))
