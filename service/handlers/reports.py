"""Drafting the consolidated report: read, render, record who generated it from what."""
from __future__ import annotations

from dataclasses import dataclass

from service.reports.content import report_content
from service.reports.decree30 import render
from workflows.permissions import PlanRef, require
from workflows.target_commands import DraftReport
from workflows.target_events import ReportDrafted


@dataclass(frozen=True)
class DraftedReport:
    filename: str
    data: bytes
    task_ids: tuple[str, ...]


def draft_report(cmd: DraftReport, uow, ctx) -> DraftedReport:
    require(ctx.actor, "accept", PlanRef(cmd.plan_id))  # who reviews a plan's results reports on them
    content = report_content(uow.conn, uow.events, cmd.plan_id, cmd.period_key, uow.now(), cmd.with_lower)
    filename = f"bao-cao-{cmd.plan_id}-{cmd.period_key}.docx"
    data = render(content)
    stream = f"reports-{cmd.plan_id}"
    version = len(uow.events.read_stream(stream))
    uow.append(stream, version, [ReportDrafted(cmd.plan_id, cmd.period_key, content.task_ids, filename)])
    uow.commit()
    return DraftedReport(filename, data, content.task_ids)
