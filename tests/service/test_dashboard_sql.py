"""The dashboard counted by the database equals the one computed row by row in Python (the
computation the dashboard had before), on random tasks, actors and filters, on both backends.

The row-by-row path classifies as of the instant ``now``, the SQL one as of the day of ``now``;
they agree on what the projection can hold: every event recorded no later than ``now``, or
``now`` the end of a past day (an as-of date). The data is drawn to match.
"""
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, insert

from service.projections.tasks import tasks
from service.queries import dashboard_rows, dashboard_sql
from service.queries.dashboard import Filters, dashboard
from workflows.localtime import VN_TZ, local_date
from workflows.classification import Status
from workflows.localtime import end_of_day_utc
from workflows.permissions import Actor

DAY0 = date(2024, 1, 1)
days = st.integers(0, 8).map(lambda n: DAY0 + timedelta(days=n))
hours = st.sampled_from([0, 6, 12, 16, 17, 23])  # in Vietnam: 0 and 6 are the day before in UTC


def at(day, hour, minute=30):
    return datetime.combine(day, time(hour, minute), tzinfo=VN_TZ).astimezone(timezone.utc)


moments = st.builds(at, days, hours, st.sampled_from([0, 30, 59]))


def sometimes(strategy, one_in=3):
    return st.integers(1, one_in).flatmap(lambda n: strategy if n == 1 else st.none())


@st.composite
def task(draw):
    """A task whose submission and completion fall often on its deadline day or next to it."""
    deadline = draw(days)
    near = st.builds(lambda shift, hour: at(deadline + timedelta(days=shift), hour),
                     st.sampled_from([-1, 0, 0, 1]), hours)
    return {
        "plan_id": draw(st.sampled_from(["p1", "p2"])), "agency_id": draw(st.sampled_from(["a", "b", "c"])),
        "kind": draw(st.sampled_from(["one_off", "report", "report", "continuous"])),
        "period_key": draw(st.sampled_from([None, "", "2024-H1", "2024-H1", "2024-H2", "2024-Q3"])),
        "state": draw(st.sampled_from(["open", "in_progress", "submitted", "submitted", "done", "done",
                                       "returned", "cancelled"])),
        "deadline": deadline,
        "created_at": draw(st.builds(lambda m, back: m - timedelta(days=back), moments, st.sampled_from([0, 3, 30]))),
        "submitted_at": draw(sometimes(near | moments, 2)), "done_at": draw(sometimes(near | moments, 2)),
        "cancelled_at": draw(sometimes(moments, 4)),
    }


ACTORS = [Actor("admin", "administrator"), Actor("coord", "coordinator", plan_ids=("p1",)),
          Actor("coord2", "coordinator", plan_ids=("p1", "p2")),
          Actor("leader", "leader", agency_id="c", plan_ids=("p2",))]
filters = st.builds(  # mostly unfiltered: each filter narrows the few random tasks further
    Filters, plan_id=st.sampled_from([None, None, None, "p1", "p2"]),
    agency_id=st.sampled_from([None, None, None, "a", "b"]),
    kind=st.sampled_from([None, None, None, "report", "one_off"]),
    status=st.none())  # every status is tried on each example


def row(i, t, now, past):
    if not past:  # nothing is recorded after the present
        t = {k: min(v, now) if isinstance(v, datetime) else v for k, v in t.items()}
    key = t["period_key"]
    return dict(task_id=f"t{i:02d}", plan_id=t["plan_id"], duty_id="d", duty_text=f"Nhiệm vụ {i}",
                agency_id=t["agency_id"], role="lead", kind=t["kind"], period_key=key,
                period_label=f"Kỳ {key}" if key else None, cooperating=[], former_agencies=[], state=t["state"],
                deadline=t["deadline"], original_deadline=t["deadline"], created_at=t["created_at"],
                submitted_at=t["submitted_at"], done_at=t["done_at"], cancelled_at=t["cancelled_at"],
                created_on=local_date(t["created_at"]), done_on=t["done_at"] and local_date(t["done_at"]),
                cancelled_on=t["cancelled_at"] and local_date(t["cancelled_at"]), version=1)


def fields(board):
    return (board.total, board.by_agency, board.by_plan, board.overdue, board.periods, board.grid)


@pytest.fixture
def few_shown(monkeypatch):
    """Three overdue rows shown per agency, so that the cut is exercised with few tasks."""
    monkeypatch.setattr(dashboard_rows, "SHOWN_PER_AGENCY", 3)
    monkeypatch.setattr(dashboard_sql, "SHOWN_PER_AGENCY", 3)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(task(), max_size=40), now=moments, past=st.booleans(),
       actor=st.sampled_from(ACTORS), f=filters)
def test_sql_dashboard_equals_the_row_by_row_one(engine, few_shown, rows, now, past, actor, f):
    if past:  # an as-of date: counted at the end of that day
        now = end_of_day_utc(local_date(now))
    with engine.begin() as conn:
        conn.execute(delete(tasks))
        if rows:
            conn.execute(insert(tasks), [row(i, t, now, past) for i, t in enumerate(rows)])
        for status in [None, *(s.value for s in Status)]:
            for who in (actor, ACTORS[0]):
                wanted = replace(f, status=status)
                got = dashboard(conn, who, now, wanted)
                expected = dashboard_rows.dashboard_from_rows(conn, who, now, wanted)
                assert fields(got) == fields(expected), (who, wanted)


def test_the_coordinator_board_is_counted_by_the_database(engine, monkeypatch):
    def refuse(*args, **kw):
        raise AssertionError("the coordinator's board fetched the rows")

    monkeypatch.setattr("service.queries.dashboard.dashboard_from_rows", refuse)
    with engine.begin() as conn:
        conn.execute(insert(tasks), [row(0, dict(
            plan_id="p1", agency_id="a", kind="report", period_key="2024-H1", state="open",
            deadline=DAY0, created_at=datetime(2023, 12, 1, tzinfo=timezone.utc), submitted_at=None,
            done_at=None, cancelled_at=None), None, True)])
        board = dashboard(conn, ACTORS[1], datetime(2024, 1, 5, tzinfo=timezone.utc))
    assert board.total.in_progress_overdue == 1 and board.grid == {"a": {"2024-H1": "missing"}}
    assert board.overdue["a"][0] == 1 and board.periods == [("2024-H1", "Kỳ 2024-H1")]
