"""Agencies have a place: same-named offices of different places are different agencies, and a
plan's names resolve within its place first (issue 13)."""
from pathlib import Path

import pytest
from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.tasks import tasks
from workflows import commands as c
from workflows.permissions import Actor

ADMIN = Actor("admin", "administrator")
REPO = Path(__file__).resolve().parents[2]
PLANS = (REPO / ".." / "shared" / "plans").resolve()


def activate(dd, path: Path) -> str:
    plan_id = dd.bus.handle(c.ImportPlan(path.name, path.read_bytes()), ADMIN).plan_id
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    return plan_id


def seed(name: str) -> Path:
    found = (sorted((REPO / "service" / "demo" / "plans").glob(f"{name}_*.txt"))  # the seeds
             or sorted((PLANS / "more").glob(f"{name}_*.txt")))
    if not found:
        pytest.skip(f"plan {name} not in shared/plans")
    return found[0]


def agency_rows(dd, plan_id: str) -> list[dict]:
    with dd.engine.connect() as conn:
        ids = conn.execute(select(tasks.c.agency_id).where(tasks.c.plan_id == plan_id)).scalars().all()
        rows = conn.execute(select(agencies).where(agencies.c.agency_id.in_(set(ids)))).mappings().all()
    return [dict(r) for r in rows]


def named(rows: list[dict], *words: str) -> list[dict]:
    return [r for r in rows if all(w in r["name"] for w in words)]


def test_the_labour_offices_of_cau_ngang_and_cau_giay_are_two_agencies(dd):
    cau_ngang = agency_rows(dd, activate(dd, seed("002")))
    cau_giay = agency_rows(dd, activate(dd, seed("003")))
    (ngang,) = named(cau_ngang, "Phòng Lao động")
    (giay,) = named(cau_giay, "Phòng Lao động")
    assert ngang["agency_id"] != giay["agency_id"]
    # the duty given to the head ("Trưởng phòng ...", "Chủ tịch UBND các xã") is the body's
    assert ngang["name"] == "Phòng Lao động - Thương binh và Xã hội"
    assert {r["name"] for r in cau_ngang} >= {"Ủy ban nhân dân các xã, thị trấn", "Các phòng, ban, ngành huyện"}
    assert not [r for r in cau_ngang if r["name"].startswith(("Trưởng", "Chủ tịch", "Thủ trưởng"))]
    assert (ngang["place"], ngang["level"], ngang["place_code"]) == ("Cầu Ngang", "district", None)
    assert (giay["place"], giay["level"], giay["place_code"]) == ("Cầu Giấy", "district", None)
    # districts are gone since 1 July 2025: the registry says which commune took their name
    assert ngang["successor"] == "commune:29416"  # Xã Cầu Ngang, Vĩnh Long
    assert giay["successor"] == "commune:167"  # Phường Cầu Giấy, Hà Nội


def test_can_tho_police_is_can_tho_s_not_kien_giang_s(dd):
    kien_giang = agency_rows(dd, activate(dd, seed("001")))
    can_tho = agency_rows(dd, activate(dd, seed("02")))
    (kg,) = named(kien_giang, "Công an tỉnh")
    (ct,) = named(can_tho, "Công an thành phố")
    assert kg["agency_id"] != ct["agency_id"]
    assert (kg["place"], kg["place_code"], kg["successor"]) == ("Kiên Giang", None, "province:91")  # An Giang
    assert (ct["place"], ct["place_code"]) == ("Thành phố Cần Thơ", "province:92")
    # Sở Y tế of Kiên Giang (2022) is not Cần Thơ's (2025) either
    assert {r["agency_id"] for r in named(kien_giang, "Sở Y tế")}.isdisjoint(
        r["agency_id"] for r in named(can_tho, "Sở Y tế"))


def test_a_second_plan_of_the_same_place_reuses_its_agencies(dd):
    first = agency_rows(dd, activate(dd, seed("001")))
    path = seed("001")
    again = path.read_text(encoding="utf-8").replace("năm 2022", "năm 2023").encode("utf-8")
    plan_id = dd.bus.handle(c.ImportPlan("again.txt", again), ADMIN).plan_id
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    second = agency_rows(dd, plan_id)
    assert {r["agency_id"] for r in named(second, "Công an tỉnh")} == {r["agency_id"] for r in named(first, "Công an tỉnh")}


def test_phrases_naming_no_body_are_never_agencies(dd):
    ward = agency_rows(dd, activate_with_cadence(dd, seed("000")))
    assert ward and not named(ward, "đồng chí")
    assert not named(ward, "bí thư")


def activate_with_cadence(dd, path: Path) -> str:
    from workflows.plan_events import Correction

    plan_id = dd.bus.handle(c.ImportPlan(path.name, path.read_bytes()), ADMIN).plan_id
    dd.bus.handle(c.CorrectDraft(plan_id, (Correction("set", "reporting", [
        {"cadence": "annual", "from": ["Công an phường"], "recipient": None, "due": None}]),)), ADMIN)
    dd.bus.handle(c.ActivatePlan(plan_id), ADMIN)
    return plan_id


def test_the_seed_plans_register_bodies_only(dd):
    """The five seed plans together (as the demo has them): no head's title, no phrase that
    names no body ("Các phòng, ban, ngành liên quan", "Các đồng chí bí thư chi bộ")."""
    from workflows.agency_phrases import body_name, names_no_body

    activate_with_cadence(dd, seed("000"))
    for name in ("001", "002", "003", "004"):
        activate(dd, seed(name))
    with dd.engine.connect() as conn:
        names = conn.execute(select(agencies.c.name)).scalars().all()
    assert names and [n for n in names if names_no_body(n) or body_name(n) != n] == []


def test_a_plan_whose_header_was_lost_takes_the_area_its_text_states(dd):
    """Seed 004 begins at "KẾ HOẠCH": no "Lào Cai, ngày ..." line. Its issuer is "Ủy ban nhân
    dân tỉnh" and its text says "trên địa bàn tỉnh Lào Cai": the plan is Lào Cai's (2021, so a
    former province, with the one that took it over)."""
    rows = agency_rows(dd, activate(dd, seed("004")))
    (police,) = named(rows, "Công an tỉnh")
    assert (police["place"], police["place_code"], police["successor"]) == ("Lào Cai", None, "province:15")
