"""Read model of tracked targets and the figures reported against them.

``plan_targets``: one row per activated plan, its tracked targets (TargetsTracked).
``target_figures``: one row per figure event, in log order: a submitted result's figures
(``ResultSubmitted``, matched to the plan's targets by ``workflows.targets.match_figure``) and
coordinators' corrections (``TargetFigureCorrected``). The current figure of an agency for a
target and period is its row with the highest position; the earlier rows are its history.
``target_tasks`` maps a task to its plan, agency and period as the figures need them, followed
from the task events themselves so that a rebuild or a late catch-up gives the same rows.
"""
from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, String, Table, Text, delete, insert, select, update

from service.bulk_insert import bulk_insert
from service.projections.base import Projection
from service.tables import UtcDateTime, metadata
from workflows.targets import match_figure, targets_from_json, targets_to_json

plan_targets = Table(
    "plan_targets", metadata,
    Column("plan_id", String(64), primary_key=True),
    Column("targets", JSON, nullable=False),
)

target_tasks = Table(
    "target_tasks", metadata,
    Column("task_id", String(64), primary_key=True),
    Column("plan_id", String(64), nullable=False, index=True),
    Column("agency_id", String(64), nullable=False),
    Column("period_key", String(20)),
)

target_figures = Table(
    "target_figures", metadata,
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("target_id", String(20), primary_key=True),
    Column("plan_id", String(64), nullable=False, index=True),
    Column("agency_id", String(64), nullable=False),
    Column("period_key", String(20), nullable=False),
    Column("value", String(40), nullable=False),  # a Decimal, exactly as reported
    Column("numerator", String(40)),
    Column("denominator", String(40)),
    Column("task_id", String(64)),
    Column("source", String(20), nullable=False),  # submission | correction
    Column("actor", String(120)),
    Column("note", Text),
    Column("recorded_at", UtcDateTime(), nullable=False),
)


class TargetsProjection(Projection):
    name = "targets"
    tables = (plan_targets, target_tasks, target_figures)
    handles = frozenset({"TargetsTracked", "TargetFigureCorrected", "TaskCreated", "TaskReassigned", "TaskTransferred",
                         "ResultSubmitted"})

    def apply(self, conn, events) -> None:
        events = self.relevant(events)
        if not events:
            return
        tasks: dict[str, dict] = {}
        targets: dict[str, list] = {}
        rows, created = [], []

        def flush():
            if created:
                bulk_insert(conn, target_tasks, created)
                created.clear()
        for ev in events:
            e = ev.event
            if ev.type == "TargetsTracked":
                targets[e.plan_id] = list(e.targets)
                conn.execute(insert(plan_targets).values(plan_id=e.plan_id, targets=targets_to_json(e.targets)))
            elif ev.type == "TaskCreated":
                tasks[e.task_id] = dict(task_id=e.task_id, plan_id=e.plan_id, agency_id=e.agency_id,
                                        period_key=e.period_key)
                created.append(tasks[e.task_id])
            elif ev.type in ("TaskReassigned", "TaskTransferred"):
                flush()
                task_id = ev.stream_id.removeprefix("task-")
                conn.execute(update(target_tasks).where(target_tasks.c.task_id == task_id)
                             .values(agency_id=e.to_agency_id))
                tasks.pop(task_id, None)
            elif ev.type == "TargetFigureCorrected":
                rows.append(_row(ev, e.target_id, e.plan_id, e.agency_id, e.period_key, e.value,
                                 "correction", None, e.numerator, e.denominator, e.note))
            elif e.figures:
                flush()
                rows += self._submitted(conn, ev, tasks, targets)
        flush()
        if rows:
            conn.execute(insert(target_figures), rows)

    def _submitted(self, conn, ev, tasks, targets) -> list[dict]:
        task_id = ev.stream_id.removeprefix("task-")
        task = tasks.get(task_id) or _one(conn, select(target_tasks).where(target_tasks.c.task_id == task_id))
        if not task or not task["period_key"]:
            return []
        tasks[task_id] = task
        plan = task["plan_id"]
        if plan not in targets:
            found = _one(conn, select(plan_targets).where(plan_targets.c.plan_id == plan))
            targets[plan] = targets_from_json(found["targets"]) if found else []
        out, seen = [], set()
        for figure in ev.event.figures:
            target = match_figure(targets[plan], figure.target)
            if target is None or target.target_id in seen:
                continue
            seen.add(target.target_id)
            out.append(_row(ev, target.target_id, plan, task["agency_id"], task["period_key"],
                            figure.value, "submission", task_id, figure.numerator, figure.denominator))
        return out

    def reset(self, conn) -> None:
        for table in self.tables:
            conn.execute(delete(table))


def _row(ev, target_id, plan_id, agency_id, period_key, value, source, task_id,
         numerator=None, denominator=None, note=None) -> dict:
    return dict(position=ev.position, target_id=target_id, plan_id=plan_id, agency_id=agency_id,
                period_key=period_key, value=str(value), task_id=task_id, source=source,
                numerator=None if numerator is None else str(numerator),
                denominator=None if denominator is None else str(denominator),
                actor=(ev.meta or {}).get("actor"), note=note, recorded_at=ev.recorded_at)


def _one(conn, stmt) -> dict | None:
    row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None
