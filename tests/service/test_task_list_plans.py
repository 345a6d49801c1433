"""Every task list is a range of an index, whoever asks and whatever the filter: the query
plans (SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN) of every statement a page runs show
no scan of the whole tasks table, nor of task_links.

The one walk from an index's start allowed is of the (deadline, task_id) index in order, stopped
by a LIMIT: the administrator's first page with no filter (a page), and the probe of a list of
several parts (``task_ranges.first_rows``: at most a page times ``PROBE_FACTOR`` keys; on SQLite
read from the index alone, on PostgreSQL with their rows).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import event

from service.queries import task_ranges
from service.queries.task_ranges import PROBE_FACTOR, PROBE_RETRY
from service.queries.tasks import TaskFilters, list_tasks
from tests.service.synthetic_tasks import fill
from workflows.permissions import Actor

NOW = datetime(2024, 6, 20, 3, tzinfo=timezone.utc)
N = 20_000
PROBE_BUDGET = 21 * PROBE_FACTOR  # a page of 20 and one more, the probe's LIMIT
ACTORS = {
    "administrator": Actor("adm", "administrator"),
    "coordinator": Actor("co", "coordinator", plan_ids=frozenset(f"plan-{p}" for p in range(0, 20, 2))),
    "leader": Actor("le", "leader", agency_id="ag-007", plan_ids=frozenset({"plan-3", "plan-4"})),
    "focal_point": Actor("fp", "focal_point", agency_id="ag-007"),
}
FILTERS = {
    "none": TaskFilters(),
    "state": TaskFilters(state="open"),
    "overdue": TaskFilters(overdue=True),
    "not overdue": TaskFilters(overdue=False),
    "plan": TaskFilters(plan_id="plan-4"),
    "agency": TaskFilters(agency_id="ag-007"),
    "period": TaskFilters(period_key="2024-H2"),
    "deadline window": TaskFilters(deadline_after=date(2024, 3, 1), deadline_before=date(2024, 9, 1)),
    "plan, state, overdue": TaskFilters(plan_id="plan-4", state="in_progress", overdue=True),
}


@pytest.fixture(autouse=True)
def no_probe_skips():
    """Which lists skip the probe is a guess kept per process (task_ranges._PROBE_SKIPS): each
    test starts with none, whatever ran before it."""
    task_ranges._PROBE_SKIPS.clear()
    yield
    task_ranges._PROBE_SKIPS.clear()


@pytest.fixture
def many(engine):
    fill(engine, N, now=NOW)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return engine


def statements(engine, actor, filters, cursor=None):
    """The page, and (SQL, parameters) of every statement its listing ran."""
    seen = []

    def keep(conn, cursor_, sql, params, context, executemany):
        seen.append((sql, params))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        with engine.connect() as conn:
            page = list_tasks(conn, actor, filters, NOW, limit=20, cursor=cursor)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return page, seen


def plan_lines(engine, sql, params) -> list[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]
        return [r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql, params)] + generic_plan(conn, sql, params)


def generic_plan(conn, sql, params) -> list[str]:
    """PostgreSQL: the plan a prepared statement keeps after its first five runs when it costs
    no more than those planned for their values (pg_prepared.py prepares every driver
    statement), as EXPLAIN EXECUTE shows it with the generic plan forced."""
    import psycopg

    from service.pg_prepared import numbered

    text, names = numbered(sql)
    values = [params[name] for name in names] if isinstance(params, dict) else list(params)
    with psycopg.ClientCursor(conn.connection.driver_connection) as cursor:  # values written in
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(b"PREPARE dondoc_explained AS " + text)
        marks = ", ".join(["%s"] * len(values))
        cursor.execute(f"EXPLAIN EXECUTE dondoc_explained({marks})" if values
                       else "EXPLAIN EXECUTE dondoc_explained", values)
        lines = [r[0] for r in cursor.fetchall()]
        cursor.execute("DEALLOCATE dondoc_explained")  # it outlives the transaction
    return lines


def full_scans(engine, lines: list[str], first_admin_page: bool, probe: bool = False) -> list[str]:
    if engine.dialect.name == "sqlite":
        bad = [ln for ln in lines if re.match(r"SCAN (tasks|task_links)\b", ln)]
        if first_admin_page or probe:  # the deadline index walked in order under a LIMIT
            bad = [ln for ln in bad if ln != "SCAN tasks USING COVERING INDEX ix_tasks_deadline_id"]
        return bad
    return [ln for ln in lines if re.search(r"Seq Scan on (tasks|task_links)\b", ln)]


def test_every_list_is_an_index_range(many):
    problems, listed = [], 0
    for (role, actor), (name, filters) in ((a, f) for a in ACTORS.items() for f in FILTERS.items()):
        page, seen = statements(many, actor, filters)
        assert seen, f"{role} / {name}: no statement seen"  # driver statements are seen too
        listed += len(page.items)
        runs = [(seen, True)]
        if page.next_cursor:  # the next page starts inside the index too
            runs.append((statements(many, actor, filters, page.next_cursor)[1], False))
        for stmts, first in runs:
            for sql, params in stmts:
                lines = plan_lines(many, sql, params)
                admin_first = first and role == "administrator" and filters == TaskFilters()
                if full_scans(many, lines, admin_first, probe=PROBE_BUDGET in (params.values() if isinstance(params, dict) else params)):
                    problems.append(f"{role} / {name}:\n  {sql}\n  " + "\n  ".join(lines))
    assert not problems, "\n".join(problems)
    assert listed > 0


def test_pages_hold_what_a_scan_would(many):
    """The merge of ranges lists the same tasks, in the same order, as the plain rule over
    every visible row (checked on a few filters, through all pages of each)."""
    from service.queries.tasks import is_overdue
    from service.queries.visibility import can_view_task
    from service.projections.tasks import tasks
    from sqlalchemy import select

    with many.connect() as conn:
        every = conn.execute(select(tasks).order_by(tasks.c.deadline, tasks.c.task_id)).all()
    for actor, filters in ((a, f) for a in ACTORS.values() for f in (TaskFilters(overdue=True), TaskFilters(period_key="2024-H2", state="submitted"),
                    TaskFilters(overdue=False, agency_id="ag-007"))):
        expected = [r.task_id for r in every if can_view_task(actor, r)
                    and (filters.overdue is None or is_overdue(r, NOW) == filters.overdue)
                    and all(v is None or getattr(r, k) == v for k, v in
                            (("state", filters.state), ("period_key", filters.period_key),
                             ("agency_id", filters.agency_id)))]
        got, cursor = [], None
        with many.connect() as conn:
            while True:
                page = list_tasks(conn, actor, filters, NOW, limit=500, cursor=cursor)
                got += [r.task_id for r in page.items]
                cursor = page.next_cursor
                if cursor is None:
                    break
        assert got == expected, (actor, filters)


def test_a_few_statements_whatever_the_page_size(many):
    """The LIMIT written into PostgreSQL's statements (so that their generic plans are kept) is
    the rows a page asks for rounded up to one of a few (1-10, 11, 21, ..., 61 here): pages of
    1 to 60 tasks make at most 16 statements (each one PostgreSQL prepares per connection),
    and each page still holds exactly its size, in order."""
    actor, texts = ACTORS["coordinator"], set()

    def keep(conn, cursor_, sql, params, context, executemany):
        texts.add(sql)

    with many.connect() as conn:
        every = [r.task_id for r in list_tasks(conn, actor, TaskFilters(), NOW, limit=61).items]
        event.listen(many, "before_cursor_execute", keep)
        try:
            for limit in range(1, 61):
                page = list_tasks(conn, actor, TaskFilters(), NOW, limit=limit)
                assert [r.task_id for r in page.items] == every[:limit], limit
        finally:
            event.remove(many, "before_cursor_execute", keep)
    assert len(every) == 61
    assert len(texts) <= 16, len(texts)  # PostgreSQL; one on SQLite


def _probed(stmts) -> bool:
    """Whether a probe ran: its budget is a parameter on SQLite, written into PostgreSQL's SQL."""
    return any(PROBE_BUDGET in (params.values() if isinstance(params, dict) else params)
               or f"LIMIT {PROBE_BUDGET}" in sql for sql, params in stmts)


def test_a_probe_that_reads_for_nothing_is_skipped_for_a_while(many):
    """A focal point may view few of the tasks: the probe finds less than a page where the
    merge then finds a whole one, so the next PROBE_RETRY lists of that scope are merged
    without it, and the one after probes again. Every page holds the same either way. A
    coordinator of half the plans is answered by the probe, list after list."""
    focal, coordinator = ACTORS["focal_point"], ACTORS["coordinator"]
    first, seen = statements(many, focal, TaskFilters())
    assert _probed(seen) and len(first.items) == 20
    for _ in range(PROBE_RETRY):
        page, seen = statements(many, focal, TaskFilters())
        assert not _probed(seen)
        assert [r.task_id for r in page.items] == [r.task_id for r in first.items]
    page, seen = statements(many, focal, TaskFilters())
    assert _probed(seen) and [r.task_id for r in page.items] == [r.task_id for r in first.items]
    for _ in range(3):
        page, seen = statements(many, coordinator, TaskFilters())
        assert _probed(seen) and len(page.items) == 20


def test_the_end_of_a_list_is_no_reason_to_skip_the_probe(many):
    """A probe that finds less than a page because the list ends there (the merge finds no
    more either) says nothing of the scope: the next list probes again."""
    from datetime import timedelta

    from service.projections.tasks import tasks
    from sqlalchemy import func, select

    coordinator = ACTORS["coordinator"]
    with many.connect() as conn:
        last = conn.execute(select(func.max(tasks.c.deadline))).scalar()
    late = TaskFilters(deadline_after=last - timedelta(days=1))  # the last day's tasks: fewer than a page
    page, seen = statements(many, coordinator, late)
    assert _probed(seen) and len(page.items) < 20
    page, seen = statements(many, coordinator, late)
    assert _probed(seen)


def test_every_way_a_page_is_read_gives_whole_rows(many):
    """Without ``columns`` a page's rows hold every column of the tasks table, in its order,
    with the same values as the table's own rows, whether the probe answered (a coordinator of
    half the plans), the merge did (a focal point: a range and keys) or a single range (one
    plan); with ``columns``, those and no more."""
    from service.projections.tasks import tasks
    from sqlalchemy import select

    whole = tuple(tasks.c.keys())
    cases = [(ACTORS["coordinator"], TaskFilters()), (ACTORS["focal_point"], TaskFilters()),
             (ACTORS["coordinator"], TaskFilters(plan_id="plan-4"))]
    for actor, filters in cases:
        with many.connect() as conn:
            page = list_tasks(conn, actor, filters, NOW, limit=20)
            assert len(page.items) == 20
            by_id = {r.task_id: r for r in conn.execute(
                select(tasks).where(tasks.c.task_id.in_([r.task_id for r in page.items])))}
            narrow = list_tasks(conn, actor, filters, NOW, limit=20, columns=("task_id", "plan_id", "agency_id",
                                "cooperating", "former_agencies", "state", "deadline", "submitted_at"))
        for row in page.items:
            assert row._fields == whole, (actor.role, filters)
            assert tuple(row) == tuple(by_id[row.task_id]), (actor.role, filters)
        assert [r.task_id for r in narrow.items] == [r.task_id for r in page.items]
        assert {r._fields for r in narrow.items} == {("task_id", "plan_id", "agency_id", "cooperating",
                                                       "former_agencies", "state", "deadline", "submitted_at")}
