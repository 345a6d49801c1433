"""A person's choices about messages, and the limits a plan's coordinator sets on them.

A person chooses their channels (email, SMS, Zalo), the time of their daily digest, and which
kinds of message they do without. The plan may require kinds nobody can turn off for its tasks
(plan settings ``{"messages": {"required": ["overdue", ...]}}``), and an escalation is never a
choice: it always goes, and if none of the channels the person chose can reach them, it goes on
every channel that can.
"""
from __future__ import annotations

from datetime import time
from typing import Iterable, Mapping, Optional

from workflows.errors import InvalidValue
from workflows.reminders import DAILY_DIGEST_AT, DIGEST_TIMES

# The kinds of message a person may turn off, and the outbox kinds each covers.
OPTIONAL_KINDS: dict[str, tuple[str, ...]] = {
    "reminder": ("reminder", "due_today"),
    "overdue": ("overdue",),
    "returned": ("submission_returned",),
    "extension_answered": ("extension_granted",),
}
ALWAYS = frozenset({"escalation"})
# Where an escalation goes when none of the chosen channels reaches the person: the address
# book's own channels (a phone number does not mean a Zalo account).
FALLBACK_CHANNELS = ("email", "sms")
DEFAULT_DIGEST_AT = DAILY_DIGEST_AT  # the times one may choose: workflows.reminders.DIGEST_TIMES


class InvalidPreference(InvalidValue):
    """A choice the rules refuse (``field``: ``problem``)."""


def choice_of(kind: str) -> Optional[str]:
    """The optional kind (a person's choice) that covers the outbox ``kind``, if any."""
    return next((name for name, kinds in OPTIONAL_KINDS.items() if kind in kinds), None)


def wanted(kind: str, muted: Iterable[str], required: Iterable[str] = ()) -> bool:
    """Whether a person who turned off ``muted`` gets a message of ``kind`` about a task of a
    plan that requires ``required``."""
    if kind in ALWAYS:
        return True
    choice = choice_of(kind)
    return choice is None or choice not in set(muted) or choice in set(required)


def reaching(kind: str, chosen: Mapping[str, str], every: Mapping[str, str]) -> dict[str, str]:
    """{channel: address} to use: the chosen ones, or for an escalation every one of
    ``every`` (FALLBACK_CHANNELS) when the chosen reach nobody."""
    if chosen or kind not in ALWAYS:
        return dict(chosen)
    return dict(every)


def check_plan_messages(plan_settings: Optional[Mapping]) -> None:
    """Refuse a plan's ``messages`` setting the outbox could not follow, naming the field (at
    activation, so a typo never silently leaves a kind optional)."""
    messages = (plan_settings or {}).get("messages")
    if messages is None:
        return
    if not isinstance(messages, Mapping) or set(messages) - {"required"}:
        raise InvalidPreference("messages", 'an object with one key, "required" '
                                            f'(a list among {", ".join(OPTIONAL_KINDS)})', "bad_setting")
    required = messages.get("required")
    if required is None:
        return
    if not isinstance(required, list) or not all(isinstance(k, str) for k in required):
        raise InvalidPreference("messages.required", f"a list among {', '.join(OPTIONAL_KINDS)}",
                                "bad_setting")
    bad = [k for k in required if k not in OPTIONAL_KINDS]
    if bad:
        raise InvalidPreference("messages.required", f"unknown kind(s) {', '.join(bad)}: "
                                f"{', '.join(OPTIONAL_KINDS)} (an escalation always goes)", "bad_choice",
                                value=", ".join(bad))


def required_kinds(plan_settings: Optional[Mapping]) -> frozenset[str]:
    found = ((plan_settings or {}).get("messages") or {}).get("required") or ()
    return frozenset(k for k in found if k in OPTIONAL_KINDS)


def digest_time(text: Optional[str]) -> time:
    """The digest time a person chose ("HH:MM", one of workflows.reminders.DIGEST_TIMES)."""
    if not text:
        return DEFAULT_DIGEST_AT
    try:
        at = time.fromisoformat(text)
    except ValueError:
        raise InvalidPreference("digest_at", f"{text!r} is not a time (HH:MM)", "bad_time",
                                value=text) from None
    if at not in DIGEST_TIMES:
        first, last = DIGEST_TIMES[0].strftime("%H:%M"), DIGEST_TIMES[-1].strftime("%H:%M")
        raise InvalidPreference("digest_at", f"{text!r}: on the hour or half hour, {first} to {last}",
                                "bad_digest_time", value=text, first=first, last=last)
    return at


def clean_muted(muted: Iterable[str]) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(muted))
    bad = [k for k in found if k not in OPTIONAL_KINDS]
    if bad:
        raise InvalidPreference("muted", f"unknown kind(s) {', '.join(bad)}: "
                                         f"{', '.join(OPTIONAL_KINDS)}", "bad_choice", value=", ".join(bad))
    return found
