"""People handlers: add and update the people who use dondoc (administrators only)."""
from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import select

from notifications.phones import InvalidPhoneNumber, normalize_phone
from service.auth.credentials import set_password
from service.handlers.guards import require_administrator
from service.projections.people import people
from workflows import commands as c
from workflows import message_prefs as prefs
from workflows.errors import InvalidValue, NotFound
from workflows.people_events import CHANNELS, PersonAdded, PersonUpdated, Profile
from workflows.permissions import PermissionDenied, UserRole


class InvalidProfile(InvalidValue):
    """A person's profile field the handler refuses (``field``: ``problem``)."""


def add_person(cmd: c.AddPerson, uow, ctx) -> str:
    require_administrator(ctx.actor, "people")
    profile = clean_profile(cmd.profile)
    taken = uow.conn.execute(select(people.c.person_id).where(people.c.username == profile.username)).scalar()
    if taken:
        raise InvalidProfile("username", f"{profile.username!r} is taken", "taken",
                             value=profile.username)
    person_id = f"p-{uuid.uuid4().hex[:10]}"
    uow.append(f"person-{person_id}", 0, [PersonAdded(person_id, profile)])
    if cmd.password:
        set_password(uow.conn, person_id, cmd.password, ctx.now())
    uow.commit()
    return person_id


def update_person(cmd: c.UpdatePerson, uow, ctx) -> int:
    require_administrator(ctx.actor, "people")
    version = uow.events.stream_version(f"person-{cmd.person_id}")
    if version == 0:
        raise NotFound("person", cmd.person_id)
    expected = version if cmd.expected_version is None else cmd.expected_version
    stored = uow.append(f"person-{cmd.person_id}", expected,
                        [PersonUpdated(cmd.person_id, clean_profile(cmd.profile))])
    uow.commit()
    return stored[-1].version


def change_message_choices(cmd: c.ChangeMessageChoices, uow, ctx) -> int:
    """A person changes their own choices (an administrator may do it for them)."""
    if ctx.actor.user_id != cmd.person_id and ctx.actor.role is not UserRole.ADMINISTRATOR:
        raise PermissionDenied("only the person themself or an administrator changes their "
                               "message choices")
    history = uow.events.read_stream(f"person-{cmd.person_id}")
    if not history:
        raise NotFound("person", cmd.person_id)
    expected = history[-1].version if cmd.expected_version is None else cmd.expected_version
    profile = replace(history[-1].event.profile, channels=tuple(cmd.channels),
                      digest_at=cmd.digest_at or None, muted=tuple(cmd.muted))
    stored = uow.append(f"person-{cmd.person_id}", expected,
                        [PersonUpdated(cmd.person_id, clean_profile(profile))])
    uow.commit()
    return stored[-1].version


def clean_profile(p: Profile) -> Profile:
    """Refuse a bad profile at entry, naming the field (never at send time)."""
    if not p.username.strip():
        raise InvalidProfile("username", "required", "required")
    if not p.name.strip():
        raise InvalidProfile("name", "required", "required")
    try:
        role = UserRole(p.role)
    except ValueError:
        raise InvalidProfile("role", f"must be one of {', '.join(r.value for r in UserRole)}",
                             "bad_choice", value=p.role) from None
    if role in (UserRole.FOCAL_POINT,) and not p.agency_id:
        raise InvalidProfile("agency_id", "a focal point belongs to an agency", "agency_required")
    if p.email and ("@" not in p.email or " " in p.email.strip()):
        raise InvalidProfile("email", f"{p.email!r} is not an email address", "bad_email",
                             value=p.email)
    phone = None
    if p.phone:
        try:
            phone = normalize_phone(p.phone)
        except InvalidPhoneNumber as exc:
            raise InvalidProfile("phone", str(exc), "bad_phone", value=p.phone) from None
    bad = set(p.channels) - set(CHANNELS)
    if bad:
        raise InvalidProfile("channels", f"unknown channel(s) {', '.join(sorted(bad))}: "
                                         f"{', '.join(CHANNELS)}", "bad_choice", value=", ".join(sorted(bad)))
    try:
        digest_at = prefs.digest_time(p.digest_at).strftime("%H:%M") if p.digest_at else None
        muted = prefs.clean_muted(p.muted)
    except prefs.InvalidPreference as exc:
        raise InvalidProfile(exc.field, exc.problem, exc.code, **exc.values) from None
    return replace(p, username=p.username.strip(), name=p.name.strip(), role=role.value,
                   email=(p.email or "").strip() or None, phone=phone, channels=tuple(p.channels),
                   digest_at=digest_at, muted=muted)
