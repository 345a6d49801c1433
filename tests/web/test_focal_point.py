"""A focal point's pages: their tasks, a task, its actions, files; nothing of other agencies."""
import io
from datetime import datetime, timezone

from sqlalchemy import select

from service.projections.tasks import tasks
from workflows import commands as c
from workflows.permissions import Actor


def state(dd, task_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(tasks.c.state).where(tasks.c.task_id == task_id)).scalar()


def test_my_tasks_by_deadline_with_marks(as_user, world, clock):
    clock.set(datetime(2022, 6, 10, 3, tzinfo=timezone.utc))  # six days before the H1 report
    html = as_user("fp_health").text("/viec-cua-toi")
    assert html.index("16/06/2022") < html.index("03/01/2023")
    assert 'class="task due_soon"' in html
    assert "Tổ chức tập huấn" in html and "Phối hợp xét xử" not in html  # the court's duty
    clock.set(datetime(2022, 6, 20, 3, tzinfo=timezone.utc))
    assert 'class="task overdue"' in as_user("fp_health").text("/viec-cua-toi")


def test_task_page_shows_duty_source_and_timeline(as_user, world):
    html = as_user("fp_health").text(f"/nhiem-vu/{world.one_off}")
    assert "Dòng 3 trong kế hoạch" in html
    assert "Giao nhiệm vụ cho Sở Y tế, hạn 03/01/2023" in html
    assert "Bắt đầu thực hiện" in html and "Chấp nhận kết quả" not in html


def test_another_agencys_task_is_not_found(as_user, world):
    fp = as_user("fp_police")
    assert fp.get(f"/nhiem-vu/{world.one_off}").status_code == 404
    fp.get("/viec-cua-toi")
    assert fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"}).status_code == 404


def test_start_then_submit_with_figures_and_a_file(as_user, dd, world):
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"})
    assert state(dd, world.one_off) == "in_progress"
    response = fp.post(f"/nhiem-vu/{world.one_off}/submit", {
        "version": "2", "text": "Đã tập huấn", "figure-0": "1.600", "figure-1": "96,5%",
        "files": (io.BytesIO(b"%PDF-1.7 report"), "bao cao.pdf")}, content_type="multipart/form-data",
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Đã gửi kết quả" in html and "Tập huấn cho 550 người: <strong>1600</strong>" in html
    assert "96.5" in html
    assert state(dd, world.one_off) == "submitted"
    link = html.split(f"/nhiem-vu/{world.one_off}/tep/")[1].split('"')[0]
    download = fp.get(f"/nhiem-vu/{world.one_off}/tep/{link}")
    assert download.data == b"%PDF-1.7 report" and "attachment" in download.headers["Content-Disposition"]
    assert as_user("fp_police").get(f"/nhiem-vu/{world.one_off}/tep/{link}").status_code == 404
    assert as_user("coord").get(f"/nhiem-vu/{world.one_off}/tep/{link}").status_code == 200


def _submit_file(fp, world, name, data):
    fp.get(f"/nhiem-vu/{world.one_off}")
    return fp.post(f"/nhiem-vu/{world.one_off}/submit", {
        "version": "1", "text": "x", "files": (io.BytesIO(data), name)},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)


def test_wrong_type_and_wrong_content_are_refused(as_user, dd, world):
    fp = as_user("fp_health")
    assert "loại tệp không được nhận" in _submit_file(fp, world, "virus.exe", b"MZ\x90")
    assert "nội dung không khớp" in _submit_file(fp, world, "fake.pdf", b"<html>")
    assert "nội dung không khớp" in _submit_file(fp, world, "a.docx", b"%PDF-")
    assert state(dd, world.one_off) == "open"


def test_oversized_file_is_refused(as_user, world, dd):
    fp = as_user("fp_health")
    html = _submit_file(fp, world, "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 10))
    assert "lớn hơn 10 MB" in html
    assert state(dd, world.one_off) == "open"


def test_request_beyond_max_content_length(app, as_user, world):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    response = fp.post(f"/nhiem-vu/{world.one_off}/submit", {
        "version": "1", "files": (io.BytesIO(b"%PDF-" + b"0" * 4096), "a.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 413 and "Tệp quá lớn" in response.get_data(as_text=True)


def test_empty_result_is_refused_in_vietnamese(as_user, world):
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    html = fp.post(f"/nhiem-vu/{world.one_off}/submit", {"version": "1", "text": ""},
                   follow_redirects=True).get_data(as_text=True)
    assert "Hãy nhập nội dung kết quả" in html


def test_stale_version_says_reload(as_user, world, dd):
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    dd.bus.handle(c.CommentOnTask(world.one_off, text="hi"), Actor("x", "coordinator", plan_ids={"p1"}))
    html = fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"},
                   follow_redirects=True).get_data(as_text=True)
    assert "Hãy tải lại trang" in html


def test_request_an_extension(as_user, world, dd):
    fp = as_user("fp_health")
    form = fp.text(f"/nhiem-vu/{world.one_off}")
    assert 'name="new_deadline"' in form and 'type="date"' not in form  # dd/mm/yyyy whatever the browser's locale
    assert 'placeholder="dd/mm/yyyy"' in form
    fp.post(f"/nhiem-vu/{world.one_off}/request_extension",
            {"version": "1", "new_deadline": "15/02/2023", "reason": "Chờ kinh phí"})
    html = fp.text(f"/nhiem-vu/{world.one_off}")
    assert "Đề nghị gia hạn đến 15/02/2023: Chờ kinh phí" in html
    assert "Gửi đề nghị" not in html  # one request at a time


def test_focal_point_cannot_reach_coordinator_pages(as_user, world):
    fp = as_user("fp_health")
    for url in ("/tong-hop", "/duyet", "/quan-tri/co-quan", "/quan-tri/nguoi-dung", "/tong-hop/nhiem-vu.csv"):
        assert fp.get(url).status_code == 403, url
    assert fp.get("/ke-hoach/p1").status_code == 404


def test_a_figure_that_is_not_a_number_is_refused_and_nothing_changes(as_user, dd, world):
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"})
    response = fp.post(f"/nhiem-vu/{world.one_off}/submit", {
        "version": "2", "text": "Đã tập huấn", "figure-0": "1,600.5"}, follow_redirects=True)
    assert "Số liệu không hợp lệ: 1,600.5" in response.get_data(as_text=True)
    assert state(dd, world.one_off) == "in_progress"


def _figures(dd, task_id):
    from service.projections.targets import target_figures
    with dd.engine.connect() as conn:
        return conn.execute(select(target_figures.c.target_id, target_figures.c.value,
                                   target_figures.c.numerator, target_figures.c.denominator)
                            .where(target_figures.c.task_id == task_id)).all()


def test_a_share_is_given_as_a_number_of_a_total(as_user, dd, world):
    """A share target asks for the number and the total too, so the plan-wide share adds the
    agencies' people up; a share that does not match its parts is refused, nothing recorded."""
    fp = as_user("fp_health")
    page = fp.text(f"/nhiem-vu/{world.report_h1}")
    assert 'name="figure-1-num"' in page and 'name="figure-1-den"' in page
    assert 'name="figure-0-num"' not in page  # a count has no parts
    refused = fp.post(f"/nhiem-vu/{world.report_h1}/submit", {
        "version": "1", "text": "x", "figure-1": "90", "figure-1-num": "19", "figure-1-den": "20"},
        follow_redirects=True).get_data(as_text=True)
    assert "Tỷ lệ đã nhập không khớp với số lượng và tổng số." in refused
    assert state(dd, world.report_h1) == "open" and _figures(dd, world.report_h1) == []
    half = fp.post(f"/nhiem-vu/{world.report_h1}/submit", {
        "version": "1", "text": "x", "figure-1-num": "19"}, follow_redirects=True).get_data(as_text=True)
    assert "cần cả số lượng và tổng số" in half and state(dd, world.report_h1) == "open"
    fp.post(f"/nhiem-vu/{world.report_h1}/submit", {
        "version": "1", "text": "Đã khảo sát", "figure-1-num": "19", "figure-1-den": "20"})
    assert state(dd, world.report_h1) == "submitted"
    assert [(t, v, n, d) for t, v, n, d in _figures(dd, world.report_h1)] == [("t1", "95", "19", "20")]
