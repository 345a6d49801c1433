"""An event that moves a task's version and nothing else (a comment, a message's outcome) moves
the tasks row's version in one UPDATE, without reading and folding the row; a row that is not
at the version before the event is read and folded as any other, which refuses it."""
from datetime import date

import pytest
from sqlalchemy import select, update

from service.eventlog.store import Meta
from service.projections.tasks import tasks
from tests.service.test_rows_looked_for import rows_read
from workflows import commands as c
from workflows.message_events import MessageSent
from workflows.permissions import Actor
from workflows.task_events import DutyRole, TaskCreated, TaskKind
from workflows.tasks import VERSION_ONLY_TYPES

ADMIN = Actor("admin", "administrator")


def _task(dd, task_id: str = "t1") -> None:
    with dd.uow(Meta(actor="test")) as uow:
        uow.append(f"task-{task_id}", 0, [TaskCreated(task_id, "p1", "d1", "Báo cáo", "ag1", DutyRole.LEAD,
                                                      TaskKind.ONE_OFF, date(2024, 6, 18))])
        uow.commit()


def _row(dd, task_id: str = "t1") -> dict:
    with dd.engine.connect() as conn:
        return dict(conn.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().one())


def test_the_version_only_events_are_a_comment_a_messages_outcome_and_the_files_erasure():
    assert VERSION_ONLY_TYPES == {"CommentAdded", "MessageSent", "MessageFailed", "SubmissionFilesErased"}


def test_a_comment_and_a_delivery_move_the_rows_version_alone_without_reading_it(dd):
    _task(dd)
    before = _row(dd)
    assert not [s for s in rows_read(dd, lambda: dd.bus.handle(c.CommentOnTask("t1", 1, text="Đã nhận"), ADMIN))
                if "FROM tasks" in s]
    with dd.uow(Meta(actor="system:dispatcher")) as uow:
        uow.append("task-t1", 2, [MessageSent(0, "reminder", "email", "fp", None)])
        uow.commit()
    assert _row(dd) == {**before, "version": 3}


def test_a_row_out_of_step_is_folded_and_refused(dd):
    _task(dd)
    dd.bus.handle(c.CommentOnTask("t1", 1, text="Đã nhận"), ADMIN)
    with dd.engine.begin() as conn:  # the read model left behind its stream
        conn.execute(update(tasks).where(tasks.c.task_id == "t1").values(version=1))
    with pytest.raises(ValueError, match="event version 3 folded as 2"):
        dd.bus.handle(c.CommentOnTask("t1", text="Lần nữa"), ADMIN)
    assert _row(dd)["version"] == 1
    with dd.uow() as uow:
        assert uow.events.stream_version("task-t1") == 2  # nothing written


def test_a_comment_on_a_task_with_no_row_is_refused_by_the_fold(dd):
    _task(dd)
    with dd.engine.begin() as conn:
        conn.execute(tasks.delete())
    with pytest.raises(ValueError, match="CommentAdded cannot apply to task at version 0"):
        dd.bus.handle(c.CommentOnTask("t1", text="Đã nhận"), ADMIN)
