"""A seed plan after a simulated half-year: imported, activated, reports submitted on time, late
and not at all, with figures against its targets; one figure corrected by the coordinator."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.tasks import tasks
from service.queries.targets import plan_targets_of
from workflows import commands as c
from workflows.permissions import Actor
from workflows.plan_events import Correction
from workflows.target_commands import CorrectTargetFigure
from workflows.task_events import Figure
from workflows.targets import figure_label

SEED = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans" / "001_9819b76525b7b7ac.txt"
ADMIN = Actor("quantri", "administrator")
PERIOD = "2022-H1"
LATE_TEXT = "Đã tiếp nhận 120 người nghiện.\nKhó khăn, vướng mắc:\nThiếu cán bộ y tế tại cơ sở cai nghiện."
ON_TIME_TEXT = ("Đã tổ chức 12 lớp tuyên truyền.\nII. Phương hướng nhiệm vụ 6 tháng cuối năm\n"
                "Tiếp tục rà soát người nghiện tại cộng đồng.")


@dataclass
class HalfYear:
    plan_id: str
    on_time: str  # agency names
    late: str
    missing: list[str]
    targets: list


def at(y, m, d, h=3) -> datetime:
    return datetime(y, m, d, h, tzinfo=timezone.utc)


def half_year(dd, clock) -> HalfYear:
    clock.set(at(2022, 3, 28))
    plan_id = dd.bus.handle(c.ImportPlan(SEED.name, SEED.read_bytes()), ADMIN).plan_id
    # the reviewer adds the plan's closing reporting duty and names who answers for two targets
    reporters = ["Sở Lao động - Thương binh và Xã hội", "Công an tỉnh", "Sở Y tế"]
    dd.bus.handle(c.CorrectDraft(plan_id, (
        Correction("append", "assignments", {"agencies": reporters, "role": "lead", "lines": [121, 121],
                   "duties": [{"text": "Báo cáo kết quả thực hiện Kế hoạch định kỳ 6 tháng, năm",
                               "kind": "report", "cooperating": [], "line": 121}]}),
        Correction("set", "targets/0/agencies", reporters[:2]),
        Correction("set", "targets/1/agencies", reporters[:2]),
    )), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.task_id, tasks.c.agency_id, tasks.c.deadline)
                            .where(tasks.c.plan_id == plan_id, tasks.c.period_key == PERIOD)
                            .order_by(tasks.c.agency_id, tasks.c.duty_id)).all()
        names = dict(conn.execute(select(agencies.c.agency_id, agencies.c.name)).all())
        targets = plan_targets_of(conn, plan_id)
    by_agency: dict[str, list] = {}
    for r in rows:
        by_agency.setdefault(r.agency_id, []).append(r)
    # the agencies that answer for the first target, so their figures add up
    answering = [a for a in targets[0].agency_ids if a in by_agency]
    first, second = answering[0], answering[1]
    deadline = max(r.deadline for r in by_agency[first])
    clock.set(at(deadline.year, deadline.month, deadline.day) - timedelta(days=3))
    _report(dd, by_agency[first], first, ON_TIME_TEXT, {targets[0]: "300", targets[1]: "90"}, targets)
    clock.set(at(deadline.year, deadline.month, deadline.day) + timedelta(days=4))
    _report(dd, by_agency[second], second, LATE_TEXT, {targets[0]: "1.000"}, targets)
    dd.bus.handle(CorrectTargetFigure(plan_id, targets[0].target_id, second, PERIOD, Decimal(120),
                                      note="số liệu đúng là 120"), ADMIN)
    missing = [names[a] for a in by_agency if a not in (first, second)]
    return HalfYear(plan_id, names[first], names[second], missing, targets)


def _report(dd, rows, agency_id, text, figures, targets) -> None:
    fp = Actor(f"fp-{agency_id}", "focal_point", agency_id=agency_id)
    given = tuple(Figure(figure_label(targets, t), Decimal(v.replace(".", ""))) for t, v in figures.items())
    for r in rows:
        dd.bus.handle(c.SubmitResult(r.task_id, text=text, figures=given), fp)
        dd.bus.handle(c.AcceptSubmission(r.task_id), ADMIN)
