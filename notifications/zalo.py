"""Zalo Official Account template messages (ZNS: Zalo Notification Service).

A ZNS message is not free text: it fills a template the Official Account registered and Zalo
approved, by its id, with named parameters. ``POST /message/template`` with the OA's
``access_token`` header and ``{"phone": "84...", "template_id": ..., "template_data": {...},
"tracking_id": ...}``; the answer's ``error`` is 0 when Zalo accepted it (``data.msg_id``),
else one of the codes of Zalo's "Bảng mã lỗi" mapped below.

Templates are registered per kind of message with these parameter names (a template uses the
ones it needs): ten (recipient), co_quan (agency), nhiem_vu (task), ke_hoach (plan number),
han (deadline, dd/mm/yyyy), so_ngay (working days left, or overdue), ly_do (reason),
han_cu (previous deadline), so_viec (tasks in a digest), lien_ket (the link to open).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from notifications.errors import InvalidPhoneNumber, TransportError
from notifications.http_json import post_json
from notifications.message import Delivery
from notifications.phones import normalize_phone

ZNS_URL = "https://business.openapi.zalo.me/message/template"
# Zalo refuses a value longer than the template declares (-112); 100 fits the text types.
MAX_PARAM = 100

# The message or this recipient: sending it again gets the same answer.
PERMANENT_CODES = {
    -108: "phone number invalid",
    -110: "recipient's Zalo app too old for ZNS",
    -111: "template data empty",
    -112: "template data invalid",
    -113: "button invalid",
    -114: "recipient inactive, refuses ZNS or cannot receive it",
    -116: "text invalid",
    -118: "no Zalo account for this phone number, or it is disabled",
    -119: "this Zalo account cannot receive ZNS",
    -139: "recipient refused this type of ZNS",
    -141: "recipient refused ZNS from this Official Account",
}
# The account, the app or the template: the operator can fix them, and then queued messages
# should go; and limits that lift with time (quota, night hours).
RETRYABLE_CODES = {
    -100: "unknown error at Zalo",
    -101: "app id invalid",
    -102: "app does not exist",
    -103: "app not activated",
    -104: "app secret key invalid",
    -105: "app not linked to an Official Account",
    -109: "template id invalid",
    -115: "ZNS balance too low",
    -117: "OA or app may not use this template",
    -124: "access token invalid or expired",
    -131: "template not approved",
    -133: "ZNS may not be sent at night",
    -137: "payment failed",
    -144: "Official Account over its daily quota",
    -147: "template over its daily quota",
}


@dataclass(frozen=True)
class OutgoingZalo:
    """One template message to one phone number. ``reference`` becomes the tracking id
    (Zalo does not drop a repeated one: it is for matching delivery reports)."""

    to: str
    template_id: str
    params: dict[str, str] = field(default_factory=dict)
    reference: str | None = None


def zns_phone(raw: str) -> str:
    """84xxxxxxxxx, as ZNS takes it; a bad number fails for good before any request."""
    try:
        return normalize_phone(raw).lstrip("+")
    except InvalidPhoneNumber as error:
        raise TransportError(str(error), permanent=True) from error


class ZaloZnsTransport:
    def __init__(self, access_token: str, templates: Mapping[str, str], url: str = ZNS_URL,
                 timeout: float = 10.0, development: bool = False) -> None:
        self.access_token, self.templates = access_token, dict(templates)
        self.url, self.timeout, self.development = url, timeout, development

    def template_for(self, kind: str) -> str:
        template = self.templates.get(kind)
        if not template:
            raise TransportError(f"no ZNS template for {kind!r}: set DONDOC_ZALO_TEMPLATE_"
                                 f"{kind.upper()}", permanent=True)
        return template

    def payload(self, message: OutgoingZalo) -> dict[str, Any]:
        body: dict[str, Any] = {
            "phone": zns_phone(message.to), "template_id": message.template_id,
            "template_data": {k: _param(v) for k, v in message.params.items()}}
        if message.reference:
            body["tracking_id"] = message.reference
        if self.development:  # delivered only to the OA's own admins: for trying templates
            body["mode"] = "development"
        return body

    def send(self, message: OutgoingZalo) -> Delivery:
        response = post_json(self.url, self.payload(message), self.timeout,
                             {"access_token": self.access_token})
        return interpret(response.body, response.text)


def _param(value: Any) -> str:
    text = " ".join(str(value).split())
    if len(text) <= MAX_PARAM or text.startswith(("https://", "http://")):
        return text  # a cut link opens nothing: better refused by Zalo, and seen, than sent
    return text[:MAX_PARAM - 1] + "…"


def interpret(body: Any, text: str = "") -> Delivery:
    """A ZNS answer as a Delivery, or the TransportError it amounts to."""
    if not isinstance(body, dict) or "error" not in body:
        raise TransportError(f"unexpected answer from Zalo: {text or body!r}")
    try:
        code = int(body["error"])
    except (TypeError, ValueError):
        raise TransportError(f"unexpected error code from Zalo: {body['error']!r}") from None
    message = str(body.get("message") or "")
    if code == 0:
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        return Delivery(provider_id=data.get("msg_id"), detail="Zalo ZNS accepted")
    if code in PERMANENT_CODES:
        raise TransportError(f"Zalo {code}: {PERMANENT_CODES[code]} {message}".strip(),
                             permanent=True)
    reason = RETRYABLE_CODES.get(code, "unknown code")
    raise TransportError(f"Zalo {code}: {reason} {message}".strip(), permanent=False)


def build_zalo(settings: Mapping[str, Any]) -> ZaloZnsTransport | None:
    """From DONDOC_ZALO_* (lower-cased, prefix off): access_token (required to use Zalo),
    template_<kind> for each kind of message sent on Zalo, url, timeout, mode=development."""
    token = str(settings.get("access_token") or "").strip()
    if not token:
        return None
    templates = {k[len("template_"):]: str(v).strip() for k, v in settings.items()
                 if k.startswith("template_") and str(v).strip()}
    if not templates:
        raise ValueError("DONDOC_ZALO_ACCESS_TOKEN is set but no DONDOC_ZALO_TEMPLATE_<KIND>: "
                         "name the ZNS template of at least one kind of message")
    return ZaloZnsTransport(token, templates, url=settings.get("url") or ZNS_URL,
                            timeout=float(settings.get("timeout") or 10.0),
                            development=str(settings.get("mode", "")).lower() == "development")


def zns_params(kind: str, context: Mapping[str, Any]) -> dict[str, str]:
    """The template parameters of a message of ``kind`` from its rendering context (the same
    context the email and SMS templates read; notifications.rendering.REQUIRED_KEYS)."""
    from notifications.rendering import vn_date

    c = context
    tasks = c.get("tasks") or [t for a in c.get("agencies") or () for t in a.get("tasks", ())]
    if kind == "escalation_list" and tasks:  # the escalation template, for one task or several
        return _escalations(c, tasks)
    days = c.get("days_overdue") if kind in ("overdue", "escalation") else c.get("days_left")
    params = {
        "ten": c.get("recipient_name"), "co_quan": c.get("agency_name"),
        "nhiem_vu": c.get("task_title"), "ke_hoach": c.get("plan_number"),
        "han": vn_date(c["deadline"]) if c.get("deadline") else None, "so_ngay": days,
        "ly_do": c.get("reason"),
        "han_cu": vn_date(c["previous_deadline"]) if c.get("previous_deadline") else None,
        "so_viec": len(tasks) if kind in ("daily_digest", "weekly_summary") else None,
        "lien_ket": c.get("task_url") or c.get("dashboard_url"),
    }
    return {k: str(v) for k, v in params.items() if v not in (None, "")}


def _escalations(c: Mapping[str, Any], tasks: list) -> dict[str, str]:
    """An escalation list fills the escalation template: one task as itself (its link); several
    as their titles and agencies, the earliest deadline, the longest delay, how many, and the
    dashboard's link."""
    from notifications.rendering import vn_date

    def joined(key):
        return "; ".join(dict.fromkeys(str(t[key]) for t in tasks if t.get(key)))

    days = [t["days_overdue"] for t in tasks if t.get("days_overdue") is not None]
    deadlines = [t["deadline"] for t in tasks if t.get("deadline")]
    params = {
        "ten": c.get("recipient_name"), "co_quan": joined("agency_name"),
        "nhiem_vu": joined("task_title"), "ke_hoach": joined("plan_number"),
        "han": vn_date(min(deadlines)) if deadlines else None,
        "so_ngay": max(days) if days else None, "so_viec": len(tasks),
        "lien_ket": (tasks[0].get("task_url") if len(tasks) == 1 else None)
                    or c.get("dashboard_url"),
    }
    return {k: str(v) for k, v in params.items() if v not in (None, "")}
