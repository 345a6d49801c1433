"""The task rules every reader asks: the overdue rule, the day boundary, the state table."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.localtime import end_of_day_utc, local_date, start_of_day_utc
from workflows.task_rules import (ACTIONS, STATE_AFTER, TaskState, allowed_actions, is_overdue,
                                  state_after, urgency)

UTC = timezone.utc
D = date(2024, 6, 18)


def test_the_deadline_day_ends_at_midnight_in_vietnam():
    assert end_of_day_utc(D) == datetime(2024, 6, 18, 16, 59, 59, 999999, tzinfo=UTC)
    assert start_of_day_utc(D) == datetime(2024, 6, 17, 17, 0, tzinfo=UTC)
    assert local_date(datetime(2024, 6, 18, 16, 59, tzinfo=UTC)) == D
    assert local_date(datetime(2024, 6, 18, 17, 0, tzinfo=UTC)) == date(2024, 6, 19)
    with pytest.raises(ValueError):
        local_date(datetime(2024, 6, 18))


@pytest.mark.parametrize("state", ["open", "in_progress", "returned"])
def test_overdue_starts_at_local_midnight(state):
    assert not is_overdue(state, D, None, datetime(2024, 6, 18, 16, 59, tzinfo=UTC))
    assert is_overdue(state, D, None, datetime(2024, 6, 18, 17, 0, tzinfo=UTC))
    with pytest.raises(ValueError):
        is_overdue(state, D, None, datetime(2024, 6, 19))


def test_closed_tasks_and_results_submitted_on_time_are_never_overdue():
    later = datetime(2024, 7, 1, tzinfo=UTC)
    assert not is_overdue("done", D, None, later)
    assert not is_overdue("cancelled", D, None, later)
    on_time = datetime(2024, 6, 18, 16, 0, tzinfo=UTC)  # 23:00 local on the day
    assert not is_overdue("submitted", D, on_time, later)
    assert is_overdue("submitted", D, on_time + timedelta(hours=2), later)


def test_urgency_reads_the_same_rules():
    now = datetime(2024, 6, 17, 3, 0, tzinfo=UTC)  # 10:00 local, 17/6
    assert urgency("open", D, None, now) == "due_soon"
    assert urgency("open", date(2024, 6, 17), None, now) == "due_today"
    assert urgency("open", date(2024, 6, 16), None, now) == "overdue"
    assert urgency("open", date(2024, 7, 30), None, now) == "later"
    assert urgency("submitted", D, now, now) == "waiting"
    assert urgency("done", date(2024, 6, 1), None, now) == "done"


def test_the_state_table():
    assert allowed_actions("open") == {"start", "submit", "request_extension", "grant_extension",
                                       "reassign", "cancel", "comment"}
    assert allowed_actions("open", pending_extension=True) == {
        "start", "submit", "grant_extension", "refuse_extension", "reassign", "cancel", "comment"}
    assert allowed_actions("submitted") == {"accept", "return", "grant_extension", "cancel",
                                            "comment"}
    assert allowed_actions("done") == {"comment"}
    assert allowed_actions("cancelled") == {"comment"}
    assert state_after("open", "CommentAdded") is TaskState.OPEN
    assert state_after("in_progress", "ReminderSent") is TaskState.IN_PROGRESS
    assert state_after("submitted", "SubmissionReturned") is TaskState.RETURNED
    assert set(STATE_AFTER.values()) <= set(TaskState)
    assert all(states <= set(TaskState) for states in ACTIONS.values())


@given(st.sampled_from(list(TaskState)), st.dates(date(2020, 1, 1), date(2030, 12, 31)),
       st.datetimes(datetime(2020, 1, 1), datetime(2031, 1, 1), timezones=st.just(UTC)))
def test_overdue_is_past_the_deadline_day_and_not_closed(state, deadline, now):
    overdue = is_overdue(state, deadline, None, now)
    assert overdue == (state not in (TaskState.DONE, TaskState.CANCELLED)
                       and local_date(now) > deadline)
