"""A task link followed: judge it (workflows.task_links) and record the use, granted or not."""
from __future__ import annotations

from service.queries.task_links import link_facts
from workflows import commands as c
from workflows.link_events import TaskLinkUsed
from workflows.task_links import GRANTED, link_refusal


def open_task_link(cmd: c.OpenTaskLink, uow, ctx) -> str:
    """``granted`` or the reason the link no longer opens the task. The signed token is the
    proof of who asked, so there is no permission to check beyond the rule itself."""
    facts, _actor = link_facts(uow.conn, cmd.task_id, cmd.person_id)
    now = ctx.now()
    outcome = link_refusal(facts, cmd.issued_at, now, cmd.link_days) or GRANTED
    stream = f"links-{cmd.task_id}"
    uow.append(stream, uow.events.stream_version(stream),
               [TaskLinkUsed(cmd.task_id, cmd.person_id, cmd.address[:64], cmd.issued_at, outcome)])
    uow.commit()
    return outcome
