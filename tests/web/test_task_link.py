"""The signed link in a reminder opens that one task for that person without a password."""
from __future__ import annotations

from datetime import timedelta

from service.eventlog.store import EventStore
from service.links import links_for
from tests.web.conftest import Web
from tests.web.world import ADMIN
from workflows import commands as c
from workflows.permissions import Actor


def link_path(dd, clock, task_id, person_id) -> str:
    link = links_for(dd).task(task_id, person_id, issued_at=clock.now())
    return link.split("5000", 1)[1]


def uses(dd, task_id):
    with dd.engine.connect() as conn:
        return [(e.event.person_id, e.event.address, e.event.outcome)
                for e in EventStore(conn).read_stream(f"links-{task_id}")]


def version(dd, task_id):
    with dd.engine.connect() as conn:
        return EventStore(conn).stream_version(f"task-{task_id}")


def test_the_link_opens_the_task_and_its_forms_without_a_password(app, dd, clock, world):
    fp = world.people["fp_health"]
    web = Web(app.test_client())
    page = web.get(link_path(dd, clock, world.report_h1, fp), follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.request.path == f"/nhiem-vu/{world.report_h1}"
    assert "liên kết trong tin nhắn" in text and "form" in text
    assert uses(dd, world.report_h1) == [(fp, "127.0.0.1", "granted")]
    web.post(f"/nhiem-vu/{world.report_h1}/comment",
             {"text": "Đang tổng hợp số liệu", "version": version(dd, world.report_h1)})
    response = web.post(f"/nhiem-vu/{world.report_h1}/submit", {
        "text": "Đã tập huấn 12 lớp", "figure-0": "1.600", "version": version(dd, world.report_h1)},
        follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Đã gửi kết quả." in text and "Chờ duyệt" in text
    with dd.engine.connect() as conn:
        history = EventStore(conn).read_stream(f"task-{world.report_h1}")
    assert [e.type for e in history][-2:] == ["CommentAdded", "ResultSubmitted"]
    assert {e.meta["actor"] for e in history[-2:]} == {fp}  # acted as that person


def test_the_link_grants_that_one_task_and_nothing_else(app, dd, clock, world):
    web = Web(app.test_client())
    web.get(link_path(dd, clock, world.one_off, world.people["fp_health"]))
    assert web.get(f"/nhiem-vu/{world.one_off}").status_code == 200
    for elsewhere in (f"/nhiem-vu/{world.report_h1}", "/viec-cua-toi", "/tong-hop"):
        response = web.get(elsewhere)
        assert response.status_code in (302, 404) and (
            response.status_code == 404 or "/dang-nhap" in response.headers["Location"]), elsewhere
    response = web.post(f"/nhiem-vu/{world.report_h1}/start", {"version": 1})
    assert "/dang-nhap" in response.headers["Location"]
    assert version(dd, world.report_h1) == 1  # nothing happened to the other task


def test_the_link_expires_after_the_setting(app, dd, clock, world):
    path = link_path(dd, clock, world.one_off, world.people["fp_health"])
    web = Web(app.test_client())
    assert web.get(path).status_code == 302
    clock.advance(timedelta(days=14, minutes=1))
    assert web.get(f"/nhiem-vu/{world.one_off}").status_code == 302  # the session lost it too
    refused = Web(app.test_client()).get(path)
    assert refused.status_code == 410 and "hết hạn" in refused.get_data(as_text=True)
    dd.settings.task_link_days = 30
    assert Web(app.test_client()).get(path).status_code == 302
    assert [u[2] for u in uses(dd, world.one_off)] == ["granted", "expired", "granted"]


def test_the_link_stops_when_the_task_changes_hands_or_is_done(app, dd, clock, world):
    coord = Actor(world.people["coord"], "coordinator", plan_ids=frozenset({"p1"}))
    web = Web(app.test_client())
    path = link_path(dd, clock, world.one_off, world.people["fp_health"])
    assert web.get(path).status_code == 302
    clock.advance(timedelta(hours=1))
    dd.bus.handle(c.ReassignTask(world.one_off, None, to_agency_id=world.police,
                                 reason="Chuyển cho Công an"), coord)
    assert "/dang-nhap" in web.get(f"/nhiem-vu/{world.one_off}").headers["Location"]
    refused = Web(app.test_client()).get(path)
    assert refused.status_code == 410 and "chuyển" in refused.get_data(as_text=True)
    # a link issued after the change, to the new agency's focal point, works; cancelling ends it
    clock.advance(timedelta(hours=1))
    police = Web(app.test_client())
    assert police.get(link_path(dd, clock, world.one_off, world.people["fp_police"])).status_code == 302
    dd.bus.handle(c.CancelTask(world.one_off, None, reason="Không còn phù hợp"), ADMIN)
    assert police.get(f"/nhiem-vu/{world.one_off}").status_code == 302
    assert [u[2] for u in uses(dd, world.one_off)] == ["granted", "handed_over", "granted"]


def test_a_link_for_another_agencys_task_or_an_altered_one_opens_nothing(app, dd, clock, world):
    web = Web(app.test_client())
    assert web.get(link_path(dd, clock, world.police_one_off, world.people["fp_health"])).status_code == 410
    path = link_path(dd, clock, world.one_off, world.people["fp_health"])
    assert web.get(path[:-3] + "xyz").status_code == 404
    assert uses(dd, world.one_off) == []  # an altered link names nobody: no event
    assert [u[2] for u in uses(dd, world.police_one_off)] == ["not_theirs"]


def test_a_signed_in_person_keeps_their_own_session(app, dd, clock, world, as_user):
    coord = as_user("coord")
    response = coord.get(link_path(dd, clock, world.one_off, world.people["fp_health"]))
    assert response.headers["Location"].endswith(f"/nhiem-vu/{world.one_off}")
    assert coord.get("/tong-hop").status_code == 200
