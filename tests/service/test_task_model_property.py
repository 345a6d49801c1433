"""One task model for every reader: random lives of a task, through the bus, on both databases.

Each example creates a task, then drives a random sequence of every people's command, scheduler
sweeps at moving times and delivery outcomes. After each step the read models' rows (``tasks``
and ``task_schedule``) must equal the domain ``Task`` folded from the stream: state, version,
deadline, agency, pending extension, overdue; and the dashboard's overdue counts per agency,
read from the tally the projection keeps, must equal the tasks rows counted one by one as of
that day and of days later (the tally must not go stale as days pass). Every command is sent with the version the read
model shows, as a page or the API would: it must never be refused as stale, and an action the
page offers (``allowed_actions``) must never be refused by the task.
"""
from __future__ import annotations

import itertools
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from service.eventlog.store import ConcurrencyError, Meta
from service.projections.class_tally import class_totals, open_tally
from service.queries.class_board import present_classification
from service.queries.dashboard_sql import classification_board
from service.projections.overdue_tally import overdue_tally, overdue_totals
from service.projections.rebuild import rebuild
from service.projections.tasks import task_links, tasks
from service.queries.overdue_board import overdue_by_agency
from service.queries.tasks import is_overdue
from service.scheduler.projection import task_schedule
from service.scheduler.sweep import sweep
from tests.service.test_plan_activation import ADMIN
from tests.service.test_task_handlers import active  # noqa: F401 (fixture)
from workflows import commands as c
from workflows.localtime import local_date
from workflows.message_events import MessageFailed, MessageSent
from workflows.permissions import Actor, PermissionDenied
from workflows.task_events import DutyRole, TaskCreated, TaskKind
from workflows.task_rules import allowed_actions, is_waiting
from workflows.tasks import Task, TransitionRefused

START = datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc)
_ids = itertools.count(1)

# (action, who acts); the command is built from the task's current facts
PEOPLE_STEPS = ["start", "submit", "accept", "return", "request_extension", "grant_extension",
                "grant_own_extension", "refuse_extension", "reassign", "cancel", "comment"]
SYSTEM_STEPS = ["sweep", "message_sent", "message_failed"]
steps = st.lists(st.tuples(st.sampled_from(PEOPLE_STEPS + SYSTEM_STEPS),
                           st.integers(min_value=0, max_value=20)),  # days the clock moves first
                 min_size=1, max_size=14)


def _command(action: str, task_id: str, version: int, task: Task, other_agency: str, today):
    later = max(task.deadline, today) + timedelta(days=10)
    build = {
        "start": lambda: c.StartTask(task_id, version),
        "submit": lambda: c.SubmitResult(task_id, version, text="Đã thực hiện xong"),
        "accept": lambda: c.AcceptSubmission(task_id, version),
        "return": lambda: c.ReturnSubmission(task_id, version, reason="Bổ sung số liệu"),
        "request_extension": lambda: c.RequestExtension(task_id, version, later, "Chờ số liệu"),
        "grant_extension": lambda: c.GrantExtension(task_id, version),
        "grant_own_extension": lambda: c.GrantExtension(task_id, version, later),
        "refuse_extension": lambda: c.RefuseExtension(task_id, version, reason="Không đủ lý do"),
        "reassign": lambda: c.ReassignTask(task_id, version, other_agency, "Đổi đơn vị"),
        "cancel": lambda: c.CancelTask(task_id, version, reason="Không còn cần"),
        "comment": lambda: c.CommentOnTask(task_id, version, text="Đã liên hệ"),
    }
    return build[action]()


def _actor(action: str, agency_id: str) -> Actor:
    if action in ("start", "submit", "request_extension"):
        return Actor("fp", "focal_point", agency_id=agency_id)
    return Actor("co", "coordinator", plan_ids={"p1"})


def _page_action(action: str) -> str:
    return "grant_extension" if action == "grant_own_extension" else action


def _new_task(dd, agency_id: str) -> str:
    task_id = f"prop-{next(_ids)}"
    with dd.uow(Meta(actor="test")) as uow:
        uow.append(f"task-{task_id}", 0, [TaskCreated(
            task_id, "p1", "d-prop", "Tổ chức tập huấn", agency_id, DutyRole.LEAD,
            TaskKind.ONE_OFF, START.date() + timedelta(days=12))])
        uow.commit()
    return task_id


def _domain(dd, task_id: str) -> Task:
    with dd.uow(Meta(actor="test")) as uow:
        return Task.from_events(e.event for e in uow.events.read_stream(f"task-{task_id}"))


def _rows(dd, task_id: str):
    with dd.engine.connect() as conn:
        row = conn.execute(select(tasks).where(tasks.c.task_id == task_id)).one()
        sched = conn.execute(select(task_schedule)
                             .where(task_schedule.c.task_id == task_id)).mappings().one()
    return row, sched


def _check_read_models(dd, task_id: str, now, where: str) -> Task:
    task = _domain(dd, task_id)
    row, sched = _rows(dd, task_id)
    pending = task.pending_extension
    seen = dict(state=row.state, version=row.version, deadline=row.deadline,
                agency=row.agency_id, requested=row.requested_deadline,
                submitted_at=row.submitted_at, overdue=is_overdue(row, now))
    want = dict(state=task.state.value, version=task.version, deadline=task.deadline,
                agency=task.agency_id, requested=pending.new_deadline if pending else None,
                submitted_at=task.submitted_at, overdue=task.is_overdue(now))
    assert seen == want, f"{where}: tasks row differs from the task folded from its stream"
    assert (sched["state"], sched["version"], sched["deadline"], sched["agency_id"]) == (
        task.state.value, task.version, task.deadline, task.agency_id), f"{where}: task_schedule"
    if is_waiting(task.state):
        assert sched["next_action_at"] is None, f"{where}: a waiting task is still scheduled"
    _check_overdue_board(dd, now, where)
    _tally(dd)  # the totals are the tally summed, step by step
    return task


def _check_overdue_board(dd, now, where: str) -> None:
    with dd.engine.connect() as conn:
        every = conn.execute(select(tasks)).all()
        # the examples share the database and each starts its clock again: a day a row records
        # may come after the day checked, which the present never sees
        recorded = sorted(d for r in every for d in (r.created_on, r.done_on, r.cancelled_on) if d is not None)
        for later in (0, 1, 9, 40):
            day = now + timedelta(days=later)
            for who in (ADMIN, Actor("co", "coordinator", plan_ids={"p1"})):
                rows = [r for r in every if is_overdue(r, day) and (who is ADMIN or r.plan_id == "p1")]
                oldest: dict = {}
                for r in rows:
                    oldest[r.agency_id] = min(oldest.get(r.agency_id, r.deadline), r.deadline)
                got = overdue_by_agency(conn, who, local_date(day))
                assert ({a.agency_id: a.count for a in got}, {a.agency_id: a.oldest_deadline for a in got}) == (
                    dict(Counter(r.agency_id for r in rows)), oldest), f"{where}, {later} days on: overdue board"
                if not recorded or recorded[-1] <= local_date(day):  # the kept counts are as of the present
                    kept = present_classification(conn, who, day)
                    counted = classification_board(conn, who, day)
                    assert (kept.total, kept.by_agency, kept.by_plan) == (
                        counted.total, counted.by_agency, counted.by_plan), f"{where}, {later} days on: classes"


def _deliver(dd, task_id: str, failed: bool) -> None:
    event = (MessageFailed(0, "reminder", "email", "fp", "relay said no", True) if failed
             else MessageSent(0, "reminder", "email", "fp", None))
    stream = f"task-{task_id}"
    with dd.uow(Meta(actor="system:dispatcher")) as uow:
        uow.append(stream, uow.events.stream_version(stream), [event])
        uow.commit()


@pytest.fixture
def agencies_of(active):  # noqa: F811 (the fixture above)
    return sorted({agency for agency, _ in active})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(life=steps)
def test_read_models_are_the_task_folded_from_its_stream(dd, clock, agencies_of, life):
    clock.set(START)
    first, other = agencies_of[0], agencies_of[1]
    task_id = _new_task(dd, first)
    task = _check_read_models(dd, task_id, clock.now(), "created")
    for n, (action, days) in enumerate(life, 1):
        now = clock.advance(timedelta(days=days))
        where = f"step {n} ({action}, {now:%d/%m/%Y %H:%M} UTC)"
        if action == "sweep":
            sweep(dd, now)
        elif action in ("message_sent", "message_failed"):
            _deliver(dd, task_id, failed=action == "message_failed")
        else:
            row, _ = _rows(dd, task_id)  # what a freshly loaded page shows
            offered = _page_action(action) in allowed_actions(
                row.state, row.requested_deadline is not None)
            to = other if row.agency_id == first else first
            cmd = _command(action, task_id, row.version, task, to, now.date())
            try:
                dd.bus.handle(cmd, _actor(action, row.agency_id))
            except ConcurrencyError as exc:
                pytest.fail(f"{where}: the version the page showed was refused: {exc}")
            except (TransitionRefused, PermissionDenied) as exc:
                state_refusal = isinstance(exc, TransitionRefused) and exc.code in (
                    "wrong_state", "task_closed", "extension_pending",
                    *(("no_pending_extension",) if action == "refuse_extension" else ()))
                assert not (offered and state_refusal), f"{where}: offered, then refused: {exc}"
            else:
                assert offered, f"{where}: {action} was accepted though the page did not offer it"
        task = _check_read_models(dd, task_id, now, where)
    kept, rows = _tally(dd), _task_rows(dd)
    rebuild(dd.engine, dd.projections)
    assert _tally(dd) == kept, "the tallies kept step by step differ from the ones rebuilt from the log"
    # every column, also of the rows whose version alone was moved (a comment, a delivery)
    assert _task_rows(dd) == rows, "the tasks rows kept step by step differ from the ones rebuilt"


def _task_rows(dd) -> list:
    with dd.engine.connect() as conn:
        return [sorted(map(tuple, conn.execute(select(table)))) for table in (tasks, task_links)]


def _tally(dd) -> tuple:
    """The tally and its totals, once the totals are checked to be the tally summed by deadline."""
    with dd.engine.connect() as conn:
        tally = sorted(map(tuple, conn.execute(select(overdue_tally))))
        totals = sorted(map(tuple, conn.execute(select(overdue_totals))))
        classes = [sorted(map(tuple, conn.execute(select(table)))) for table in (class_totals, open_tally)]
    summed: Counter = Counter()
    for *key, _, n in tally:
        summed[tuple(key)] += n
    assert totals == sorted((*k, n) for k, n in summed.items() if n), "the totals are not the tally summed"
    return tally, totals, classes


def test_a_reminded_commented_task_still_takes_every_action(dd, clock, agencies_of):
    """The first version's bug: after a comment, a reminder or a delivery, every action was 409."""
    clock.set(START)
    task_id = _new_task(dd, agencies_of[0])
    fp = Actor("fp", "focal_point", agency_id=agencies_of[0])
    co = Actor("co", "coordinator", plan_ids={"p1"})
    dd.bus.handle(c.CommentOnTask(task_id, _rows(dd, task_id)[0].version, text="Đã nhận"), co)
    sweep(dd, clock.advance(timedelta(days=6)))  # a reminder falls due before the deadline
    _deliver(dd, task_id, failed=False)
    row = _rows(dd, task_id)[0]
    assert row.version == _domain(dd, task_id).version >= 4
    dd.bus.handle(c.StartTask(task_id, row.version), fp)
    dd.bus.handle(c.SubmitResult(task_id, _rows(dd, task_id)[0].version, text="Xong"), fp)
    dd.bus.handle(c.AcceptSubmission(task_id, _rows(dd, task_id)[0].version), co)
    assert _rows(dd, task_id)[0].state == "done"
