"""A duty given to a collective ("Ủy ban nhân dân các xã, phường, đặc khu") in a 2025
province's plan becomes one task per commune of the province; the duty counts N of M done
and complete at all M or at the coordinator's quorum; members unknown: one task and a
warning (issue 13)."""
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from service.eventlog.store import ConcurrencyError
from service.projections.agencies import agencies
from service.projections.plans import plans
from service.projections.rebuild import rebuild
from service.projections.registry import all_projections
from service.projections.tasks import tasks
from service.queries.collectives import collective_progress
from tests.service.test_agency_places import activate, seed
from workflows import commands as c
from workflows.collectives import collective_of, members_of
from workflows.draft_checks import draft_warnings
from workflows.permissions import Actor, PermissionDenied
from workflows.places import communes_of, current_province, province_code
from workflows.plans import PlanRefused

ADMIN = Actor("admin", "administrator")
PLAN = Path(__file__).parent / "plans" / "quangninh_2025_collective.txt"
QUANG_NINH = province_code(current_province("Quảng Ninh"))


@pytest.fixture
def quang_ninh(dd, clock):
    clock.set(datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc))
    return activate(dd, PLAN)


def plan_row(dd, plan_id) -> dict:
    with dd.engine.connect() as conn:
        return dict(conn.execute(select(plans).where(plans.c.plan_id == plan_id)).mappings().one())


def duty_tasks(dd, plan_id, duty_id) -> list[dict]:
    with dd.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(tasks).where(tasks.c.plan_id == plan_id,
                                                                  tasks.c.duty_id == duty_id)).mappings()]


def progress(dd, plan_id, duty_id=None):
    with dd.engine.connect() as conn:
        return collective_progress(conn, plan_row(dd, plan_id), duty_id)


def finish(dd, task_id, coordinator):
    with dd.engine.connect() as conn:
        duty_agency = conn.execute(select(tasks.c.agency_id).where(tasks.c.task_id == task_id)).scalar_one()
    agency = Actor("fp", "focal_point", agency_id=duty_agency)
    dd.bus.handle(c.SubmitResult(task_id, text="Đã tiêm 1.200 liều"), agency)
    dd.bus.handle(c.AcceptSubmission(task_id), coordinator)


def test_a_commune_level_duty_expands_to_every_commune_of_the_province(dd, quang_ninh):
    communes = communes_of(QUANG_NINH)
    collectives = plan_row(dd, quang_ninh)["collectives"]
    one_off = f"{quang_ninh}:a1:d0"
    assert collectives[one_off]["collectives"] == ["Ủy ban nhân dân các xã, phường, đặc khu"]
    members = collectives[one_off]["members"]
    assert len(members) == len(set(members)) == len(communes) == 54
    held = duty_tasks(dd, quang_ninh, one_off)
    assert sorted(t["agency_id"] for t in held) == sorted(members)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(agencies).where(agencies.c.agency_id.in_(members))).mappings().all()
    # each commune's People's Committee is an agency of its commune, at commune level
    assert {r["place_code"] for r in rows} == {f"commune:{int(w.code)}" for w in communes}
    assert {r["level"] for r in rows} == {"commune"}
    assert {r["name"] for r in rows} == {m.name for m in members_of(
        collective_of("UBND các xã, phường, đặc khu"), QUANG_NINH)}
    assert any(r["name"] == "UBND đặc khu Vân Đồn" for r in rows)
    # the commune's periodic reports are each commune's too: one per commune and period
    reports = collectives[f"{quang_ninh}:r1"]["members"]
    assert sorted(reports) == sorted(members)
    by_period = {}
    for t in duty_tasks(dd, quang_ninh, f"{quang_ninh}:r1"):
        by_period.setdefault(t["period_key"], []).append(t["agency_id"])
    assert by_period and all(sorted(held) == sorted(members) for held in by_period.values())


def test_a_second_plan_reuses_the_commune_agencies(dd, quang_ninh):
    again = PLAN.read_text(encoding="utf-8").replace("năm 2026", "năm 2027").encode("utf-8")
    plan_id = dd.bus.handle(c.ImportPlan("again.txt", again), ADMIN).plan_id
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    first = plan_row(dd, quang_ninh)["collectives"][f"{quang_ninh}:a1:d0"]["members"]
    second = plan_row(dd, plan_id)["collectives"][f"{plan_id}:a1:d0"]["members"]
    assert second == first


def test_the_duty_counts_n_of_m_done_and_names_who_is_missing(dd, quang_ninh):
    duty = f"{quang_ninh}:a1:d0"
    coordinator = Actor("co", "coordinator", plan_ids={quang_ninh})
    held = sorted(duty_tasks(dd, quang_ninh, duty), key=lambda t: t["task_id"])
    for t in held[:3]:
        finish(dd, t["task_id"], coordinator)
    (p,) = progress(dd, quang_ninh, duty)
    assert (p.done, p.total, p.complete, p.quorum) == (3, 54, False, None)
    with dd.engine.connect() as conn:
        names = dict(conn.execute(select(agencies.c.agency_id, agencies.c.name)).all())
    assert set(p.missing) == {names[t["agency_id"]] for t in held[3:]}
    assert len(p.missing) == 51


def test_the_coordinator_chooses_complete_at_n_or_at_all(dd, quang_ninh):
    duty = f"{quang_ninh}:a1:d0"
    coordinator = Actor("co", "coordinator", plan_ids={quang_ninh})
    for t in sorted(duty_tasks(dd, quang_ninh, duty), key=lambda t: t["task_id"])[:3]:
        finish(dd, t["task_id"], coordinator)
    assert not progress(dd, quang_ninh, duty)[0].complete
    dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, duty, 3), coordinator)
    (p,) = progress(dd, quang_ninh, duty)
    assert (p.quorum, p.complete) == (3, True)
    dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, duty, None), coordinator)
    assert not progress(dd, quang_ninh, duty)[0].complete


def test_a_bad_quorum_or_a_stranger_is_refused_and_the_log_is_unchanged(dd, quang_ninh):
    duty = f"{quang_ninh}:a1:d0"
    with dd.uow() as uow:
        before = uow.events.stream_version(f"plan-{quang_ninh}")
    coordinator = Actor("co", "coordinator", plan_ids={quang_ninh})
    for quorum in (0, 55, "mười"):
        with pytest.raises(PlanRefused, match="quorum must be a number of members from 1 to 54"):
            dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, duty, quorum), coordinator)
    with pytest.raises(PlanRefused, match="no collective duty"):
        dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, f"{quang_ninh}:a0:d0", 1), coordinator)
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, duty, 10), Actor("other", "coordinator", plan_ids={"x"}))
    with pytest.raises(ConcurrencyError):
        dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, duty, 10, expected_version=1), coordinator)
    with dd.uow() as uow:
        assert uow.events.stream_version(f"plan-{quang_ninh}") == before


def test_read_models_rebuild_to_the_same_state(dd, quang_ninh):
    duty = f"{quang_ninh}:a1:d0"
    coordinator = Actor("co", "coordinator", plan_ids={quang_ninh})
    finish(dd, duty_tasks(dd, quang_ninh, duty)[0]["task_id"], coordinator)
    dd.bus.handle(c.SetCollectiveQuorum(quang_ninh, duty, 40), coordinator)

    def snapshot():
        with dd.engine.connect() as conn:
            return [sorted(repr(dict(r)) for r in conn.execute(select(t)).mappings())
                    for t in (plans, agencies, tasks)]

    before = snapshot()
    rebuild(dd.engine, all_projections())
    assert snapshot() == before
    assert progress(dd, quang_ninh, duty)[0].quorum == 40


def test_members_unknown_one_collective_task_and_a_warning(dd, clock):
    """Cầu Ngang's 2022 plan: "Chủ tịch Ủy ban nhân dân các xã, thị trấn" of a district that no
    longer exists: one task for them all, and the draft says so."""
    clock.set(datetime(2022, 3, 1, 2, 0, tzinfo=timezone.utc))
    path = seed("002")
    plan_id = dd.bus.handle(c.ImportPlan(path.name, path.read_bytes()), ADMIN).plan_id
    draft = plan_row(dd, plan_id)["draft"]
    unknown = [w for w in draft_warnings(draft) if w.code == "collective_unknown"]
    assert [w.values["name"] for w in unknown] == ["Chủ tịch Ủy ban nhân dân các xã, thị trấn"]
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    with dd.engine.connect() as conn:
        (communes,) = conn.execute(select(agencies.c.agency_id).where(
            agencies.c.name == "Ủy ban nhân dân các xã, thị trấn")).one()
        held = conn.execute(select(tasks.c.duty_id, tasks.c.period_key)
                            .where(tasks.c.agency_id == communes)).all()
    assert held and len(held) == len(set(held))  # one task per duty and period, not per commune
    assert plan_row(dd, plan_id)["collectives"] is None


def test_the_draft_says_how_many_members_a_collective_becomes(dd, clock):
    clock.set(datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc))
    plan_id = dd.bus.handle(c.ImportPlan(PLAN.name, PLAN.read_bytes()), ADMIN).plan_id
    found = [w.values for w in draft_warnings(plan_row(dd, plan_id)["draft"]) if w.code == "collective_members"]
    assert found == [{"name": "Ủy ban nhân dân các xã, phường, đặc khu", "n": 54}]


def test_a_commune_named_beside_its_collective_gets_one_task(dd, clock):
    """"Ủy ban nhân dân các xã, phường, đặc khu và UBND đặc khu Vân Đồn": Vân Đồn is one of
    them: one task each, 54 in all, and the activation goes through."""
    clock.set(datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc))
    text = PLAN.read_text(encoding="utf-8").replace(
        "2. Ủy ban nhân dân các xã, phường, đặc khu", "2. Ủy ban nhân dân các xã, phường, đặc khu, UBND đặc khu Vân Đồn")
    plan_id = dd.bus.handle(c.ImportPlan("both.txt", text.encode("utf-8")), ADMIN).plan_id
    assert plan_row(dd, plan_id)["draft"]["assignments"][1]["agencies"] == [
        "Ủy ban nhân dân các xã, phường, đặc khu", "UBND đặc khu Vân Đồn"]
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    held = duty_tasks(dd, plan_id, f"{plan_id}:a1:d0")
    assert len(held) == len({t["agency_id"] for t in held}) == 54
