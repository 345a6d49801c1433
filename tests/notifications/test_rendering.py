from datetime import date, datetime, timezone

import pytest

from notifications.errors import TemplateError
from notifications.gsm import sms_length
from notifications.rendering import KINDS, REQUIRED_KEYS, render, vn_date
from notifications.transliterate import to_sms_text

TASK = {
    "recipient_name": "Nguyễn Văn An",
    "agency_name": "Sở Lao động - Thương binh và Xã hội",
    "task_title": "Báo cáo kết quả công tác phòng, chống tệ nạn mại dâm 6 tháng đầu năm",
    "plan_number": "66/KH-UBND",
    "deadline": date(2024, 6, 14),
    "task_url": "https://dondoc.example.gov.vn/nv/123",
}
SAMPLES = {
    "reminder": {**TASK, "days_left": 3},
    "due_today": TASK,
    "overdue": {**TASK, "days_overdue": 4},
    "escalation_list": {
        "recipient_name": "Lê Văn Cường", "day": date(2024, 6, 19),
        "dashboard_url": "https://dondoc.example.gov.vn/",
        "tasks": [
            {**TASK, "days_overdue": 3, "reminded_on": ["2024-06-05", date(2024, 6, 11)],
             "unreached": []},
            {**TASK, "agency_name": "Sở Y tế", "task_title": "Kiểm tra cơ sở",
             "days_overdue": 4, "reminded_on": [],
             "unreached": ["cơ quan chưa có đầu mối nhận tin trên hệ thống"]},
        ],
    },
    "submission_returned": {**TASK, "reason": "Thiếu số liệu <biểu 02> & phụ lục"},
    "extension_granted": {**TASK, "previous_deadline": date(2024, 6, 7)},
    "task_assigned": {**TASK, "previous_agency_name": "Sở Tư pháp", "reason": "Giao nhầm cơ quan <chủ trì>"},
    "daily_digest": {
        "recipient_name": "Trần Thị Bình", "agency_name": "Phòng Lao động - TB&XH",
        "day": date(2024, 6, 12), "dashboard_url": "https://dondoc.example.gov.vn/",
        "tasks": [
            {"task_title": "Báo cáo quý II", "plan_number": "12/KH-UBND",
             "deadline": date(2024, 6, 5), "days_left": -5, "task_url": "https://d/1"},
            {"task_title": "Tổ chức tập huấn", "plan_number": "66/KH-UBND",
             "deadline": date(2024, 6, 12), "days_left": 0, "task_url": "https://d/2"},
            {"task_title": "Kiểm tra cơ sở", "plan_number": "66/KH-UBND",
             "deadline": "2024-06-20", "days_left": 6, "task_url": "https://d/3"},
        ],
    },
    "weekly_summary": {
        "recipient_name": "Lê Văn Cường", "week_start": date(2024, 6, 10),
        "week_end": date(2024, 6, 16), "dashboard_url": "https://dondoc.example.gov.vn/",
        "agencies": [
            {"agency_name": "Sở Y tế", "tasks": [
                {"task_title": "Báo cáo 6 tháng", "plan_number": "66/KH-UBND",
                 "deadline": date(2024, 6, 3), "days_overdue": 7, "task_url": "https://d/9"},
                {"task_title": "Rà soát đối tượng", "plan_number": "66/KH-UBND",
                 "deadline": date(2024, 6, 7), "days_overdue": 3, "task_url": "https://d/8"},
            ]},
            {"agency_name": "Công an tỉnh", "tasks": [
                {"task_title": "Kiểm tra cơ sở kinh doanh", "plan_number": "66/KH-UBND",
                 "deadline": date(2024, 6, 5), "days_overdue": 5, "task_url": "https://d/7"},
            ]},
        ],
    },
    "password_reset": {"recipient_name": "Nguyễn Văn An",
                       "reset_url": "https://dondoc.example.gov.vn/dat-lai-mat-khau/eyJwIjoiYSJ9.x.y"},
}


def test_samples_cover_every_kind():
    assert set(SAMPLES) == set(KINDS) == set(REQUIRED_KEYS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_for_email(kind):
    message = render(kind, {**SAMPLES[kind], "unsubscribe_url": "https://d/huy"}, "email")
    assert message.subject and "\n" not in message.subject
    assert message.text.startswith("Kính gửi ")
    assert message.html.lstrip().startswith("<!DOCTYPE html>")
    assert 'lang="vi"' in message.html
    assert "https://d/huy" in message.text and 'href="https://d/huy"' in message.html
    assert "{{" not in message.text + message.html


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_for_sms_and_fits(kind):
    message = render(kind, SAMPLES[kind], "sms")
    assert message.subject is None and message.html is None
    assert "\n" not in message.text
    assert sms_length(to_sms_text(message.text)).segments <= (
        1 if kind in {"reminder", "daily_digest", "weekly_summary", "extension_granted"}
        else 2)


@pytest.mark.parametrize("kind", KINDS)
def test_required_keys_are_exactly_what_templates_need(kind):
    context = SAMPLES[kind]
    assert set(context) == set(REQUIRED_KEYS[kind])
    render(kind, context, "email")  # no unsubscribe_url: it is optional


def test_reminder_content():
    message = render("reminder", SAMPLES["reminder"], "email")
    assert message.subject.startswith("[Nhắc việc] Báo cáo kết quả")
    assert message.subject.endswith("hạn 14/06/2024")
    assert "còn 3 ngày làm việc" in message.text
    assert "Kế hoạch số: 66/KH-UBND" in message.text
    assert render("reminder", SAMPLES["reminder"], "sms").text.startswith("Nhắc việc: ")


def test_an_escalation_states_only_what_happened():
    message = render("escalation_list", SAMPLES["escalation_list"], "email")
    assert message.subject == "[Đôn đốc 19/06/2024] 2 nhiệm vụ quá hạn chưa có báo cáo kết quả"
    text = message.text
    first, second = text.split("\n2. ")
    assert "đầu mối đã nhận nhắc việc ngày 05/06/2024, 11/06/2024" in first
    assert "quá hạn 3 ngày làm việc" in first
    assert "chưa nhắc được cơ quan: cơ quan chưa có đầu mối nhận tin trên hệ thống" in second
    assert "đã nhận nhắc việc" not in second
    for variant in (text, message.html):
        assert "đã được nhắc" not in variant
    assert "chưa nhắc được cơ quan: cơ quan chưa có đầu mối" in message.html


def test_one_escalation_says_working_days_in_subject_body_and_sms_alike():
    one = {**SAMPLES["escalation_list"], "tasks": SAMPLES["escalation_list"]["tasks"][1:]}
    message = render("escalation_list", one, "email")
    assert message.subject.endswith("quá hạn 4 ngày làm việc")
    assert "quá hạn 4 ngày làm việc" in message.text
    assert "quá hạn 4 ngày làm việc" in render("escalation_list", one, "sms").text
    overdue = render("overdue", SAMPLES["overdue"], "email")
    assert "quá hạn 4 ngày làm việc" in overdue.subject.lower()
    assert "quá hạn 4 ngày làm việc" in overdue.text
    assert "quá hạn 4 ngày làm việc" in render("overdue", SAMPLES["overdue"], "sms").text.lower()


def test_html_is_escaped_and_text_is_not():
    message = render("submission_returned", SAMPLES["submission_returned"], "email")
    assert "Thiếu số liệu &lt;biểu 02&gt; &amp; phụ lục" in message.html
    assert "Thiếu số liệu <biểu 02> & phụ lục" in message.text


def test_digest_groups_tasks_by_urgency():
    message = render("daily_digest", SAMPLES["daily_digest"], "email")
    assert message.subject == ("[Đôn đốc 12/06/2024] 3 nhiệm vụ cần theo dõi, 1 quá hạn"
                               " - Phòng Lao động - TB&XH")
    text = message.text
    assert text.index("QUÁ HẠN (1)") < text.index("ĐẾN HẠN HÔM NAY (1)") \
        < text.index("SẮP ĐẾN HẠN (1)")
    assert "quá hạn 5 ngày làm việc" in text and "hạn 20/06/2024" in text
    sms = render("daily_digest", SAMPLES["daily_digest"], "sms").text
    assert "1 nhiệm vụ quá hạn, 1 đến hạn hôm nay, 1 sắp đến hạn" in sms


def test_empty_digest_says_so():
    message = render("daily_digest", {**SAMPLES["daily_digest"], "tasks": []}, "email")
    assert "Không có nhiệm vụ nào" in message.text


def test_weekly_summary_totals_by_agency():
    message = render("weekly_summary", SAMPLES["weekly_summary"], "email")
    assert message.subject == ("[Tổng hợp tuần 10/06/2024 - 16/06/2024] 3 nhiệm vụ quá hạn"
                               " tại 2 cơ quan")
    assert "SỞ Y TẾ (2):" in message.text and "CÔNG AN TỈNH (1):" in message.text


def test_missing_variable_names_kind_and_variable():
    context = dict(SAMPLES["overdue"])
    del context["days_overdue"]
    with pytest.raises(TemplateError) as caught:
        render("overdue", context, "sms")
    assert caught.value.kind == "overdue" and caught.value.variable == "days_overdue"
    assert "overdue" in str(caught.value) and "days_overdue" in str(caught.value)


def test_missing_key_inside_a_list_item_is_named():
    context = {**SAMPLES["daily_digest"],
               "tasks": [{"task_title": "x", "plan_number": "1", "days_left": 1,
                          "task_url": "u"}]}
    with pytest.raises(TemplateError) as caught:
        render("daily_digest", context, "email")
    assert caught.value.variable == "deadline"
    assert "daily_digest" in str(caught.value)


def test_unknown_kind_and_channel():
    with pytest.raises(TemplateError, match="unknown kind"):
        render("birthday", {}, "email")
    with pytest.raises(TemplateError, match="unknown channel"):
        render("reminder", SAMPLES["reminder"], "zalo")


def test_missing_template_is_a_template_error(monkeypatch, tmp_path):
    import notifications.rendering as rendering

    monkeypatch.setitem(rendering.REQUIRED_KEYS, "new_kind", ())
    with pytest.raises(TemplateError) as caught:
        render("new_kind", {}, "sms")
    assert "new_kind.sms.j2" in str(caught.value)


def test_bad_date_value_is_a_template_error():
    with pytest.raises(TemplateError, match="bad value"):
        render("reminder", {**SAMPLES["reminder"], "deadline": "hôm qua"}, "email")


def test_vn_date():
    assert vn_date(date(2024, 1, 5)) == "05/01/2024"
    assert vn_date("2024-06-14") == "14/06/2024"
    # 18:00 UTC on the 14th is already the 15th in Vietnam
    assert vn_date(datetime(2024, 6, 14, 18, 0, tzinfo=timezone.utc)) == "15/06/2024"
    assert vn_date("2024-06-14T18:00:00+00:00") == "15/06/2024"


def test_rendered_message_builds_outgoing_messages():
    email = render("reminder", SAMPLES["reminder"], "email").as_email(
        "an@x.gov.vn", message_id="<1@x>", unsubscribe_url="https://d/huy")
    assert email.subject.startswith("[Nhắc việc]") and email.html and email.message_id
    sms = render("reminder", SAMPLES["reminder"], "sms").as_sms("0912345678", "ref-1")
    assert sms.reference == "ref-1"
    with pytest.raises(ValueError):
        render("reminder", SAMPLES["reminder"], "sms").as_email("an@x.gov.vn")


@pytest.mark.parametrize("kind", KINDS)
def test_every_message_template_is_vietnamese(kind):
    """Every template, by email and by SMS, read as the pages are (tests.web.vietnamese_words):
    no English word outside the allowed terms."""
    from tests.web.vietnamese_words import english_words, visible_text

    email = render(kind, {**SAMPLES[kind], "unsubscribe_url": "https://d/huy"}, "email")
    sms = render(kind, SAMPLES[kind], "sms")
    said = "\n".join([email.subject, email.text, visible_text(email.html), sms.text])
    assert not english_words(said), (kind, english_words(said))
