"""A person chooses their channels, digest time and kinds of message on /ca-nhan."""
from sqlalchemy import select

from service.eventlog.store import EventStore
from service.projections.people import people


def row(dd, person_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(people).where(people.c.person_id == person_id)).mappings().first()


def test_a_focal_point_changes_their_own_choices(app, dd, world, as_user):
    fp = as_user("fp_health")
    page = fp.text("/ca-nhan")
    assert "Zalo" in page and "07:30" in page and "/lich" in page
    person = world.people["fp_health"]
    version = row(dd, person)["version"]
    response = fp.post("/ca-nhan", {"channels": ["email", "zalo"], "digest_at": "16:30",
                                    "receive": ["reminder", "returned"], "version": version},
                       follow_redirects=True)
    assert "Đã lưu lựa chọn nhận tin." in response.get_data(as_text=True)
    saved = row(dd, person)
    assert saved["channels"] == ["email", "zalo"] and saved["digest_at"] == "16:30"
    assert saved["muted"] == ["overdue", "extension_answered"]
    assert saved["name"] == "Người fp_health" and saved["role"] == "focal_point"  # kept
    with dd.engine.connect() as conn:
        last = EventStore(conn).read_stream(f"person-{person}")[-1]
    assert last.type == "PersonUpdated" and last.meta["actor"] == person
    page = fp.text("/ca-nhan")
    assert 'value="16:30" selected' in page


def test_a_bad_choice_is_refused_by_name_and_changes_nothing(app, dd, world, as_user):
    fp = as_user("fp_health")
    person = world.people["fp_health"]
    before = row(dd, person)
    response = fp.post("/ca-nhan", {"channels": ["email"], "digest_at": "03:00",
                                    "version": before["version"]}, follow_redirects=True)
    refusal = response.get_data(as_text=True)
    assert "Giờ nhận thư tổng hợp «03:00» phải đúng giờ hoặc rưỡi, từ 07:30 đến 20:00" in refusal
    assert row(dd, person)["version"] == before["version"]
    stale = fp.post("/ca-nhan", {"channels": ["sms"], "version": before["version"] - 1},
                    follow_redirects=True)
    assert "Người khác vừa thay đổi" in stale.get_data(as_text=True)
    assert row(dd, person)["channels"] == before["channels"]
