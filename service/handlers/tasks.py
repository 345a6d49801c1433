"""Task handlers: load the task, check who acts, let the domain decide, append, commit."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from service.eventlog.store import ConcurrencyError, NewStream
from service.projections.tasks import tasks as tasks_table
from workflows import commands as c
from workflows.deadlines import extended_deadline
from workflows.errors import NotFound
from workflows.permissions import PermissionDenied, UserRole, require
from workflows.tasks import Task, TransitionRefused


class UnknownTask(LookupError):
    def __init__(self, task_id: str):
        self.task_id = task_id
        super().__init__(f"no task {task_id!r}")


def load_task(uow, task_id: str) -> Task:
    history = uow.events.read_events(f"task-{task_id}")
    if not history:
        raise UnknownTask(task_id)
    return Task.from_events(history)


def handle_task_command(cmd: c.TaskCommand, uow, ctx) -> int:
    """Returns the task's new version."""
    task = load_task(uow, cmd.task_id)
    require(ctx.actor, cmd.action, task)
    if isinstance(cmd, c.ReassignTask):
        _require_agency(uow, cmd.to_agency_id)
    if cmd.expected_version is not None and cmd.expected_version != task.version:
        raise ConcurrencyError(f"task-{task.task_id}", cmd.expected_version, task.version)
    if isinstance(cmd, c.GrantExtension):
        cmd = _granted_on_a_working_day(cmd, task, ctx.calendar)
    stored = uow.append(f"task-{task.task_id}", task.version, cmd.decide(task, ctx.now()))
    uow.commit()
    return stored[-1].version


def reassign_agency_tasks(cmd: c.ReassignAgencyTasks, uow, ctx) -> int:
    """One command, one transaction: every open task of the agency, or none if any is refused."""
    if ctx.actor.role not in (UserRole.COORDINATOR, UserRole.ADMINISTRATOR):
        raise PermissionDenied(f"a {ctx.actor.role.value} may not reassign tasks")
    if cmd.from_agency_id == cmd.to_agency_id:
        raise TransitionRefused("same_agency", "the two agencies are the same")
    _require_agency(uow, cmd.to_agency_id)
    ids = uow.conn.execute(select(tasks_table.c.task_id).where(
        tasks_table.c.agency_id == cmd.from_agency_id,
        tasks_table.c.state.in_(("open", "in_progress", "returned")))).scalars().all()
    now, streams = ctx.now(), []
    for task_id in ids:
        task = load_task(uow, task_id)
        require(ctx.actor, "reassign", task)
        streams.append(NewStream(f"task-{task_id}", task.version,
                                 task.reassign(cmd.to_agency_id, cmd.reason, now)))
    uow.append_batch(streams)
    uow.commit()
    return len(streams)


def _granted_on_a_working_day(cmd: c.GrantExtension, task: Task, calendar) -> c.GrantExtension:
    """An extension granted to a day off ends on the next working day (Civil Code art. 148),
    as every other deadline does; the event records the day the task is really due."""
    granted = cmd.new_deadline or (task.pending_extension.new_deadline if task.pending_extension else None)
    return replace(cmd, new_deadline=extended_deadline(calendar, granted)) if granted else cmd


def _require_agency(uow, agency_id: str) -> None:
    if not agency_id or uow.events.stream_version(f"agency-{agency_id}") == 0:
        raise NotFound("agency", agency_id)

