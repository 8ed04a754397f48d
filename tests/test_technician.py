"""Who is at the keyboard: $KBPILOT_TECHNICIAN, else the user's config file, else the OS user's
full name; never the KB's settings. `kbpilot config technician` shows and sets it."""

from __future__ import annotations

import getpass

import pytest
from click.testing import CliRunner

from kbpilot import technician
from kbpilot.cli import main
from kbpilot.errors import ConfigError


def test_the_variable_wins_then_the_user_file_then_the_os_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    assert technician.chosen() is None
    assert technician.technician_name() == technician.os_user_name()
    assert technician.os_user_name() in (technician.os_user_name(), getpass.getuser())
    path = technician.save('Ana "AJ" Jones')
    assert path == technician.config_file() and path.parent.name.startswith("kbpilot-config")
    assert technician.technician_name() == 'Ana "AJ" Jones'
    monkeypatch.setenv("KBPILOT_TECHNICIAN", "Sam Rivera")
    assert technician.technician_name() == "Sam Rivera"
    with pytest.raises(ConfigError, match="control characters"):
        technician.save("Eve\x1b[2J")


def test_config_technician_shows_and_sets_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    runner = CliRunner()
    shown = runner.invoke(main, ["config", "technician"])
    assert shown.exit_code == 0
    assert shown.output == f"{technician.os_user_name()} (from the OS user's full name)\n"
    saved = runner.invoke(main, ["config", "technician", "Dana Lee"])
    assert saved.exit_code == 0, saved.output
    assert f"saved in {technician.config_file()}" in saved.output
    assert runner.invoke(main, ["config", "technician"]).output.startswith("Dana Lee (from ")
