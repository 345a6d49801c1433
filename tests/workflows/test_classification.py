"""The four-way classification, counts per agency and plan, and duty progress."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from workflows.classification import Counts, DutyProgress, Status, TaskFacts, as_instant, classify, count, count_by_agency, count_by_plan, duty_progress, progress_by_duty
from workflows.localtime import end_of_day_utc
from workflows.tasks import Task

UTC = timezone.utc
DEADLINE = date(2024, 6, 14)
END = datetime(2024, 6, 14, 16, 59, 59, 999999, tzinfo=UTC)  # 23:59:59.999999 in Hà Nội
JUST_AFTER = END + timedelta(microseconds=1)
MICRO = timedelta(microseconds=1)


def facts(done_at=None, cancelled_at=None, deadline=DEADLINE, agency="a1", plan="p1",
          created_at=None, duty="d1", period=None, task="t") -> TaskFacts:
    return TaskFacts(task, plan, agency, deadline, done_at, cancelled_at, created_at, duty, period)


def test_deadline_day_ends_at_midnight_in_vietnam():
    assert end_of_day_utc(DEADLINE) == END
    assert JUST_AFTER.astimezone(timezone(timedelta(hours=7))).isoformat() == (
        "2024-06-15T00:00:00+07:00")


@pytest.mark.parametrize("done_at,status", [
    (END - timedelta(days=3), Status.DONE_ON_TIME),
    (END, Status.DONE_ON_TIME),
    (JUST_AFTER, Status.DONE_LATE),
    (END + timedelta(days=30), Status.DONE_LATE),
])
def test_done_on_time_or_late(done_at, status):
    assert classify(facts(done_at), date(2024, 12, 31)) is status


@pytest.mark.parametrize("as_of,status", [
    (END - timedelta(days=1), Status.IN_PROGRESS_ON_TIME),
    (END, Status.IN_PROGRESS_ON_TIME),
    (JUST_AFTER, Status.IN_PROGRESS_OVERDUE),
    (DEADLINE, Status.IN_PROGRESS_ON_TIME),
    (date(2024, 6, 15), Status.IN_PROGRESS_OVERDUE),
])
def test_in_progress_on_time_or_overdue(as_of, status):
    assert classify(facts(), as_of) is status


def test_as_of_before_done_counts_as_in_progress():
    done_late = facts(done_at=datetime(2024, 6, 20, 3, tzinfo=UTC))
    assert classify(done_late, date(2024, 6, 10)) is Status.IN_PROGRESS_ON_TIME
    assert classify(done_late, date(2024, 6, 19)) is Status.IN_PROGRESS_OVERDUE
    assert classify(done_late, done_late.done_at - MICRO) is Status.IN_PROGRESS_OVERDUE
    assert classify(done_late, done_late.done_at) is Status.DONE_LATE


def test_as_of_date_means_the_end_of_that_day_in_vietnam():
    done = facts(done_at=datetime(2024, 6, 10, 16, 30, tzinfo=UTC))  # 23:30 on 10/6 local
    assert classify(done, date(2024, 6, 10)) is Status.DONE_ON_TIME
    assert classify(done, date(2024, 6, 9)) is Status.IN_PROGRESS_ON_TIME


def test_extension_moves_the_deadline_judged_against():
    done = datetime(2024, 6, 25, tzinfo=UTC)
    assert classify(facts(done), date(2024, 7, 1)) is Status.DONE_LATE
    assert classify(facts(done, deadline=date(2024, 6, 30)), date(2024, 7, 1)) is (
        Status.DONE_ON_TIME)


def test_extension_granted_through_the_task_moves_its_facts():
    now = datetime(2024, 6, 10, tzinfo=UTC)
    events = Task.create("t1", "p1", "d1", "x", "a1", DEADLINE)
    task = Task.from_events(events)
    for command in (lambda t: t.grant_extension(now, date(2024, 6, 30)),
                    lambda t: t.submit("xong", datetime(2024, 6, 25, tzinfo=UTC)),
                    lambda t: t.accept(datetime(2024, 7, 5, tzinfo=UTC))):
        for e in command(task):
            task.apply(e)
    assert classify(task.facts(), date(2024, 7, 31)) is Status.DONE_ON_TIME
    assert classify(task.facts(), date(2024, 6, 24)) is Status.IN_PROGRESS_ON_TIME


def test_cancelled_tasks_are_left_out_from_their_cancellation():
    cancelled = facts(cancelled_at=datetime(2024, 6, 20, tzinfo=UTC))
    assert classify(cancelled, date(2024, 6, 25)) is None
    assert classify(cancelled, datetime(2024, 6, 20, tzinfo=UTC)) is None
    assert classify(cancelled, date(2024, 6, 18)) is Status.IN_PROGRESS_OVERDUE


def test_tasks_created_after_the_as_of_instant_are_left_out():
    created = facts(created_at=datetime(2024, 6, 1, tzinfo=UTC))
    assert classify(created, date(2024, 5, 1)) is None
    assert classify(created, date(2024, 6, 1)) is Status.IN_PROGRESS_ON_TIME


def test_naive_as_of_is_refused():
    with pytest.raises(ValueError):
        as_instant(datetime(2024, 6, 1))


def sample():
    d = datetime(2024, 6, 10, tzinfo=UTC)
    late = datetime(2024, 6, 20, tzinfo=UTC)
    return [
        facts(d, agency="a1", plan="p1", task="1"),
        facts(late, agency="a1", plan="p1", task="2"),
        facts(agency="a2", plan="p1", task="3"),
        facts(agency="a2", plan="p2", deadline=date(2024, 12, 31), task="4"),
        facts(cancelled_at=d, agency="a3", plan="p2", task="5"),
    ]


def test_counts_per_agency_and_plan():
    as_of = date(2024, 6, 30)
    assert count_by_agency(sample(), as_of) == {
        "a1": Counts(done_on_time=1, done_late=1),
        "a2": Counts(in_progress_on_time=1, in_progress_overdue=1),
    }
    assert count_by_plan(sample(), as_of) == {
        "p1": Counts(1, 1, 0, 1),
        "p2": Counts(0, 0, 1, 0),
    }
    total = count(sample(), as_of)
    assert (total.done, total.in_progress, total.total) == (2, 2, 4)
    assert total.get(Status.DONE_LATE) == 1


def test_counts_as_of_an_earlier_date():
    assert count(sample(), date(2024, 6, 12)) == Counts(1, 0, 3, 0)
    assert count([], date(2024, 6, 12)) == Counts()


def test_duty_progress_n_of_m_agencies():
    tasks = [
        facts(datetime(2024, 6, 10, tzinfo=UTC), agency="a1"),
        facts(datetime(2024, 6, 20, tzinfo=UTC), agency="a2"),
        facts(agency="a3"),
        facts(cancelled_at=datetime(2024, 6, 1, tzinfo=UTC), agency="a4"),
    ]
    assert duty_progress(tasks, date(2024, 6, 30)) == DutyProgress(
        2, 3, frozenset({"a1", "a2"}), frozenset({"a3"}))
    assert duty_progress(tasks, date(2024, 6, 15)).done == 1
    assert not duty_progress(tasks, date(2024, 6, 30)).complete
    assert duty_progress(tasks[:2], date(2024, 6, 30)).complete


def test_an_agency_with_an_open_task_is_not_done():
    tasks = [facts(datetime(2024, 6, 10, tzinfo=UTC), task="1"), facts(task="2")]
    assert duty_progress(tasks, date(2024, 6, 30)) == DutyProgress(
        0, 1, frozenset(), frozenset({"a1"}))


def test_progress_by_duty_and_period():
    tasks = [facts(datetime(2024, 6, 10, tzinfo=UTC), period="2024-H1", agency="a1"),
             facts(period="2024-H1", agency="a2"),
             facts(period="2024", agency="a1"),
             facts(duty="d2", agency="a1")]
    progress = progress_by_duty(tasks, date(2024, 6, 30))
    assert {k: (p.done, p.total) for k, p in progress.items()} == {
        ("d1", "2024-H1"): (1, 2), ("d1", "2024"): (0, 1), ("d2", None): (0, 1)}


def test_counting_100_000_tasks_adds_up():
    """Speed is the benchmarks' to print (tests/benchmarks api: classification), never a test's
    to assert; here the counts of 100,000 tasks agree by agency and by plan."""
    base = datetime(2024, 1, 1, tzinfo=UTC)
    tasks = [facts(done_at=base + timedelta(hours=i % 5000) if i % 3 else None,
                   cancelled_at=base if i % 50 == 0 else None,
                   deadline=date(2024, 1, 1) + timedelta(days=i % 365),
                   agency=f"a{i % 40}", plan=f"p{i % 7}", task=str(i))
             for i in range(100_000)]
    by_agency = count_by_agency(tasks, date(2024, 6, 30))
    by_plan = count_by_plan(tasks, date(2024, 6, 30))
    assert sum(c.total for c in by_agency.values()) == sum(c.total for c in by_plan.values())
    assert sum(c.total for c in by_agency.values()) == 98_000
