"""The docs say what the product does: the files they point to exist, the commands they show
run, the completion they document is served."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kbpilot.cli import main
from tests.support import REPO

DOC_LINK = re.compile(r"docs/[\w-]+\.md")


def test_every_docs_file_named_in_the_kb_settings_and_readme_exists() -> None:
    for source in ("kb/kbpilot.toml", "README.md"):
        for name in DOC_LINK.findall((REPO / source).read_text(encoding="utf-8")):
            assert (REPO / name).is_file(), f"{source} points to {name}"


def test_json_help_says_what_it_prints() -> None:
    for command in (["search", "--help"], ["preview", "--help"]):
        shown = CliRunner().invoke(main, command).output
        assert "DESIGN" not in shown and "docs/json.md" in shown


def test_the_authoring_guide_show_command_runs(sample_kb: Path) -> None:
    text = (REPO / "docs/authoring.md").read_text(encoding="utf-8")
    shows = re.findall(r'^kbpilot show "([^"]+)"', text, re.M)
    assert shows
    for name in shows:
        result = CliRunner().invoke(main, ["--kb", str(sample_kb), "show", name])
        assert result.exit_code == 0, (name, result.output)


def test_the_documented_completion_is_served() -> None:
    assert "_KBPILOT_COMPLETE=bash_source kbpilot" in (REPO / "README.md").read_text("utf-8")
    env = {**os.environ, "_KBPILOT_COMPLETE": "bash_source"}
    script = subprocess.run(
        [str(Path(sys.executable).with_name("kbpilot"))],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "_kbpilot_completion()" in script.stdout
