"""SMS gateways against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest

from notifications.errors import TransportError
from notifications.esms import ESMS_URL, EsmsGateway, interpret
from notifications.message import OutgoingSms
from notifications.gateways import build_gateway
from notifications.sms import JsonWebhookGateway

TEXT = "Nhắc việc: Báo cáo 6 tháng (KH 66/KH-UBND), hạn 14/06/2024 – còn 3 ngày làm việc."
ASCII_TEXT = "Nhac viec: Bao cao 6 thang (KH 66/KH-UBND), han 14/06/2024 - con 3 ngay lam viec."


def sms(to="0912 345 678", text=TEXT, reference="outbox-7") -> OutgoingSms:
    return OutgoingSms(to=to, text=text, reference=reference)


# --- JSON webhook --------------------------------------------------------------------

def test_webhook_posts_json_with_bearer_token(http_gateway):
    http_gateway.respond(200, {"id": "gw-123", "status": "queued"})
    gateway = JsonWebhookGateway(http_gateway.url, token="s3cret-token", timeout=2)
    delivery = gateway.send(sms())

    assert delivery.provider_id == "gw-123"
    [request] = http_gateway.requests
    assert request.path == "/sms"
    assert request.headers["Authorization"] == "Bearer s3cret-token"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json == {"to": "+84912345678", "text": ASCII_TEXT,
                            "reference": "outbox-7", "encoding": "GSM-7", "segments": 1}


def test_webhook_unicode_setting_keeps_diacritics(http_gateway):
    JsonWebhookGateway(http_gateway.url, "t", timeout=2, unicode=True).send(sms())
    body = http_gateway.requests[0].json
    assert body["text"] == TEXT.replace("–", "-")  # the dash alone would cost nothing more
    assert body["encoding"] == "UCS-2"
    assert body["segments"] == 2


def test_webhook_500_is_transient(http_gateway):
    http_gateway.respond(500, {"error": "upstream down"})
    with pytest.raises(TransportError) as caught:
        JsonWebhookGateway(http_gateway.url, "t", timeout=2).send(sms())
    assert not caught.value.permanent
    assert "500" in str(caught.value)


@pytest.mark.parametrize("status,permanent", [(400, True), (401, True), (422, True),
                                              (429, False), (503, False)])
def test_webhook_status_classes(http_gateway, status, permanent):
    http_gateway.respond(status, {"error": "x"})
    with pytest.raises(TransportError) as caught:
        JsonWebhookGateway(http_gateway.url, "t", timeout=2).send(sms())
    assert caught.value.permanent is permanent


def test_webhook_timeout_is_transient_and_quick(http_gateway):
    http_gateway.respond(200, {"id": "late"}, delay=1.0)
    started = time.monotonic()
    with pytest.raises(TransportError) as caught:
        JsonWebhookGateway(http_gateway.url, "t", timeout=0.2).send(sms())
    assert not caught.value.permanent
    assert time.monotonic() - started < 0.9


def test_webhook_connection_refused_is_transient(closed_port):
    gateway = JsonWebhookGateway(f"http://127.0.0.1:{closed_port}/sms", "t", timeout=1)
    with pytest.raises(TransportError) as caught:
        gateway.send(sms())
    assert not caught.value.permanent


def test_bad_number_fails_for_good_before_any_request(http_gateway):
    with pytest.raises(TransportError) as caught:
        JsonWebhookGateway(http_gateway.url, "t", timeout=2).send(sms(to="0243 825 1234"))
    assert caught.value.permanent
    assert http_gateway.requests == []


def test_empty_text_fails_for_good(http_gateway):
    with pytest.raises(TransportError) as caught:
        JsonWebhookGateway(http_gateway.url, "t", timeout=2).send(sms(text=" \u00a0 "))
    assert caught.value.permanent


def test_token_never_appears_in_errors(http_gateway):
    http_gateway.respond(401, {"error": "bad token"})
    with pytest.raises(TransportError) as caught:
        JsonWebhookGateway(http_gateway.url, "very-secret", timeout=2).send(sms())
    assert "very-secret" not in str(caught.value)


# --- eSMS.vn -------------------------------------------------------------------------

def esms(url, **kw) -> EsmsGateway:
    return EsmsGateway(api_key="API-KEY", secret_key="SECRET", brandname="SOLDTBXH",
                       url=url, timeout=kw.pop("timeout", 2), **kw)


def test_esms_success(http_gateway):
    http_gateway.respond(200, {"CodeResult": "100", "CountRegenerate": 0,
                               "SMSID": "d533459ee42b2b9525ba9eabf6a8156"})
    delivery = esms(http_gateway.url, callback_url="https://dondoc.example/cb").send(sms())
    assert delivery.provider_id == "d533459ee42b2b9525ba9eabf6a8156"
    assert http_gateway.requests[0].json == {
        "ApiKey": "API-KEY", "SecretKey": "SECRET", "Brandname": "SOLDTBXH",
        "SmsType": "2", "Phone": "0912345678", "Content": ASCII_TEXT,
        "IsUnicode": "0", "Sandbox": "0", "RequestId": "outbox-7",
        "CallbackUrl": "https://dondoc.example/cb",
    }


def test_esms_unicode_and_sandbox_flags(http_gateway):
    http_gateway.respond(200, {"CodeResult": "100", "SMSID": "x"})
    esms(http_gateway.url, unicode=True, sandbox=True).send(sms(reference=None))
    body = http_gateway.requests[0].json
    assert (body["IsUnicode"], body["Sandbox"]) == ("1", "1")
    assert "RequestId" not in body
    assert "Nhắc việc" in body["Content"]


@pytest.mark.parametrize("code", ["99", "108", "146", "177"])
def test_esms_refusing_the_number_or_text_is_permanent(http_gateway, code):
    http_gateway.respond(200, {"CodeResult": code, "ErrorMessage": "Phone invalid"})
    with pytest.raises(TransportError) as caught:
        esms(http_gateway.url).send(sms())
    assert caught.value.permanent
    assert f"eSMS {code}" in str(caught.value)


@pytest.mark.parametrize("code", ["101", "103", "104", "140", "555"])
def test_esms_account_problems_and_unknown_codes_are_transient(http_gateway, code):
    http_gateway.respond(200, {"CodeResult": code, "ErrorMessage": "..."})
    with pytest.raises(TransportError) as caught:
        esms(http_gateway.url).send(sms())
    assert not caught.value.permanent


def test_esms_duplicate_request_id_counts_as_sent(http_gateway):
    http_gateway.respond(200, {"CodeResult": "124", "ErrorMessage": "Request exist 1"})
    delivery = esms(http_gateway.url).send(sms())
    assert "already accepted" in delivery.detail


def test_esms_500_timeout_and_garbage_are_transient(http_gateway):
    http_gateway.respond(500, "Internal Server Error")
    http_gateway.respond(200, {"CodeResult": "100"}, delay=1.0)
    http_gateway.respond(200, "<html>maintenance</html>")
    for _ in range(3):
        with pytest.raises(TransportError) as caught:
            esms(http_gateway.url, timeout=0.2).send(sms())
        assert not caught.value.permanent


def test_interpret_without_code_is_transient():
    with pytest.raises(TransportError) as caught:
        interpret({"error": "Invalid request"})
    assert not caught.value.permanent


# --- build_gateway -------------------------------------------------------------------

def test_build_gateway_by_name():
    webhook = build_gateway({"provider": "webhook", "url": "http://x/sms", "token": "t",
                             "timeout": "3", "unicode": "true"})
    assert isinstance(webhook, JsonWebhookGateway)
    assert (webhook.timeout, webhook.unicode) == (3.0, True)
    gateway = build_gateway({"provider": "eSMS", "api_key": "k", "secret_key": "s",
                             "brandname": "B"})
    assert isinstance(gateway, EsmsGateway)
    assert gateway.url == ESMS_URL and gateway.unicode is False


def test_build_gateway_names_what_is_missing():
    with pytest.raises(ValueError, match="secret_key"):
        build_gateway({"provider": "esms", "api_key": "k", "brandname": "B"})
    with pytest.raises(ValueError, match="unknown SMS provider"):
        build_gateway({"provider": "carrier-pigeon"})
