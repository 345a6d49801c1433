"""Importing a plan in the browser: upload, the draft beside the source lines, corrections, activation."""
import io
from pathlib import Path

from sqlalchemy import func, select

from service.projections.plans import plans
from service.projections.tasks import tasks

SEED = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans"  # the seed plans, in the repo


def seed_file() -> Path:
    return sorted(SEED.glob("*.txt"))[0]


def upload(user, name, data):
    user.get("/ke-hoach")
    return user.post("/ke-hoach/nhap", {"file": (io.BytesIO(data), name)},
                     content_type="multipart/form-data")


def test_upload_correct_activate(as_user, dd, world):
    coord = as_user("coord")
    path = seed_file()
    response = upload(coord, path.name, path.read_bytes())
    assert response.status_code == 302
    plan_url = response.headers["Location"]
    html = coord.text(plan_url)
    first_line = path.read_text(encoding="utf-8").splitlines()[0].strip()
    assert 'id="L1"' in html and first_line[:20] in html
    plan_id = plan_url.rstrip("/").rsplit("/", 1)[-1]
    with dd.engine.connect() as conn:
        version, draft = conn.execute(select(plans.c.version, plans.c.draft)
                                      .where(plans.c.plan_id == plan_id)).one()
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version, "path": "assignments/0/duties/0/kind",
                                             "value": "continuous"})
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 1, "path": "assignments/0/agencies",
                                             "value": "Sở Y tế\nCông an tỉnh"})
    assert not draft.get("reporting")  # the ward's plan states no reporting: the reviewer adds one
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 2, "op": "append",
                                             "path": "reporting", "value": "semiannual"})
    assert "Chưa rõ cơ quan nào gửi báo cáo này" in coord.text(plan_url)
    refused = coord.post(f"/ke-hoach/{plan_id}/kich-hoat", {"version": version + 3}, follow_redirects=True)
    assert "mục chế độ báo cáo 1 (dòng" in refused.get_data(as_text=True)
    assert "chưa ghi cơ quan gửi báo cáo" in refused.get_data(as_text=True)
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 3, "path": "reporting/0/from",
                                             "value": "Công an phường\nTrạm y tế phường"})
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 4, "path": "reporting/0/due", "value": "20/6"})
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 5, "path": "reporting/0/recipient",
                                             "value": "Ủy ban nhân dân phường"})
    html = coord.text(plan_url)
    assert "Chưa rõ cơ quan nào gửi báo cáo này" not in html and 'value="20/06"' in html
    with dd.engine.connect() as conn:
        plan = conn.execute(select(plans).where(plans.c.plan_id == plan_id)).mappings().one()
    assert plan["draft"]["assignments"][0]["duties"][0]["kind"] == "continuous"
    assert plan["draft"]["assignments"][0]["agencies"] == ["Sở Y tế", "Công an tỉnh"]
    assert plan["draft"]["reporting"] == [{"cadence": "semiannual", "recipient": "Ủy ban nhân dân phường",
                                           "from": ["Công an phường", "Trạm y tế phường"], "due": "06-20",
                                           "line": None}]
    bad = coord.post(f"/ke-hoach/{plan_id}/kich-hoat", {"version": plan["version"],
                                                         "days_after_cutoff": "2",
                                                         "retention_days": "-5"}, follow_redirects=True)
    assert "Thời hạn lưu trữ «-5» không hợp lệ" in bad.get_data(as_text=True)
    response = coord.post(f"/ke-hoach/{plan_id}/kich-hoat", {"version": plan["version"],
                                                              "days_after_cutoff": "2",
                                                              "retention_days": "365",
                                                              "required_kinds": ["overdue", "returned",
                                                                                 "escalation"]})
    assert response.status_code == 302 and "/tong-hop" in response.headers["Location"]
    with dd.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tasks)
                            .where(tasks.c.plan_id == plan_id)).scalar() > 0
        settings = conn.execute(select(plans.c.settings).where(plans.c.plan_id == plan_id)).scalar()
    assert settings["retention_days"] == 365
    assert settings["messages"] == {"required": ["overdue", "returned"]}  # escalation: always, not a choice


def test_a_report_date_is_read_the_way_a_reviewer_writes_it():
    from service.web.plans_import import INVALID, due_input, report_due

    assert [report_due(t) for t in ("15/12", "20", "15/12/2025", "ngày 15/12 hằng năm", "")] == [
        "12-15", "20", "2025-12-15", "12-15", None]
    assert report_due("32") is INVALID and report_due("15/13") is INVALID
    assert [due_input(d) for d in ("12-15", "20", "2025-12-15")] == ["15/12", "20", "15/12/2025"]


def test_bad_correction_and_bad_files_are_refused(as_user, world):
    coord = as_user("coord")
    coord.get("/ke-hoach/p1")
    html = coord.post("/ke-hoach/p1/sua", {"version": "1", "path": "source/sha256", "value": "x"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Giá trị không hợp lệ" in html
    assert upload(coord, "kh.exe", b"MZ").status_code == 302
    assert "Chỉ nhận tệp .txt, .md, .docx hoặc .pdf" in coord.text("/ke-hoach")
    upload(coord, "kh.pdf", b"not a pdf")
    assert "không khớp" in coord.text("/ke-hoach")


def test_a_decompression_bomb_is_a_clear_refusal(as_user, world):
    from tests.workflows.importing.bombs import inflating_docx

    coord = as_user("coord")
    assert upload(coord, "bomb.docx", inflating_docx(300)).status_code == 302
    page = coord.text("/ke-hoach")
    assert "bomb.docx quá lớn so với một kế hoạch" in page and "exceeds" not in page


def test_only_importers_may_upload(as_user, world):
    leader = as_user("leader")
    assert "Nhập kế hoạch mới" not in leader.text("/ke-hoach")
    assert upload(leader, "a.txt", b"KE HOACH").status_code == 403


def test_active_plan_is_read_only(as_user, world):
    html = as_user("coord").text("/ke-hoach/p1")
    assert "Kích hoạt kế hoạch" not in html and 'name="path"' not in html


def test_the_draft_warnings_are_vietnamese_and_follow_each_correction(as_user, dd, world):
    coord = as_user("coord")
    path = seed_file()
    plan_url = upload(coord, path.name, path.read_bytes()).headers["Location"]
    plan_id = plan_url.rstrip("/").rsplit("/", 1)[-1]
    html = coord.text(plan_url)
    assert 'data-warning="no_cadence"' in html and "chưa có chế độ báo cáo" in html
    assert "no reporting cadence" not in html and "before activating" not in html
    with dd.engine.connect() as conn:
        version = conn.execute(select(plans.c.version).where(plans.c.plan_id == plan_id)).scalar()
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version, "op": "append",
                                             "path": "reporting", "value": "semiannual"})
    html = coord.text(plan_url)
    assert 'data-warning="no_cadence"' not in html and 'data-warning="no_sender"' in html
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 1, "path": "reporting/0/from",
                                             "value": "Công an phường"})
    assert 'data-warning="no_sender"' not in coord.text(plan_url)


def test_activating_now_would_make_deadlines_past_and_the_draft_says_so(as_user, dd, world, clock):
    from datetime import datetime, timezone

    coord = as_user("coord")
    path = seed_file()
    plan_url = upload(coord, path.name, path.read_bytes()).headers["Location"]
    plan_id = plan_url.rstrip("/").rsplit("/", 1)[-1]
    with dd.engine.connect() as conn:
        version, draft = conn.execute(select(plans.c.version, plans.c.draft)
                                      .where(plans.c.plan_id == plan_id)).one()
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version, "op": "append",
                                             "path": "reporting", "value": "semiannual"})
    coord.post(f"/ke-hoach/{plan_id}/sua", {"version": version + 1, "path": "reporting/0/from",
                                             "value": "Công an phường"})
    end = draft["period"]["end"]
    clock.set(datetime(int(end[:4]) + 1, 3, 1, 3, tzinfo=timezone.utc))  # the plan's year is over
    html = as_user("coord").text(plan_url)
    assert 'data-warning="past_deadlines"' in html and "quá hạn và bị báo cáo vượt cấp ngay" in html
