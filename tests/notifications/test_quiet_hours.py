from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from notifications.quiet_hours import QuietHours, hold_until

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day, hour, minute=0):
    return datetime(2024, 6, day, hour, minute, tzinfo=VN)


def test_daytime_sends_now():
    now = vn(11, 9, 30)
    assert hold_until(now) == now
    assert hold_until(vn(11, 7, 0)) == vn(11, 7, 0)
    assert hold_until(vn(11, 20, 59)) == vn(11, 20, 59)


def test_evening_waits_for_next_morning():
    assert hold_until(vn(11, 21, 0)) == vn(12, 7, 0)
    assert hold_until(vn(11, 23, 45)) == vn(12, 7, 0)


def test_early_morning_waits_for_seven_same_day():
    assert hold_until(vn(12, 0, 5)) == vn(12, 7, 0)
    assert hold_until(vn(12, 6, 59)) == vn(12, 7, 0)


def test_utc_input_is_judged_in_vietnam_time_and_answered_in_utc():
    # 15:00 UTC is 22:00 in Hanoi: hold until 07:00 Hanoi = 00:00 UTC next day
    now = datetime(2024, 6, 11, 15, 0, tzinfo=timezone.utc)
    release = hold_until(now)
    assert release == datetime(2024, 6, 12, 0, 0, tzinfo=timezone.utc)
    assert release.tzinfo == timezone.utc
    # 01:00 UTC is 08:00 in Hanoi: daytime
    assert hold_until(datetime(2024, 6, 11, 1, 0, tzinfo=timezone.utc)).hour == 1


def test_month_and_year_boundaries():
    assert hold_until(datetime(2024, 12, 31, 22, 0, tzinfo=VN)) == \
        datetime(2025, 1, 1, 7, 0, tzinfo=VN)


def test_other_windows():
    lunch = QuietHours(start=time(11, 30), end=time(13, 30))
    assert lunch.hold_until(vn(11, 12, 0)) == vn(11, 13, 30)
    assert lunch.hold_until(vn(11, 22, 0)) == vn(11, 22, 0)
    never = QuietHours(start=time(0), end=time(0))
    assert never.hold_until(vn(11, 3, 0)) == vn(11, 3, 0)


def test_naive_time_refused():
    with pytest.raises(ValueError):
        hold_until(datetime(2024, 6, 11, 22, 0))
