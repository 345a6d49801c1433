"""Vietnamese messages from Jinja2 templates.

``render(kind, context, channel)`` gives a RenderedMessage: for ``channel="email"`` a
subject, plain text and HTML; for ``channel="sms"`` one short text (with diacritics; the
SMS gateway removes them unless set to Unicode). HTML is autoescaped; dates print
dd/mm/yyyy (a ``date``, an aware ``datetime`` shown in Vietnam time, or an ISO string as
the outbox's JSON holds it). Day counts are working days.

Context keys, by kind (every kind also takes an optional ``unsubscribe_url``, shown as a
link in emails):

- reminder: recipient_name, agency_name, task_title, plan_number, deadline, days_left,
  task_url
- due_today: recipient_name, agency_name, task_title, plan_number, deadline, task_url
- overdue: recipient_name, agency_name, task_title, plan_number, deadline, days_overdue,
  task_url
- escalation_list (the escalations of one sweep to one coordinator or leader): recipient_name,
  day, dashboard_url, tasks: list of {agency_name, task_title, plan_number, deadline,
  days_overdue, task_url, reminded_on (the days the agency received reminders: dates),
  unreached (when none: why, as sentences)}
- submission_returned: recipient_name, agency_name, task_title, plan_number, deadline,
  reason (the reviewer's comment), task_url
- extension_granted: recipient_name, agency_name, task_title, plan_number,
  previous_deadline, deadline (the new one), task_url
- task_assigned (a task given to this agency instead of another): recipient_name,
  agency_name, task_title, plan_number, deadline, previous_agency_name, reason (the
  coordinator's), task_url
- daily_digest (one per person per day): recipient_name, agency_name, day (date),
  dashboard_url, tasks: list of {task_title, plan_number, deadline, days_left, task_url}
  where days_left < 0 is overdue by that many days, 0 is due today
- weekly_summary (coordinators): recipient_name, week_start, week_end, dashboard_url,
  agencies: list of {agency_name, tasks: list of {task_title, plan_number, deadline,
  days_overdue, task_url}}

A missing key raises TemplateError naming the kind and the key; so does a missing
template. Nothing is loaded until the first render.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo

import jinja2

from notifications.errors import TemplateError
from notifications.message import OutgoingEmail, OutgoingSms

__all__ = ["KINDS", "REQUIRED_KEYS", "RenderedMessage", "TemplateError", "render",
           "vn_date"]

TEMPLATES = Path(__file__).parent / "templates"
APP_NAME = "Hệ thống Đôn đốc nhiệm vụ"
LOCAL_TIME_ZONE = "Asia/Ho_Chi_Minh"

_TASK = ("recipient_name", "agency_name", "task_title", "plan_number", "deadline",
         "task_url")
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "reminder": _TASK + ("days_left",),
    "due_today": _TASK,
    "overdue": _TASK + ("days_overdue",),
    "escalation_list": ("recipient_name", "day", "tasks", "dashboard_url"),
    "submission_returned": _TASK + ("reason",),
    "extension_granted": _TASK + ("previous_deadline",),
    "task_assigned": _TASK + ("previous_agency_name", "reason"),
    "daily_digest": ("recipient_name", "agency_name", "day", "tasks", "dashboard_url"),
    "weekly_summary": ("recipient_name", "week_start", "week_end", "agencies",
                       "dashboard_url"),
    "password_reset": ("recipient_name", "reset_url"),
}
KINDS = tuple(REQUIRED_KEYS)
CHANNELS = {"email": ("subject", "text", "html"), "sms": ("sms",)}

_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


@dataclass(frozen=True)
class RenderedMessage:
    kind: str
    channel: str
    text: str
    subject: str | None = None
    html: str | None = None

    def as_email(self, to: str, message_id: str | None = None,
                 unsubscribe_url: str | None = None) -> OutgoingEmail:
        if self.channel != "email":
            raise ValueError(f"{self.kind} was rendered for {self.channel}, not email")
        return OutgoingEmail(to=to, subject=self.subject or "", text=self.text,
                             html=self.html, message_id=message_id,
                             unsubscribe_url=unsubscribe_url)

    def as_sms(self, to: str, reference: str | None = None) -> OutgoingSms:
        if self.channel != "sms":
            raise ValueError(f"{self.kind} was rendered for {self.channel}, not SMS")
        return OutgoingSms(to=to, text=self.text, reference=reference)


def vn_date(value: Any) -> str:
    """dd/mm/yyyy, as Vietnamese administrative documents write dates."""
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises, naming the missing variable
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(LOCAL_TIME_ZONE))
        value = value.date()
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    return f"{value.day:02d}/{value.month:02d}/{value.year}"  # strftime's %d/%m/%Y, 5x faster


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith(".html.j2")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship with the code: no stat() of each at every render
    )
    env.filters["vn_date"] = vn_date
    env.globals["app_name"] = APP_NAME
    return env


def _template_name(kind: str, variant: str) -> str:
    return f"{kind}.{variant}.html.j2" if variant == "html" else f"{kind}.{variant}.j2"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _render_variant(kind: str, variant: str, channel: str,
                    context: Mapping[str, Any]) -> str:
    env = environment()
    try:
        template = env.get_template(_template_name(kind, variant))
        return template.render(**context)
    except jinja2.TemplateNotFound as error:
        raise TemplateError(kind, f"no template {error.name}", channel=channel) from None
    except jinja2.UndefinedError as error:
        match = _UNDEFINED.search(str(error))
        variable = next((g for g in match.groups() if g), None) if match else None
        raise TemplateError(kind, f"missing variable {variable or error}",
                            variable=variable, channel=channel) from None
    except (TypeError, ValueError) as error:
        raise TemplateError(kind, f"bad value in context: {error}",
                            channel=channel) from None


def render(kind: str, context: Mapping[str, Any], channel: str = "email") -> RenderedMessage:
    if kind not in REQUIRED_KEYS:
        raise TemplateError(kind, f"unknown kind; known: {', '.join(KINDS)}")
    if channel not in CHANNELS:
        raise TemplateError(kind, f"unknown channel {channel!r}; use email or sms")
    missing = [key for key in REQUIRED_KEYS[kind] if key not in context]
    if missing:
        raise TemplateError(kind, f"missing variable {', '.join(missing)}",
                            variable=missing[0], channel=channel)
    if channel == "sms":
        text = _one_line(_render_variant(kind, "sms", channel, context))
        return RenderedMessage(kind, channel, text)
    return RenderedMessage(
        kind, channel,
        subject=_one_line(_render_variant(kind, "subject", channel, context)),
        text=_tidy(_render_variant(kind, "text", channel, context)),
        html=_render_variant(kind, "html", channel, context),
    )
