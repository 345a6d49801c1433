"""Plan handlers: import a file into a draft, correct the draft, activate it into tasks."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.eventlog.store import NewStream
from workflows.gc_pause import pausing_collection
from service.handlers.agencies import load_registry, registration
from service.handlers.cascade import append_links, complete_written_plans, links_at_import, pairs_of
from service.handlers.collectives import expansions, member_resolver
from service.handlers.targets import review_task_specs, targets_stream
from service.projections.people import people
from service.projections.plans import plans
from workflows import commands as c
from workflows.activation import task_specs
from workflows.plan_context import plan_context
from workflows.deadlines import DeadlinePolicy
from workflows.drafts import DRAFT_VERSION
from workflows.errors import InvalidValue, NotFound
from workflows.message_prefs import check_plan_messages
from workflows.permissions import PlanRef, require
from workflows.people_events import PersonUpdated
from workflows.plan_events import PlanActivated, PlanImported
from workflows.plans import Plan, PlanRefused
from workflows.task_events import DutyRole, TaskCreated, TaskKind


class DuplicatePlan(Exception):
    def __init__(self, plan_id: str, filename: str):
        self.plan_id = plan_id
        super().__init__(f"{filename} was imported before, as plan {plan_id} (same content): "
                         "nothing imported")


class UnknownPlan(LookupError):
    def __init__(self, plan_id: str):
        self.plan_id = plan_id
        super().__init__(f"no plan {plan_id!r}")


@dataclass(frozen=True)
class Imported:
    plan_id: str
    draft: dict


def import_plan(cmd: c.ImportPlan, uow, ctx) -> Imported:
    from workflows.importing import import_plan as read_draft
    from workflows.importing.readers import read_lines

    require(ctx.actor, "import_plan", None)
    coordinators = _coordinators(uow, cmd.coordinators)  # refused before anything is read
    sha = hashlib.sha256(cmd.data).hexdigest()
    existing = uow.conn.execute(select(plans.c.plan_id).where(plans.c.source_sha256 == sha)).scalar()
    if existing:
        raise DuplicatePlan(existing, cmd.filename)
    draft = read_draft(cmd.data, cmd.filename)
    plan_id = sha[:12]
    try:
        lines = tuple(read_lines(cmd.data, cmd.filename))
        uow.append(f"plan-{plan_id}", 0, [PlanImported(plan_id, cmd.filename, sha, draft, lines,
                                                       draft_version=DRAFT_VERSION)])
        append_links(uow, links_at_import(uow, plan_id, draft))  # the plans it implements, and back
        if ctx.actor.role.value == "coordinator":  # a coordinator who imports a plan coordinates it
            coordinators = [ctx.actor.user_id, *coordinators]
        for person_id in dict.fromkeys(coordinators):
            _give_plan(uow, person_id, plan_id)
        uow.commit()
    except IntegrityError:  # the same file imported at the same moment by someone else
        raise DuplicatePlan(plan_id, cmd.filename) from None
    return Imported(plan_id, draft)


def _coordinators(uow, usernames) -> list[str]:
    """The person ids of the coordinators (or leaders) named to follow a plan being imported."""
    if not usernames:
        return []
    found = {r.username: r for r in uow.conn.execute(
        select(people.c.username, people.c.person_id, people.c.role, people.c.active)
        .where(people.c.username.in_(list(usernames))))}
    ids = []
    for name in usernames:
        person = found.get(name)
        if person is None or not person.active:
            raise NotFound("person", name)
        if person.role not in ("coordinator", "leader"):
            raise InvalidValue("coordinator", f"{name} is a {person.role}: only a coordinator or a "
                                              "leader follows a plan", "not_a_coordinator", name=name)
        ids.append(person.person_id)
    return ids


def _give_plan(uow, person_id: str, plan_id: str) -> None:
    history = uow.events.read_stream(f"person-{person_id}")
    if not history:
        return
    profile = history[-1].event.profile
    if plan_id in profile.plan_ids:
        return
    uow.append(f"person-{person_id}", history[-1].version, [PersonUpdated(
        person_id, replace(profile, plan_ids=(*profile.plan_ids, plan_id)))])


def load_plan(uow, plan_id: str) -> Plan:
    history = uow.events.read_stream(f"plan-{plan_id}")
    if not history:
        raise UnknownPlan(plan_id)
    return Plan.from_events([e.event for e in history], owned=True)  # just read: not copied again


def set_retention(cmd: c.SetPlanRetention, uow, ctx) -> int:
    plan = load_plan(uow, cmd.plan_id)
    require(ctx.actor, "activate_plan", PlanRef(cmd.plan_id))  # who activates sets what is kept
    version = plan.version if cmd.expected_version is None else cmd.expected_version
    stored = uow.append(f"plan-{plan.plan_id}", version, plan.set_retention(cmd.days))
    uow.commit()
    return stored[-1].version


def correct_draft(cmd: c.CorrectDraft, uow, ctx) -> int:
    plan = load_plan(uow, cmd.plan_id)
    require(ctx.actor, "activate_plan", PlanRef(cmd.plan_id))  # who may activate may correct
    version = plan.version if cmd.expected_version is None else cmd.expected_version
    stored = uow.append(f"plan-{plan.plan_id}", version, plan.correct(cmd.corrections, cmd.note))
    uow.commit()
    return stored[-1].version


@pausing_collection  # 10,000 tasks: a million objects, none of them garbage
def activate_plan(cmd: c.ActivatePlan, uow, ctx) -> int:
    plan = load_plan(uow, cmd.plan_id)
    require(ctx.actor, "activate_plan", PlanRef(cmd.plan_id))
    if plan.status != "draft":
        raise PlanRefused(f"plan {plan.plan_id} is already {plan.status}", "not_a_draft", status=plan.status)
    registry = load_registry(uow.conn)
    context = plan_context(plan.draft)
    new_agencies = []
    resolved: dict[str, tuple[str, str]] = {}  # each name matched once, not once per task

    def resolve(name: str) -> tuple[str, str]:
        if name not in resolved:
            resolved[name] = _resolve(name)
        return resolved[name]

    def _resolve(name: str) -> tuple[str, str]:
        result = registry.match(name, context)
        if result.matched:
            return result.agency_id, registry.find_by_id(result.agency_id).name
        agency = registration(result.proposal, f"ag-{uuid.uuid4().hex[:10]}")
        registry.add(agency)
        new_agencies.append(agency)
        return agency.agency_id, agency.name

    policy = DeadlinePolicy(days_after_cutoff=cmd.days_after_cutoff)
    members = member_resolver(registry, context, new_agencies)  # collectives: one task per member
    specs = task_specs(plan.plan_id, plan.draft, resolve, ctx.calendar, policy, members)
    specs += review_task_specs(uow, plan, resolve, ctx.calendar)
    settings = _checked({"days_after_cutoff": cmd.days_after_cutoff, **cmd.settings})
    version = plan.version if cmd.expected_version is None else cmd.expected_version
    tracked = targets_stream(plan.plan_id, plan.draft, resolve)  # before: it may register agencies
    streams = [NewStream(f"agency-{a.agency_id}", 0, [_registered(a)]) for a in new_agencies]
    streams += [NewStream(f"task-{s.task_id}", 0, [_created(s)]) for s in specs] + tracked
    streams.append(NewStream(f"plan-{plan.plan_id}", version,
                             [*expansions(plan.plan_id, specs),
                              PlanActivated(plan.plan_id, settings, len(specs))]))
    uow.append_batch(streams)
    complete_written_plans(uow, pairs_of(uow.conn, plan.plan_id))  # the cascade, either way
    uow.commit()
    return len(specs)


def _checked(settings: dict) -> dict:
    """Settings the scheduler will read for this plan, refused now if it could not read them
    (an unknown name, a day that is not a number), rather than at its first sweep."""
    from service.scheduler.policy import policy_from_settings

    from workflows.retention import checked_days

    try:
        checked_days(settings.get("retention_days"))
    except ValueError as exc:
        raise PlanRefused(f"settings: {exc}", "bad_retention",
                          value=str(settings.get("retention_days"))) from None
    reminders = settings.get("reminders")
    if reminders is not None and not isinstance(reminders, dict):
        raise PlanRefused("settings: reminders must be an object of named settings", "bad_settings")
    try:
        policy_from_settings(settings)
        check_plan_messages(settings)
    except (TypeError, ValueError) as exc:  # the policy's own words say which setting
        raise PlanRefused(f"settings: {exc}", "bad_settings") from None
    return settings


def _registered(a):
    from workflows.plan_events import AgencyRegistered

    return AgencyRegistered(a.agency_id, a.name, a.level, a.parent_id, a.aliases, a.place,
                            a.place_code, a.successor)


def _created(s) -> TaskCreated:
    return TaskCreated(task_id=s.task_id, plan_id=s.plan_id, duty_id=s.duty_id, duty_text=s.duty_text,
                       agency_id=s.agency_id, role=_member(DutyRole, _ROLES, s.role),
                       kind=_member(TaskKind, _KINDS, s.kind),
                       deadline=s.deadline, period_key=s.period_key, period_label=s.period_label,
                       cooperating=s.cooperating)


def _member(enum, by_value: dict, value):
    """``enum(value)``, by a lookup where it can (the call costs 2 µs, 10,000 times a plan)."""
    try:
        return by_value[value]
    except (KeyError, TypeError):
        return enum(value)


_ROLES = {m.value: m for m in DutyRole}
_KINDS = {m.value: m for m in TaskKind}
