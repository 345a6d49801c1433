"""What a consolidated report holds, read from the read models and the accepted submissions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.queries.cascade import plan_cascade
from service.queries.targets import TargetProgress, plan_progress
from workflows.classification import Status, TaskFacts, classify
from workflows.localtime import local_date
from workflows.periods import Period, period_from_key
from workflows.plans import PlanRefused
from workflows.report_sections import split_report

_WORST = (Status.IN_PROGRESS_OVERDUE, Status.DONE_LATE, Status.IN_PROGRESS_ON_TIME, Status.DONE_ON_TIME)


@dataclass(frozen=True)
class AgencyText:
    agency: str
    text: str


@dataclass
class ReportContent:
    plan: dict
    period: Period
    recipient: str | None
    today: object
    duties: list[tuple[str, list[AgencyText]]] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)
    agencies_by_status: dict[Status, list[str]] = field(default_factory=dict)
    difficulties: list[AgencyText] = field(default_factory=list)
    next_steps: list[AgencyText] = field(default_factory=list)
    task_ids: tuple[str, ...] = ()
    lower: list = field(default_factory=list)  # service.queries.cascade.LowerPlan, when asked for


def report_content(conn, events, plan_id: str, period_key: str, now: datetime,
                   with_lower: bool = False) -> ReportContent:
    plan = conn.execute(select(plans).where(plans.c.plan_id == plan_id)).mappings().first()
    if plan is None:
        raise PlanRefused(f"no plan {plan_id!r}", "unknown_plan")
    try:
        period = period_from_key(period_key)
    except ValueError:
        raise PlanRefused(f"{period_key!r} is not a period (e.g. 2026-H1, 2026-Q2, 2026-Y)",
                          "bad_report_period", value=period_key) from None
    rows = [dict(r) for r in conn.execute(select(tasks).where(
        tasks.c.plan_id == plan_id, tasks.c.period_key == period_key)
        .order_by(tasks.c.duty_id, tasks.c.agency_id)).mappings()]
    if not rows:
        raise PlanRefused(f"plan {plan_id} has no task for period {period_key}", "no_tasks",
                          period=period_key)
    names = dict(conn.execute(select(agencies.c.agency_id, agencies.c.name)).all())
    draft = plan["draft"] or {}
    recipient = next((r.get("recipient") for r in draft.get("reporting") or [] if r.get("recipient")), None)
    content = ReportContent(dict(plan), period, recipient, local_date(now))
    _results(content, rows, names, events)
    _timeliness(content, rows, names, now)
    content.targets = plan_progress(conn, plan_id, local_date(now), {period_key})
    if with_lower:  # their counts, not their results' texts: those are their agencies' own
        content.lower = plan_cascade(conn, plan_id, local_date(now)).lower
    return content


def _results(content: ReportContent, rows, names, events) -> None:
    by_duty: dict[str, tuple[str, list[AgencyText]]] = {}
    accepted = []
    for r in rows:
        if r["accepted_at"] is None or r["cancelled_at"] is not None:
            continue
        accepted.append(r["task_id"])
        parts = split_report(_accepted_text(events.read_stream(f"task-{r['task_id']}")))
        agency = names.get(r["agency_id"], r["agency_id"])
        by_duty.setdefault(r["duty_id"], (r["duty_text"], []))[1].append(AgencyText(agency, parts.results))
        if parts.difficulties:
            content.difficulties.append(AgencyText(agency, parts.difficulties))
        if parts.next_steps:
            content.next_steps.append(AgencyText(agency, parts.next_steps))
    content.duties = list(by_duty.values())
    content.task_ids = tuple(accepted)


def _accepted_text(history) -> str:
    text = ""
    for e in history:
        if e.type == "ResultSubmitted":
            text = e.event.text
        elif e.type == "SubmissionAccepted":
            return text
    return text


def _timeliness(content: ReportContent, rows, names, now) -> None:
    """Each agency once, under the worst of its tasks' four-way statuses for the period."""
    worst: dict[str, Status] = {}
    for r in rows:
        status = classify(TaskFacts(r["task_id"], r["plan_id"], r["agency_id"], r["deadline"],
                                    r["done_at"], r["cancelled_at"], r["created_at"]), now)
        if status is None:
            continue
        current = worst.get(r["agency_id"])
        if current is None or _WORST.index(status) < _WORST.index(current):
            worst[r["agency_id"]] = status
    out: dict[Status, list[str]] = {s: [] for s in Status}
    for agency_id, status in worst.items():
        out[status].append(names.get(agency_id, agency_id))
    content.agencies_by_status = {s: sorted(v) for s, v in out.items()}
