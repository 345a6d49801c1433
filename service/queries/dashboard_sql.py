"""The dashboard counted by the database: three grouped queries, whatever the number of tasks.

- the four-way totals per (plan, agency): ``classify_sql.counts_by`` as of the local day of
  ``now``;
- the overdue tasks: how many per agency and the first ``SHOWN_PER_AGENCY`` by deadline, with
  window functions (SQLite >= 3.25, PostgreSQL);
- the report grid: one row per (agency, period) holding the worst status of its reports.

As of a day, not an instant: the row-by-row path classifies as of the instant ``now``, this one
as of the end of its day in Asia/Ho_Chi_Minh. They differ only for a task created, done or
cancelled later that day than ``now``, which the projection cannot hold (events are recorded
at the clock's present; an as-of date in the past is already counted at the end of its day).
Deadlines were days already: "past the deadline" at ``now`` is "the day of ``now`` is after
the deadline", and "submitted within the deadline" is "submitted on or before the deadline day".
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, and_, case, cast, func, literal, or_, select

from service.projections.tasks import tasks as t
from service.queries.classify_sql import counts_by, group_counts, sum_counts
from service.queries.dashboard_types import SEVERITY, SHOWN_PER_AGENCY, Dashboard, Filters
from service.queries.visibility import task_scope
from workflows.localtime import local_date
from workflows.classification import Status
from workflows.permissions import Actor

# The columns of an overdue row shown (as the row-by-row path gives them, texts included).
_SHOWN = (t.c.task_id, t.c.plan_id, t.c.agency_id, t.c.deadline, t.c.done_at, t.c.cancelled_at,
          t.c.created_at, t.c.state, t.c.kind, t.c.period_key, t.c.submitted_at)
_TEXTS = (t.c.duty_text, t.c.period_label)


def dashboard_in_sql(conn, actor: Actor, now: datetime, f: Filters = Filters()) -> Dashboard:
    board = classification_board(conn, actor, now, f)
    today, where = local_date(now), _where(actor, f, local_date(now))
    submitted_day = local_day(conn, t.c.submitted_at)
    _overdue(conn, board, where, today, submitted_day)
    _grid(conn, board, where, today, submitted_day)
    return board


def classification_board(conn, actor: Actor, now: datetime, f: Filters = Filters()) -> Dashboard:
    """The four-way counts alone (total, per agency, per plan): the classification page."""
    today = local_date(now)
    by_both = counts_by(conn, today, where=_where(actor, f, today), by=(t.c.plan_id, t.c.agency_id))
    return Dashboard(sum_counts(by_both.values()), group_counts(by_both, 1), group_counts(by_both, 0), {}, [])


def grid_board(conn, actor: Actor, now: datetime, f: Filters = Filters()) -> Dashboard:
    """The report grid alone: the periodic reports page."""
    today = local_date(now)
    board = Dashboard(None, {}, {}, {}, [])
    _grid(conn, board, _where(actor, f, today), today, local_day(conn, t.c.submitted_at))
    return board


def _where(actor: Actor, f: Filters, today: date) -> list:
    where = [task_scope(actor)]
    if f.plans:
        where.append(t.c.plan_id.in_(f.plans))
    for column, value in ((t.c.agency_id, f.agency_id), (t.c.kind, f.kind)):
        if value:
            where.append(column == value)
    if f.status:
        where.append(status_clause(Status(f.status), today))
    return where


def status_clause(status: Status, day: date):
    """The tasks of one classification status as of ``day`` (the rules of classify_sql)."""
    counted = and_(or_(t.c.cancelled_on.is_(None), t.c.cancelled_on > day), t.c.created_on <= day)
    done = and_(t.c.done_on.is_not(None), t.c.done_on <= day)
    not_done = or_(t.c.done_on.is_(None), t.c.done_on > day)
    return and_(counted, {
        Status.DONE_ON_TIME: and_(done, t.c.done_on <= t.c.deadline),
        Status.DONE_LATE: and_(done, t.c.done_on > t.c.deadline),
        Status.IN_PROGRESS_ON_TIME: and_(not_done, t.c.deadline >= day),
        Status.IN_PROGRESS_OVERDUE: and_(not_done, t.c.deadline < day),
    }[status])


def local_day(conn, column):
    """The day in Asia/Ho_Chi_Minh of a stored UTC instant, as SQL comparable with a Date.

    SQLite holds the instant as UTC text and has no time zones: Vietnam is UTC+7 all year (no
    daylight saving since 1975), so adding seven hours gives the same day as the zone rules."""
    if conn.dialect.name == "postgresql":
        return cast(func.timezone("Asia/Ho_Chi_Minh", column), Date)
    return func.date(column, "+7 hours")


def _overdue(conn, board: Dashboard, where: list, today: date, submitted_day) -> None:
    late = and_(
        t.c.state.not_in(("done", "cancelled")), t.c.deadline < today,
        # submitted on time and waiting for review: the delay is the reviewer's
        or_(t.c.state != "submitted", t.c.submitted_at.is_(None), submitted_day > t.c.deadline))
    ranked = select(
        *_SHOWN, *_TEXTS,
        func.count().over(partition_by=t.c.agency_id).label("n_late"),
        func.row_number().over(partition_by=t.c.agency_id, order_by=(t.c.deadline, t.c.task_id)).label("rank"),
    ).where(*where, late).subquery()
    stmt = (select(*(ranked.c[c.name] for c in _SHOWN + _TEXTS), ranked.c.n_late)
            .where(ranked.c.rank <= SHOWN_PER_AGENCY)
            .order_by(ranked.c.agency_id, ranked.c.deadline, ranked.c.task_id))
    for r in conn.execute(stmt).mappings():
        row = dict(r)
        n = row.pop("n_late")
        row["duty_text"] = row["duty_text"] or ""
        board.overdue.setdefault(r["agency_id"], (n, []))[1].append(row)


def _grid(conn, board: Dashboard, where: list, today: date, submitted_day) -> None:
    """Each report's status by CASE (as ``report_status``), the worst of a cell by MAX over
    the severity rank; a period is placed by its earliest deadline."""
    rank = {s: i for i, s in enumerate(SEVERITY)}
    sent = and_(t.c.state.in_(("submitted", "done")), t.c.submitted_at.is_not(None))
    severity = case(
        (and_(sent, submitted_day <= t.c.deadline), literal(rank["on_time"])),
        (sent, literal(rank["late"])),
        (t.c.deadline < today, literal(rank["missing"])),
        else_=literal(rank["pending"]),
    )
    stmt = (select(t.c.agency_id, t.c.period_key, func.max(severity).label("worst"),
                   func.min(t.c.deadline).label("first_deadline"), func.max(t.c.period_label).label("label"))
            .where(*where, t.c.kind == "report", t.c.period_key.is_not(None), t.c.period_key != "",
                   t.c.state != "cancelled")
            .group_by(t.c.agency_id, t.c.period_key))
    periods: dict[str, tuple] = {}
    for r in conn.execute(stmt):
        board.grid.setdefault(r.agency_id, {})[r.period_key] = SEVERITY[r.worst]
        first, label = periods.get(r.period_key, (r.first_deadline, r.label))
        periods[r.period_key] = (min(first, r.first_deadline), label or r.label)
    board.periods = [(k, label or k) for k, (_, label) in sorted(periods.items(), key=lambda kv: (kv[1][0], kv[0]))]
