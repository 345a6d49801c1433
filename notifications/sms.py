"""SMS over an HTTP gateway.

Every gateway takes an OutgoingSms and returns a Delivery or raises TransportError. The
number is normalised to +84... first (a bad one fails for good, before any request), and
the text loses its diacritics unless the gateway was built with ``unicode=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Protocol

from notifications.errors import InvalidPhoneNumber, TransportError
from notifications.gsm import SmsLength, sms_length
from notifications.http_json import post_json
from notifications.message import Delivery, OutgoingSms
from notifications.phones import normalize_phone
from notifications.transliterate import to_sms_text


class SmsGateway(Protocol):
    def send(self, sms: OutgoingSms) -> Delivery: ...


@dataclass(frozen=True)
class PreparedSms:
    phone: str  # E.164
    text: str
    length: SmsLength


def prepare_sms(sms: OutgoingSms, unicode: bool = False) -> PreparedSms:
    """Normalised number and the text as it will be sent; permanent errors if neither."""
    try:
        phone = normalize_phone(sms.to)
    except InvalidPhoneNumber as error:
        raise TransportError(str(error), permanent=True) from error
    text = to_sms_text(sms.text, unicode=unicode).strip()
    if not text:
        raise TransportError("empty SMS text", permanent=True)
    return PreparedSms(phone, text, sms_length(text))


def _provider_id(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("id", "message_id", "messageId"):
            if body.get(key) is not None:
                return str(body[key])
    return None


class JsonWebhookGateway:
    """Our own small contract, for an in-house relay or a provider adapter:

    POST {url} with ``Authorization: Bearer {token}`` and the JSON body
    ``{"to": "+84...", "text": "...", "reference": ..., "encoding": "GSM-7",
    "segments": 1}``; any 2xx means accepted, and an ``id`` in the JSON answer is kept.
    """

    def __init__(self, url: str, token: str | None = None, timeout: float = 10.0,
                 unicode: bool = False) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout
        self.unicode = unicode

    def send(self, sms: OutgoingSms) -> Delivery:
        prepared = prepare_sms(sms, unicode=self.unicode)
        payload = {
            "to": prepared.phone,
            "text": prepared.text,
            "reference": sms.reference,
            "encoding": prepared.length.encoding,
            "segments": prepared.length.segments,
        }
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = post_json(self.url, payload, self.timeout, headers)
        return Delivery(provider_id=_provider_id(response.body),
                        detail=f"HTTP {response.status}, "
                               f"{prepared.length.segments} segment(s)")


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _required(settings: Mapping[str, Any], key: str, provider: str) -> Any:
    value = settings.get(key)
    if value in (None, ""):
        raise ValueError(f"SMS provider {provider!r} needs the setting {key!r}")
    return value


def build_gateway(settings: Mapping[str, Any]) -> SmsGateway:
    """The gateway named by ``settings["provider"]``: "webhook" or "esms".

    webhook: url, token, timeout, unicode. esms: api_key, secret_key, brandname, and
    optionally url, timeout, unicode, sandbox, callback_url, sms_type.
    """
    # Imported here: esms builds on this module.
    from notifications.esms import ESMS_URL, EsmsGateway

    provider = str(settings.get("provider", "")).strip().lower()
    timeout = float(settings.get("timeout", 10.0))
    unicode = _flag(settings.get("unicode", False))
    if provider == "webhook":
        return JsonWebhookGateway(_required(settings, "url", provider),
                                  settings.get("token"), timeout, unicode)
    if provider == "esms":
        return EsmsGateway(
            api_key=_required(settings, "api_key", provider),
            secret_key=_required(settings, "secret_key", provider),
            brandname=_required(settings, "brandname", provider),
            url=settings.get("url") or ESMS_URL,
            timeout=timeout,
            unicode=unicode,
            sandbox=_flag(settings.get("sandbox", False)),
            callback_url=settings.get("callback_url"),
            sms_type=str(settings.get("sms_type", "2")),
        )
    raise ValueError(f"unknown SMS provider {provider!r}: choose 'webhook' or 'esms'")
