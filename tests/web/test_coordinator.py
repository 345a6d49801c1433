"""The coordinator: dashboard, exports, review (accept, return), extensions, reassignment."""
import csv
import io
import re
from datetime import date, datetime, timezone

from openpyxl import load_workbook
from sqlalchemy import select

from service.projections.tasks import tasks
from workflows import commands as c
from workflows.permissions import Actor


def fp(world, agency):
    return Actor("fp", "focal_point", agency_id=agency)


def row(dd, task_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().one()


def test_dashboard_counts_grid_and_overdue(as_user, dd, world, clock):
    dd.bus.handle(c.SubmitResult(world.report_h1, text="Báo cáo 6 tháng"), fp(world, world.health))
    clock.set(datetime(2022, 6, 20, 3, tzinfo=timezone.utc))
    coord = as_user("coord")
    first = coord.text("/tong-hop")  # the first screen: what is overdue, whose, since when
    overdue = first.split('id="overdue"')[1]
    assert f'data-agency="{world.police}"' in overdue and f'data-agency="{world.health}"' not in overdue
    assert "Quá hạn từ 17/06/2022" in overdue and "quá hạn 4 ngày" in overdue
    assert f'/nhiem-vu/{world.report_h1}"' not in overdue  # submitted on time: waits for review
    assert "/tong-hop/bao-cao" in first and "/tong-hop/phan-loai" in first  # the rest a click away
    html = coord.text("/tong-hop/bao-cao")
    assert f'data-agency="{world.health}" data-period="2022-H1" data-status="on_time"' in html
    assert f'data-agency="{world.police}" data-period="2022-H1" data-status="missing"' in html
    html = coord.text("/tong-hop/phan-loai")
    assert "<svg" in html and "Đang làm quá hạn" in html
    coord.get(f"/nhiem-vu/{world.report_h1}")
    coord.post(f"/nhiem-vu/{world.report_h1}/return", {"version": "2", "reason": "Thiếu số liệu"})
    assert row(dd, world.report_h1)["state"] == "returned"
    html = coord.text("/tong-hop/bao-cao")
    assert f'data-agency="{world.health}" data-period="2022-H1" data-status="missing"' in html
    assert f'data-agency="{world.health}"' in coord.text("/tong-hop").split('id="overdue"')[1]


def test_dashboard_filters(as_user, world):
    coord = as_user("coord")
    html = coord.text(f"/tong-hop/bao-cao?agency={world.police}&kind=one_off")
    assert f'data-agency="{world.health}"' not in html
    for page in ("/tong-hop", "/tong-hop/phan-loai", "/tong-hop/bao-cao", "/tong-hop/qua-han"):
        assert coord.get(f"{page}?status=bogus&as_of=31/12/2022&trang=x").status_code == 200
    assert coord.get("/tong-hop/qua-han?sau=not-a-cursor").status_code == 404


def test_overdue_pages(as_user, world, clock):
    """An agency's whole overdue list, a page at a time, from the first screen's link."""
    clock.set(datetime(2023, 6, 20, 3, tzinfo=timezone.utc))  # a year on: many deadlines passed
    coord = as_user("coord")
    first = coord.text("/tong-hop")
    link = f"/tong-hop/qua-han?agency={world.police}"
    seen, url = [], link
    while url:
        html = coord.text(url)
        seen += re.findall(r'href="/nhiem-vu/([^"]+)"', html.split('id="overdue"')[1])
        more = re.search(r'href="(/tong-hop/qua-han\?[^"]*sau=[^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert seen and len(seen) == len(set(seen))
    count = re.search(rf'data-agency="{world.police}">\s*<h3>[^<]*— (\d+)</h3>', first)
    assert count and int(count.group(1)) == len(seen)


def test_exports(as_user, world):
    coord = as_user("coord")
    response = coord.get("/tong-hop/nhiem-vu.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Kế hoạch", "Cơ quan", "Nhiệm vụ") and len(rows) > 3
    text = coord.get(f"/tong-hop/nhiem-vu.csv?agency={world.health}").get_data(as_text=True)
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r[1] for r in table[1:]} == {"Sở Y tế"}
    assert "03/01/2023" in text


def test_review_accept_and_extensions(as_user, dd, world):
    dd.bus.handle(c.SubmitResult(world.one_off, text="Xong"), fp(world, world.health))
    dd.bus.handle(c.RequestExtension(world.police_one_off, new_deadline=date(2023, 3, 1), reason="Chờ"),
                  fp(world, world.police))
    coord = as_user("coord")
    html = coord.text("/duyet")
    assert world.one_off in html and world.police_one_off in html
    coord.get(f"/nhiem-vu/{world.one_off}")
    coord.post(f"/nhiem-vu/{world.one_off}/accept", {"version": "2"})
    assert row(dd, world.one_off)["state"] == "done"
    coord.post(f"/nhiem-vu/{world.police_one_off}/grant_extension", {"version": "2", "new_deadline": ""})
    assert row(dd, world.police_one_off)["deadline"] == date(2023, 3, 1)


def test_refuse_extension_needs_a_reason(as_user, dd, world):
    dd.bus.handle(c.RequestExtension(world.police_one_off, new_deadline=date(2023, 3, 1), reason="Chờ"),
                  fp(world, world.police))
    coord = as_user("coord")
    coord.get(f"/nhiem-vu/{world.police_one_off}")
    html = coord.post(f"/nhiem-vu/{world.police_one_off}/refuse_extension", {"version": "2", "reason": ""},
                      follow_redirects=True).get_data(as_text=True)
    assert "Hãy nêu lý do" in html
    coord.post(f"/nhiem-vu/{world.police_one_off}/refuse_extension", {"version": "2", "reason": "Không"})
    assert row(dd, world.police_one_off)["requested_deadline"] is None


def test_reassign_one_task_and_all_of_an_agency(as_user, dd, world):
    coord = as_user("coord")
    coord.get(f"/nhiem-vu/{world.one_off}")
    coord.post(f"/nhiem-vu/{world.one_off}/reassign",
               {"version": "1", "to_agency_id": world.court, "reason": "Đúng chức năng"})
    assert row(dd, world.one_off)["agency_id"] == world.court
    coord.post("/duyet/chuyen-co-quan", {"from_agency_id": world.police, "to_agency_id": world.health,
                                         "reason": "Hợp nhất"})
    assert row(dd, world.police_one_off)["agency_id"] == world.health


def test_leader_reads_but_acts_on_nothing(as_user, dd, world):
    leader = as_user("leader")
    assert leader.get("/tong-hop").status_code == 200
    html = leader.text(f"/nhiem-vu/{world.one_off}")
    assert "Việc có thể làm" not in html
    assert leader.get("/duyet").status_code == 403
    leader.get(f"/nhiem-vu/{world.one_off}")
    html = leader.post(f"/nhiem-vu/{world.one_off}/cancel", {"version": "1", "reason": "x"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Bạn không có quyền" in html and row(dd, world.one_off)["state"] == "open"


def test_coordinator_of_another_plan_sees_nothing_of_this_one(app, dd, world):
    from tests.web.conftest import signed_in
    from tests.web.world import ADMIN, PASSWORD
    from workflows.people_events import Profile

    dd.bus.handle(c.AddPerson(Profile("other", "Người khác", "coordinator", plan_ids=("p9",)),
                              password=PASSWORD), ADMIN)
    other = signed_in(app, "other")
    assert other.get(f"/nhiem-vu/{world.one_off}").status_code == 404
    assert world.one_off not in other.text("/tong-hop?status=in_progress_on_time")
    assert "Sở Y tế" not in other.text("/tong-hop/phan-loai").split('id="by-agency"')[1].split("</table>")[0]
    assert world.one_off not in other.text(f"/tong-hop/qua-han?agency={world.health}")


def test_cancelling_asks_for_a_confirmation(as_user, dd, world):
    coord = as_user("coord")
    page = coord.text(f"/nhiem-vu/{world.one_off}")
    assert 'name="confirm"' in page and "không hoàn tác được" in page
    html = coord.post(f"/nhiem-vu/{world.one_off}/cancel", {"version": "1", "reason": "Trùng"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Hãy đánh dấu ô xác nhận" in html and row(dd, world.one_off)["state"] == "open"
    coord.post(f"/nhiem-vu/{world.one_off}/cancel", {"version": "1", "reason": "Trùng", "confirm": "1"})
    assert row(dd, world.one_off)["state"] == "cancelled"


def test_the_review_queue_previews_what_waits(as_user, dd, world):
    from decimal import Decimal

    from workflows.task_events import Figure

    dd.bus.handle(c.SubmitResult(world.report_h1, text="Đã tổ chức 3 lớp tập huấn cho 120 người",
                                 figures=(Figure("Tập huấn cho 550 người", Decimal(120)),)),
                  fp(world, world.health))
    dd.bus.handle(c.RequestExtension(world.police_one_off, new_deadline=date(2023, 3, 1),
                                     reason="Chờ số liệu của các huyện"), fp(world, world.police))
    html = as_user("coord").text("/duyet")
    submitted = html.split('id="submitted"')[1].split('id="extensions"')[0]
    assert "6 tháng" in submitted  # the period
    assert "Đã tổ chức 3 lớp tập huấn cho 120 người" in submitted
    assert "Tập huấn cho 550 người: <strong>120</strong>" in submitted
    extensions = html.split('id="extensions"')[1]
    assert "Chờ số liệu của các huyện" in extensions


def test_agencies_are_listed_in_vietnamese_order(as_user, dd, world):
    from tests.web.world import ADMIN

    for name in ("Viện kiểm sát nhân dân tỉnh", "Ủy ban nhân dân tỉnh", "Đài Phát thanh và Truyền hình"):
        dd.bus.handle(c.RegisterAgency(name, "province"), ADMIN)
    html = as_user("coord").text("/duyet")
    select = html.split('name="from_agency_id"')[1].split("</select>")[0]
    order = [n for n in ("Công an tỉnh", "Đài Phát thanh", "Sở Y tế", "Tòa án", "Ủy ban nhân dân",
                         "Viện kiểm sát") if n in select]
    assert len(order) == 6
    assert sorted(order, key=select.index) == order  # Đ after D, Ủ (U) before V
