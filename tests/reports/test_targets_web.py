"""Targets on the web: progress on the plan page and the dashboard, a figure corrected (with its
history), the agency's own figure fields with earlier periods, the report and the exports."""
from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from sqlalchemy import select

from service.projections.tasks import tasks
from tests.reports.world import ADMIN, PERIOD, half_year
from tests.web.conftest import Web
from tests.web.world import PASSWORD
from workflows import commands as c
from workflows.people_events import Profile


@pytest.fixture
def world(dd, clock):
    w = half_year(dd, clock)
    with dd.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.agency_id, tasks.c.task_id, tasks.c.period_key)
                            .where(tasks.c.plan_id == w.plan_id, tasks.c.period_key.is_not(None))).all()
    w.police = next(r.agency_id for r in rows if r.agency_id in w.targets[0].agency_ids
                    and r.agency_id != w.targets[0].agency_ids[0])
    w.police_year = next(r.task_id for r in rows if r.agency_id == w.police and r.period_key == "2022-Y")
    for username, role, agency, plans in (("coord", "coordinator", None, (w.plan_id,)),
                                          ("fp_police", "focal_point", w.police, ()),
                                          ("coord2", "coordinator", None, ())):
        dd.bus.handle(c.AddPerson(Profile(username=username, name=username, role=role, agency_id=agency,
                                          plan_ids=plans, email=f"{username}@example.gov.vn"),
                                  password=PASSWORD), ADMIN)
    return w


def signed_in(client, username) -> Web:
    web = Web(client)
    assert web.sign_in(username).status_code == 302
    return web


def test_plan_page_shows_progress_and_a_correction_is_history(client, world):
    web = signed_in(client, "coord")
    page = web.text(f"/ke-hoach/{world.plan_id}")
    assert "Chỉ tiêu và tiến độ" in page and "420 người" in page and "76,4%" in page
    assert 'class="off-track"' in page and "Chậm tiến độ" in page  # 90 of 200
    response = web.post(f"/ke-hoach/{world.plan_id}/chi-tieu/sua", {
        "target_id": "t0", "agency_id": world.police, "period": PERIOD, "value": "1.150",
        "note": "bổ sung"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã sửa số liệu" in page and "1.450 người" in page
    history = page.split("Lịch sử số liệu")[1]
    assert history.count("Sửa") >= 2 and "coord" in history and "bổ sung" in history
    refused = web.post(f"/ke-hoach/{world.plan_id}/chi-tieu/sua", {
        "target_id": "t0", "agency_id": world.police, "period": PERIOD, "value": "nhiều"},
        follow_redirects=True).get_data(as_text=True)
    assert "Số liệu không hợp lệ: nhiều" in refused and "1.450 người" in refused


def test_the_report_downloads_from_the_plan_page(client, world):
    web = signed_in(client, "coord")
    response = web.post(f"/ke-hoach/{world.plan_id}/bao-cao", {"period": PERIOD})
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    doc = docx.Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(p.startswith(f"- Báo cáo trễ hạn (1): {world.late}") for p in paragraphs)
    fp = signed_in(client, "fp_police")
    refused = fp.post(f"/ke-hoach/{world.plan_id}/bao-cao", {"period": PERIOD})
    assert refused.status_code in (302, 404)


def test_the_agency_sees_its_own_targets_and_earlier_figures(client, world):
    page = signed_in(client, "fp_police").text(f"/nhiem-vu/{world.police_year}")
    assert 'name="figure-0"' in page and "chỉ tiêu ≥ 550 người" in page
    assert "6 tháng đầu năm 2022: 120" in page


def test_dashboard_and_exports_carry_the_targets(client, world):
    web = signed_in(client, "coord")
    page = web.text("/tong-hop/phan-loai")
    assert "Chậm tiến độ" in page and "420 người" in page
    rows = list(csv.reader(io.StringIO(web.get("/tong-hop/chi-tieu.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Kế hoạch", "Chỉ tiêu"]
    first = next(r for r in rows[1:] if r[2] == "≥ 550 người")
    assert first[3:] == ["6 tháng đầu năm 2022", "420 người", "76,4%", "Đúng tiến độ", "2/2"]
    other = signed_in(client.application.test_client(), "coord2")
    assert "420 người" not in other.text(f"/tong-hop/phan-loai?plan={world.plan_id}")  # not their plan
    assert len(list(csv.reader(io.StringIO(other.get("/tong-hop/chi-tieu.csv").get_data(as_text=True))))) == 1
    book = openpyxl.load_workbook(io.BytesIO(web.get("/tong-hop/chi-tieu.xlsx").data))
    values = [[c.value for c in r] for r in book.active.iter_rows()]
    assert ["≥ 200 người", "6 tháng đầu năm 2022", "90 người", "45%", "Chậm tiến độ"] in [v[2:7] for v in values]


def test_a_correction_follows_the_figure_rule(client, world):
    """A correction is checked as a submitted figure is: a share needs both of its parts, and
    the refusal is in Vietnamese."""
    web = signed_in(client, "coord")
    refused = web.post(f"/ke-hoach/{world.plan_id}/chi-tieu/sua", {
        "target_id": "t0", "agency_id": world.police, "period": PERIOD, "numerator": "19"},
        follow_redirects=True).get_data(as_text=True)
    assert "Số liệu tỷ lệ cần cả số lượng và tổng số, tổng số lớn hơn 0." in refused
    assert "give both" not in refused
