"""What every view needs: the Dondoc container, the acting person, and running a command."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

from flask import abort, current_app, flash, g
from flask_login import current_user

from service.web.messages import describe_vi
from workflows.permissions import Actor, UserRole, can


def dd():
    return current_app.extensions["dondoc"]


def now():
    return dd().clock.now()


def actor() -> Actor:
    """The signed-in person, or the person a task link grants the task of this request to
    (service.web.task_link sets ``g.link_actor`` only on that task's page and forms)."""
    if current_user.is_authenticated:
        return current_user.actor
    return g.link_actor


def target(row) -> SimpleNamespace:
    """A read-model row as a permission target (``plan_id``, ``agency_id``, ``cooperating``)."""
    return SimpleNamespace(plan_id=row["plan_id"], agency_id=row.get("agency_id"),
                           cooperating=tuple(row.get("cooperating") or ()),
                           former_agencies=tuple(row.get("former_agencies") or ()))


def allowed(action: str, row) -> bool:
    return can(actor(), action, target(row))


def require_roles(*roles: str) -> Actor:
    a = actor()
    if a.role.value not in roles:
        abort(403)
    return a


def is_admin() -> bool:
    return actor().role is UserRole.ADMINISTRATOR


def run(command, success: str | None = None):
    """Hand the command to the bus as the signed-in person. Returns (ok, result); a refusal is
    flashed in the reader's language, never raised."""
    try:
        result = dd().bus.handle(command, actor(), request_id=uuid.uuid4().hex)
    except Exception as exc:  # noqa: BLE001 - described or re-raised below
        message = describe_vi(exc)
        if message is None:
            raise
        current_app.logger.info("command %s refused: %s", type(command).__name__, exc)
        flash(message, "error")
        return False, None
    if success:
        flash(success, "ok")
    return True, result


def reading():
    """A connection for pages that only read: on SQLite it takes no write lock (WAL readers
    neither wait for nor block the writers)."""
    from service.db import read_only

    return read_only(dd().engine)
