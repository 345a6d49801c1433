"""Zalo ZNS template messages against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

from datetime import date

import pytest

from notifications.errors import TransportError
from notifications.zalo import (OutgoingZalo, ZaloZnsTransport, build_zalo, interpret,
                                zns_params)


def zalo(url, **kw) -> ZaloZnsTransport:
    return ZaloZnsTransport("OA-TOKEN", {"reminder": "301234"}, url=url, timeout=2, **kw)


def message(to="0912 345 678", **params) -> OutgoingZalo:
    return OutgoingZalo(to, "301234", params or {"nhiem_vu": "Báo cáo 6 tháng"}, "outbox-7")


def test_a_template_message_goes_with_the_token_header(http_gateway):
    http_gateway.respond(200, {"error": 0, "message": "Success",
                               "data": {"msg_id": "a1b2", "sent_time": "1700000000000"}})
    delivery = zalo(http_gateway.url).send(message(nhiem_vu="Báo cáo  6 tháng\n", han="14/06/2024"))
    assert delivery.provider_id == "a1b2"
    [request] = http_gateway.requests
    assert {k.lower(): v for k, v in request.headers.items()}["access_token"] == "OA-TOKEN"
    assert request.json == {"phone": "84912345678", "template_id": "301234",
                            "template_data": {"nhiem_vu": "Báo cáo 6 tháng", "han": "14/06/2024"},
                            "tracking_id": "outbox-7"}


def test_development_mode_and_long_values_are_cut(http_gateway):
    http_gateway.respond(200, {"error": 0, "data": {"msg_id": "x"}})
    zalo(http_gateway.url, development=True).send(message(nhiem_vu="x" * 300))
    body = http_gateway.requests[0].json
    assert body["mode"] == "development" and len(body["template_data"]["nhiem_vu"]) == 100


@pytest.mark.parametrize("code", [-108, -114, -118, -119, -139])
def test_refusals_about_the_recipient_or_the_data_are_permanent(http_gateway, code):
    http_gateway.respond(200, {"error": code, "message": "refused"})
    with pytest.raises(TransportError) as caught:
        zalo(http_gateway.url).send(message())
    assert caught.value.permanent and f"Zalo {code}" in str(caught.value)


@pytest.mark.parametrize("code", [-100, -115, -124, -133, -144, -999])
def test_account_quota_night_and_unknown_codes_are_retried(http_gateway, code):
    http_gateway.respond(200, {"error": code, "message": "later"})
    with pytest.raises(TransportError) as caught:
        zalo(http_gateway.url).send(message())
    assert not caught.value.permanent


def test_http_failures_timeouts_and_garbage_are_retried(http_gateway):
    http_gateway.respond(503, "busy")
    http_gateway.respond(200, {"error": 0}, delay=1.0)
    http_gateway.respond(200, "<html>maintenance</html>")
    for _ in range(3):
        with pytest.raises(TransportError) as caught:
            ZaloZnsTransport("t", {"reminder": "1"}, url=http_gateway.url, timeout=0.2).send(message())
        assert not caught.value.permanent


def test_a_bad_number_or_a_kind_without_template_fails_before_any_request(http_gateway):
    for make in (lambda t: t.send(message(to="12345")), lambda t: t.template_for("overdue")):
        with pytest.raises(TransportError) as caught:
            make(zalo(http_gateway.url))
        assert caught.value.permanent
    assert "DONDOC_ZALO_TEMPLATE_OVERDUE" in str(caught.value)
    assert http_gateway.requests == []


def test_interpret_without_error_field_is_transient():
    with pytest.raises(TransportError) as caught:
        interpret({"msg": "?"})
    assert not caught.value.permanent


def test_build_from_settings():
    assert build_zalo({}) is None
    built = build_zalo({"access_token": "tok", "template_reminder": "11", "template_overdue": "12",
                        "timeout": "4", "mode": "development"})
    assert built.templates == {"reminder": "11", "overdue": "12"}
    assert (built.timeout, built.development) == (4.0, True)
    with pytest.raises(ValueError, match="DONDOC_ZALO_TEMPLATE_"):
        build_zalo({"access_token": "tok"})


def test_params_from_a_message_context():
    reminder = {"recipient_name": "Chị Lan", "agency_name": "Sở Y tế", "task_title": "Báo cáo",
                "plan_number": "66/KH-UBND", "deadline": date(2024, 6, 14), "days_left": 3,
                "task_url": "https://dondoc/l/abc"}
    assert zns_params("reminder", reminder) == {
        "ten": "Chị Lan", "co_quan": "Sở Y tế", "nhiem_vu": "Báo cáo", "ke_hoach": "66/KH-UBND",
        "han": "14/06/2024", "so_ngay": "3", "lien_ket": "https://dondoc/l/abc"}
    overdue = zns_params("escalation", {**reminder, "days_overdue": 5})
    assert overdue["so_ngay"] == "5"
    digest = zns_params("daily_digest", {"recipient_name": "Lan", "tasks": [{}, {}],
                                         "dashboard_url": "https://dondoc/"})
    assert digest == {"ten": "Lan", "so_viec": "2", "lien_ket": "https://dondoc/"}
    one = zns_params("escalation_list", {"recipient_name": "Anh Minh", "dashboard_url": "https://dondoc/",
                                          "tasks": [{**reminder, "days_overdue": 4}]})
    assert one == {"ten": "Anh Minh", "co_quan": "Sở Y tế", "nhiem_vu": "Báo cáo",
                   "ke_hoach": "66/KH-UBND", "han": "14/06/2024", "so_ngay": "4", "so_viec": "1",
                   "lien_ket": "https://dondoc/l/abc"}
    other = {**reminder, "agency_name": "Công an tỉnh", "task_title": "Kiểm tra",
             "deadline": date(2024, 6, 10), "days_overdue": 6, "task_url": "https://dondoc/l/def"}
    two = zns_params("escalation_list", {"recipient_name": "Anh Minh", "dashboard_url": "https://dondoc/",
                                          "tasks": [{**reminder, "days_overdue": 4}, other]})
    assert (two["nhiem_vu"], two["co_quan"]) == ("Báo cáo; Kiểm tra", "Sở Y tế; Công an tỉnh")
    assert (two["han"], two["so_ngay"], two["so_viec"], two["lien_ket"]) == (
        "10/06/2024", "6", "2", "https://dondoc/")
