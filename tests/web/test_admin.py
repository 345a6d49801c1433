"""Administration: agencies (aliases, hierarchy), people (contacts checked at entry), passwords."""
import re
from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.people import people
from tests.web.conftest import Web


def person(dd, username):
    with dd.engine.connect() as conn:
        return conn.execute(select(people).where(people.c.username == username)).mappings().first()


def test_register_agency_under_a_parent_with_aliases(as_user, dd, world):
    admin = as_user("admin")
    admin.get("/quan-tri/co-quan")
    admin.post("/quan-tri/co-quan", {"name": "Phòng Y tế huyện Tân Phú", "level": "district",
                                     "parent_id": world.health, "aliases": "Phòng Y tế\nPYT Tân Phú"})
    with dd.engine.connect() as conn:
        row = conn.execute(select(agencies).where(agencies.c.parent_id == world.health)).mappings().one()
    assert row["aliases"] == ["Phòng Y tế", "PYT Tân Phú"]
    admin.post(f"/quan-tri/co-quan/{world.police}/ten-khac", {"alias": "CA tỉnh"})
    html = admin.text("/quan-tri/co-quan")
    assert "CA tỉnh" in html and "↳ Phòng Y tế huyện Tân Phú" in html
    html = admin.post("/quan-tri/co-quan", {"name": "Sở Y tế", "level": "province"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Đã có cơ quan tên «Sở Y tế»" in html


def _new_person(admin, **over):
    data = {"username": "fp_new", "name": "Trần Thị B", "role": "focal_point", "agency_id": "",
            "email": "b@example.gov.vn", "phone": "0912 345 678", "channels": ["email", "sms"],
            "language": "vi", "active": "1", "password": "mat-khau-456"}
    data.update(over)
    admin.get("/quan-tri/nguoi-dung/moi")
    return admin.post("/quan-tri/nguoi-dung/moi", data, follow_redirects=True).get_data(as_text=True)


def test_invalid_phone_and_missing_agency_are_refused(as_user, dd, world):
    admin = as_user("admin")
    assert "Đầu mối phải thuộc một cơ quan" in _new_person(admin)
    html = _new_person(admin, agency_id=world.health, phone="12345")
    assert "Số điện thoại «12345» không hợp lệ" in html and 'value="Trần Thị B"' in html
    assert person(dd, "fp_new") is None


def test_add_person_edit_and_set_password(app, as_user, dd, world):
    admin = as_user("admin")
    _new_person(admin, agency_id=world.health)
    row = person(dd, "fp_new")
    assert row["phone"] == "+84912345678" and row["agency_id"] == world.health
    assert Web(app.test_client()).sign_in("fp_new", "mat-khau-456").status_code == 302
    admin.get(f"/quan-tri/nguoi-dung/{row['person_id']}")
    admin.post(f"/quan-tri/nguoi-dung/{row['person_id']}", {
        "version": str(row["version"]), "username": "fp_new", "name": "Trần Thị B", "role": "focal_point",
        "agency_id": world.police, "email": "", "phone": "", "channels": ["email"], "active": "1"})
    assert person(dd, "fp_new")["agency_id"] == world.police
    html = admin.post(f"/quan-tri/nguoi-dung/{row['person_id']}/mat-khau", {"password": "ngan"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Mật khẩu cần ít nhất 8 ký tự" in html
    admin.post(f"/quan-tri/nguoi-dung/{row['person_id']}/mat-khau", {"password": "mat-khau-moi-9"})
    assert Web(app.test_client()).sign_in("fp_new", "mat-khau-moi-9").status_code == 302


def test_deactivated_person_is_signed_out(app, as_user, dd, world):
    fp = as_user("fp_health")
    admin = as_user("admin")
    row = person(dd, "fp_health")
    admin.get(f"/quan-tri/nguoi-dung/{row['person_id']}")
    admin.post(f"/quan-tri/nguoi-dung/{row['person_id']}", {
        "version": str(row["version"]), "username": "fp_health", "name": row["name"],
        "role": "focal_point", "agency_id": world.health, "channels": ["email"]})
    assert fp.get("/viec-cua-toi").status_code == 302


def test_only_administrators(as_user, world):
    coord = as_user("coord")
    assert coord.get("/quan-tri/nguoi-dung").status_code == 403
    assert coord.get("/quan-tri/co-quan").status_code == 403
    assert coord.post("/quan-tri/co-quan", {"name": "X", "level": "province"}).status_code == 403


def test_english_on_request(as_user, world):
    fp = as_user("fp_health")
    fp.get("/viec-cua-toi")
    fp.post("/lang/en", {"next": "/viec-cua-toi"})
    html = fp.text("/viec-cua-toi")
    assert "My tasks" in html and "Deadline" in html
    fp.post("/lang/vi", {"next": "https://evil.example/"})
    assert "Việc của tôi" in fp.text("/viec-cua-toi")


def test_rename_merge_and_retire_from_the_administration_page(as_user, dd, world):
    """Sở Y tế merges into a renamed Công an tỉnh (an odd merger, but any two agencies will do):
    the health focal point and the health tasks move, the page says so in Vietnamese."""
    admin = as_user("admin")
    admin.get("/quan-tri/co-quan")
    admin.post(f"/quan-tri/co-quan/{world.police}/doi-ten", {"name": "Công an tỉnh Kiên Giang"})
    html = admin.post(f"/quan-tri/co-quan/{world.health}/sap-nhap",
                      {"into_agency_id": world.police, "reason": "Quyết định 1/QĐ-UBND ngày 1/7/2025"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Đã sáp nhập: chuyển" in html
    assert "Đã sáp nhập vào Công an tỉnh Kiên Giang" in html
    assert person(dd, "fp_health")["agency_id"] == world.police
    with dd.engine.connect() as conn:
        row = conn.execute(select(agencies).where(agencies.c.agency_id == world.police)).mappings().one()
    assert row["name"] == "Công an tỉnh Kiên Giang" and {"Công an tỉnh", "Sở Y tế"} <= set(row["aliases"])
    refused = admin.post(f"/quan-tri/co-quan/{world.court}/sap-nhap", {"into_agency_id": world.police, "reason": ""},
                         follow_redirects=True).get_data(as_text=True)
    flashes = re.findall(r'<p class="flash (\w+)"[^>]*>([^<]*)', refused)
    # refusals in Vietnamese, saying what to do
    assert flashes == [("error", "Hãy nêu lý do sáp nhập (văn bản quyết định, ngày ban hành).")], flashes
    itself = admin.post(f"/quan-tri/co-quan/{world.court}/sap-nhap", {"into_agency_id": world.court, "reason": "x"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Không thể sáp nhập một cơ quan vào chính nó" in itself
    html = admin.post(f"/quan-tri/co-quan/{world.court}/giai-the", {"reason": "thử"},
                      follow_redirects=True).get_data(as_text=True)
    flashes = re.findall(r'<p class="flash (\w+)"[^>]*>([^<]*)', html)
    assert flashes and flashes[0][0] == "error" and "nhiệm vụ chưa hoàn thành" in flashes[0][1], flashes  # its duty is open
    assert not re.search(r"[a-z]+ [a-z]+ (?:task|agency|merge)", flashes[0][1])


def test_the_agency_list_is_searched_and_paged(as_user, world, monkeypatch):
    from service.web import admin_agencies

    monkeypatch.setattr(admin_agencies, "PAGE", 2)
    admin = as_user("admin")
    first = admin.text("/quan-tri/co-quan")
    assert "Trang 1/" in first and first.count('<tr id="ag-') == 2
    assert first.count('<datalist id="agency-choices">') == 1  # the merge targets, once a page
    found = admin.text("/quan-tri/co-quan?q=y+te")  # no case, no diacritics
    assert "Sở Y tế" in found and found.count('<tr id="ag-') == 1 and "Trang 1/" not in found


def test_the_people_list_is_searched_and_paged(as_user, world, monkeypatch):
    from service.web import admin_people

    monkeypatch.setattr(admin_people, "PAGE", 2)
    admin = as_user("admin")
    first = admin.text("/quan-tri/nguoi-dung")
    assert "Trang 1/3" in first and first.count('<td translate="no">') == 2
    found = admin.text("/quan-tri/nguoi-dung?q=fp_health")
    assert found.count('<td translate="no">') == 1 and "fp_health" in found
