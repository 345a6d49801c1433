"""The cascade between plans (workflows.cascade): links made at import, by the import of a
higher plan that lower plans already cite, and by a person; and the "write your own plan" tasks
of a higher plan that a linked, active lower plan completes (a system event with the plan as
its evidence). Every function here runs inside the caller's unit of work."""
from __future__ import annotations

from sqlalchemy import String, cast, or_, select

from service.eventlog.store import Meta
from service.handlers.agencies import load_registry
from service.projections.plan_links import plan_links
from service.projections.plans import plans
from service.queries.cascade import missing_plans, written_plan_tasks_done
from workflows import cascade
from workflows.agency_registry import Registry
from workflows.cascade_events import PlanLinked, PlanUnlinked
from workflows.errors import InvalidValue, NotFound
from workflows.permissions import PlanRef, require
from workflows.plan_context import plan_context
from workflows.tasks import Task

SYSTEM = Meta(actor="system:cascade")


def known(row) -> cascade.KnownPlan:
    return cascade.KnownPlan(row.plan_id, row.number, row.issued_on.isoformat() if row.issued_on else None,
                             row.issuer, row.place)


_KNOWN = (plans.c.plan_id, plans.c.number, plans.c.issued_on, plans.c.issuer, plans.c.place)


def links_at_import(uow, plan_id: str, draft: dict) -> list[PlanLinked]:
    """The links of a newly imported plan, both ways: to each higher plan it cites that dondoc
    holds (one match only: two candidates are left for a person), and from each lower plan
    already here that cites it."""
    out = []
    refs = cascade.plan_refs(draft)
    if refs:
        keys = {cascade.number_key(r.number) for r in refs}
        heads = sorted({r.number.split("/")[0].strip() for r in refs})
        rows = uow.conn.execute(select(*_KNOWN).where(or_(*(plans.c.number.like(f"{h}%") for h in heads))))
        candidates = [known(r) for r in rows if cascade.number_key(r.number) in keys]
        for ref in refs:
            found = cascade.matches(ref, candidates, plan_id)
            if len(found) == 1:
                out.append(PlanLinked(plan_id, found[0].plan_id, ref.text, "import", ref.number))
    number = (draft.get("number") or "").split("/")[0].strip()
    if number:
        me = cascade.KnownPlan(plan_id, draft.get("number"), draft.get("issued_on"), draft.get("issuer"),
                               draft.get("place"))
        rows = uow.conn.execute(select(plans.c.plan_id, plans.c.draft)
                                .where(cast(plans.c.draft, String).like(f'%"{number}%')))
        for r in rows:
            ref = cascade.cites(r.draft, me, r.plan_id)
            if ref is not None and r.plan_id != plan_id:
                out.append(PlanLinked(r.plan_id, plan_id, ref.text, "cited_later", ref.number))
    return out


def append_links(uow, links) -> None:
    for link in links:
        stream = f"cascade-{link.lower_plan_id}"
        uow.append(stream, uow.events.stream_version(stream), [link], SYSTEM if link.how != "correction" else None)


def link_plan(cmd, uow, ctx) -> int:
    lower, higher = _plan_row(uow, cmd.lower_plan_id), _plan_row(uow, cmd.higher_plan_id)
    require(ctx.actor, "activate_plan", PlanRef(lower.plan_id))  # who corrects the lower plan
    if lower.plan_id == higher.plan_id:
        raise InvalidValue("higher_plan_id", "a plan cannot implement itself", "link_to_itself")
    if higher.plan_id in higher_plans(uow.conn, lower.plan_id):
        raise InvalidValue("higher_plan_id", f"plan {lower.plan_id} is linked to {higher.plan_id} already",
                           "already_linked")
    if lower.plan_id in _above(uow.conn, higher.plan_id):
        raise InvalidValue("higher_plan_id", f"plan {higher.plan_id} implements {lower.plan_id}: "
                                             "a link back would make a circle", "link_circle")
    ref = cascade.cites(lower.draft, known(higher), lower.plan_id)
    text = (cmd.note or "").strip() or (ref.text if ref else f"Kế hoạch số {higher.number or '?'}")
    append_links(uow, [PlanLinked(lower.plan_id, higher.plan_id, text, "correction", higher.number)])
    done = complete_written_plans(uow, [(lower.plan_id, higher.plan_id)])
    uow.commit()
    return done


def unlink_plan(cmd, uow, ctx) -> int:
    """The link undone; returns how many tasks it reopens (reopen_written_plans)."""
    lower = _plan_row(uow, cmd.lower_plan_id)
    require(ctx.actor, "activate_plan", PlanRef(lower.plan_id))
    if cmd.higher_plan_id not in higher_plans(uow.conn, lower.plan_id):
        raise NotFound("link", f"{lower.plan_id} -> {cmd.higher_plan_id}")
    if not (cmd.reason or "").strip():
        raise InvalidValue("reason", "say why the link is wrong", "unlink_reason")
    stream = f"cascade-{lower.plan_id}"
    uow.append(stream, uow.events.stream_version(stream),
               [PlanUnlinked(lower.plan_id, cmd.higher_plan_id, cmd.reason.strip())])
    reopened = reopen_written_plans(uow, lower, cmd.higher_plan_id, cmd.reason.strip())
    uow.commit()
    return reopened


def reopen_written_plans(uow, lower, higher_id: str, reason: str) -> int:
    """The higher plan's "write your own plan" tasks that ``lower`` completed: no longer linked,
    it is no evidence, so each is open again, or done at once by another active plan of the
    same body still linked to the higher plan. Returns how many were reopened."""
    higher, registry, reopened = _plan_row(uow, higher_id), None, 0
    others = [_plan_row(uow, p) for p in lower_plans(uow.conn, higher_id) if p != lower.plan_id]
    for task_id in written_plan_tasks_done(uow.conn, higher_id):
        history = uow.events.read_stream(f"task-{task_id}")
        task = Task.from_events(e.event for e in history)
        if task.done_by_plan_id != lower.plan_id:
            continue
        version, events = task.version, task.reopen_unlinked(lower.plan_id, lower.number, reason, uow.now())
        task.apply(events[0])
        registry = registry or load_registry(uow.conn)
        other = next((o for o in others if o.status == "active" and o.issuer
                      and _issued_by(registry, o, higher, task.agency_id)), None)
        if other is not None:
            events += task.done_by_plan(other.plan_id, other.number, uow.now())
        uow.append(f"task-{task_id}", version, events, SYSTEM)
        reopened += 1
    return reopened


def _plan_row(uow, plan_id: str):
    row = uow.conn.execute(select(*_KNOWN, plans.c.draft, plans.c.status)
                           .where(plans.c.plan_id == plan_id)).first()
    if row is None:
        raise NotFound("plan", plan_id)
    return row


def higher_plans(conn, lower_plan_id: str) -> list[str]:
    return list(conn.execute(select(plan_links.c.higher_plan_id)
                             .where(plan_links.c.lower_plan_id == lower_plan_id)).scalars())


def lower_plans(conn, higher_plan_id: str) -> list[str]:
    return list(conn.execute(select(plan_links.c.lower_plan_id)
                             .where(plan_links.c.higher_plan_id == higher_plan_id)).scalars())


def _above(conn, plan_id: str) -> set[str]:
    """Every plan ``plan_id`` implements, through any number of levels."""
    seen, todo = set(), [plan_id]
    while todo:
        for h in higher_plans(conn, todo.pop()):
            if h not in seen:
                seen.add(h)
                todo.append(h)
    return seen


def pairs_of(conn, plan_id: str) -> list[tuple[str, str]]:
    """(lower, higher) of every link the plan is in, either end."""
    rows = conn.execute(select(plan_links.c.lower_plan_id, plan_links.c.higher_plan_id)
                        .where(or_(plan_links.c.lower_plan_id == plan_id,
                                   plan_links.c.higher_plan_id == plan_id)))
    return [tuple(r) for r in rows]


def complete_written_plans(uow, pairs) -> int:
    """For each (lower, higher) link with both plans active: the higher plan's open "write your
    own plan" tasks of the lower plan's issuer are done, with the lower plan as evidence.
    Returns how many tasks it completed."""
    done = 0
    registry = None
    for lower_id, higher_id in pairs:
        lower, higher = _plan_row(uow, lower_id), _plan_row(uow, higher_id)
        if lower.status != "active" or higher.status != "active" or not lower.issuer:
            continue
        registry = registry or load_registry(uow.conn)
        for task in missing_plans(uow.conn, higher_id):
            if not _issued_by(registry, lower, higher, task.agency_id):
                continue
            history = uow.events.read_stream(f"task-{task.task_id}")
            current = Task.from_events(e.event for e in history)
            if current.closed:
                continue
            uow.append(f"task-{task.task_id}", current.version,
                       current.done_by_plan(lower_id, lower.number, uow.now()), SYSTEM)
            done += 1
    return done


def _issued_by(registry: Registry, lower, higher, agency_id: str) -> bool:
    """Whether the lower plan's issuer is the task's agency, through the registry (its names and
    aliases): as the lower plan names itself, or as the higher plan would name it."""
    found = registry.match(lower.issuer, plan_context(lower.draft))
    if found.matched:
        return found.agency_id == agency_id
    agency = registry.find_by_id(agency_id)
    return agency is not None and Registry([agency]).match(lower.issuer, plan_context(higher.draft)).matched
