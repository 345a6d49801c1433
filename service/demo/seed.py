"""Build the demo: every change goes through the message bus, as a person's would, with a
clock that walks from January to today, so the log holds a believable history."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Callable

from sqlalchemy import func, select

from service.auth.actors import actor_for
from service.clock import ManualClock
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.texts import N_
from workflows import commands as c
from workflows.localtime import local_date, local_time_utc
from workflows.people_events import Profile
from workflows.permissions import Actor
from workflows.plan_events import Correction

PASSWORD = "dondoc-demo"
ADMIN = Actor("demo:setup", "administrator")


@dataclass
class DemoReport:
    plans: int = 0
    tasks: int = 0
    people: list[tuple[str, str]] = field(default_factory=list)  # (username, role)
    already: bool = False


PLANS_PHASE = N_("Nhập và kích hoạt kế hoạch mẫu")
YEAR_PHASE = N_("Mô phỏng một năm làm việc")


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda n: None


def build_demo(dd, now: datetime, progress: Callable[[str, int], Callable[[int], None]] = _no_progress
               ) -> DemoReport:
    """``progress(phase, total)`` is told each phase's size and returns how to advance it."""
    with dd.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(plans)).scalar():
            return DemoReport(already=True)
    year = local_date(now).year
    clock = ManualClock(local_time_utc(date(year, 1, 2), time(8, 0)))
    demo = dataclasses.replace(dd, clock=clock)
    report = DemoReport()
    coordinator_id = _person(demo, report, "dieuphoi", "Trần Văn Điều Phối", "coordinator")
    _person(demo, report, "quantri", "Lê Thị Quản Trị", "administrator")
    names = sorted(n.name for n in resources.files("service.demo").joinpath("plans").iterdir()
                   if n.name.endswith(".txt"))
    advance = progress(PLANS_PHASE, len(names))
    for name in names:
        data = resources.files("service.demo").joinpath("plans", name).read_bytes()
        coordinator = _actor(demo, coordinator_id)
        plan_id = demo.bus.handle(c.ImportPlan(name, data), coordinator).plan_id
        _review(demo, _actor(demo, coordinator_id), plan_id, year)
        report.plans += 1
        advance(1)
    _focal_points_and_leader(demo, report)
    _simulate_year(demo, clock, now, _actor(demo, coordinator_id), progress)
    with dd.engine.connect() as conn:
        report.tasks = conn.execute(select(func.count()).select_from(tasks)).scalar()
    return report


def _review(dd, coordinator, plan_id: str, year: int) -> None:
    """What a coordinator does with an old plan in the demo: move it to this year, choose a
    reporting cadence where the plan states none, activate."""
    with dd.engine.connect() as conn:
        draft = conn.execute(select(plans.c.draft).where(plans.c.plan_id == plan_id)).scalar()
    fixes = [Correction("set", "period", {"start": f"{year}-01-01", "end": f"{year}-12-31"})]
    if not draft.get("reporting"):  # every body given a duty reports twice a year
        senders = [n for a in draft["assignments"] if a["role"] == "lead" for n in a["agencies"]]
        fixes.append(Correction("set", "reporting", [
            {"cadence": cadence, "recipient": None, "from": senders, "due": None, "line": None}
            for cadence in ("semiannual", "annual")]))
    dd.bus.handle(c.CorrectDraft(plan_id, tuple(fixes), note=f"demo: moved to {year}"), coordinator)
    dd.bus.handle(c.ActivatePlan(plan_id), coordinator)


def _focal_points_and_leader(dd, report) -> None:
    with dd.engine.connect() as conn:
        busiest = conn.execute(select(tasks.c.agency_id).group_by(tasks.c.agency_id)
                               .order_by(func.count().desc(), tasks.c.agency_id).limit(4)).scalars().all()
    for i, agency_id in enumerate(busiest, start=1):
        _person(dd, report, f"daumoi{i}", f"Cán bộ đầu mối {i}", "focal_point", agency_id,
                phone=f"09123456{i:02d}")
    _person(dd, report, "lanhdao", "Nguyễn Văn Lãnh Đạo", "leader", busiest[0], is_leader=True)


def _person(dd, report, username, name, role, agency_id=None, phone=None, is_leader=False) -> str:
    profile = Profile(username=username, name=name, role=role, agency_id=agency_id,
                      email=f"{username}@demo.dondoc.vn", phone=phone, is_leader=is_leader)
    person_id = dd.bus.handle(c.AddPerson(profile, password=PASSWORD), ADMIN)
    report.people.append((username, role))
    return person_id


def _actor(dd, person_id: str) -> Actor:
    with dd.engine.connect() as conn:
        return actor_for(conn, person_id)


def _simulate_year(dd, clock: ManualClock, now: datetime, coordinator, progress=_no_progress) -> None:
    """Past deadlines: a quarter done on time, a quarter late, a quarter started and overdue,
    a quarter untouched. Coming deadlines: some started, one awaiting review, one extension
    asked for."""
    today = local_date(now)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.task_id, tasks.c.agency_id, tasks.c.deadline)
                            .order_by(tasks.c.deadline, tasks.c.task_id)).all()
    focal = _focal_actors(dd)
    steps = []
    past = [r for r in rows if r.deadline < today and r.agency_id in focal]
    coming = [r for r in rows if r.deadline >= today and r.agency_id in focal][:12]
    for i, r in enumerate(past):
        fp, at = focal[r.agency_id], lambda d, h=9: local_time_utc(d, time(h, 0))
        if i % 4 == 0:
            steps += [(at(r.deadline - timedelta(days=3)), c.SubmitResult(r.task_id, text="Đã hoàn thành, gửi kèm báo cáo."), fp),
                      (at(r.deadline - timedelta(days=1), 15), c.AcceptSubmission(r.task_id), coordinator)]
        elif i % 4 == 1:
            steps += [(at(r.deadline + timedelta(days=5)), c.SubmitResult(r.task_id, text="Báo cáo gửi chậm do chờ số liệu."), fp),
                      (at(r.deadline + timedelta(days=6), 15), c.AcceptSubmission(r.task_id), coordinator)]
        elif i % 4 == 2:
            steps.append((at(r.deadline - timedelta(days=10)), c.StartTask(r.task_id), fp))
    for i, r in enumerate(coming):
        fp = focal[r.agency_id]
        at = local_time_utc(today - timedelta(days=1), time(9 + i % 8, 0))
        if i % 3 == 0:
            steps.append((at, c.StartTask(r.task_id), fp))
        elif i == 1:
            steps.append((at, c.SubmitResult(r.task_id, text="Đã triển khai, đề nghị xem xét."), fp))
        elif i == 2:
            steps.append((at, c.RequestExtension(r.task_id, new_deadline=r.deadline + timedelta(days=14),
                                                 reason="Chờ số liệu của các xã."), fp))
    steps = sorted((s for s in steps if s[0] <= now), key=lambda s: s[0])
    advance = progress(YEAR_PHASE, len(steps))
    for when, command, actor in steps:
        advance(1)
        clock.set(when)
        dd.bus.handle(command, actor)
    clock.set(now)


def _focal_actors(dd) -> dict[str, Actor]:
    from service.projections.people import people

    with dd.engine.connect() as conn:
        ids = conn.execute(select(people.c.person_id).where(people.c.role == "focal_point")).scalars().all()
        actors = [actor_for(conn, i) for i in ids]
    return {a.agency_id: a for a in actors}
