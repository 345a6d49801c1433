"""SMS gateways: the protocol every gateway follows, and our own JSON webhook gateway.

Every gateway takes an OutgoingSms and returns a Delivery or raises TransportError. What it
sends is prepared first (notifications.sms_text: the number as +84..., the text without
diacritics unless the gateway was built with ``unicode=True``). eSMS.vn is in esms; the
factory that picks one from the settings is in gateways.
"""

from __future__ import annotations

from typing import Any, Protocol

from notifications.http_session import KeptHttp
from notifications.message import Delivery, OutgoingSms
from notifications.sms_text import prepare_sms


class SmsGateway(Protocol):
    def send(self, sms: OutgoingSms) -> Delivery: ...


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
        self.http = KeptHttp()

    def session(self):
        """Requests inside share one keep-alive connection (notifications.http_session)."""
        return self.http.session()

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
        response = self.http.post(self.url, payload, self.timeout, headers)
        return Delivery(provider_id=_provider_id(response.body),
                        detail=f"HTTP {response.status}, "
                               f"{prepared.length.segments} segment(s)")
