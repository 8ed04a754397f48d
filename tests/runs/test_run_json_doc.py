"""docs/json.md documents the run JSON as `run show --json` prints it: the same keys."""

from __future__ import annotations

import json
import re
from typing import Any

from kbpilot.runs.service import RunService
from tests.support import ARTICLE, REPO

SECTION = "## `kbpilot run start|show"


def _documented() -> Any:
    text = (REPO / "docs/json.md").read_text(encoding="utf-8")
    block = text[text.index(SECTION) :]
    found = re.search(r"```json\n(.*?)```", block, re.S)
    assert found is not None
    return json.loads(found.group(1).replace('"..."', '""').replace("...", ""))


def test_the_documented_run_json_has_the_keys_run_show_prints(service: RunService) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    printed = json.loads(json.dumps(service.do(run.id, "1").to_dict()))
    documented = _documented()
    assert list(documented) == list(printed)
    assert list(documented["steps"][0]) == list(printed["steps"][0])
    assert list(documented["ticket"]) == list(printed["ticket"])
