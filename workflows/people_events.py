"""Events of a person stream (``person-<id>``): the people who use dondoc and how to reach them.

Passwords and API tokens are not events: secrets must be erasable, and the log never forgets.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from workflows.events import Event, event, upcaster


CHANNELS = ("email", "sms", "zalo")  # zalo: Zalo ZNS template messages to the phone number


@dataclass(frozen=True)
class Profile:
    username: str
    name: str
    role: str  # workflows.permissions.UserRole value
    agency_id: Optional[str] = None
    plan_ids: tuple[str, ...] = ()
    email: Optional[str] = None
    phone: Optional[str] = None  # E.164, +84...
    channels: tuple[str, ...] = ("email", "sms")
    language: str = "vi"
    is_leader: bool = False  # the agency's leader: receives escalations
    active: bool = True
    digest_at: Optional[str] = None  # "HH:MM" local; None: the default (workflows.message_prefs)
    muted: tuple[str, ...] = ()  # kinds of message the person does without (message_prefs)


@event
@dataclass(frozen=True)
class PersonAdded(Event):
    schema_version: ClassVar[int] = 2  # 2: the profile carries digest_at and muted
    person_id: str
    profile: Profile


@event
@dataclass(frozen=True)
class PersonUpdated(Event):
    schema_version: ClassVar[int] = 2
    person_id: str
    profile: Profile


def _profile_v1(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 profiles knew no message choices: the defaults, as before.
    return {**data, "profile": {"digest_at": None, "muted": [], **data["profile"]}}


upcaster("PersonAdded", 1)(_profile_v1)
upcaster("PersonUpdated", 1)(_profile_v1)
