"""Who may do what: the whole matrix of roles, actions and scopes."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from workflows.classification import TaskFacts
from workflows.permissions import (
    Action, Actor, PermissionDenied, PlanRef, UserRole, can, can_each, require,
)
from workflows.tasks import Task

A = Action
TASK = TaskFacts("t1", "p1", "a1", date(2024, 6, 14))
OTHER_PLAN_TASK = TaskFacts("t2", "p2", "a1", date(2024, 6, 14))
OTHER_AGENCY_TASK = TaskFacts("t3", "p1", "a2", date(2024, 6, 14))


class _TakenFromA1:  # a task reassigned from a1 to a2
    task_id, plan_id, agency_id, cooperating, former_agencies = "t4", "p2", "a2", (), ("a1",)


TAKEN_FROM_A1 = _TakenFromA1()

FOCAL_POINT_ACTIONS = {A.VIEW, A.START, A.SUBMIT, A.REQUEST_EXTENSION, A.COMMENT}
REVIEW_ACTIONS = {A.VIEW, A.COMMENT, A.ACCEPT, A.RETURN, A.GRANT_EXTENSION,
                  A.REFUSE_EXTENSION, A.REASSIGN, A.CANCEL, A.SHARE_SUBMISSION}
TASK_ACTIONS = set(A) - {A.IMPORT_PLAN, A.ACTIVATE_PLAN}

ADMIN = Actor("u-admin", UserRole.ADMINISTRATOR)
COORDINATOR = Actor("u-coord", UserRole.COORDINATOR, plan_ids=frozenset({"p1"}))
FOCAL_POINT = Actor("u-fp", UserRole.FOCAL_POINT, agency_id="a1")
LEADER = Actor("u-lead", UserRole.LEADER, plan_ids=frozenset({"p1"}))

# (actor, target, actions allowed on it); every other action is refused.
MATRIX = [
    (ADMIN, TASK, REVIEW_ACTIONS),
    (ADMIN, OTHER_PLAN_TASK, REVIEW_ACTIONS),
    (COORDINATOR, TASK, REVIEW_ACTIONS),
    (COORDINATOR, OTHER_AGENCY_TASK, REVIEW_ACTIONS),
    (COORDINATOR, OTHER_PLAN_TASK, set()),
    (FOCAL_POINT, TASK, FOCAL_POINT_ACTIONS),
    (FOCAL_POINT, OTHER_PLAN_TASK, FOCAL_POINT_ACTIONS),
    (FOCAL_POINT, OTHER_AGENCY_TASK, set()),
    (FOCAL_POINT, TAKEN_FROM_A1, {A.VIEW}),
    (Actor("u-lead-a1", UserRole.LEADER, agency_id="a1"), TAKEN_FROM_A1, {A.VIEW}),
    (LEADER, TASK, {A.VIEW}),
    (LEADER, OTHER_AGENCY_TASK, {A.VIEW}),
    (LEADER, OTHER_PLAN_TASK, set()),
]
CASES = [(actor, target, action, action in allowed)
         for actor, target, allowed in MATRIX for action in sorted(TASK_ACTIONS)]


def case_id(case):
    actor, target, action, allowed = case
    return f"{actor.role.value}-{target.task_id}-{action.value}-{'yes' if allowed else 'no'}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_task_matrix(case):
    actor, target, action, allowed = case
    assert can(actor, action, target) is allowed
    if allowed:
        require(actor, action, target)
    else:
        with pytest.raises(PermissionDenied) as info:
            require(actor, action, target)
        assert info.value.reason and info.value.action is action


def test_can_each_answers_as_can_does():
    """The rule decided once per actor and action (a list's re-check of its rows) gives can's
    answer for every role, scope, action and target: tasks in and out of scope, cooperated on,
    taken from an agency, of a lower plan (the cascade), a plan, none."""
    class _Cooperated:  # a2's task that a1 cooperates on
        task_id, plan_id, agency_id, cooperating, former_agencies = "t5", "p2", "a2", ("a1",), ()
    cooperated = _Cooperated()
    lower = TaskFacts("t6", "p9", "a3", date(2024, 6, 14))
    targets = [TASK, OTHER_PLAN_TASK, OTHER_AGENCY_TASK, TAKEN_FROM_A1, cooperated, lower,
               PlanRef("p1"), PlanRef("p9"), None]
    actors = [ADMIN, COORDINATOR, FOCAL_POINT, LEADER, Actor("u-fp0", UserRole.FOCAL_POINT),
              Actor("u-lead-a1", UserRole.LEADER, agency_id="a1", plan_ids=frozenset({"p1"})),
              Actor("u-up", UserRole.COORDINATOR, plan_ids=frozenset({"p1"}), cascade_plan_ids=frozenset({"p9"})),
              Actor("u-up-lead", UserRole.LEADER, plan_ids=frozenset({"p1"}), cascade_plan_ids=frozenset({"p9"})),
              Actor("u-fp-cascade", UserRole.FOCAL_POINT, agency_id="a1", cascade_plan_ids=frozenset({"p9"}))]
    checked = 0
    for actor in actors:
        for action in Action:
            each = can_each(actor, action)
            for target in targets:
                assert each(target) is can(actor, action, target), (actor, action, target)
                checked += 1
    assert checked == len(actors) * len(Action) * len(targets)
    assert can_each(Actor("u-up", "coordinator", cascade_plan_ids=frozenset({"p9"})), "view")(lower)


@pytest.mark.parametrize("actor,allowed", [
    (ADMIN, True), (COORDINATOR, True), (FOCAL_POINT, False), (LEADER, False)])
def test_import_plan(actor, allowed):
    assert can(actor, A.IMPORT_PLAN) is allowed


@pytest.mark.parametrize("actor,plan,allowed", [
    (ADMIN, "p9", True),
    (COORDINATOR, "p1", True),
    (COORDINATOR, "p2", False),
    (FOCAL_POINT, "p1", False),
    (LEADER, "p1", False),
])
def test_activate_plan(actor, plan, allowed):
    assert can(actor, A.ACTIVATE_PLAN, PlanRef(plan)) is allowed


@pytest.mark.parametrize("actor,plan,allowed", [
    (ADMIN, "p9", True), (COORDINATOR, "p1", True), (COORDINATOR, "p2", False),
    (LEADER, "p1", True), (LEADER, "p2", False), (FOCAL_POINT, "p1", False),
])
def test_view_plan(actor, plan, allowed):
    assert can(actor, A.VIEW, PlanRef(plan)) is allowed


def test_cooperating_agency_may_view_and_comment_only():
    task = Task.from_events(Task.create("t1", "p1", "d1", "x", "a2", date(2024, 6, 14),
                                        cooperating=["a1"]))
    allowed = {a for a in TASK_ACTIONS if can(FOCAL_POINT, a, task)}
    assert allowed == {A.VIEW, A.COMMENT}


def test_leader_of_an_agency_sees_its_tasks_in_any_plan():
    leader = Actor("u-l2", UserRole.LEADER, agency_id="a1")
    assert can(leader, A.VIEW, OTHER_PLAN_TASK)
    assert not can(leader, A.VIEW, OTHER_AGENCY_TASK)
    assert not can(leader, A.COMMENT, OTHER_PLAN_TASK)


def test_empty_scopes_mean_nothing_not_everything():
    assert not can(Actor("u", UserRole.FOCAL_POINT), A.VIEW, TASK)
    assert not can(Actor("u", UserRole.COORDINATOR), A.VIEW, TASK)
    assert not can(Actor("u", UserRole.LEADER), A.VIEW, TASK)


def test_reassigned_task_leaves_the_old_agency():
    task = Task.from_events(Task.create("t1", "p1", "d1", "x", "a1", date(2024, 6, 14)))
    assert can(FOCAL_POINT, A.SUBMIT, task)
    for e in task.reassign("a2", "Sai đơn vị", datetime(2024, 6, 1, tzinfo=timezone.utc)):
        task.apply(e)
    assert not can(FOCAL_POINT, A.SUBMIT, task)


def test_task_actions_need_a_target():
    assert not can(ADMIN, A.VIEW)
    with pytest.raises(PermissionDenied):
        require(ADMIN, A.CANCEL, None)


def test_roles_and_actions_accept_their_string_values():
    actor = Actor("u", "focal_point", agency_id="a1", plan_ids={"p1"})
    assert actor.role is UserRole.FOCAL_POINT and actor.plan_ids == frozenset({"p1"})
    assert can(actor, "submit", TASK)
    with pytest.raises(ValueError):
        can(actor, "delete", TASK)


def test_a_refusal_never_names_a_plan_the_caller_does_not_coordinate():
    from workflows.permissions import PermissionDenied, require

    coordinator = Actor("co", "coordinator", plan_ids={"p1"})
    with pytest.raises(PermissionDenied) as err:
        require(coordinator, A.ACTIVATE_PLAN, PlanRef("bi-mat-66-KH"))
    assert "bi-mat-66-KH" not in str(err.value) and "does not coordinate" in str(err.value)
