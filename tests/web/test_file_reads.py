"""Personal data: every read of a submitted file is an event (who, when, from where), shown
to the agency and its coordinator; a refused read records nothing; the task stays as it was."""
import io

from service.eventlog.verify import verify_log
from service.file_reads import reads_of
from tests.web.conftest import signed_in
from workflows.access_events import SubmissionFileRead
from tests.conftest import LOG_KEY


def submit_a_file(fp, world) -> str:
    fp.get(f"/nhiem-vu/{world.one_off}")
    fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"})
    html = fp.post(f"/nhiem-vu/{world.one_off}/submit", {
        "version": "2", "text": "Đã tập huấn", "files": (io.BytesIO(b"%PDF-1.7 danh sach"), "danh sach.pdf")},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    return html.split(f"/nhiem-vu/{world.one_off}/tep/")[1].split('"')[0]


def test_each_read_of_a_file_is_recorded_and_shown(app, dd, as_user, world):
    fp = as_user("fp_health")
    key = submit_a_file(fp, world)
    with dd.engine.connect() as conn:
        version_before = conn.exec_driver_sql(
            f"SELECT MAX(version) FROM events WHERE stream_id = 'task-{world.one_off}'").scalar()
    coord = signed_in(app, "coord")
    coord.client.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    assert coord.get(f"/nhiem-vu/{world.one_off}/tep/{key}").data == b"%PDF-1.7 danh sach"
    assert as_user("fp_police").get(f"/nhiem-vu/{world.one_off}/tep/{key}").status_code == 404
    with dd.engine.connect() as conn:
        reads = reads_of(conn, world.one_off)
        assert conn.exec_driver_sql(f"SELECT MAX(version) FROM events WHERE stream_id = "
                                    f"'task-{world.one_off}'").scalar() == version_before
        assert verify_log(conn, LOG_KEY).ok
    assert [type(r.event) for r in reads] == [SubmissionFileRead]
    read = reads[0]
    assert read.meta["actor"] == world.people["coord"] and read.event.address == "198.51.100.23"
    assert read.event.file_name == "danh sach.pdf" and read.event.storage_key == key
    page = fp.text(f"/nhiem-vu/{world.one_off}")
    assert "Ai đã mở tệp đính kèm" in page and "Người coord" in page and "198.51.100.23" in page
