"""The dashboard's first screen: the overdue count per agency equals the task model's own
rule (``task_rules.is_overdue``) over every visible row, the oldest tasks of each agency shown
are those its overdue list starts with, and both read index ranges only."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from service.projections.tasks import tasks
from service.queries.dashboard_types import Filters
from service.queries.overdue_board import oldest_overdue, overdue_by_agency
from service.queries.tasks import TaskFilters, is_overdue, list_tasks
from service.queries.visibility import can_view_task
from tests.service.synthetic_tasks import fill
from tests.service.test_task_list_plans import ACTORS, full_scans, plan_lines
from workflows.localtime import local_date

NOW = datetime(2024, 6, 20, 3, tzinfo=timezone.utc)


def test_counts_follow_the_rule(engine):
    fill(engine, 3000, now=NOW)
    with engine.connect() as conn:
        every = conn.execute(select(tasks)).all()
        for actor in ACTORS.values():
            for f in (Filters(), Filters(plan_id="plan-4"), Filters(kind="report")):
                rows = [r for r in every if can_view_task(actor, r) and is_overdue(r, NOW)
                        and (f.plan_id in (None, r.plan_id)) and (f.kind in (None, r.kind))]
                expected = Counter(r.agency_id for r in rows)
                oldest = {}
                for r in rows:
                    oldest[r.agency_id] = min(oldest.get(r.agency_id, r.deadline), r.deadline)
                got = overdue_by_agency(conn, actor, local_date(NOW), f)
                assert {a.agency_id: a.count for a in got} == dict(expected), (actor, f)
                assert {a.agency_id: a.oldest_deadline for a in got} == oldest
                assert [a.count for a in got] == sorted((a.count for a in got), reverse=True)


def test_the_oldest_of_each_agency_start_its_overdue_list(engine):
    fill(engine, 3000, now=NOW)
    with engine.connect() as conn:
        for actor in ACTORS.values():
            for f in (Filters(), Filters(plan_id="plan-4"), Filters(kind="report")):
                shown = [a.agency_id for a in overdue_by_agency(conn, actor, local_date(NOW), f)][:10]
                shown.append("ag-none")  # an agency with nothing overdue
                got = oldest_overdue(conn, actor, f, shown, NOW, 3)
                for agency_id in shown:
                    listed = list_tasks(conn, actor, TaskFilters(plan_id=f.plan_id, agency_id=agency_id, kind=f.kind,
                                                                 overdue=True), NOW, limit=3).items
                    assert [r.task_id for r in got[agency_id]] == [r.task_id for r in listed], (actor, f, agency_id)


def test_the_count_and_the_oldest_read_index_ranges(engine):
    from sqlalchemy import event

    fill(engine, 20_000, now=NOW)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    seen = []

    def keep(conn, cursor, sql, params, context, executemany):
        seen.append((sql, params))

    problems = []
    for role in ("coordinator", "leader", "administrator"):
        event.listen(engine, "before_cursor_execute", keep)
        try:
            with engine.connect() as conn:
                late = overdue_by_agency(conn, ACTORS[role], local_date(NOW))
                oldest_overdue(conn, ACTORS[role], Filters(), [a.agency_id for a in late[:10]], NOW, 3)
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        # the oldest tasks' statement too (run on the driver, seen by the listener all the same)
        assert any("ix_tasks" in sql or "ORDER BY" in sql for sql, _ in seen[1:]), f"{role}: {seen}"
        for sql, params in seen:
            lines = plan_lines(engine, sql, params)
            if full_scans(engine, lines, first_admin_page=False):
                problems.append(f"{role}: {sql}\n  " + "\n  ".join(lines))
        seen.clear()
    assert not problems, "\n".join(problems)


def test_postgresql_reads_every_agency_shown_in_one_statement_of_one_text(engine):
    """On PostgreSQL the oldest tasks of a page of agencies are one LATERAL range scan per shape
    of part, run for each agency and state (``task_ranges._each_lateral``): the statement's text
    is the same for two agencies as for ten, so it plans in about a millisecond whatever the
    page holds (one SELECT per agency and state took 13-27 ms to plan)."""
    from sqlalchemy import event

    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads each part's range in its own SELECT")
    fill(engine, 3000, now=NOW)
    coordinator = ACTORS["coordinator"]
    with engine.connect() as conn:
        shown = [a.agency_id for a in overdue_by_agency(conn, coordinator, local_date(NOW))][:10]
        texts = []
        for agencies in (shown[:2], shown):
            seen = []
            keep = lambda c, cursor, sql, params, context, many: seen.append(sql)  # noqa: E731
            event.listen(engine, "before_cursor_execute", keep)
            try:
                got = oldest_overdue(conn, coordinator, Filters(), agencies, NOW, 3)
            finally:
                event.remove(engine, "before_cursor_execute", keep)
            assert set(got) == set(agencies) and all(got[a] for a in agencies)
            texts.append([sql for sql in seen if "LATERAL" in sql])
    assert len(texts[0]) == 1 and texts[0] == texts[1]
