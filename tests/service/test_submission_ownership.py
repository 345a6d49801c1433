"""Submissions belong to the agency that wrote them (issue 18, item 6).

A task reassigned from agency B to agency A: B still sees the task and its own result; A sees
that B submitted one, not its text or files, until a coordinator shares it (an event).
"""
from datetime import datetime, timezone

import pytest

from service.queries.tasks import get_task
from service.queries.timeline import task_timeline
from tests.service.test_task_handlers import active, first_one_off, people, task_row  # noqa: F401
from workflows import commands as c
from workflows.permissions import Actor, PermissionDenied
from workflows.tasks import TransitionRefused

SECRET = "Danh sách 12 người nghiện: Nguyễn Văn A, ..."


@pytest.fixture
def handed_over(dd, active):  # noqa: F811
    row = first_one_off(active)
    fp_b, coord = people(row)
    other = next(a for a, _ in active if a != row["agency_id"])
    tid = row["task_id"]
    dd.bus.handle(c.SubmitResult(tid, text=SECRET), fp_b)
    dd.bus.handle(c.ReturnSubmission(tid, reason="Cần chuyển đơn vị khác"), coord)
    dd.bus.handle(c.ReassignTask(tid, to_agency_id=other, reason="Đúng chức năng"), coord)
    fp_a = Actor("fa", "focal_point", agency_id=other)
    return tid, fp_b, fp_a, coord


def _submissions(dd, tid, actor):
    with dd.engine.connect() as conn:
        return [e for e in task_timeline(conn, tid, actor) if e.type == "ResultSubmitted"]


def test_the_new_agency_sees_that_there_was_a_result_not_its_contents(dd, handed_over):
    tid, fp_b, fp_a, coord = handed_over
    [seen_by_a] = _submissions(dd, tid, fp_a)
    assert seen_by_a.data.get("redacted") is True and "text" not in seen_by_a.data
    assert seen_by_a.data["agency_id"] == fp_b.agency_id
    [seen_by_b] = _submissions(dd, tid, fp_b)
    assert seen_by_b.data["text"] == SECRET
    [seen_by_coord] = _submissions(dd, tid, coord)
    assert seen_by_coord.data["text"] == SECRET and seen_by_coord.shareable


def test_the_former_agency_keeps_its_history_and_changes_nothing(dd, handed_over):
    tid, fp_b, _, _ = handed_over
    with dd.engine.connect() as conn:
        assert get_task(conn, fp_b, tid) is not None
    assert task_row(dd, tid)["former_agencies"] == [fp_b.agency_id]
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.StartTask(tid), fp_b)


def test_a_coordinator_shares_it_and_the_share_is_an_event(dd, handed_over):
    tid, _, fp_a, coord = handed_over
    [sub] = _submissions(dd, tid, coord)
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.ShareSubmission(tid, submission_version=sub.version), fp_a)
    version = task_row(dd, tid)["version"]
    dd.bus.handle(c.ShareSubmission(tid, version, submission_version=sub.version), coord)
    assert _submissions(dd, tid, fp_a)[0].data["text"] == SECRET
    with dd.engine.connect() as conn:
        assert task_timeline(conn, tid, coord)[-1].type == "SubmissionShared"
    with pytest.raises(TransitionRefused, match="already"):
        dd.bus.handle(c.ShareSubmission(tid, submission_version=sub.version), coord)
    with pytest.raises(TransitionRefused, match="not a submitted result"):
        dd.bus.handle(c.ShareSubmission(tid, submission_version=1), coord)
