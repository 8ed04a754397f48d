"""Who is at the keyboard: the technician recorded on runs, notes, ticket notes and exports.

A per-user setting, never a KB's: `$KBPILOT_TECHNICIAN`, else `technician` in the user's own
config file (`user.toml` in the platformdirs config dir, `~/.config/kbpilot/` on Linux;
`KBPILOT_CONFIG_HOME` moves it), else the OS user's full name, else the login name. The TUI asks
once, on a first start where neither the variable nor the file names anyone, and saves the answer.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

from kbpilot import paths
from kbpilot.errors import ConfigError

VARIABLE = "KBPILOT_TECHNICIAN"
FILE_NAME = "user.toml"


def config_file() -> Path:
    """The user's own settings file (it may not exist)."""
    return paths.config_dir() / FILE_NAME


def chosen() -> str | None:
    """The name the user chose ($KBPILOT_TECHNICIAN, else the config file); None when neither."""
    name = os.environ.get(VARIABLE, "").strip()
    return name or _saved()


def source() -> str:
    """Where the name comes from, for `kbpilot config technician`."""
    if os.environ.get(VARIABLE, "").strip():
        return f"${VARIABLE}"
    if _saved():
        return str(config_file())
    return "the OS user's full name"


def os_user_name() -> str:
    """The OS user's full name (the GECOS field on POSIX), else the login name."""
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, AttributeError):
        full = ""
    return full or getpass.getuser()


def technician_name() -> str:
    """Who runs are recorded as."""
    return chosen() or os_user_name()


def save(name: str) -> Path:
    """Record `name` as the user's technician name in their config file; returns the file."""
    name = name.strip()
    if not name:
        raise ConfigError(str(config_file()), "the technician's name is empty")
    if any(not character.isprintable() for character in name):
        raise ConfigError(str(config_file()), "the technician's name holds control characters")
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        "# Your own kbpilot settings (not a KB's): who runs are recorded as.\n"
        f'technician = "{escaped}"\n',
        encoding="utf-8",
    )
    return path


def _saved() -> str | None:
    path = config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(str(path), f"cannot be read: {error}") from None
    name = data.get("technician")
    if name is not None and not isinstance(name, str):
        raise ConfigError(str(path), "technician must be a string")
    return name.strip() if name and name.strip() else None
