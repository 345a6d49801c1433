"""workflows.cascade: which references of a legal basis cite a plan, whether a held plan is the
one cited, and which duties order a body to write its own plan."""
from pathlib import Path

import pytest

from workflows.cascade import KnownPlan, PlanRef, issuer_fits, matches, orders_own_plan, plan_refs
from workflows.importing import import_plan

SEEDS = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans"


def test_the_province_plan_cites_four_plans_and_no_decision():
    draft = import_plan((SEEDS / "001_9819b76525b7b7ac.txt").read_bytes(), "001.txt")
    refs = plan_refs(draft)
    assert [(r.number, r.issued_on) for r in refs] == [
        ("231/KH-UBND", "2021-12-13"), ("185/KH-UBND", "2021-10-07"), ("78/KH-UBND", "2021-04-14"),
        ("150/KH-UBND", "2020-10-09")]
    assert {r.issuer for r in refs} == {"Ủy ban nhân dân tỉnh"}


def test_decisions_are_not_plans():
    draft = {"legal_basis": [{"text": "Căn cứ Quyết định số 792/QĐ-UBND ngày 06/5/2021 của Ủy ban nhân dân "
                                      "tỉnh Trà Vinh ban hành Kế hoạch triển khai", "number": "792/QĐ-UBND",
                              "date": "2021-05-06"}]}
    assert plan_refs(draft) == []


HELD = KnownPlan("p66", "66/KH-UBND", "2022-03-25", "Ủy ban nhân dân tỉnh", "Kiên Giang")


@pytest.mark.parametrize("cited, fits", [
    (None, True), ("Ủy ban nhân dân tỉnh", True), ("UBND tỉnh Kiên Giang", True),
    ("Uỷ ban nhân dân tỉnh Kiên Giang", True), ("Ủy ban nhân dân tỉnh Trà Vinh", False),
    ("Sở Lao động - Thương binh và Xã hội", False), ("UBND huyện Châu Thành", False)])
def test_the_issuer_cited_must_not_contradict(cited, fits):
    assert issuer_fits(cited, HELD) is fits


@pytest.mark.parametrize("number, day, found", [
    ("66/KH-UBND", "2022-03-25", ["p66"]), ("66 /KH-UBND", "2022-03-25", ["p66"]),
    ("66/KH-UBND", "2021-03-25", []), ("67/KH-UBND", "2022-03-25", []), ("66/KH-UBND", None, [])])
def test_number_and_date_must_both_match(number, day, found):
    ref = PlanRef(0, number, day, "UBND tỉnh Kiên Giang", "")
    assert [p.plan_id for p in matches(ref, [HELD])] == found
    assert matches(ref, [HELD], own_id="p66") == []  # never the plan itself


@pytest.mark.parametrize("text", [
    "Xây dựng kế hoạch cụ thể hóa và triển khai tổ chức thực hiện công tác phòng, chống tệ nạn",
    "căn cứ chức năng, nhiệm vụ được giao xây dựng kế hoạch cụ thể để tổ chức triển khai thực hiện",
    "Ban hành kế hoạch triển khai thực hiện trên địa bàn",
    "chủ động xây dựng kế hoạch thực hiện phù hợp với tình hình địa phương",
    "Xây dựng và ban hành kế hoạch của địa phương để triển khai",
    "căn cứ nhiệm vụ được giao, cụ thể hóa bằng các Chương trình, Kế hoạch thực hiện phù hợp",
    "Cụ thể hoá thành kế hoạch của đơn vị"])
def test_duties_that_order_a_plan_of_ones_own(text):
    assert orders_own_plan(text)


@pytest.mark.parametrize("text", [
    "Tham mưu xây dựng kế hoạch thực hiện trình UBND tỉnh",
    "tham gia tích cực xây dựng kế hoạch phòng, chống tệ nạn mại dâm",
    "Xây dựng kế hoạch đầu tư công trung hạn",
    "Tổ chức triển khai thực hiện Kế hoạch này", "Tham mưu cụ thể hóa kế hoạch của tỉnh", ""])
def test_duties_that_do_not(text):
    assert not orders_own_plan(text)
