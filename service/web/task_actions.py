"""Which actions the signed-in person may take on a task now: the task model says which the
task admits in its state (``workflows.task_rules``), the permissions say which are this
person's."""
from __future__ import annotations

from service.web.context import allowed
from workflows.task_rules import allowed_actions


def available(row: dict) -> set[str]:
    admitted = allowed_actions(row["state"], row.get("requested_deadline") is not None)
    return {action for action in admitted if allowed(action, row)}
