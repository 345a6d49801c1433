"""What a worker's first pages would otherwise pay for, done before it takes requests: every
template compiled, Babel's locale data loaded, and the statements of the dashboard's first
screen compiled (run once, reading, as an administrator and as a coordinator of every plan).

Run by gunicorn after it forks each worker (``service.gunicorn_conf``): a worker's first
dashboard costs about as much as its hundredth. Nothing is written; a database not reachable
or not migrated yet leaves the statements to the first request (logged, not raised).
"""
from __future__ import annotations

import logging

from babel import Locale
from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> None:
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    from service.web.i18n import LANGUAGES, _decimal

    for code in LANGUAGES:
        Locale.parse(code).decimal_formats  # noqa: B018 (loads the locale's data)
        _decimal(int, 1, code)
    try:
        _first_screen(app)
    except Exception:  # noqa: BLE001 (a warm-up never stops a worker)
        log.warning("warm-up: the dashboard's statements are left to the first request", exc_info=True)


def _first_screen(app: Flask) -> None:
    from sqlalchemy import select

    from service.db import read_only
    from service.projections.plans import plans
    from service.queries.dashboard_types import Filters
    from service.queries.overdue_board import oldest_overdue, overdue_counts
    from service.web.dashboard import AGENCIES_PER_PAGE, TASKS_SHOWN
    from workflows.permissions import Actor

    dd = app.extensions["dondoc"]
    now = dd.clock.now()
    with read_only(dd.engine) as conn:
        plan_ids = frozenset(conn.execute(select(plans.c.plan_id)).scalars())
        for actor in (Actor("warm-up", "administrator"), Actor("warm-up", "coordinator", plan_ids=plan_ids)):
            late = overdue_counts(conn, actor, now, Filters())
            oldest_overdue(conn, actor, Filters(), [a.agency_id for a in late[:AGENCIES_PER_PAGE]], now, TASKS_SHOWN)
