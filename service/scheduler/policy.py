"""Each plan's reminder policy: the design's defaults, overridden by plans.settings["reminders"].

Settings are JSON, written at activation, e.g.
``{"reminders": {"remind_days_before": [5, 1], "escalate_leader_after": null}}``.
The hour (07:00) and the SMS hours (21:00-07:00) are the same for every plan: see
workflows.reminders for why.
"""
from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
import json

from sqlalchemy import bindparam, select

from service.driver_statements import DriverStatement
from service.projections.plans import plans
from workflows.reminders import ReminderPolicy

_NAMES = {f.name for f in fields(ReminderPolicy)}
_NOT_PER_PLAN = {
    "send_at": "reminders are recorded at 07:00 for every plan, before the 07:30 digest",
    "sms_from": "SMS hours are the recipient's, not the plan's: none between 21:00 and 07:00",
    "sms_until": "SMS hours are the recipient's, not the plan's: none between 21:00 and 07:00",
}
DEFAULT_POLICY = ReminderPolicy()


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
    retired = sorted(set(overrides) & set(_NOT_PER_PLAN))
    if retired:
        name = retired[0]
        raise ValueError(f"reminder setting {name} is not per plan: {_NOT_PER_PLAN[name]}")
    unknown = set(overrides) - _NAMES
    if unknown:
        raise ValueError(f"unknown reminder settings: {', '.join(sorted(unknown))}")
    values = {}
    for name, value in overrides.items():
        if name == "remind_days_before":
            value = tuple(value)
        values[name] = value
    return ReminderPolicy(**values)


_SETTINGS = select(plans.c.plan_id, plans.c.settings).where(
    plans.c.plan_id.in_(bindparam("ids", expanding=True)))
_SETTINGS_ONE = DriverStatement(select(plans.c.plan_id, plans.c.settings).where(
    plans.c.plan_id == bindparam("id")))


def plan_policies(conn, plan_ids, known: dict | None = None) -> dict[str, ReminderPolicy]:
    """Policy per plan id; ``known`` gives settings not yet in the plans table (same batch)."""
    known = known or {}
    wanted = [p for p in set(plan_ids) if p not in known]
    found = dict(known)
    if len(wanted) == 1:  # a command's task: by a statement compiled once
        found.update(_SETTINGS_ONE.rows(conn, {"id": wanted[0]}))
    elif wanted:
        found.update(conn.execute(_SETTINGS, {"ids": wanted}).all())
    return {p: policy_from_settings(found.get(p)) for p in set(plan_ids)}
