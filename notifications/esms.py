"""eSMS.vn (ViHAT) brandname SMS, "customer care" messages (SmsType 2).

Request and answer as eSMS documents SendMultipleMessage_V4_post_json: a JSON POST with
ApiKey, SecretKey, Brandname, SmsType, Phone, Content, IsUnicode, Sandbox and optional
RequestId and CallbackUrl; the answer carries CodeResult ("100" = accepted) and SMSID or
ErrorMessage. "100" means eSMS took the request, not that the phone received it: the
delivery report goes to CallbackUrl. Note that brandname customer-care content must
match a template registered with the carriers, else code 146.
"""

from __future__ import annotations

from typing import Any

from notifications.errors import TransportError
from notifications.http_session import KeptHttp
from notifications.message import Delivery, OutgoingSms
from notifications.phones import national_digits
from notifications.sms_text import prepare_sms

ESMS_URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"

SUCCESS = "100"
# The same RequestId was sent before: the earlier try (whose answer we lost) went through.
DUPLICATE_REQUEST = "124"

# Codes about this message or this number: sending it again gets the same answer.
PERMANENT_CODES = {
    "99": "phone number blocked at eSMS",
    "108": "phone number format refused",
    "146": "text does not match a registered customer-care template",
    "177": "brandname not registered with the recipient's carrier",
    "300": "message type missing",
}
# Codes about the account: the operator can fix them, and then queued messages should go.
ACCOUNT_CODES = {
    "101": "ApiKey or SecretKey wrong",
    "102": "no price list for the account",
    "103": "balance too low",
    "104": "brandname does not exist for the account",
    "140": "server IP not whitelisted at eSMS",
}


class EsmsGateway:
    def __init__(self, api_key: str, secret_key: str, brandname: str,
                 url: str = ESMS_URL, timeout: float = 10.0, unicode: bool = False,
                 sandbox: bool = False, callback_url: str | None = None,
                 sms_type: str = "2") -> None:
        self.api_key = api_key
        self.secret_key = secret_key
        self.brandname = brandname
        self.url = url
        self.timeout = timeout
        self.unicode = unicode
        self.sandbox = sandbox
        self.callback_url = callback_url
        self.sms_type = sms_type
        self.http = KeptHttp()

    def session(self):
        """Requests inside share one keep-alive connection (notifications.http_session)."""
        return self.http.session()

    def payload(self, sms: OutgoingSms) -> dict[str, Any]:
        prepared = prepare_sms(sms, unicode=self.unicode)
        body = {
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Brandname": self.brandname,
            "SmsType": self.sms_type,
            "Phone": national_digits(prepared.phone),
            "Content": prepared.text,
            "IsUnicode": "1" if self.unicode else "0",
            "Sandbox": "1" if self.sandbox else "0",
        }
        if sms.reference:
            body["RequestId"] = sms.reference
        if self.callback_url:
            body["CallbackUrl"] = self.callback_url
        return body

    def send(self, sms: OutgoingSms) -> Delivery:
        response = self.http.post(self.url, self.payload(sms), self.timeout)
        return interpret(response.body, response.text)


def interpret(body: Any, text: str = "") -> Delivery:
    """An eSMS answer as a Delivery, or the TransportError it amounts to."""
    if not isinstance(body, dict) or "CodeResult" not in body:
        raise TransportError(f"unexpected answer from eSMS: {text or body!r}")
    code = str(body["CodeResult"]).strip()
    message = body.get("ErrorMessage") or ""
    if code == SUCCESS:
        return Delivery(provider_id=body.get("SMSID"), detail="eSMS 100 accepted")
    if code == DUPLICATE_REQUEST:
        return Delivery(provider_id=body.get("SMSID"),
                        detail="eSMS 124: request already accepted earlier")
    if code in PERMANENT_CODES:
        raise TransportError(f"eSMS {code}: {PERMANENT_CODES[code]} {message}".strip(),
                             permanent=True)
    reason = ACCOUNT_CODES.get(code, "unknown code")
    raise TransportError(f"eSMS {code}: {reason} {message}".strip(), permanent=False)
