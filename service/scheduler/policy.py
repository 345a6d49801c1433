"""Each plan's reminder policy: the design's defaults, overridden by plans.settings["reminders"].

Settings are JSON, written at activation, e.g.
``{"reminders": {"remind_days_before": [5, 1], "escalate_leader_after": null, "send_at": "07:30"}}``.
"""
from __future__ import annotations

from dataclasses import fields
from datetime import time
from functools import lru_cache
import json

from sqlalchemy import bindparam, select

from service.projections.plans import plans
from workflows.reminders import ReminderPolicy

_TIMES = {"send_at", "sms_from", "sms_until"}
_NAMES = {f.name for f in fields(ReminderPolicy)}
# Reminders are recorded at 07:00 so that the 07:30 daily digest carries them the same morning
# (at the policy's own 08:00 a due-today reminder would reach the focal point a day late).
SEND_AT = time(7, 0)
DEFAULT_POLICY = ReminderPolicy(send_at=SEND_AT)


def policy_from_settings(settings: dict | None) -> ReminderPolicy:
    """The plan's policy. Unknown keys are refused, so a typo never silently keeps a default."""
    overrides = (settings or {}).get("reminders") or {}
    if not overrides:
        return DEFAULT_POLICY
    # Settings come from JSON: freeze them into a hashable key for the cache.
    return _policy(json.dumps(overrides, sort_keys=True))


@lru_cache(maxsize=256)
def _policy(frozen: str) -> ReminderPolicy:
    overrides = json.loads(frozen)
    unknown = set(overrides) - _NAMES
    if unknown:
        raise ValueError(f"unknown reminder settings: {', '.join(sorted(unknown))}")
    values = {}
    for name, value in overrides.items():
        if name in _TIMES and isinstance(value, str):
            value = time.fromisoformat(value)
        elif name == "remind_days_before":
            value = tuple(value)
        values[name] = value
    return ReminderPolicy(**{"send_at": SEND_AT, **values})


_SETTINGS = select(plans.c.plan_id, plans.c.settings).where(
    plans.c.plan_id.in_(bindparam("ids", expanding=True)))


def plan_policies(conn, plan_ids, known: dict | None = None) -> dict[str, ReminderPolicy]:
    """Policy per plan id; ``known`` gives settings not yet in the plans table (same batch)."""
    known = known or {}
    wanted = [p for p in set(plan_ids) if p not in known]
    found = dict(known)
    if wanted:
        found.update(conn.execute(_SETTINGS, {"ids": wanted}).all())
    return {p: policy_from_settings(found.get(p)) for p in set(plan_ids)}
