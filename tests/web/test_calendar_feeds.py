"""Calendar feeds: secret iCal URLs per person and per agency, parsed back with icalendar."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar
from sqlalchemy import select

from service.feeds import tokens
from service.projections.tasks import tasks
from tests.web.conftest import Web
from tests.web.world import ADMIN
from workflows import commands as c
from workflows.permissions import Actor

URL = re.compile(r'value="http://127\.0\.0\.1:5000(/lich/[^"]+\.ics)"')


def feed_paths(web) -> list[str]:
    return URL.findall(web.text("/lich"))


def parse(client, path) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def events(cal) -> dict:
    return {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def open_tasks_of(dd, agency_id) -> set[str]:
    with dd.engine.connect() as conn:
        return set(conn.execute(select(tasks.c.task_id).where(
            tasks.c.agency_id == agency_id, tasks.c.state == "open")).scalars())


def test_a_focal_point_finds_their_feed_and_their_agencys(app, dd, world, as_user):
    fp = as_user("fp_health")
    mine, agency = feed_paths(fp)
    anonymous = app.test_client()  # a calendar app: no session, the URL is the key
    cal = parse(anonymous, mine)
    found = events(cal)
    health = open_tasks_of(dd, world.health)
    assert {world.one_off, world.report_h1} <= health and world.police_one_off not in health
    assert set(found) == health  # Sở Y tế's, not Công an's
    report = found[world.report_h1]
    assert report.decoded("dtstart") == date(2022, 6, 16)  # all day: a DATE, not a time
    assert report.decoded("dtend") == date(2022, 6, 17)
    assert str(report["summary"]).startswith("Hạn: Báo cáo định kỳ (6 tháng)")
    assert f"/nhiem-vu/{world.report_h1}" in str(report["url"])
    alarms = [a.decoded("trigger") for a in report.walk("VALARM")]
    # 7, 3 and 1 working days before 16/6/2022 and on the day, at 07:00 in Hà Nội (00:00 UTC)
    assert alarms == [datetime(2022, 6, d, 0, 0, tzinfo=timezone.utc) for d in (7, 13, 15, 16)]
    assert set(events(parse(anonymous, agency))) == health


def test_the_feed_follows_deadlines_and_drops_finished_tasks(app, dd, clock, world, as_user):
    coord = as_user("coord")
    (mine,) = feed_paths(coord)  # a coordinator has no agency: one feed, the plan's tasks
    client = app.test_client()
    before = events(parse(client, mine))
    assert world.police_one_off in before
    coordinator = Actor(world.people["coord"], "coordinator", plan_ids=frozenset({"p1"}))
    new = date(2022, 8, 1)
    dd.bus.handle(c.RequestExtension(world.report_h1, None, new_deadline=new, reason="Chờ số liệu"),
                  Actor(world.people["fp_health"], "focal_point", agency_id=world.health))
    dd.bus.handle(c.GrantExtension(world.report_h1, None, new_deadline=new), coordinator)
    dd.bus.handle(c.CancelTask(world.police_one_off, None, reason="Trùng"), ADMIN)
    after = events(parse(client, mine))
    assert world.police_one_off not in after
    moved = after[world.report_h1]
    assert moved.decoded("dtstart") == new and moved["uid"] == before[world.report_h1]["uid"]
    assert int(moved["sequence"]) > int(before[world.report_h1]["sequence"])


def test_resetting_a_url_stops_the_old_one(app, world, as_user):
    fp = as_user("fp_health")
    mine, agency = feed_paths(fp)
    client = app.test_client()
    response = fp.post("/lich/dat-lai", {"which": "person"}, follow_redirects=True)
    assert "Đã đặt lại" in response.get_data(as_text=True)
    new_mine, same_agency = feed_paths(fp)
    assert new_mine != mine and same_agency == agency
    assert client.get(mine).status_code == 404
    assert client.get(new_mine).status_code == 200
    assert client.get(mine.replace(".ics", "x.ics")).status_code == 404
    bad = fp.post("/lich/dat-lai", {"which": "plan"}, follow_redirects=True)
    assert "Không có lịch" in bad.get_data(as_text=True)


def test_an_unknown_owner_has_no_feed_and_the_page_needs_signing_in(app, dd, world):
    with dd.engine.connect() as conn:
        stranger = tokens.feed_token(conn, dd.settings.secret_key, tokens.owner("agency", "nope"))
    assert app.test_client().get(f"/lich/{stranger}.ics").status_code == 404
    assert Web(app.test_client()).get("/lich").status_code == 302  # the page needs signing in
