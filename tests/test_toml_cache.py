"""kb/kbpilot.toml's tables cached beside the index: used only for the very same bytes."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from kbpilot.errors import ConfigError
from kbpilot.workspace import INDEX_FOLDER, SETTINGS_CACHE, SETTINGS_FILE, open_workspace

SETTINGS = """[kb]
name = "Cached KB"

[articles."reset-vpn"]
category = "Network"
tags = ["vpn"]
"""


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / INDEX_FOLDER).mkdir(parents=True)
    (tmp_path / SETTINGS_FILE).write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def parse_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(text: str) -> object:
        raise AssertionError("the settings file was parsed")

    monkeypatch.setattr(tomllib, "loads", refused)


def test_the_second_start_reads_the_cached_tables(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_workspace(kb).settings
    assert (kb / SETTINGS_CACHE).is_file()
    parse_refused(monkeypatch)
    again = open_workspace(kb).settings
    assert again == first
    assert again.name == "Cached KB"
    assert again.articles["reset-vpn"].tags == ("vpn",)


def test_an_edit_of_the_same_size_and_mtime_is_read(kb: Path) -> None:
    open_workspace(kb)
    path = kb / SETTINGS_FILE
    before = path.stat()
    path.write_text(SETTINGS.replace("Cached KB", "Edited KB"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert open_workspace(kb).settings.name == "Edited KB"


def test_an_older_file_put_back_is_read_as_it_is(kb: Path) -> None:
    """The cache knows the file by its bytes, so a clock or an mtime going back changes
    nothing."""
    path = kb / SETTINGS_FILE
    path.write_text(SETTINGS.replace("Cached KB", "Newer KB"), encoding="utf-8")
    open_workspace(kb)
    path.write_text(SETTINGS, encoding="utf-8")
    os.utime(path, ns=(0, 0))
    assert open_workspace(kb).settings.name == "Cached KB"


def test_a_deleted_settings_file_gives_the_defaults(kb: Path) -> None:
    open_workspace(kb)
    (kb / SETTINGS_FILE).unlink()
    assert open_workspace(kb).settings.name == "knowledge base"


def test_a_damaged_cache_is_ignored_and_replaced(kb: Path) -> None:
    open_workspace(kb)
    (kb / SETTINGS_CACHE).write_text('{"format": 1, "digest": ', encoding="utf-8")
    assert open_workspace(kb).settings.name == "Cached KB"
    assert json.loads((kb / SETTINGS_CACHE).read_text(encoding="utf-8"))["tables"]["kb"]


def test_no_cache_without_an_index_folder(kb: Path) -> None:
    (kb / INDEX_FOLDER).rmdir()
    assert open_workspace(kb).settings.name == "Cached KB"
    assert not (kb / INDEX_FOLDER).exists()


def test_tables_json_cannot_hold_are_parsed_every_time(kb: Path) -> None:
    (kb / SETTINGS_FILE).write_text(SETTINGS + "\n[runs]\nsince = 2026-11-30\n", encoding="utf-8")
    settings = open_workspace(kb).settings
    assert str(settings.raw["runs"]["since"]) == "2026-11-30"
    assert not (kb / SETTINGS_CACHE).exists()


def test_a_broken_file_is_reported_even_after_its_good_tables_were_cached(kb: Path) -> None:
    open_workspace(kb)
    (kb / SETTINGS_FILE).write_text(SETTINGS + "\n[kb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        open_workspace(kb)


def test_line_ends_are_read_as_before(kb: Path) -> None:
    (kb / SETTINGS_FILE).write_bytes(b'[kb]\r\nname = """two\r\nlines"""\r\n')
    assert open_workspace(kb).settings.name == "two\nlines"
