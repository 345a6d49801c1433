"""The pages render the error table (service.errors) as a flash in the reader's language, and
change nothing; a bug (a KeyError, a bare ValueError) is not dressed up as a message."""
import pytest
from sqlalchemy import select

from service.handlers import HANDLERS
from service.projections.tasks import tasks
from workflows import commands as c


def state(dd, task_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(tasks.c.state).where(tasks.c.task_id == task_id)).scalar()


def test_a_refusal_is_a_flash_in_vietnamese(as_user, dd, world):
    coord = as_user("coord")
    coord.get(f"/nhiem-vu/{world.one_off}")
    html = coord.post(f"/nhiem-vu/{world.one_off}/accept", {"version": "1"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Không thể làm việc này ở trạng thái hiện tại của nhiệm vụ." in html
    assert state(dd, world.one_off) == "open"


def test_a_stale_version_asks_to_reload(as_user, dd, world):
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    html = fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "7"},
                   follow_redirects=True).get_data(as_text=True)
    assert "Người khác vừa thay đổi dữ liệu này" in html and state(dd, world.one_off) == "open"


def test_the_same_refusal_in_english_for_who_chose_it(as_user, world):
    coord = as_user("coord")
    coord.post("/lang/en", {"next": "/"})
    coord.get(f"/nhiem-vu/{world.one_off}")
    html = coord.post(f"/nhiem-vu/{world.one_off}/accept", {"version": "1"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Không thể làm việc này" not in html


def test_an_invalid_value_names_the_field(as_user, world):
    admin = as_user("admin")
    admin.get("/quan-tri/co-quan")
    html = admin.post("/quan-tri/co-quan", {"name": "Sở Xây dựng", "level": "galaxy"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Cấp: «galaxy» không phải là một lựa chọn" in html


@pytest.mark.parametrize("bug", [KeyError("plan_id"), ValueError("deep inside"),
                                 LookupError("x")], ids=repr)
def test_a_bug_is_not_a_message(app, as_user, world, monkeypatch, bug):
    def broken(cmd, uow, ctx):
        raise bug

    monkeypatch.setitem(HANDLERS, c.StartTask, broken)
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    with pytest.raises(type(bug)):  # TESTING propagates it; in production: the 500 page
        fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"})
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"})
    assert response.status_code == 500
