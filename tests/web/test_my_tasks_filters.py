"""Việc của tôi: filters by urgency, kind and state, paging that keeps the filters, and a
summary that counts the whole list, not the page."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from service.web import my_tasks

TASK = re.compile(r'<li class="task ([a-z_]*)">')


def _tasks(html: str) -> list[str]:
    return TASK.findall(html)


def test_filters_narrow_the_list_and_the_summary_stays_whole(as_user, world, clock):
    clock.set(datetime(2022, 6, 20, 3, tzinfo=timezone.utc))  # the H1 report is overdue
    fp = as_user("fp_health")
    everything = fp.text("/viec-cua-toi")
    overdue = fp.text("/viec-cua-toi?muc=overdue")
    assert _tasks(overdue) and set(_tasks(overdue)) == {"overdue"}
    assert len(_tasks(overdue)) < len(_tasks(everything))
    summary = re.search(r'class="mark overdue[^"]*"[^>]*>Quá hạn: (\d+)', overdue).group(1)
    assert int(summary) == len(_tasks(overdue))  # the count of the whole list, with a link
    reports = fp.text("/viec-cua-toi?loai=report")
    assert "Báo cáo định kỳ" in reports and "Tổ chức tập huấn" not in reports
    one_off = fp.text("/viec-cua-toi?loai=one_off")
    assert "Tổ chức tập huấn" in one_off
    none = fp.text("/viec-cua-toi?tt=submitted")
    assert not _tasks(none) and "Không có việc nào khớp bộ lọc." in none


def test_pages_keep_the_filters(as_user, world, monkeypatch):
    monkeypatch.setattr(my_tasks, "PAGE", 1)
    fp = as_user("fp_health")
    first = fp.text("/viec-cua-toi?loai=report")
    assert len(_tasks(first)) == 1 and "Trang 1/" in first
    assert "loai=report" in re.search(r'href="([^"]*trang=2[^"]*)"', first).group(1)
    second = fp.text("/viec-cua-toi?loai=report&trang=2")
    assert "Trang 2/" in second and len(_tasks(second)) == 1
    assert fp.text("/viec-cua-toi?trang=abc")  # an unreadable page is the first
