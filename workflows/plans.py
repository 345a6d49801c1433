"""The plan aggregate: a draft from the importer, corrected by a reviewer, then activated.

Corrections are events (DraftCorrected) applied to the draft in order, so the draft a plan
was activated with can always be rebuilt and audited.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Sequence

from workflows.plan_events import (
    CollectiveExpanded, CollectiveQuorumSet, Correction, DraftCorrected, PlanActivated, PlanImported,
    PlanRetentionSet,
)


class PlanRefused(Exception):
    """A command on a plan that cannot be done; nothing changes."""

    def __init__(self, reason: str, code: str = "refused", **values):
        self.reason, self.code, self.values = reason, code, values  # reason: English, for logs
        super().__init__(reason)


EDITABLE_FIELDS = {"number", "issuer", "place", "issued_on", "title", "period", "reporting",
                   "assignments", "targets", "legal_basis"}


@dataclass
class Plan:
    plan_id: str = ""
    status: str = "new"  # new -> draft -> active
    draft: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""
    version: int = 0
    collectives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # duty id -> members

    @classmethod
    def from_events(cls, events: Sequence, owned: bool = False) -> "Plan":
        """``owned``: the events were just read from the log for this plan and nothing else
        holds them, so the draft is taken from them as it is rather than copied."""
        plan = cls()
        for ev in events:
            plan.apply(ev, owned)
        return plan

    def apply(self, ev, owned: bool = False) -> None:
        if isinstance(ev, PlanImported):
            self.plan_id, self.sha256, self.status = ev.plan_id, ev.sha256, "draft"
            self.draft = ev.owned_draft() if owned else ev.current_draft
        elif isinstance(ev, DraftCorrected):
            self.draft = apply_corrections(self.draft, ev.corrections)
        elif isinstance(ev, PlanActivated):
            self.status = "active"
        elif isinstance(ev, CollectiveExpanded):
            self.collectives[ev.duty_id] = (*self.collectives.get(ev.duty_id, ()), *ev.members)
        self.version += 1

    def set_quorum(self, duty_id: str, quorum) -> list:
        """The collective duty counts complete when ``quorum`` members are done (None: all)."""
        from workflows.collectives import check_quorum

        members = self.collectives.get(duty_id)
        if members is None:
            raise PlanRefused(f"plan {self.plan_id} has no collective duty {duty_id!r}", "not_collective")
        try:
            quorum = check_quorum(quorum, len(set(members)))
        except ValueError as exc:
            raise PlanRefused(f"duty {duty_id}: {exc}", "bad_quorum") from None
        return [CollectiveQuorumSet(self.plan_id, duty_id, quorum)]

    def set_retention(self, days) -> list:
        """Erase the files of the plan's submissions ``days`` after its period ends (None: keep
        them). Refused for a bad number of days."""
        from workflows.retention import checked_days

        if self.status == "new":
            raise PlanRefused(f"plan {self.plan_id} does not exist", "not_created")
        try:
            days = checked_days(days)
        except ValueError as exc:
            raise PlanRefused(str(exc), "bad_retention", value=str(days)) from None
        return [PlanRetentionSet(self.plan_id, days)]

    def correct(self, corrections: Sequence[Correction], note: str | None = None) -> list:
        if self.status != "draft":
            raise PlanRefused(f"plan {self.plan_id} is {self.status}: only a draft can be corrected",
                              "not_a_draft", status=self.status)
        if not corrections:
            raise PlanRefused("no corrections given", "empty")
        corrections = tuple(_dates_as_iso(c, i) for i, c in enumerate(corrections))
        apply_corrections(self.draft, corrections)  # raises on a bad path, changes nothing
        return [DraftCorrected(self.plan_id, corrections, note)]


def apply_corrections(draft: dict, corrections: Sequence[Correction]) -> dict:
    """A new draft with the corrections applied; PlanRefused names the first bad one."""
    result = copy.deepcopy(draft)
    for i, c in enumerate(corrections):
        try:
            _apply_one(result, c)
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise PlanRefused(f"correction {i + 1} ({c.op} {c.path}): {exc}", "bad_correction",
                              n=i + 1, path=c.path) from None
    return result


# Keys of the draft that hold a date (DESIGN.md: dates are ISO). A reviewer may type them as
# Vietnamese documents write them; the correction stores the ISO date, or is refused.
DATE_KEYS = frozenset({"issued_on", "start", "end", "date"})
_VN_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def _dates_as_iso(c: Correction, i: int) -> Correction:
    last = [p for p in c.path.split("/") if p][-1:] or [""]
    try:
        value = _iso(c.value, c.path) if last[0] in DATE_KEYS else _iso_within(c.value, c.path)
    except ValueError as exc:
        raise PlanRefused(f"correction {i + 1} ({c.op} {c.path}): {exc}", "bad_date", n=i + 1,
                          path=c.path) from None
    return c if value == c.value else replace(c, value=value)


def _iso_within(value: Any, path: str) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v, f"{path}/{k}") if k in DATE_KEYS else _iso_within(v, f"{path}/{k}")
                for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_within(v, f"{path}/{n}") for n, v in enumerate(value)]
    return value


def _iso(value: Any, path: str) -> Any:
    """An ISO date for a date typed as ISO or as dd/mm/yyyy; None stays (not stated)."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        if m := _VN_DATE.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"{path}: {value!r} is not a date (write dd/mm/yyyy or yyyy-mm-dd)") from None


def _apply_one(draft: dict, c: Correction) -> None:
    parts = [p for p in c.path.split("/") if p]
    if not parts or parts[0] not in EDITABLE_FIELDS:
        raise ValueError(f"field must be one of {', '.join(sorted(EDITABLE_FIELDS))}")
    parent = draft
    for p in parts[:-1]:
        parent = parent[int(p)] if isinstance(parent, list) else parent[p]
    last = parts[-1]
    value = copy.deepcopy(c.value)  # the draft must never share a list with the event that set it
    if c.op == "set":
        if isinstance(parent, list):
            parent[int(last)] = value
        else:
            parent[last] = value
    elif c.op == "remove":
        if not isinstance(parent, list):
            raise TypeError("only list items can be removed; set a field to null instead")
        del parent[int(last)]
    elif c.op == "append":
        target = parent[int(last)] if isinstance(parent, list) else parent.setdefault(last, [])
        if not isinstance(target, list):
            raise TypeError(f"{c.path} is not a list")
        target.append(value)
    else:
        raise ValueError(f"unknown operation {c.op!r} (set, remove, append)")
