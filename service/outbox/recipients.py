"""Who receives a message about a task, and on which channels, from the people read model.

- focal points: active people with role focal_point in the task's agency;
- coordinator: active coordinators whose plan_ids hold the task's plan;
- leader: active people of the task's agency marked is_leader (or with the leader role).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Connection, bindparam, or_, select

from service.projections.people import people
from workflows.message_prefs import FALLBACK_CHANNELS, reaching

FOCAL_POINTS, COORDINATOR, LEADER = "focal_points", "coordinator", "leader"


@dataclass(frozen=True)
class Recipient:
    person_id: str
    name: str
    agency_id: str | None
    email: str | None
    phone: str | None
    channels: tuple[str, ...]
    muted: tuple[str, ...] = ()  # kinds of message turned off (workflows.message_prefs)
    digest_at: str | None = None

    def addresses_for(self, kind: str) -> dict[str, str]:
        """Where a message of ``kind`` goes: the chosen channels, or for an escalation every
        channel that reaches the person when none of the chosen does (message_prefs)."""
        return reaching(kind, self.addresses(),
                        replace(self, channels=FALLBACK_CHANNELS).addresses())

    def addresses(self) -> dict[str, str]:
        """{channel: address} for each channel the person chose and can be reached on."""
        found = {}
        if "email" in self.channels and (self.email or "").strip():
            found["email"] = self.email.strip()
        if "sms" in self.channels and (self.phone or "").strip():
            found["sms"] = self.phone.strip()
        if "zalo" in self.channels and (self.phone or "").strip():  # ZNS goes to the phone number
            found["zalo"] = self.phone.strip()
        return found


def as_recipient(row) -> Recipient:
    return Recipient(row.person_id, row.name, row.agency_id, row.email, row.phone,
                     tuple(row.channels or ()), tuple(row.muted or ()), row.digest_at)


_ACTIVE = select(people).where(people.c.active.is_(True)).order_by(people.c.person_id)


# Built once: the reactor asks for every reminder, escalation and returned submission.
_FOCAL_POINTS = _ACTIVE.where(people.c.role == "focal_point", people.c.agency_id == bindparam("agency_id"))
_LEADERS = _ACTIVE.where(people.c.agency_id == bindparam("agency_id"),
                         or_(people.c.is_leader.is_(True), people.c.role == "leader"))


def focal_points(conn: Connection, agency_id: str) -> list[Recipient]:
    return [as_recipient(r) for r in conn.execute(_FOCAL_POINTS, {"agency_id": agency_id})]


def coordinators(conn: Connection, plan_id: str | None = None) -> list[Recipient]:
    """Coordinators of ``plan_id`` (every active coordinator when None); plan_ids is JSON,
    filtered here: the people table is small."""
    rows = conn.execute(_ACTIVE.where(people.c.role == "coordinator"))
    return [as_recipient(r) for r in rows if plan_id is None or plan_id in (r.plan_ids or ())]


def coordinator_plans(conn: Connection) -> list[tuple[Recipient, tuple[str, ...]]]:
    rows = conn.execute(_ACTIVE.where(people.c.role == "coordinator"))
    return [(as_recipient(r), tuple(r.plan_ids or ())) for r in rows]


def leaders(conn: Connection, agency_id: str) -> list[Recipient]:
    return [as_recipient(r) for r in conn.execute(_LEADERS, {"agency_id": agency_id})]


def person(conn: Connection, person_id: str) -> Recipient | None:
    row = conn.execute(_ACTIVE.where(people.c.person_id == person_id)).first()
    return as_recipient(row) if row else None


def audience(conn: Connection, who: str, agency_id: str, plan_id: str) -> list[Recipient]:
    if who == FOCAL_POINTS:
        return focal_points(conn, agency_id)
    if who == COORDINATOR:
        return coordinators(conn, plan_id)
    if who == LEADER:
        return leaders(conn, agency_id)
    raise ValueError(f"unknown audience {who!r}")
