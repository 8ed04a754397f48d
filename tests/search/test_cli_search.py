"""`kbpilot search` and `kbpilot index` as a user runs them."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbpilot.cli import main


def kbpilot(kb: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--kb", str(kb), *args], catch_exceptions=False)


def test_search_json_has_designs_shape(sample_kb: Path) -> None:
    result = kbpilot(sample_kb, "search", "runbok", "itg", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["query", "suggestion", "hits"]
    assert data["query"] == "runbok itg"
    assert data["suggestion"] is None
    first = data["hits"][0]
    assert list(first) == ["id", "title", "category", "score", "snippet", "step", "alias"]
    assert first["id"] == "send-offboarding-customer-their-runbook-from-itg"
    assert first["category"] == "Offboarding"
    assert first["step"] == "4"
    assert "**runbook**" in first["snippet"]
    assert isinstance(first["score"], float)


def test_search_limit(sample_kb: Path) -> None:
    data = json.loads(kbpilot(sample_kb, "search", "customer", "--limit", "2", "--json").stdout)
    assert len(data["hits"]) == 2


def test_search_prints_hits_with_their_step(sample_kb: Path) -> None:
    result = kbpilot(sample_kb, "search", "ofboard")
    assert result.exit_code == 0
    assert result.stdout.startswith("Workflow: Offboarding a Customer")
    assert "step 3" in result.stdout


def test_no_hit_suggests_and_exits_1(sample_kb: Path) -> None:
    result = kbpilot(sample_kb, "search", "ofbordnig")
    assert result.exit_code == 1
    assert "Did you mean: offboarding?" in result.stdout
    data = json.loads(kbpilot(sample_kb, "search", "ofbordnig", "--json").stdout)
    assert data == {"query": "ofbordnig", "suggestion": "offboarding", "hits": []}


@pytest.mark.parametrize("query", ['"unbalanced', "OR", "-", "nosuch:field", "x" * 10_000, "\x00"])
def test_bad_queries_give_a_message_not_a_traceback(sample_kb: Path, query: str) -> None:
    result = kbpilot(sample_kb, "search", query, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["query"] == query
    assert "Traceback" not in result.output


def test_notices_go_to_stderr(sample_kb: Path) -> None:
    result = kbpilot(sample_kb, "search", "owner:matthew", "--json")
    assert "owner: is not a field" in result.stderr
    json.loads(result.stdout)


def test_index_counts_then_rebuild(sample_kb: Path) -> None:
    first = kbpilot(sample_kb, "index")
    assert first.exit_code == 0
    assert "7 added, 0 updated, 0 removed, 0 unchanged" in first.stdout
    assert "0 added, 0 updated, 0 removed, 7 unchanged" in kbpilot(sample_kb, "index").stdout
    assert "0 added, 7 updated" in kbpilot(sample_kb, "index", "--rebuild").stdout


def test_a_corrupt_index_is_rebuilt_with_a_message(sample_kb: Path) -> None:
    kbpilot(sample_kb, "index")
    for path in (sample_kb / "kb" / ".index").glob("_MAIN_*.toc"):
        path.write_bytes(b"not a pickle")
    result = kbpilot(sample_kb, "search", "runbook", "--json")
    assert result.exit_code == 0
    assert "could not be read" in result.stderr and "rebuilt it" in result.stderr
    assert json.loads(result.stdout)["hits"]


def test_the_cli_starts_without_whoosh_or_readers() -> None:
    code = (
        "import sys, kbpilot.cli\n"
        "heavy = ['whoosh', 'bs4', 'markdown_it', 'textual']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_minus_word_excludes_even_where_it_looks_like_an_option(sample_kb: Path) -> None:
    plain = json.loads(kbpilot(sample_kb, "search", "offboard", "--json").stdout)
    assert "customer-offboarding-letter-template" in [h["id"] for h in plain["hits"]]
    result = kbpilot(sample_kb, "search", "offboard", "-letter", "--json")
    assert result.exit_code == 0, result.output
    ids = [hit["id"] for hit in json.loads(result.stdout)["hits"]]
    assert ids and "customer-offboarding-letter-template" not in ids
    assert kbpilot(sample_kb, "search", "offboard", "-hardware", "--json").exit_code == 0


def test_snippets_label_only_the_step_they_show_and_name_the_alias(sample_kb: Path) -> None:
    hits = json.loads(kbpilot(sample_kb, "search", "offboard", "letter", "--json").stdout)["hits"]
    runbook = next(h for h in hits if h["id"] == "send-offboarding-customer-their-runbook-from-itg")
    assert "Procedure" in runbook["snippet"] and runbook["step"] is None
    first = json.loads(kbpilot(sample_kb, "search", "terminate", "customer", "--json").stdout)
    assert first["hits"][0]["alias"] == "terminate customer"
    shown = kbpilot(sample_kb, "search", "terminate", "customer").stdout
    assert 'alias "terminate customer"' in shown


def test_search_outside_a_kb_says_so_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "offboard"])
    assert result.exit_code == 1
    assert "no knowledge base found" in str(result.exception)
    assert list(tmp_path.iterdir()) == []


def test_a_search_process_ends_with_its_whole_answer_and_exit_code(indexed_sample_kb: Path) -> None:
    """`kbpilot search` leaves without the interpreter's teardown: its output must be out first."""
    command = [str(Path(sys.executable).with_name("kbpilot")), "--kb", str(indexed_sample_kb)]
    found = subprocess.run(
        [*command, "search", "customer", "--limit", "200", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"]
    missed = subprocess.run(
        [*command, "search", "ofbordnig"], capture_output=True, text=True, timeout=120
    )
    assert missed.returncode == 1
    assert "Did you mean: offboarding?" in missed.stdout
    usage = subprocess.run([*command, "search"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr


def test_only_a_quick_command_runs_without_the_garbage_collector(sample_kb: Path) -> None:
    gc.disable()
    try:
        assert kbpilot(sample_kb, "search", "runbook", "--json").exit_code == 0
        assert not gc.isenabled()
        assert kbpilot(sample_kb, "index").exit_code == 0
        assert gc.isenabled()
    finally:
        gc.enable()
