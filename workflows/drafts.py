"""The plan draft's shape (the importer's output, DESIGN "Plan draft"), versioned.

``DRAFT_VERSION`` is the shape the importer writes now. PlanImported records the version of
the draft it carries; readers ask ``current_draft`` and get the shape this code reads, older
drafts upcast step by step. A change of the shape raises DRAFT_VERSION and adds the step from
the shape before to ``_STEPS`` (and a fixture of the old shape to tests/service/event_fixtures).
"""
from __future__ import annotations

import copy
from typing import Any, Callable

DRAFT_VERSION = 1

# version n -> a function turning a draft of version n into one of version n + 1
_STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def current_draft(draft: dict[str, Any], version: int, copy: bool = True) -> dict[str, Any]:
    """``draft`` (written at ``version``) in the shape of DRAFT_VERSION; a copy, never the
    stored dict itself, unless ``copy`` is False: the caller owns ``draft`` (an event it has
    just read from the log, held by nothing else), and a 10,000-duty draft is not walked."""
    if version > DRAFT_VERSION:
        raise ValueError(f"plan draft version {version} is newer than this dondoc ({DRAFT_VERSION})")
    if copy:
        draft = _copied(draft)
    while version < DRAFT_VERSION:
        draft, version = _STEPS[version](draft), version + 1
    return draft


def _copied(value: Any) -> Any:
    """A deep copy of a draft: JSON's dicts, lists and scalars copied by a plain walk, several
    times faster than copy.deepcopy on a 10,000-duty plan; anything else by deepcopy."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return copy.deepcopy(value)
