"""The first notice the ladder counts from (workflows.notice): pure, times as arguments."""
from datetime import date, datetime, timedelta, timezone

from workflows.notice import WAITING, Delivery, first_notice

T0 = datetime(2024, 3, 1, 0, 0, tzinfo=timezone.utc)  # 07:00 in Vietnam
H = timedelta(hours=1)


def test_the_first_arrival_counts_whatever_else_failed():
    notice = first_notice([Delivery(T0, failed="thư bị từ chối"),
                           Delivery(T0, received_at=T0 + 2 * H),
                           Delivery(T0 + 24 * H, received_at=T0 + 25 * H)])
    assert notice.start == T0 + 2 * H and notice.reached
    assert notice.reminded_on == (date(2024, 3, 1), date(2024, 3, 2))
    assert notice.unreached == ()


def test_a_message_still_on_its_way_makes_the_ladder_wait():
    assert first_notice([Delivery(T0), Delivery(T0, failed="không có đầu mối")]).start is None
    assert first_notice([]) == WAITING


def test_when_nothing_can_arrive_the_ladder_counts_from_the_first_attempt_and_says_why():
    notice = first_notice([Delivery(T0 + H, failed="đầu mối A chưa có địa chỉ email"),
                           Delivery(T0, failed="cơ quan chưa có đầu mối"),
                           Delivery(T0 + 2 * H, failed="cơ quan chưa có đầu mối")])
    assert notice.start == T0 and not notice.reached and notice.reminded_on == ()
    assert notice.unreached == ("đầu mối A chưa có địa chỉ email", "cơ quan chưa có đầu mối")


def test_days_are_counted_in_vietnam():
    late_evening_utc = datetime(2024, 3, 1, 18, 0, tzinfo=timezone.utc)  # 01:00 on 2/3 there
    notice = first_notice([Delivery(T0, received_at=late_evening_utc)])
    assert notice.reminded_on == (date(2024, 3, 2),)
