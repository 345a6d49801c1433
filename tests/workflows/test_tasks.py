"""The task state machine: every legal move, every refusal, overdue marks, rebuilding."""
from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from service.eventlog.codec import decode_event, encode_event
from workflows.task_events import (
    Attachment, BecameOverdue, CommentAdded, ExtensionGranted, ExtensionRefused,
    ExtensionRequested, Figure, ReminderSent, ReminderSkipped, ResultSubmitted,
    SubmissionAccepted, SubmissionReturned, TaskCancelled, TaskReassigned, TaskStarted,
    Escalated,
)
from workflows.tasks import Task, TaskState, TransitionRefused

S = TaskState
DEADLINE = date(2024, 6, 14)
NOW = datetime(2024, 6, 1, 2, 0, tzinfo=timezone.utc)
END_OF_DEADLINE = datetime(2024, 6, 14, 16, 59, 59, 999999, tzinfo=timezone.utc)
KEY = f"t1:remind_1:{DEADLINE}"


def new_task() -> tuple[Task, list]:
    events = Task.create("t1", "p1", "d1", "Báo cáo 6 tháng", "a1", DEADLINE,
                         role="lead", kind="report", period_key="2024-H1",
                         period_label="6 tháng 2024", cooperating=["a2", "a3"])
    return Task.from_events(events), events


def do(task: Task, events: list, new: list) -> list:
    for e in new:
        task.apply(e)
    events.extend(new)
    return new


PATHS = {
    S.OPEN: [],
    S.IN_PROGRESS: ["start"],
    S.SUBMITTED: ["start", "submit"],
    S.RETURNED: ["start", "submit", "return_"],
    S.DONE: ["start", "submit", "accept"],
    S.CANCELLED: ["cancel"],
}

# name: (command with valid arguments, the event it records, the state after or None: same)
COMMANDS = {
    "start": (lambda t: t.start(NOW), TaskStarted, S.IN_PROGRESS),
    "submit": (lambda t: t.submit("Xong", NOW, figures=[Figure("T1", Decimal("43.6"))]),
               ResultSubmitted, S.SUBMITTED),
    "accept": (lambda t: t.accept(NOW), SubmissionAccepted, S.DONE),
    "return_": (lambda t: t.return_("Thiếu số liệu", NOW), SubmissionReturned, S.RETURNED),
    "request_extension": (lambda t: t.request_extension(date(2024, 6, 30), "Chờ", NOW),
                          ExtensionRequested, None),
    "grant_extension": (lambda t: t.grant_extension(NOW, date(2024, 6, 30)),
                        ExtensionGranted, None),
    "reassign": (lambda t: t.reassign("a9", "Sai đơn vị", NOW), TaskReassigned, S.OPEN),
    "cancel": (lambda t: t.cancel("Bãi bỏ", NOW), TaskCancelled, S.CANCELLED),
    "comment": (lambda t: t.comment("Ghi chú", NOW), CommentAdded, None),
    "record_reminder": (lambda t: t.record_reminder("remind_1", KEY, DEADLINE, NOW),
                        ReminderSent, None),
    "escalate": (lambda t: t.escalate("escalate_coordinator", KEY, DEADLINE, "coordinator", NOW),
                 Escalated, None),
}

WORKING = {"submit", "request_extension", "grant_extension", "reassign", "cancel", "comment",
           "record_reminder", "escalate"}
LEGAL = {
    S.OPEN: WORKING | {"start"},
    S.IN_PROGRESS: WORKING,
    S.RETURNED: WORKING | {"start"},
    S.SUBMITTED: {"accept", "return_", "grant_extension", "cancel", "comment",
                  "record_reminder", "escalate"},
    S.DONE: {"comment"},
    S.CANCELLED: {"comment"},
}

def task_in(state: TaskState) -> tuple[Task, list]:
    task, events = new_task()
    for name in PATHS[state]:
        do(task, events, COMMANDS[name][0](task))
    assert task.state is state
    return task, events


def assert_refused(task: Task, command, code: str) -> None:
    before = copy.deepcopy(task)
    with pytest.raises(TransitionRefused) as info:
        command(task)
    assert info.value.code == code
    assert info.value.reason
    assert task == before


LEGAL_CASES = [(s, c) for s in S for c in sorted(LEGAL[s])]
ILLEGAL_CASES = [(s, c) for s in S for c in sorted(set(COMMANDS) - LEGAL[s])]


@pytest.mark.parametrize("state,command", LEGAL_CASES)
def test_legal_transition(state, command):
    task, events = task_in(state)
    run, event_type, next_state = COMMANDS[command]
    new = do(task, events, run(task))
    assert [type(e) for e in new] == [event_type]
    assert task.state is (next_state or state)
    assert Task.from_events(events) == task
    assert task.version == len(events)


@pytest.mark.parametrize("state,command", ILLEGAL_CASES)
def test_illegal_transition_refused(state, command):
    task, _ = task_in(state)
    code = "task_closed" if state in (S.DONE, S.CANCELLED) else "wrong_state"
    assert_refused(task, COMMANDS[command][0], code)


def test_created_task_records_everything():
    task, _ = new_task()
    assert (task.state, task.deadline, task.original_deadline) == (S.OPEN, DEADLINE, DEADLINE)
    assert (task.role.value, task.kind.value, task.cooperating) == ("lead", "report", ("a2", "a3"))
    assert task.version == 1


def test_create_needs_ids():
    with pytest.raises(TransitionRefused) as info:
        Task.create("t1", "p1", "d1", "x", "", DEADLINE)
    assert info.value.code == "missing_field"


def test_commands_on_a_task_never_created_are_refused():
    assert_refused(Task(), COMMANDS["start"][0], "not_created")


def test_submit_from_open_and_resubmit_after_return():
    task, events = new_task()
    pdf = Attachment("bc.pdf", 10, "application/pdf", "k")
    do(task, events, task.submit("", NOW, attachments=[pdf]))
    do(task, events, task.return_("Thiếu phụ lục", NOW))
    later = NOW + timedelta(days=2)
    do(task, events, task.submit("Bổ sung", later))
    do(task, events, task.accept(later + timedelta(days=30)))
    assert (task.state, task.submitted_at, task.done_at) == (S.DONE, later, later)
    assert task.accepted_at == later + timedelta(days=30)


@pytest.mark.parametrize("command,code", [
    (lambda t: t.submit("  ", NOW), "empty_result"),
    (lambda t: t.request_extension(date(2024, 6, 30), "", NOW), "reason_required"),
    (lambda t: t.request_extension(DEADLINE, "x", NOW), "deadline_not_later"),
    (lambda t: t.request_extension(date(2024, 6, 1), "x", NOW), "deadline_not_later"),
    (lambda t: t.grant_extension(NOW), "no_pending_extension"),
    (lambda t: t.refuse_extension("x", NOW), "no_pending_extension"),
    (lambda t: t.reassign("a1", "x", NOW), "same_agency"),
    (lambda t: t.reassign("", "x", NOW), "agency_required"),
    (lambda t: t.reassign("a9", " ", NOW), "reason_required"),
    (lambda t: t.cancel("", NOW), "reason_required"),
    (lambda t: t.comment(" ", NOW), "text_required"),
    (lambda t: t.record_reminder("remind_1", KEY, date(2024, 6, 1), NOW), "stale_deadline"),
])
def test_bad_arguments_refused(command, code):
    task, _ = new_task()
    assert_refused(task, command, code)


def test_return_needs_a_reason():
    assert_refused(task_in(S.SUBMITTED)[0], lambda t: t.return_(" ", NOW), "reason_required")


def test_extension_to_a_day_already_past_is_refused():
    task, _ = new_task()
    late = datetime(2024, 7, 10, tzinfo=timezone.utc)
    assert_refused(task, lambda t: t.request_extension(date(2024, 7, 1), "x", late),
                   "deadline_passed")


def test_extension_request_granted_moves_deadline():
    task, events = task_in(S.IN_PROGRESS)
    do(task, events, task.request_extension(date(2024, 6, 30), "Chờ số liệu", NOW))
    assert task.pending_extension == ExtensionRequested(date(2024, 6, 30), "Chờ số liệu")
    assert_refused(task, COMMANDS["request_extension"][0], "extension_pending")
    do(task, events, task.grant_extension(NOW))
    assert (task.deadline, task.original_deadline) == (date(2024, 6, 30), DEADLINE)
    assert task.pending_extension is None
    assert Task.from_events(events) == task


def test_coordinator_may_grant_another_date_than_requested():
    task, events = new_task()
    do(task, events, task.request_extension(date(2024, 6, 30), "x", NOW))
    new = do(task, events, task.grant_extension(NOW, date(2024, 6, 20)))
    assert new == [ExtensionGranted(date(2024, 6, 20))] and task.deadline == date(2024, 6, 20)


def test_extension_refused_leaves_deadline_and_allows_a_new_request():
    task, events = new_task()
    do(task, events, task.request_extension(date(2024, 6, 30), "x", NOW))
    assert_refused(task, lambda t: t.refuse_extension("", NOW), "reason_required")
    assert do(task, events, task.refuse_extension("Không đủ căn cứ", NOW)) == [
        ExtensionRefused("Không đủ căn cứ")]
    assert (task.deadline, task.pending_extension) == (DEADLINE, None)
    do(task, events, task.request_extension(date(2024, 6, 20), "y", NOW))


@pytest.mark.parametrize("closing", ["accept", "cancel"])
def test_closing_drops_a_pending_request(closing):
    task, events = new_task()
    do(task, events, task.request_extension(date(2024, 6, 30), "x", NOW))
    do(task, events, task.submit("xong", NOW))
    do(task, events, COMMANDS[closing][0](task))
    assert task.pending_extension is None
    assert_refused(task, lambda t: t.grant_extension(NOW), "task_closed")


def test_reassign_gives_the_new_agency_a_fresh_task():
    task, events = task_in(S.RETURNED)
    do(task, events, task.request_extension(date(2024, 6, 30), "x", NOW))
    do(task, events, task.reassign("a9", "Sai đơn vị", NOW))
    assert (task.agency_id, task.state, task.pending_extension) == ("a9", S.OPEN, None)
    assert events[-1] == TaskReassigned("a1", "a9", "Sai đơn vị")


def test_overdue_after_end_of_deadline_day_in_vietnam():
    task, events = new_task()
    assert not task.is_overdue(END_OF_DEADLINE)
    assert task.mark_overdue(END_OF_DEADLINE) == []
    after = END_OF_DEADLINE + timedelta(microseconds=1)
    assert task.is_overdue(after)
    do(task, events, task.mark_overdue(after))
    assert events[-1] == BecameOverdue(DEADLINE)
    assert task.mark_overdue(after + timedelta(days=3)) == []


def test_overdue_recorded_again_after_an_extension_passes():
    task, events = new_task()
    do(task, events, task.mark_overdue(datetime(2024, 6, 15, tzinfo=timezone.utc)))
    do(task, events, task.grant_extension(datetime(2024, 6, 16, tzinfo=timezone.utc),
                                         date(2024, 6, 20)))
    assert not task.is_overdue(datetime(2024, 6, 18, tzinfo=timezone.utc))
    late = datetime(2024, 6, 21, tzinfo=timezone.utc)
    assert do(task, events, task.mark_overdue(late)) == [BecameOverdue(date(2024, 6, 20))]
    assert task.overdue_marked == {DEADLINE, date(2024, 6, 20)}


def test_done_and_cancelled_tasks_are_never_overdue():
    late = datetime(2024, 7, 1, tzinfo=timezone.utc)
    for state in (S.DONE, S.CANCELLED):
        task, _ = task_in(state)
        assert not task.is_overdue(late) and task.mark_overdue(late) == []


def test_on_time_result_waiting_for_review_is_not_overdue():
    task, events = task_in(S.SUBMITTED)
    late = datetime(2024, 7, 1, tzinfo=timezone.utc)
    assert not task.is_overdue(late)
    do(task, events, task.return_("Thiếu", late))
    assert task.is_overdue(late)


def test_late_result_waiting_for_review_stays_overdue():
    task, events = new_task()
    late = datetime(2024, 7, 1, tzinfo=timezone.utc)
    do(task, events, task.submit("muộn", late))
    assert task.is_overdue(late)


def test_reminder_keys_are_handled_once():
    task, events = new_task()
    do(task, events, task.record_reminder("remind_1", KEY, DEADLINE, NOW, skipped=True))
    assert type(events[-1]) is ReminderSkipped and KEY in task.handled_keys
    assert_refused(task, COMMANDS["record_reminder"][0], "already_handled")
    assert_refused(task, COMMANDS["escalate"][0], "already_handled")


def test_naive_now_is_a_programming_error():
    task, _ = new_task()
    with pytest.raises(ValueError):
        task.start(datetime(2024, 6, 1))


def test_stream_must_start_with_task_created():
    with pytest.raises(ValueError):
        Task.from_events([TaskStarted()])
    task, events = new_task()
    with pytest.raises(ValueError):
        task.apply(events[0])


def test_every_event_round_trips_through_the_log_codec():
    task, events = task_in(S.RETURNED)
    do(task, events, task.submit("x", NOW, [Figure("T1", Decimal("1600"))],
                                 [Attachment("a.xlsx", 5, "application/vnd.ms-excel", "s3/k")]))
    do(task, events, task.escalate("escalate_leader", KEY, DEADLINE, "leader", NOW))
    do(task, events, task.cancel("x", NOW))
    revived = [decode_event(*encode_event(e)) for e in events]
    assert revived == events
    assert Task.from_events(revived) == task


# -- random sequences: whatever happens, the events keep the task consistent ------------------

texts = st.sampled_from(["", " ", "xong", "Thiếu số liệu"])
shifts = st.integers(-5, 40)


class TaskMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.task, self.events = new_task()
        self.now = NOW
        self.closed_as = None
        self.closed_at_version = None

    def attempt(self, command):
        before = copy.deepcopy(self.task)
        try:
            new = command(self.task)
        except TransitionRefused as refused:
            assert refused.code and refused.reason
            new = []
        assert self.task == before, "commands never change the task"
        do(self.task, self.events, new)

    @rule(hours=st.integers(0, 24 * 30))
    def time_passes(self, hours):
        self.now += timedelta(hours=hours)

    @rule(name=st.sampled_from(["start", "accept", "mark_overdue"]))
    def simple(self, name):
        self.attempt(lambda t: getattr(t, name)(self.now))

    @rule(text=texts)
    def submit(self, text):
        self.attempt(lambda t: t.submit(text, self.now))

    @rule(name=st.sampled_from(["return_", "refuse_extension", "comment"]), text=texts)
    def with_text(self, name, text):
        self.attempt(lambda t: getattr(t, name)(text, self.now))

    @rule(reason=st.sampled_from(["", " ", "", "Bãi bỏ"]))
    def cancel(self, reason):
        self.attempt(lambda t: t.cancel(reason, self.now))

    @rule(days=shifts, reason=texts)
    def request_extension(self, days, reason):
        self.attempt(lambda t: t.request_extension(t.deadline + timedelta(days), reason, self.now))

    @rule(days=st.none() | shifts)
    def grant_extension(self, days):
        self.attempt(lambda t: t.grant_extension(
            self.now, None if days is None else t.deadline + timedelta(days)))

    @rule(agency=st.sampled_from(["a1", "a2", "a9", ""]), reason=texts)
    def reassign(self, agency, reason):
        self.attempt(lambda t: t.reassign(agency, reason, self.now))

    @rule(name=st.sampled_from(["remind_1", "due_today", "escalate_leader"]), stale=st.booleans())
    def remind_or_escalate(self, name, stale):
        def command(t):
            deadline = t.deadline - timedelta(days=1) if stale else t.deadline
            key = f"t1:{name}:{deadline}"
            if name.startswith("escalate"):
                return t.escalate(name, key, deadline, "leader", self.now)
            return t.record_reminder(name, key, deadline, self.now, skipped=name == "due_today")
        self.attempt(command)

    @invariant()
    def rebuilt_from_events_equals_live(self):
        assert Task.from_events(self.events) == self.task
        assert self.task.version == len(self.events)

    @invariant()
    def done_and_cancelled_are_terminal(self):
        if self.closed_as is None and self.task.closed:
            self.closed_as, self.closed_at_version = self.task.state, self.task.version
        if self.closed_as is not None:
            assert self.task.state is self.closed_as
            later = self.events[self.closed_at_version:]
            assert all(type(e) is CommentAdded for e in later)

    @invariant()
    def fields_agree_with_state(self):
        t = self.task
        assert (t.done_at is not None) == (t.state is S.DONE)
        assert (t.cancelled_at is not None) == (t.state is S.CANCELLED)
        assert t.state is not S.DONE or t.done_at == t.submitted_at <= t.accepted_at
        assert t.deadline >= t.original_deadline
        assert not t.closed or t.pending_extension is None
        assert not t.closed or not t.is_overdue(self.now)
        marks = [e.deadline for e in self.events if type(e) is BecameOverdue]
        assert len(marks) == len(set(marks))
        keys = [e.key for e in self.events if hasattr(e, "key")]
        assert len(keys) == len(set(keys))


TaskMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40,
                                         deadline=None)
TestTaskMachine = TaskMachine.TestCase


@pytest.mark.parametrize("given, value", [
    ((None, Decimal(19), Decimal(20)), Decimal(95)),
    ((None, Decimal(1), Decimal(3)), Decimal("33.33")),
    ((Decimal("96.5"), None, None), Decimal("96.5")),
    ((Decimal("95.0"), Decimal(19), Decimal(20)), Decimal("95.0")),
])
def test_a_share_is_a_value_or_a_number_of_a_total(given, value):
    task, _ = new_task()
    figure = Figure.of("Tỷ lệ 95%", *given)
    assert figure.value == value and figure.problem() is None
    [submitted] = task.submit("", NOW, figures=[figure])
    assert submitted.figures == (figure,)


@pytest.mark.parametrize("given, code", [
    ((Decimal(90), Decimal(19), Decimal(20)), "figure_share_mismatch"),
    ((None, Decimal(19), None), "figure_parts"),
    ((None, None, None), "figure_value_required"),
    ((Decimal(95), Decimal(19), None), "figure_parts"),
    ((Decimal(0), Decimal(0), Decimal(0)), "figure_parts"),
    ((Decimal(-5), Decimal(-1), Decimal(20)), "figure_parts"),
])
def test_a_share_that_does_not_hold_together_is_refused(given, code):
    task, _ = new_task()
    with pytest.raises(TransitionRefused) as refused:
        task.submit("x", NOW, figures=[Figure.of("Tỷ lệ 95%", *given)])
    assert refused.value.code == code


def test_a_task_a_plan_completed_reopens_when_that_link_is_undone():
    task, events = task_in(S.SUBMITTED)
    do(task, events, task.done_by_plan("lower-1", "45/KH-UBND", NOW))
    assert (task.state, task.done_by_plan_id, task.done_at) == (S.DONE, "lower-1", NOW)
    assert_refused(task, lambda t: t.reopen_unlinked("lower-2", "46/KH-UBND", "nhầm", NOW),
                   "not_done_by_that_plan")
    assert_refused(task, lambda t: t.reopen_unlinked("lower-1", "45/KH-UBND", " ", NOW), "reason_required")
    [reopened] = do(task, events, task.reopen_unlinked("lower-1", "45/KH-UBND", "nhầm kế hoạch", NOW))
    assert (reopened.plan_id, reopened.reason) == ("lower-1", "nhầm kế hoạch")
    assert task.state is S.OPEN and task.done_at is task.submitted_at is task.done_by_plan_id is None
    assert task.is_overdue(END_OF_DEADLINE + timedelta(microseconds=1))
    assert Task.from_events(events) == task
    do(task, events, task.start(NOW))  # the agency works on it again


def test_only_a_task_a_plan_completed_reopens():
    accepted, _ = task_in(S.DONE)  # done by its result, accepted by the coordinator
    assert_refused(accepted, lambda t: t.reopen_unlinked("lower-1", None, "nhầm", NOW), "not_done_by_that_plan")
    for state in (S.OPEN, S.CANCELLED):
        task, _ = task_in(state)
        assert_refused(task, lambda t: t.reopen_unlinked("lower-1", None, "nhầm", NOW),
                       "task_closed" if state is S.CANCELLED else "wrong_state")
