"""Loading YAML front matter: libyaml's safe loader when PyYAML has it (several times faster
than the pure-Python one, on every article of a KB); a document it refuses is read again by
the pure-Python safe loader, whose messages and line numbers point where the author erred."""

from __future__ import annotations

from typing import Any

import yaml

_FAST: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str) -> Any:
    """The YAML document in `source`, with safe types only; raises yaml.YAMLError."""
    try:
        return yaml.load(source, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.safe_load(source)
