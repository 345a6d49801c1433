"""The progress of a plan's collective duties: of the M members a collective became at
activation, the N done, who is missing, and whether the duty counts complete (all M, or the
quorum the coordinator chose). A periodic report is counted per period: the period shown is
the first one not yet complete (the last one when every period is)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from vn_collate import collate_key

from service.projections.tasks import tasks
from service.queries.agencies import agency_names
from workflows.collectives import duty_complete


@dataclass(frozen=True)
class CollectiveProgress:
    duty_id: str
    duty_text: str
    collectives: tuple[str, ...]  # the names as the plan wrote them
    period_label: Optional[str]
    done: int
    total: int
    quorum: Optional[int]
    complete: bool
    missing: tuple[str, ...]  # names of the members not done, in Vietnamese alphabetical order


def collective_progress(conn, plan: dict, duty_id: str | None = None,
                        period_key: str | None = None) -> list[CollectiveProgress]:
    """Every collective duty of the plan (or the one ``duty_id``, in ``period_key`` when given),
    in one read of their tasks and one of the missing members' names."""
    duties = plan.get("collectives") or {}
    if duty_id is not None:
        duties = {duty_id: duties[duty_id]} if duty_id in duties else {}
    if not duties:
        return []
    t = tasks.c
    rows = conn.execute(select(t.duty_id, t.duty_text, t.period_key, t.period_label, t.agency_id,
                               t.former_agencies, t.state, t.deadline)
                        .where(t.plan_id == plan["plan_id"], t.duty_id.in_(list(duties)))).all()
    chosen = {}
    for d_id, info in duties.items():
        members = set(info["members"])
        periods: dict[Optional[str], dict] = {}
        for r in rows:
            if r.duty_id != d_id or r.state == "cancelled" or (period_key and r.period_key != period_key):
                continue
            member = r.agency_id if r.agency_id in members else next(
                (a for a in r.former_agencies or () if a in members), None)
            if member is None:
                continue  # the duty's other holders (a lead beside the collective)
            p = periods.setdefault(r.period_key, {"label": r.period_label, "text": r.duty_text,
                                                  "deadline": r.deadline, "done": set(), "open": set()})
            p["deadline"] = max(p["deadline"], r.deadline)
            p["done" if r.state == "done" else "open"].add(r.agency_id)
        if periods:
            chosen[d_id] = _current(list(periods.values()), info.get("quorum"))
    names = agency_names(conn, {a for p in chosen.values() for a in p["open"]})
    out = []
    for d_id, p in chosen.items():
        info = duties[d_id]
        done, missing = p["done"] - p["open"], p["open"]
        total = len(done) + len(missing)
        out.append(CollectiveProgress(
            d_id, p["text"], tuple(info["collectives"]), p["label"], len(done), total, info.get("quorum"),
            duty_complete(len(done), total, info.get("quorum")),
            tuple(sorted((names.get(a, a) for a in missing), key=collate_key))))
    return out


def _current(periods: list[dict], quorum: Optional[int]) -> dict:
    periods.sort(key=lambda p: p["deadline"])
    for p in periods:
        done = len(p["done"] - p["open"])
        if not duty_complete(done, done + len(p["open"]), quorum):
            return p
    return periods[-1]
