"""Rename, merge and retire agencies: each an event on the agency's stream, and a merger moves
the agency's unfinished tasks and its people to the successor in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select

from service.eventlog.store import NewStream
from service.handlers.guards import require_administrator
from service.handlers.tasks import load_task
from service.projections.agencies import agencies
from service.projections.people import people
from service.projections.tasks import tasks
from workflows import commands as c
from workflows.agency_names import literal_key, tidy_name
from workflows.errors import InvalidValue, NotFound
from workflows.people_events import PersonUpdated
from workflows.plan_events import AgencyAliasAdded, AgencyMerged, AgencyRenamed, AgencyRetired

UNFINISHED = ("open", "in_progress", "returned", "submitted")


@dataclass(frozen=True)
class Merged:
    tasks: int
    people: int
    aliases: int


def rename_agency(cmd: c.RenameAgency, uow, ctx) -> int:
    require_administrator(ctx.actor, "agencies")
    row = _active(uow, cmd.agency_id, "agency_id")
    name = tidy_name(cmd.name or "")
    if not name:
        raise InvalidValue("name", "the new name is empty", "empty_name")
    if literal_key(name) == literal_key(row["name"]):
        raise InvalidValue("name", f"the agency is already named {row['name']!r}", "same_name", name=row["name"])
    stored = uow.append(f"agency-{cmd.agency_id}", _version(uow, cmd.agency_id),
                        [AgencyRenamed(cmd.agency_id, name, row["name"])])
    uow.commit()
    return stored[-1].version


def merge_agencies(cmd: c.MergeAgencies, uow, ctx) -> Merged:
    require_administrator(ctx.actor, "agencies")
    old = _active(uow, cmd.agency_id, "agency_id")
    new = _active(uow, cmd.into_agency_id, "into_agency_id")
    if old["agency_id"] == new["agency_id"]:
        raise InvalidValue("into_agency_id", "an agency cannot be merged into itself", "merge_into_itself")
    reason = (cmd.reason or "").strip()
    if not reason:
        raise InvalidValue("reason", "say why the agencies merge (the decision, its date)", "merge_reason")
    streams = _moved_tasks(uow, old["agency_id"], new["agency_id"], reason)
    moved_tasks = len(streams)
    streams += _moved_people(uow, old["agency_id"], new["agency_id"])
    known = {literal_key(n) for n in (new["name"], *new["aliases"])}
    aliases = [n for n in dict.fromkeys((old["name"], *old["aliases"])) if literal_key(n) not in known]
    streams.append(NewStream(f"agency-{new['agency_id']}", _version(uow, new["agency_id"]),
                             [AgencyAliasAdded(new["agency_id"], n) for n in aliases]))
    streams.append(NewStream(f"agency-{old['agency_id']}", _version(uow, old["agency_id"]),
                             [AgencyMerged(old["agency_id"], new["agency_id"], reason)]))
    uow.append_batch(streams)
    uow.commit()
    return Merged(moved_tasks, len(streams) - moved_tasks - 2, len(aliases))


def retire_agency(cmd: c.RetireAgency, uow, ctx) -> int:
    """An agency abolished with no successor. Refused while it still has unfinished tasks:
    merge it, or reassign them, first (nothing would remind anybody of them)."""
    require_administrator(ctx.actor, "agencies")
    row = _active(uow, cmd.agency_id, "agency_id")
    reason = (cmd.reason or "").strip()
    if not reason:
        raise InvalidValue("reason", "say why the agency is retired", "retire_reason")
    left = uow.conn.execute(select(tasks.c.task_id).where(
        tasks.c.agency_id == row["agency_id"], tasks.c.state.in_(UNFINISHED))).scalars().all()
    if left:
        raise InvalidValue("agency_id", f"{row['name']!r} still has {len(left)} unfinished task(s): "
                                        "merge it into its successor or reassign them first",
                           "unfinished_tasks", name=row["name"], n=len(left))
    stored = uow.append(f"agency-{cmd.agency_id}", _version(uow, cmd.agency_id),
                        [AgencyRetired(cmd.agency_id, reason)])
    uow.commit()
    return stored[-1].version


def _moved_tasks(uow, old_id: str, new_id: str, reason: str) -> list[NewStream]:
    ids = uow.conn.execute(select(tasks.c.task_id).where(
        tasks.c.agency_id == old_id, tasks.c.state.in_(UNFINISHED)).order_by(tasks.c.task_id)).scalars().all()
    out = []
    for task_id in ids:
        task = load_task(uow, task_id)
        out.append(NewStream(f"task-{task_id}", task.version, task.transfer(new_id, reason)))
    return out


def _moved_people(uow, old_id: str, new_id: str) -> list[NewStream]:
    ids = uow.conn.execute(select(people.c.person_id).where(people.c.agency_id == old_id)
                           .order_by(people.c.person_id)).scalars().all()
    out = []
    for person_id in ids:
        history = uow.events.read_stream(f"person-{person_id}")
        profile = replace(history[-1].event.profile, agency_id=new_id)
        out.append(NewStream(f"person-{person_id}", history[-1].version, [PersonUpdated(person_id, profile)]))
    return out


def _active(uow, agency_id: str, field: str) -> dict:
    row = uow.conn.execute(select(agencies).where(agencies.c.agency_id == agency_id)).mappings().first()
    if row is None:
        raise NotFound("agency", agency_id)
    if row["status"] != "active":
        where = f" into {row['merged_into']}" if row["merged_into"] else ""
        raise InvalidValue(field, f"agency {agency_id!r} is {row['status']}{where}",
                           f"agency_{row['status']}", name=row["name"])
    return dict(row)


def _version(uow, agency_id: str) -> int:
    return uow.events.stream_version(f"agency-{agency_id}")
