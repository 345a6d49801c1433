"""The coordinator's dashboard over the tasks an actor may view: the four-way classification
(total, per agency, per plan), the overdue duties per agency, and the grid of periodic reports
per agency and period (submitted on time, late, missing, not yet due).

The database does the counting (``dashboard_sql``): three grouped queries instead of shipping
every visible task to Python. A focal point's board (few tasks; the cooperation rule is checked
per row) and the exports, which need the rows themselves (``keep_rows``), are computed row by
row (``dashboard_rows``).
"""
from __future__ import annotations

from datetime import datetime

from service.queries.dashboard_rows import dashboard_from_rows
from service.queries.dashboard_sql import dashboard_in_sql
from service.queries.dashboard_types import (LATE, MISSING, ON_TIME, PENDING, SHOWN_PER_AGENCY,  # noqa: F401
                                             Dashboard, Filters, report_status)
from workflows.permissions import Actor, UserRole


def dashboard(conn, actor: Actor, now: datetime, f: Filters = Filters(), keep_rows: bool = False) -> Dashboard:
    if keep_rows or actor.role is UserRole.FOCAL_POINT:
        return dashboard_from_rows(conn, actor, now, f, keep_rows)
    return dashboard_in_sql(conn, actor, now, f)
