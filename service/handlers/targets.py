"""Target handlers: track a plan's targets at activation, correct a figure, record a report."""
from __future__ import annotations

from dataclasses import dataclass

from service.eventlog.store import NewStream
from workflows.permissions import PlanRef, UserRole, require
from workflows.plans import PlanRefused
from workflows.target_commands import CorrectTargetFigure
from workflows.target_events import TargetFigureCorrected, TargetsTracked
from workflows.targets import tracked_targets
from workflows.task_events import Figure
from workflows.tasks import TransitionRefused


@dataclass(frozen=True)
class FigureRef:
    """A figure as a permission target: an agency's, within a plan."""

    plan_id: str
    agency_id: str


def targets_stream(plan_id: str, draft: dict, resolve) -> list[NewStream]:
    """The stream activation appends beside the plan's tasks (none when the plan has no target)."""
    targets = tracked_targets(draft, resolve)
    if not targets:
        return []
    return [NewStream(f"targets-{plan_id}", 0, [TargetsTracked(plan_id, tuple(targets))])]


def correct_figure(cmd: CorrectTargetFigure, uow, ctx) -> int:
    """A coordinator of the plan, or the agency's own focal point, sets a figure anew."""
    from service.handlers.plans import load_plan

    load_plan(uow, cmd.plan_id)
    action = "submit" if ctx.actor.role is UserRole.FOCAL_POINT else "accept"
    require(ctx.actor, action, FigureRef(cmd.plan_id, cmd.agency_id))
    history = uow.events.read_stream(f"targets-{cmd.plan_id}")
    if not history:
        raise PlanRefused(f"plan {cmd.plan_id} tracks no targets (is it active?)", "no_targets")
    target = next((t for t in history[0].event.targets if t.target_id == cmd.target_id), None)
    if target is None:
        raise PlanRefused(f"plan {cmd.plan_id} has no target {cmd.target_id!r}", "unknown_target",
                          target=cmd.target_id)
    if cmd.agency_id not in target.agency_ids:
        raise PlanRefused(f"agency {cmd.agency_id} does not answer for target {cmd.target_id}",
                          "not_answering")
    figure = Figure.of(target.text, cmd.value, cmd.numerator, cmd.denominator)
    if (problem := figure.problem()) is not None:  # the rule a submitted figure follows
        raise TransitionRefused(*problem)
    stored = uow.append(f"targets-{cmd.plan_id}", history[-1].version, [TargetFigureCorrected(
        cmd.plan_id, cmd.target_id, cmd.agency_id, cmd.period_key, figure.value, cmd.numerator,
        cmd.denominator, cmd.note)])
    uow.commit()
    return stored[-1].version


def review_task_specs(uow, plan, resolve, calendar) -> list:
    """The mid-term and final reviews a multi-year plan calls for (workflows.reviews), read in
    the lines the plan was imported from."""
    from workflows.reviews import review_specs

    imported = uow.events.read_stream(f"plan-{plan.plan_id}")[0].event
    return review_specs(plan.plan_id, plan.draft, imported.source_lines, resolve, calendar)
