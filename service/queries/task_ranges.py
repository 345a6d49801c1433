"""A task list as ranges of indexes: the tasks an actor may view under some filters, in
(deadline, task_id) order after a key, as a merge of short index range scans.

The visible tasks are a union of parts, each with equalities an index leads with: the plans of
a coordinator (one part per plan), an agency, the tasks it cooperates on or held before (their
keys), everything (an administrator). A state filter, or the overdue rule (per state: working
tasks past their deadline, or not), splits each part by state. Every part is then one range of
an index ending in (deadline, task_id) (``service.projections.tasks``): the first ``n`` keys of
each part, merged, are the first ``n`` of the list. Only keys are read from the indexes (a
covering range); the rows of the page are joined to the ``n`` keys kept.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

from sqlalchemy import Date, and_, bindparam, cast, func, or_, select, tuple_, union

from service.projections.tasks import tasks as t
from workflows import task_rules
from workflows.permissions import Actor, UserRole

WORKING = tuple(s.value for s in task_rules.WORKING)
STATES = tuple(s.value for s in task_rules.TaskState)
# SQLite allows 500 terms in a compound SELECT; a statement merges at most this many parts.
PARTS_PER_STATEMENT = 100


@dataclass(frozen=True)
class Part:
    """Equalities (column name -> value) an index leads with, a list of keys, a column among
    values (checked within the range), and named conditions (``CONDITIONS``)."""
    equal: tuple = ()  # ((column name, value), ...)
    keys: Optional[tuple] = None  # task ids
    extra: tuple = ()  # names of CONDITIONS
    among: tuple = ()  # ((column name, (values, ...)), ...)

    def shape(self) -> tuple:
        return (tuple(name for name, _ in self.equal), self.keys is not None, self.extra,
                tuple(name for name, _ in self.among))

    def but(self, **changes) -> "Part":
        return replace(self, **changes)


def _late_sent(day):
    return or_(t.c.submitted_at.is_(None), day > t.c.deadline)


def _sent_in_time(day):
    return and_(t.c.submitted_at.is_not(None), day <= t.c.deadline)


# Conditions a part may add, over the bound ``today`` and the local day of submission.
CONDITIONS = {
    "past": lambda today, day: t.c.deadline < today,
    "not_past": lambda today, day: t.c.deadline >= today,
    "late_sent": lambda today, day: _late_sent(day),
    "not_past_or_sent_in_time": lambda today, day: or_(t.c.deadline >= today, _sent_in_time(day)),
}


def scope_parts(actor: Actor, cooperating_ids: list[str] | None, agency_id: str | None = None) -> list[Part]:
    """The parts whose union holds what the actor may view (``visibility.task_scope``). A
    coordinator's list of one agency is that agency's range, checked against the plans within
    it (one range instead of one per plan)."""
    if actor.role is UserRole.ADMINISTRATOR:
        return [Part()]
    if actor.role is UserRole.COORDINATOR and agency_id is not None:
        plans = tuple(sorted(actor.plan_ids or ()))
        return [Part(equal=(("agency_id", agency_id),), among=(("plan_id", plans),))] if plans else []
    parts = []
    if actor.role in (UserRole.COORDINATOR, UserRole.LEADER):
        parts += [Part(equal=(("plan_id", p),)) for p in sorted(actor.plan_ids or ())]
    if actor.role in (UserRole.FOCAL_POINT, UserRole.LEADER) and actor.agency_id:
        parts.append(Part(equal=(("agency_id", actor.agency_id),)))
        if cooperating_ids:
            parts.append(Part(keys=tuple(cooperating_ids)))
    return parts


def narrow(parts: list[Part], column: str, value) -> list[Part]:
    """Each part under ``column = value``: dropped where it says otherwise."""
    out = []
    for p in parts:
        have, among = dict(p.equal), dict(p.among)
        if column in have:
            if have[column] == value:
                out.append(p)
        elif column not in among or value in among[column]:
            out.append(p.but(equal=p.equal + ((column, value),)))
    return out


def by_state(parts: list[Part], state: str | None, overdue: bool | None) -> list[Part]:
    """Each part split by state when a state or the overdue rule is asked for. Overdue (as
    ``task_rules.is_overdue``, by the day): a working task past its deadline day, or a result
    submitted after it (or never stamped); not overdue: any other."""
    if state is None and overdue is None:
        return parts
    out = []
    for s in [state] if state is not None else list(STATES):
        if overdue is None:
            extra = ()
        elif overdue:
            if s not in (*WORKING, "submitted"):
                continue
            extra = ("past",) if s in WORKING else ("past", "late_sent")
        else:
            extra = (("not_past",) if s in WORKING else
                     ("not_past_or_sent_in_time",) if s == "submitted" else ())
        out += [p.but(equal=p.equal + (("state", s),), extra=p.extra + extra) for p in parts]
    return out


def local_day(dialect: str, column):
    """The day in Asia/Ho_Chi_Minh of a stored UTC instant (UTC+7 all year since 1975)."""
    if dialect == "postgresql":
        return cast(func.timezone("Asia/Ho_Chi_Minh", column), Date)
    return func.date(column, "+7 hours")


@dataclass(frozen=True)
class Window:
    """What every part keeps: a deadline window, the day overdue is decided on."""
    before: Optional[date] = None  # deadline < before
    after: Optional[date] = None  # deadline > after
    today: Optional[date] = None


_STATEMENTS: dict = {}  # shape -> statement with bound parameters (building one costs more than running it)


def _statement(dialect: str, shapes: tuple, window: tuple, paged: bool):
    key = (dialect, shapes, window, paged)
    stmt = _STATEMENTS.get(key)
    if stmt is not None:
        return stmt
    today, day = bindparam("today", type_=Date), local_day(dialect, t.c.submitted_at)
    common = []
    if window[0]:
        common.append(t.c.deadline < bindparam("before", type_=Date))
    if window[1]:
        common.append(t.c.deadline > bindparam("after", type_=Date))
    if paged:
        d, tid = bindparam("from_deadline", type_=Date), bindparam("from_task")
        common += [t.c.deadline >= d, tuple_(t.c.deadline, t.c.task_id) > tuple_(d, tid)]
    n = bindparam("n")
    selects = []
    for i, (names, keyed, extra, among) in enumerate(shapes):
        where = [t.c[name] == bindparam(f"p{i}_{name}") for name in names]
        where += [t.c[name].in_(bindparam(f"p{i}_among_{name}", expanding=True)) for name in among]
        if keyed:
            where.append(t.c.task_id.in_(bindparam(f"p{i}_keys", expanding=True)))
        where += [CONDITIONS[c](today, day) for c in extra]
        selects.append(select(t.c.deadline, t.c.task_id).where(*where, *common)
                       .order_by(t.c.deadline, t.c.task_id).limit(n))
    if len(selects) == 1:
        keys = selects[0].subquery()
    else:  # UNION, not UNION ALL: parts may overlap (a leader's plan and agency)
        merged = union(*(s.subquery().select() for s in selects)).subquery()
        keys = select(merged.c.deadline, merged.c.task_id).order_by(
            merged.c.deadline, merged.c.task_id).limit(n).subquery()
    stmt = (select(t).join(keys, t.c.task_id == keys.c.task_id)
            .order_by(t.c.deadline, t.c.task_id))
    if len(_STATEMENTS) > 512:
        _STATEMENTS.clear()
    _STATEMENTS[key] = stmt
    return stmt


def first_rows(conn, parts: list[Part], window: Window, after, n: int) -> list:
    """The first ``n`` rows after the key ``after`` (deadline, task_id) over all parts, in order."""
    runs = []
    for start in range(0, len(parts), PARTS_PER_STATEMENT):
        chunk = parts[start:start + PARTS_PER_STATEMENT]
        params = {"n": n, "today": window.today, "before": window.before, "after": window.after}
        if after is not None:
            params["from_deadline"], params["from_task"] = after
        for i, p in enumerate(chunk):
            params.update((f"p{i}_{name}", value) for name, value in p.equal)
            if p.keys is not None:
                params[f"p{i}_keys"] = list(p.keys)
            params.update((f"p{i}_among_{name}", list(values)) for name, values in p.among)
        stmt = _statement(conn.dialect.name, tuple(p.shape() for p in chunk),
                          (window.before is not None, window.after is not None), after is not None)
        runs.append(conn.execute(stmt, params).all())
    if len(runs) == 1:
        return runs[0]
    rows, seen = [], set()
    for r in heapq.merge(*runs, key=lambda r: (r.deadline, r.task_id)):
        if r.task_id not in seen:
            seen.add(r.task_id)
            rows.append(r)
            if len(rows) == n:
                break
    return rows
