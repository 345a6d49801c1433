"""Issue 19: plans that implement plans. Seed 001 (Kiên Giang's 66/KH-UBND, the province) and a
district plan written for the test in seed 002's shape that cites it (tests/service/
cascade_plans): imported in both orders, on both databases, the link is made, the district's
"write your own plan" task of the province plan is done with the district plan as evidence, and
the province plan's cascade rolls the district plan's classification up."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from service.eventlog.store import EventStore
from service.projections.agencies import agencies
from service.projections.plan_links import plan_links
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.queries.cascade import plan_cascade
from workflows import commands as c
from workflows.errors import InvalidValue
from workflows.localtime import local_date
from workflows.permissions import Actor
from workflows.plan_events import Correction

ADMIN = Actor("admin", "administrator")
SEEDS = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans"
PROVINCE = SEEDS / "001_9819b76525b7b7ac.txt"
DISTRICT = Path(__file__).parent / "cascade_plans" / "chau_thanh_2022.txt"
CITY = Path(__file__).parent / "cascade_plans" / "can_tho_153_2025.txt"
WARD = Path(__file__).parent / "cascade_plans" / "thoi_long_2025.txt"
DISTRICTS = ["Ủy ban nhân dân huyện Châu Thành", "Ủy ban nhân dân huyện Giồng Riềng"]


def import_plan(dd, path: Path) -> str:
    return dd.bus.handle(c.ImportPlan(path.name, path.read_bytes()), ADMIN).plan_id


def name_the_districts(dd, plan_id: str) -> None:
    """The province plan gives its duties to "Ủy ban nhân dân các huyện, thành phố": the
    coordinator names the districts (a collective body's members, issue 13)."""
    with dd.engine.connect() as conn:
        draft = conn.execute(select(plans.c.draft).where(plans.c.plan_id == plan_id)).scalar()
    i = next(i for i, a in enumerate(draft["assignments"]) if a["agencies"] == ["Ủy ban nhân dân các huyện, thành phố"])
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", f"assignments/{i}/agencies", DISTRICTS),)), ADMIN)


def both_active(dd) -> tuple[str, str]:
    """The province plan (its districts named) and the district plan citing it, both active."""
    province = import_plan(dd, PROVINCE)
    name_the_districts(dd, province)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    district = import_plan(dd, DISTRICT)
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    return province, district


def links(dd):
    with dd.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(plan_links.c.lower_plan_id, plan_links.c.higher_plan_id,
                                                      plan_links.c.how))]


def write_plan_tasks(dd, plan_id):
    """{agency name: (state, the events of its task)} of the province's "write your plan" duty."""
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.task_id, tasks.c.state, agencies.c.name)
                            .join(agencies, agencies.c.agency_id == tasks.c.agency_id)
                            .where(tasks.c.plan_id == plan_id,
                                   tasks.c.duty_text.like("Xây dựng kế hoạch cụ thể%"))).all()
        return {r.name: (r.state, [e.type for e in EventStore(conn).read_stream(f"task-{r.task_id}")])
                for r in rows}


def check_the_cascade(dd, province, district):
    got = write_plan_tasks(dd, province)
    assert got["Ủy ban nhân dân huyện Châu Thành"] == ("done", ["TaskCreated", "TaskDoneByPlan"])
    assert got["Ủy ban nhân dân huyện Giồng Riềng"] == ("open", ["TaskCreated"])
    with dd.engine.connect() as conn:
        done = EventStore(conn).read_stream(f"task-{_task_of(conn, province, 'Ủy ban nhân dân huyện Châu Thành')}")[-1]
        cascade = plan_cascade(conn, province, local_date(dd.clock.now()))
        own = conn.execute(select(tasks.c.plan_id).where(tasks.c.plan_id == district)).all()
    assert done.event.plan_id == district and done.event.number == "45/KH-UBND"
    assert done.meta["actor"] == "system:cascade"
    assert [lp.plan_id for lp in cascade.lower] == [district]
    assert cascade.lower[0].own.total == len(own) == cascade.total.total > 0
    assert [m.agency for m in cascade.missing] == ["Ủy ban nhân dân huyện Giồng Riềng"]


def _task_of(conn, plan_id, agency):
    return conn.execute(select(tasks.c.task_id).join(agencies, agencies.c.agency_id == tasks.c.agency_id)
                        .where(tasks.c.plan_id == plan_id, agencies.c.name == agency,
                               tasks.c.duty_text.like("Xây dựng kế hoạch cụ thể%"))).scalar_one()


def test_higher_plan_first(dd):
    province = import_plan(dd, PROVINCE)
    name_the_districts(dd, province)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    district = import_plan(dd, DISTRICT)
    assert links(dd) == [(district, province, "import")]
    assert write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"][0] == "open"  # a draft is no plan yet
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    check_the_cascade(dd, province, district)


def test_lower_plan_first(dd):
    district = import_plan(dd, DISTRICT)
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    assert links(dd) == []
    province = import_plan(dd, PROVINCE)
    assert links(dd) == [(district, province, "cited_later")]
    name_the_districts(dd, province)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    check_the_cascade(dd, province, district)


def test_a_link_made_by_hand_completes_and_an_unlink_is_kept(dd):
    province = import_plan(dd, PROVINCE)
    name_the_districts(dd, province)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    district = import_plan(dd, DISTRICT)
    dd.bus.handle(c.UnlinkPlan(district, province, "nhầm kế hoạch"), ADMIN)
    assert links(dd) == []
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    assert write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"][0] == "open"
    assert dd.bus.handle(c.LinkPlan(district, province), ADMIN) == 1  # one task done by it
    with pytest.raises(InvalidValue, match="circle"):
        dd.bus.handle(c.LinkPlan(province, district), ADMIN)
    assert links(dd) == [(district, province, "correction")]
    check_the_cascade(dd, province, district)


def test_the_consolidated_report_can_count_the_lower_plans(dd):
    """DraftReport(with_lower=True): a section with each lower plan's classification (counts,
    never their agencies' texts); without it the report is as before."""
    import io

    import docx

    from tests.reports.test_consolidated_report import texts
    from workflows.target_commands import DraftReport

    def all_text(data: bytes) -> str:
        return "\n".join(texts(docx.Document(io.BytesIO(data))))

    province = import_plan(dd, PROVINCE)
    name_the_districts(dd, province)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    district = import_plan(dd, DISTRICT)
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    plain = all_text(dd.bus.handle(DraftReport(province, "2022-H1"), ADMIN).data)
    assert "KẾ HOẠCH CẤP DƯỚI" not in plain and "45/KH-UBND" not in plain
    text = all_text(dd.bus.handle(DraftReport(province, "2022-H1", with_lower=True), ADMIN).data)
    assert "IV. TÌNH HÌNH THỰC HIỆN CỦA CÁC KẾ HOẠCH CẤP DƯỚI" in text and "VI. PHƯƠNG HƯỚNG" in text
    assert "45/KH-UBND" in text and "Ủy ban nhân dân huyện Châu Thành" in text


def test_the_issuer_is_resolved_through_the_registry_and_its_aliases(dd):
    """The province plan names the district's body otherwise than the district plan names
    itself: no completion until the registry knows the name as an alias; then a new link does it."""
    province = import_plan(dd, PROVINCE)
    with dd.engine.connect() as conn:
        draft = conn.execute(select(plans.c.draft).where(plans.c.plan_id == province)).scalar()
    i = next(i for i, a in enumerate(draft["assignments"]) if a["agencies"] == ["Ủy ban nhân dân các huyện, thành phố"])
    dd.bus.handle(c.CorrectDraft(province, (Correction("set", f"assignments/{i}/agencies", ["Chính quyền huyện Châu Thành"]),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(province), ADMIN)
    district = import_plan(dd, DISTRICT)
    dd.bus.handle(c.ActivatePlan(district), ADMIN)
    assert write_plan_tasks(dd, province)["Chính quyền huyện Châu Thành"] == ("open", ["TaskCreated"])
    with dd.engine.connect() as conn:
        agency = conn.execute(select(agencies.c.agency_id).where(agencies.c.name == "Chính quyền huyện Châu Thành")).scalar_one()
    dd.bus.handle(c.AddAgencyAlias(agency, "Ủy ban nhân dân huyện Châu Thành"), ADMIN)
    dd.bus.handle(c.UnlinkPlan(district, province, "liên kết lại sau khi thêm tên gọi khác"), ADMIN)
    assert dd.bus.handle(c.LinkPlan(district, province), ADMIN) == 1
    assert write_plan_tasks(dd, province)["Chính quyền huyện Châu Thành"] == ("done", ["TaskCreated", "TaskDoneByPlan"])


def test_province_to_commune_through_a_collective(dd):
    """A 2025 city plan (written for the test after Cần Thơ's 153/KH-UBND) orders "Ủy ban nhân
    dân các xã, phường" to write their plans: the collective expands to each commune (issue 13);
    a ward's plan citing it does that ward's task, and only that one."""
    city = dd.bus.handle(c.ImportPlan(CITY.name, CITY.read_bytes()), ADMIN).plan_id
    dd.bus.handle(c.ActivatePlan(city), ADMIN)
    ward = import_plan(dd, WARD)
    assert links(dd) == [(ward, city, "import")]
    dd.bus.handle(c.CorrectDraft(ward, (Correction("set", "period", {"start": "2026-01-01", "end": "2026-12-31"}),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(ward), ADMIN)
    with dd.engine.connect() as conn:
        done = conn.execute(select(agencies.c.name).join(tasks, tasks.c.agency_id == agencies.c.agency_id)
                            .where(tasks.c.plan_id == city, tasks.c.state == "done")).scalars().all()
        cascade = plan_cascade(conn, city, local_date(dd.clock.now()))
    assert done == ["UBND phường Thới Long"]
    missing = {m.agency for m in cascade.missing}
    assert "UBND phường Thới Long" not in missing and "UBND xã Phong Điền" in missing and len(missing) > 100


def test_an_unlink_reopens_what_the_link_completed(dd):
    """A wrong match undone: the district's "write your own plan" task, which the district
    plan had completed, is open again (missing from the cascade, chased by the scheduler), and
    the read models say what a rebuild from the log says."""
    from service.projections.rebuild import rebuild
    from service.scheduler.projection import task_schedule

    province, district = both_active(dd)
    dd.bus.handle(c.UnlinkPlan(district, province, "nhầm kế hoạch"), ADMIN)
    state, types = write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"]
    assert (state, types) == ("open", ["TaskCreated", "TaskDoneByPlan", "TaskReopened"])
    with dd.engine.connect() as conn:
        task_id = _task_of(conn, province, "Ủy ban nhân dân huyện Châu Thành")
        reopened = EventStore(conn).read_stream(f"task-{task_id}")[-1]
        row = conn.execute(select(tasks.c.done_at, tasks.c.state).where(tasks.c.task_id == task_id)).one()
        scheduled = conn.execute(select(task_schedule.c.closed, task_schedule.c.next_action_at)
                                 .where(task_schedule.c.task_id == task_id)).one()
        missing = {m.agency for m in plan_cascade(conn, province, local_date(dd.clock.now())).missing}
    assert (reopened.event.plan_id, reopened.event.reason, reopened.meta["actor"]) == (district, "nhầm kế hoạch", "system:cascade")
    assert row.done_at is None and not scheduled.closed and scheduled.next_action_at is not None
    assert "Ủy ban nhân dân huyện Châu Thành" in missing

    def snapshot():
        with dd.engine.connect() as conn:
            return [sorted(map(tuple, conn.execute(select(t)).all()), key=repr) for t in (tasks, task_schedule)]

    before = snapshot()
    rebuild(dd.engine, dd.projections)
    assert snapshot() == before
    assert dd.bus.handle(c.LinkPlan(district, province), ADMIN) == 1  # linked again: done again
    assert write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"][0] == "done"


def test_an_unlink_leaves_done_what_another_linked_plan_of_the_body_completes(dd):
    """The district wrote two plans citing the province's (45 and, for the test, 46): the
    first one unlinked, the task is done by the second, and its history says so."""
    province, district = both_active(dd)
    second = dd.bus.handle(c.ImportPlan("chau_thanh_46.txt", DISTRICT.read_text().replace(
        "Số: 45 /KH-UBND", "Số: 46 /KH-UBND").encode()), ADMIN).plan_id
    dd.bus.handle(c.ActivatePlan(second), ADMIN)
    assert (second, province, "import") in links(dd)
    dd.bus.handle(c.UnlinkPlan(district, province, "trùng, giữ kế hoạch 46"), ADMIN)
    state, types = write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"]
    assert (state, types) == ("done", ["TaskCreated", "TaskDoneByPlan", "TaskReopened", "TaskDoneByPlan"])
    with dd.engine.connect() as conn:
        last = EventStore(conn).read_stream(f"task-{_task_of(conn, province, 'Ủy ban nhân dân huyện Châu Thành')}")[-1]
    assert (last.event.plan_id, last.event.number) == (second, "46/KH-UBND")
