"""Rename, merge and retire agencies as events: a merger moves every unfinished task (submitted
ones too) and the people to the successor, whose names now include the old ones (issue 13)."""
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.people import people
from service.projections.rebuild import rebuild
from service.projections.registry import all_projections
from service.projections.tasks import tasks
from tests.service.test_agency_places import activate, seed
from workflows import commands as c
from workflows.errors import InvalidValue
from workflows.people_events import Profile
from workflows.permissions import Actor

ADMIN = Actor("admin", "administrator")
OLD_NAME = "Sở Lao động - Thương binh và Xã hội"


@pytest.fixture
def kien_giang(dd, clock):
    clock.set(datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc))
    plan_id = activate(dd, seed("001"))
    with dd.engine.connect() as conn:
        labour = conn.execute(select(agencies.c.agency_id).where(agencies.c.name == OLD_NAME)).scalar_one()
    return plan_id, labour


def rows(dd, table, *where):
    with dd.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table).where(*where)).mappings()]


def test_a_merger_moves_open_returned_and_submitted_tasks_and_the_people(dd, kien_giang):
    plan_id, labour = kien_giang
    home = dd.bus.handle(c.RegisterAgency("Sở Nội vụ", "province"), ADMIN)
    fp = Actor("fp", "focal_point", agency_id=labour)
    person = dd.bus.handle(c.AddPerson(Profile("daumoi", "Cán bộ đầu mối", "focal_point", agency_id=labour,
                                               email="daumoi@example.vn")), ADMIN)
    own = sorted((r for r in rows(dd, tasks, tasks.c.agency_id == labour)), key=lambda r: r["task_id"])
    submitted, started = own[0]["task_id"], own[1]["task_id"]
    dd.bus.handle(c.SubmitResult(submitted, text="Đã tổ chức 3 lớp tập huấn"), fp)
    dd.bus.handle(c.StartTask(started), fp)

    merged = dd.bus.handle(c.MergeAgencies(labour, home, "NQ 202/2025/QH15: chức năng chuyển Sở Nội vụ"), ADMIN)

    assert merged.tasks == len(own) and merged.people == 1 and merged.aliases == 1
    assert rows(dd, tasks, tasks.c.agency_id == labour) == []
    moved = {r["task_id"]: r for r in rows(dd, tasks, tasks.c.agency_id == home)}
    assert moved[submitted]["state"] == "submitted" and moved[started]["state"] == "in_progress"
    assert all(labour in r["former_agencies"] for r in moved.values())
    (who,) = rows(dd, people, people.c.person_id == person)
    assert who["agency_id"] == home
    (old,) = rows(dd, agencies, agencies.c.agency_id == labour)
    (new,) = rows(dd, agencies, agencies.c.agency_id == home)
    assert (old["status"], old["merged_into"]) == ("merged", home)
    assert OLD_NAME in new["aliases"]
    # the history shows it: the task's timeline holds the transfer
    with dd.uow() as uow:
        history = [e.type for e in uow.events.read_stream(f"task-{submitted}")]
    assert history[-1] == "TaskTransferred"
    # the successor's people may review their (former) agency's result: accept it
    coordinator = Actor("co", "coordinator", plan_ids={plan_id})
    dd.bus.handle(c.AcceptSubmission(submitted), coordinator)


def test_a_later_plan_naming_the_old_department_resolves_to_the_successor(dd, kien_giang):
    _, labour = kien_giang
    home = dd.bus.handle(c.RegisterAgency("Sở Nội vụ", "province"), ADMIN)
    dd.bus.handle(c.MergeAgencies(labour, home, "sáp nhập"), ADMIN)
    again = seed("001").read_text(encoding="utf-8").replace("năm 2022", "năm 2023").encode("utf-8")
    plan_id = dd.bus.handle(c.ImportPlan("again.txt", again), ADMIN).plan_id
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    assert not rows(dd, tasks, tasks.c.plan_id == plan_id, tasks.c.agency_id == labour)
    assert rows(dd, tasks, tasks.c.plan_id == plan_id, tasks.c.agency_id == home)
    assert len(rows(dd, agencies, agencies.c.name == OLD_NAME)) == 1  # no third agency


def test_rename_keeps_the_old_name_and_retire_refuses_unfinished_work(dd, kien_giang):
    _, labour = kien_giang
    dd.bus.handle(c.RenameAgency(labour, "Sở Nội vụ"), ADMIN)
    (row,) = rows(dd, agencies, agencies.c.agency_id == labour)
    assert row["name"] == "Sở Nội vụ" and OLD_NAME in row["aliases"]
    with pytest.raises(InvalidValue, match="unfinished task"):
        dd.bus.handle(c.RetireAgency(labour, "giải thể"), ADMIN)
    idle = dd.bus.handle(c.RegisterAgency("Phòng Lao động - Thương binh và Xã hội huyện Châu Thành", "district"), ADMIN)
    dd.bus.handle(c.RetireAgency(idle, "cấp huyện kết thúc hoạt động từ 01/7/2025"), ADMIN)
    (gone,) = rows(dd, agencies, agencies.c.agency_id == idle)
    assert gone["status"] == "retired"
    with pytest.raises(InvalidValue, match="retired"):
        dd.bus.handle(c.MergeAgencies(labour, idle, "x"), ADMIN)


def test_a_refused_merger_leaves_the_log_as_it_was(dd, kien_giang):
    _, labour = kien_giang
    with dd.uow() as uow:
        before = uow.events.stream_version(f"agency-{labour}")
    with pytest.raises(InvalidValue, match="itself"):
        dd.bus.handle(c.MergeAgencies(labour, labour, "x"), ADMIN)
    home = dd.bus.handle(c.RegisterAgency("Sở Nội vụ", "province"), ADMIN)
    with pytest.raises(InvalidValue, match="reason"):
        dd.bus.handle(c.MergeAgencies(labour, home, "  "), ADMIN)
    with dd.uow() as uow:
        assert uow.events.stream_version(f"agency-{labour}") == before


def test_read_models_rebuild_to_the_same_state_after_a_merger(dd, kien_giang):
    _, labour = kien_giang
    home = dd.bus.handle(c.RegisterAgency("Sở Nội vụ", "province"), ADMIN)
    dd.bus.handle(c.MergeAgencies(labour, home, "sáp nhập"), ADMIN)

    def snapshot():
        return [sorted(map(repr, rows(dd, t))) for t in (agencies, tasks, people)]

    before = snapshot()
    rebuild(dd.engine, all_projections())
    assert snapshot() == before
