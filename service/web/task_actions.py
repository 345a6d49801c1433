"""Which actions the signed-in person may take on a task now (permission and state)."""
from __future__ import annotations

from service.web.context import allowed

WORKING = ("open", "in_progress", "returned")

# action -> states in which the task model accepts it
STATES = {
    "start": ("open", "returned"),
    "submit": WORKING,
    "request_extension": WORKING,
    "accept": ("submitted",),
    "return": ("submitted",),
    "grant_extension": (*WORKING, "submitted"),
    "refuse_extension": (*WORKING, "submitted"),
    "reassign": WORKING,
    "cancel": (*WORKING, "submitted"),
    "comment": ("open", "in_progress", "returned", "submitted", "done", "cancelled"),
}


def available(row: dict) -> set[str]:
    state, pending = row["state"], row.get("requested_deadline") is not None
    found = set()
    for action, states in STATES.items():
        if state not in states or not allowed(action, row):
            continue
        if action == "request_extension" and pending:
            continue
        if action == "refuse_extension" and not pending:
            continue
        found.add(action)
    return found
