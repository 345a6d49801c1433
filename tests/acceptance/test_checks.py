"""The suite's own judges can fail: a second digest, an SMS at night, a refused form, a page
that does not offer what the person came for."""
from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from tests.acceptance.checks import check_day
from tests.acceptance.pages import read_page, task_links
from tests.acceptance.world import Arrival

DAY = date(2025, 6, 18)


def _world(*arrivals):
    people = {"daumoi1": SimpleNamespace(email="a@x.vn", phone="0913000001", label="daumoi1 (Sở Y tế)")}
    return SimpleNamespace(arrivals=list(arrivals), people=people)


def _at(hour: int, minute: int = 0) -> datetime:  # local hour in Vietnam, as UTC
    return datetime(2025, 6, 18, hour - 7, minute, tzinfo=timezone.utc)


def test_one_digest_a_day_per_person_and_channel():
    email = Arrival("email", "a@x.vn", _at(7, 30), 1, "daily_digest", "")
    sms = Arrival("sms", "0913000001", _at(7, 30), 2, "daily_digest", "")
    check_day(_world(email, sms), DAY)
    again = Arrival("email", "a@x.vn", _at(15), 3, "daily_digest", "")
    with pytest.raises(AssertionError, match=r"18/06/2025: more than one daily digest: daumoi1"):
        check_day(_world(email, sms, again), DAY)


@pytest.mark.parametrize("hour,minute,quiet", [(7, 0, False), (20, 59, False), (21, 0, True),
                                               (8, 0, False), (23, 30, True)])
def test_no_sms_at_night(hour, minute, quiet):
    world = _world(Arrival("sms", "0913000001", _at(hour, minute), 1, "escalation", ""))
    if quiet:
        with pytest.raises(AssertionError, match="SMS at night: daumoi1"):
            check_day(world, DAY)
    else:
        check_day(world, DAY)


def test_a_page_is_read_as_a_browser_reads_it():
    html = """<p class="flash error" role="alert">Người khác vừa thay đổi dữ liệu này.</p>
    <p class="flash error">Chưa có chế độ báo cáo</p>
    <form method="post" action="/nhiem-vu/t/start"><input type="hidden" name="version" value="7">
      <select name="agency_id"><option value="">—</option><option value="a1" selected>A</option></select>
      <textarea name="text">x</textarea><button>Bắt đầu</button></form>
    <form method="post"><input name="username"></form>
    <a href="/nhiem-vu/0b6a2b0e-8f57-5c1e-9e43-5d6cbb7e8a11">a</a>"""
    page = read_page("/nhiem-vu/t", 200, html)
    assert page.errors == ["Người khác vừa thay đổi dữ liệu này."]  # a page's own note is no flash
    start = page.form("/start")
    assert start.fields == {"version": "7", "agency_id": "a1", "text": "x"}
    assert start.selects == {"agency_id": ["", "a1"]}
    assert page.form("/nhiem-vu/t").fields == {"username": ""}  # no action: posts to itself
    assert page.form("/submit") is None
    assert task_links(page) == ["0b6a2b0e-8f57-5c1e-9e43-5d6cbb7e8a11"]
