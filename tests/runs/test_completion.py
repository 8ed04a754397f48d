"""Shell completion of article ids and run ids, asked of click as bash asks it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kbpilot.cli import main
from kbpilot.runs.service import RunService
from tests.support import ARTICLE


def completed(*words: str) -> list[str]:
    """The candidates bash is offered for the last word of `kbpilot WORDS...`."""
    environment = {
        "_KBPILOT_COMPLETE": "bash_complete",
        "COMP_WORDS": " ".join(["kbpilot", *words]),
        "COMP_CWORD": str(len(words)),
    }
    result = CliRunner().invoke(main, [], env=environment, prog_name="kbpilot")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_article_ids_come_from_the_index_as_last_built(sample_kb: Path) -> None:
    kb = ["--kb", str(sample_kb)]
    assert completed(*kb, "show", "work") == []
    assert not (sample_kb / "kb" / ".index").exists(), "completing never builds the index"
    assert CliRunner().invoke(main, [*kb, "index"]).exit_code == 0
    assert completed(*kb, "show", "workflow-off") == [ARTICLE]
    assert ARTICLE in completed(*kb, "run", "start", "")
    letter = "customer-offboarding-letter-template"
    assert letter in completed(*kb, "run", "start", ARTICLE, "--include", "cust")
    assert letter in completed(*kb, "run", "include", "abc", "cust")


def test_run_ids_come_from_the_store(service: RunService) -> None:
    first = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    second = service.start(ARTICLE, "Northwind Traders")
    assert sorted(completed("run", "show", "")) == sorted([first.id, second.id])
    assert completed("run", "do", first.id[:3]) == [first.id]
    assert completed("run", "export", first.id[:3]) == [first.id]
