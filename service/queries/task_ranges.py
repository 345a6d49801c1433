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

import functools
import heapq
import operator
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

from sqlalchemy import ARRAY, Date, Integer, and_, bindparam, cast, func, literal_column, or_, select, true, tuple_, union, union_all

from service.dbutil import among, array_item_type
from service.driver_statements import DriverStatement
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


class Parts(tuple):
    """The parts of a list, hashed once: they are the key of the memos every page of the list
    asks (``_layout``), and hashing twenty parts again was twenty calls of their dataclass's
    hash a request."""

    def __hash__(self) -> int:
        found = self.__dict__.get("hash")
        if found is None:
            found = self.__dict__["hash"] = tuple.__hash__(self)
        return found


def _late_sent(c, day):
    return or_(c.submitted_at.is_(None), day > c.deadline)


def _sent_in_time(c, day):
    return and_(c.submitted_at.is_not(None), day <= c.deadline)


# Conditions a part may add, over columns ``c`` (the table's, or a subquery's), the bound
# ``today`` and the local day of submission.
CONDITIONS = {
    "past": lambda c, today, day: c.deadline < today,
    "not_past": lambda c, today, day: c.deadline >= today,
    "late_sent": lambda c, today, day: _late_sent(c, day),
    "not_past_or_sent_in_time": lambda c, today, day: or_(c.deadline >= today, _sent_in_time(c, day)),
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
        have, listed = dict(p.equal), dict(p.among)
        if column in have:
            if have[column] == value:
                out.append(p)
        elif column not in listed or value in listed[column]:
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


# shape -> statement with bound parameters, run on the driver (building one costs more than
# running it; SQLAlchemy's own handling of a page's statement cost more than SQLite's)
_STATEMENTS: dict = {}
# The probe reads this many keys of the whole list per key of the page before giving way to
# the merge: an actor who may view an eighth of the tasks or more is answered by it.
PROBE_FACTOR = 8
# The columns a part may test, all in the index ix_tasks_deadline_id after its key.
PROBED = ("deadline", "task_id", "plan_id", "agency_id", "state", "kind", "period_key", "submitted_at")


def _limit(dialect: str, name: str, value: int):
    """A LIMIT: a parameter on SQLite; written into the statement on PostgreSQL. A prepared
    statement whose LIMIT is a parameter is planned anew on every run: the generic plan has to
    assume the LIMIT keeps a tenth of the rows, so it always looks dearer than a plan for the
    given values (pg_prepared_statements: 30 custom plans of 30 for the task list's page, 0.14
    ms of the server's CPU a request). With the number in it the generic plan is kept. The
    number written is ``value`` rounded up to one of a few (``_written``), so that a list's
    page sizes (1-501, and what is left of a page after a re-check) make at most 24 statements
    a connection prepares, not hundreds; ``first_rows`` keeps the first ``n`` rows."""
    if dialect == "postgresql":
        return literal_column(str(int(value)), Integer)
    return bindparam(name)


def _written(dialect: str, n: int) -> int | None:
    """The LIMIT written into a statement for ``n`` rows (``_limit``), or None where it is a
    parameter: ``n`` itself up to 10, else the next of 11, 21, ..., 101, then of 201, ...,
    501 (a page of 20 or 50 asks for 21 or 51 rows: exactly that)."""
    if dialect != "postgresql":
        return None
    if n <= 10:
        return n
    step = 10 if n <= 101 else 100
    return -(-(n - 1) // step) * step + 1


def _cached(key, build):
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        if len(_STATEMENTS) > 512:
            _STATEMENTS.clear()
        stmt = _STATEMENTS[key] = DriverStatement(build())
    return stmt


def _window_terms(c, window: tuple, paged: bool) -> list:
    """What every part keeps: the deadline window, and the rows after the cursor's key."""
    terms = []
    if window[0]:
        terms.append(c.deadline < bindparam("before", type_=Date))
    if window[1]:
        terms.append(c.deadline > bindparam("after", type_=Date))
    if paged:
        d, tid = bindparam("from_deadline", type_=Date), bindparam("from_task")
        terms += [c.deadline >= d, tuple_(c.deadline, c.task_id) > tuple_(d, tid)]
    return terms


def _part_terms(dialect: str, c, i: int, shape: tuple, lists=None, values=None) -> list:
    """The equalities, lists and conditions of the ``i``-th part, over columns ``c``. Each list
    is one parameter (``dbutil.among``); ``lists``: {(part number, column): parameter} for
    lists that parts share, bound once; ``values``: columns holding the equalities' values
    (a row of parts, ``_each_lateral``) instead of parameters."""
    names, keyed, extra, listed = shape
    today, day = bindparam("today", type_=Date), local_day(dialect, c.submitted_at)
    where = [c[name] == (values[name] if values is not None else bindparam(f"p{i}_{name}")) for name in names]
    for name in listed:
        where.append(among(c[name], f"p{i}_among_{name}" if lists is None else lists[i, name], dialect))
    if keyed:
        where.append(among(c.task_id, f"p{i}_keys", dialect))
    return where + [CONDITIONS[x](c, today, day) for x in extra]


def _columns(names: tuple | None) -> list:
    """The columns a page's rows hold: the whole row, or those named."""
    return [t] if names is None else [t.c[name] for name in names]


def _rows_of(keys, names: tuple | None, dialect: str):
    """The rows of the kept keys, driven by the keys (at most a page of them): on SQLite by
    their rowid, one search of the table (by primary key it is a search of the key's index,
    then the table's: 7 % of a page's statement); elsewhere by primary key. Unordered:
    ``first_rows`` orders the page (a sort of its rows in SQL cost SQLite more than reading
    them)."""
    on = (_ROWID_OF_TASKS == keys.c.rid) if dialect == "sqlite" else (t.c.task_id == keys.c.task_id)
    return select(*_columns(names)).select_from(keys).join(t, on)


# SQLite: the rowid of the tasks row a key was read from (a covering index holds it), and of
# the tasks table joined to the keys.
_ROWID, _ROWID_OF_TASKS = literal_column("rowid").label("rid"), literal_column("tasks.rowid")


def _rowid(dialect: str, c=None) -> list:
    """The rowid beside a key, on SQLite: of the table read (``c`` None), or as ``c`` has it."""
    if dialect != "sqlite":
        return []
    return [_ROWID] if c is None else [c.rid]


def _statement(dialect: str, shapes: tuple, window: tuple, paged: bool, names: tuple | None, n: int):
    """The merge: the first ``n`` keys of each part's index range, united, then their rows. On
    PostgreSQL a single part's range is read with its rows, nothing joined (as the probe)."""
    written = _written(dialect, n)

    def build():
        if dialect != "sqlite" and len(shapes) == 1:  # one range: its rows read as it is walked
            return (select(*_columns(names)).where(*_part_terms(dialect, t.c, 0, shapes[0]),
                                                   *_window_terms(t.c, window, paged))
                    .order_by(t.c.deadline, t.c.task_id).limit(_limit(dialect, "n", written)))
        return _rows_of(_merged_keys(dialect, shapes, window, paged, n=written), names, dialect)
    return _cached((dialect, shapes, window, paged, names, written), build)


def _merged_keys(dialect: str, shapes: tuple, window: tuple, paged: bool, first: int = 0, lists=None,
                 n: int = 0):
    """The first ``n`` keys of each part's index range, united, the first ``n`` of them kept
    (the parts numbered from ``first``)."""
    common, n = _window_terms(t.c, window, paged), _limit(dialect, "n", n)
    selects = [select(t.c.deadline, t.c.task_id, *_rowid(dialect))
               .where(*_part_terms(dialect, t.c, i, shape, lists), *common)
               .order_by(t.c.deadline, t.c.task_id).limit(n) for i, shape in enumerate(shapes, first)]
    if len(selects) == 1:
        return selects[0].subquery()
    # UNION, not UNION ALL: parts may overlap (a leader's plan and agency)
    merged = union(*(s.subquery().select() for s in selects)).subquery()
    return select(merged.c.deadline, merged.c.task_id, *_rowid(dialect, merged.c)).order_by(
        merged.c.deadline, merged.c.task_id).limit(n).subquery()


def _probe(dialect: str, shapes: tuple, window: tuple, paged: bool, names: tuple | None, n: int):
    """The probe: the first ``budget`` keys of the whole list in (deadline, task_id) order (one
    range of the covering index ``ix_tasks_deadline_id`` under a LIMIT), of them the first
    ``n`` in any part, then their rows.

    On SQLite the head is a co-routine that yields its keys in index order as they are asked
    for, and the keys in a part are taken as they come under the outer LIMIT, unsorted: the
    scan stops at the ``n``-th key in a part instead of reading the whole budget to sort it
    (an actor who sees most tasks: a page read 21 keys of the index, not 168), and the rows
    are then read by rowid. PostgreSQL keeps the ORDER BY: its planner knows the head is in
    that order, so it sorts nothing and stops at the ``n``-th key as well (EXPLAIN ANALYZE: 21
    rows of the index read). There the head reads the rows themselves as it walks the index
    (an index scan, not index-only) and nothing is joined: looking each kept key up again in
    the primary key cost the server more than reading the rows of the keys passed over (a
    coordinator of 20 plans: 94 against 218 µs of the backend's CPU a page; of 1 plan in 20,
    where the probe gives way to the merge: 58 against 88; server CPU per page measured
    over 5,000 pages, 2026-11-29)."""
    written = _written(dialect, n)

    def build():
        direct = dialect != "sqlite"
        shown = tuple(t.c.keys()) if names is None else names  # the row's columns, in order
        wanted = tuple(dict.fromkeys(PROBED + shown)) if direct else PROBED
        head = (select(*(t.c[name] for name in wanted), *_rowid(dialect))
                .where(*_window_terms(t.c, window, paged))
                .order_by(t.c.deadline, t.c.task_id).limit(_limit(dialect, "budget", (written or 0) * PROBE_FACTOR))
                .subquery())
        c = head.c
        where = or_(*(and_(*_part_terms(dialect, c, i, shape)) for i, shape in enumerate(shapes)))
        if direct:
            return (select(*(c[name] for name in shown)).where(where).order_by(c.deadline, c.task_id)
                    .limit(_limit(dialect, "n", written or 0)))
        keys = select(c.deadline, c.task_id, *_rowid(dialect, c)).where(where)
        return _rows_of(keys.limit(_limit(dialect, "n", written or 0)).subquery(), names, dialect)
    return _cached(("probe", dialect, shapes, window, paged, names, written), build)


def _merged(parts: list[Part]) -> list[Part]:
    """The parts with one equality and nothing else, one per column: ``column IN (values)``
    (a coordinator's plans test as one list, not twenty terms)."""
    lone: dict = {}
    rest = []
    for p in parts:
        if len(p.equal) == 1 and p.keys is None and not p.extra and not p.among:
            (name, value), = p.equal
            lone.setdefault(name, []).append(value)
        else:
            rest.append(p)
    return [Part(among=((name, tuple(values)),)) for name, values in lone.items()] + rest


def _params(parts: list[Part], window: Window, after, n: int) -> dict:
    params = {"n": n, "today": window.today, "before": window.before, "after": window.after}
    if after is not None:
        params["from_deadline"], params["from_task"] = after
    for i, p in enumerate(parts):
        params.update((f"p{i}_{name}", value) for name, value in p.equal)
        if p.keys is not None:
            params[f"p{i}_keys"] = list(p.keys)
        params.update((f"p{i}_among_{name}", list(values)) for name, values in p.among)
    return params


def first_rows(conn, parts: list[Part], window: Window, after, n: int, names: tuple | None = None) -> list:
    """The first ``n`` rows after the key ``after`` (deadline, task_id) over all parts, in order;
    ``names``: the columns each row holds (all when None; deadline and task_id always among them).

    Several parts are probed first: when ``n`` of the next ``n * PROBE_FACTOR`` rows of the
    whole list are in some part, they are the answer (the first rows of the list that are in
    a part). Otherwise, and for one part, each part's index range is read and merged. Parts
    whose probe found less than a page where the merge then found a whole one (an actor who
    may view few of the tasks: a focal point's agency, a leader's plan) are not probed for
    their next PROBE_RETRY lists (``_skipped``), then tried again: the probe would only have
    been read for nothing (a page, in one process, 100,000 tasks, one probe in 17 kept: a
    focal point's on SQLite 470 -> 393 µs, a leader's 325 -> 247, a coordinator's of 2 plans in
    20 203 -> 118; on PostgreSQL 1,085 -> 917, 708 -> 553 and 377 -> 217 µs; a coordinator's
    of 20 plans, answered by the probe, as before). Which way a page is read never changes
    what it holds."""
    dialect, win = conn.dialect.name, (window.before is not None, window.after is not None)
    parts = parts if isinstance(parts, Parts) else Parts(parts)
    probed, chunks = _layout(parts)
    missed = False
    if probed is not None and not _skipped(parts):
        params = _params(probed[0], window, after, n)
        params["budget"] = n * PROBE_FACTOR
        rows = _probe(dialect, probed[1], win, after is not None, names, n).records(conn, params)
        if len(rows) >= n:  # PostgreSQL's LIMIT may be more than n (_written): its first n
            return sorted(rows, key=_key)[:n]
        missed = True
    rows = _merge(conn, chunks, dialect, win, window, after, n, names)
    if missed and len(rows) == n:  # sparse, not the list's end: the probe read for nothing
        if len(_PROBE_SKIPS) > 4096:
            _PROBE_SKIPS.clear()
        _PROBE_SKIPS[parts] = PROBE_RETRY
    return rows


# Parts whose probe read for nothing, and how many more lists of theirs are read without one.
# Per process, a guess only: a list is the same read either way.
_PROBE_SKIPS: dict = {}
PROBE_RETRY = 16


def _skipped(parts) -> bool:
    """Whether these parts' list is merged without a probe this time (and one fewer next time)."""
    left = _PROBE_SKIPS.get(parts)
    if not left:
        return False
    if left == 1:
        _PROBE_SKIPS.pop(parts, None)
    else:
        _PROBE_SKIPS[parts] = left - 1
    return True


def _merge(conn, chunks, dialect: str, win: tuple, window: Window, after, n: int, names) -> list:
    """The first ``n`` rows of each chunk's statement, merged in order, each task once."""
    runs = []
    for chunk, shapes in chunks:
        stmt = _statement(dialect, shapes, win, after is not None, names, n)
        runs.append(sorted(stmt.records(conn, _params(chunk, window, after, n)), key=_key))
    if len(runs) == 1:
        return runs[0][:n]
    rows, seen = [], set()
    for r in heapq.merge(*runs, key=_key):
        if r.task_id not in seen:
            seen.add(r.task_id)
            rows.append(r)
            if len(rows) == n:
                break
    return rows


@functools.lru_cache(maxsize=1024)
def _layout(parts: tuple) -> tuple:
    """How ``first_rows`` reads these parts: the probe's parts and their shapes (None when it
    does not probe), and the merge's statements' parts and shapes. The same parts come back
    with every page of a list: worked out once."""
    probed = None
    if 1 < len(parts) and not any(p == Part() for p in parts):
        merged = _merged(list(parts))
        if len(merged) <= PARTS_PER_STATEMENT:
            probed = (merged, tuple(p.shape() for p in merged))
    chunks = []
    for start in range(0, len(parts), PARTS_PER_STATEMENT):
        chunk = list(parts[start:start + PARTS_PER_STATEMENT])
        chunks.append((chunk, tuple(p.shape() for p in chunk)))
    return probed, tuple(chunks)


# a row's key in the list, (deadline, task_id)
_key = operator.attrgetter("deadline", "task_id")


def first_rows_each(conn, groups: list[list[Part]], window: Window, n: int) -> list[list]:
    """The first ``n`` rows of each group of parts (from the start), merged from its index
    ranges as :func:`first_rows` merges them, the groups read in one statement (a page of
    agencies, each with its first tasks). A group of more parts than a statement takes is read
    on its own."""
    found: list = [None] * len(groups)
    batch: list[int] = []
    for g, parts in enumerate(groups):
        if len(parts) > PARTS_PER_STATEMENT or not parts:
            found[g] = first_rows(conn, parts, window, None, n) if parts else []
            continue
        if sum(len(groups[b]) for b in batch) + len(parts) > PARTS_PER_STATEMENT:
            _read_each(conn, groups, batch, window, n, found)
            batch = []
        batch.append(g)
    if batch:
        _read_each(conn, groups, batch, window, n, found)
    return found


def _read_each(conn, groups, batch: list[int], window: Window, n: int, found: list) -> None:
    for g in batch:
        found[g] = []
    if conn.dialect.name == "postgresql":
        rows = _each_lateral(conn, groups, batch, window, n)
    else:
        rows = _each_union(conn, groups, batch, window, n)
    for row in rows:
        found[batch[row.grp]].append(row)


def _each_union(conn, groups, batch: list[int], window: Window, n: int) -> list:
    """SQLite: each part's range its own LIMITed SELECT, a group's united, the groups' one
    after another."""
    parts = [p for g in batch for p in groups[g]]
    shared: dict = {}  # the lists the parts are among (a coordinator's plans: one for all)
    lists = {(i, name): f"among_{shared.setdefault(values, len(shared))}"
             for i, p in enumerate(parts) for name, values in p.among}
    dialect, win = conn.dialect.name, (window.before is not None, window.after is not None)
    shapes = tuple(tuple(p.shape() for p in groups[g]) for g in batch)

    def build():
        runs, first = [], 0
        for g, group in enumerate(shapes):
            keys = _merged_keys(dialect, group, win, False, first, lists, n)
            runs.append(select(keys.c.task_id, literal_column(str(g), Integer).label("grp")))
            first += len(group)
        keys = (runs[0] if len(runs) == 1 else union_all(*runs)).subquery()
        return (select(t, keys.c.grp).join(keys, t.c.task_id == keys.c.task_id)
                .order_by(keys.c.grp, t.c.deadline, t.c.task_id))
    stmt = _cached(("each", dialect, shapes, win, tuple(sorted(lists.items()))), build)
    params = {**_params(parts, window, None, n), **{f"among_{j}": list(values) for values, j in shared.items()}}
    return stmt.records(conn, params)


def _each_lateral(conn, groups, batch: list[int], window: Window, n: int) -> list:
    """PostgreSQL: the parts that differ only in their equalities' values (a page of agencies
    by working state: one row of parts per shape) are one LATERAL range scan under a LIMIT,
    run for each row of an ``unnest`` of those values; of each group's keys the first ``n``
    kept, then their rows. The statement is the same however many groups and parts there are,
    and plans in about a millisecond: one SELECT per part (a page of ten agencies made 40)
    took 13-27 ms to plan for 6-10 ms of running."""
    rows: dict = {}  # (shape, lists, keys) -> [(group, equalities' values), ...]
    for grp, g in enumerate(batch):
        for p in groups[g]:
            rows.setdefault((p.shape(), p.among, p.keys), []).append((grp, dict(p.equal)))
    win = (window.before is not None, window.after is not None)
    shapes = tuple(shape for shape, _, _ in rows)

    def build():
        common, limit, runs = _window_terms(t.c, win, False), bindparam("n"), []
        for j, shape in enumerate(shapes):
            names = shape[0]
            arrays = [bindparam(f"r{j}_grp", type_=ARRAY(Integer))]
            arrays += [bindparam(f"r{j}_{name}", type_=ARRAY(array_item_type(t.c[name].type))) for name in names]
            each = func.unnest(*arrays).table_valued("grp", *names).render_derived(name=f"r{j}")
            keys = (select(t.c.deadline, t.c.task_id)
                    .where(*_part_terms("postgresql", t.c, j, shape, values=each.c), *common)
                    .order_by(t.c.deadline, t.c.task_id).limit(limit).lateral(f"k{j}"))
            runs.append(select(each.c.grp, keys.c.deadline, keys.c.task_id).select_from(each).join(keys, true()))
        found = (runs[0] if len(runs) == 1 else union_all(*runs)).subquery()
        distinct = select(found.c.grp, found.c.deadline, found.c.task_id).distinct().subquery()
        rank = func.row_number().over(partition_by=distinct.c.grp, order_by=(distinct.c.deadline, distinct.c.task_id))
        ranked = select(distinct.c.grp, distinct.c.task_id, rank.label("rank")).subquery()
        # each kept key's row by its primary key (LATERAL ... LIMIT 1: never a join that scans
        # the table, however many rows the planner expects)
        row = select(t).where(t.c.task_id == ranked.c.task_id).limit(1).lateral("row")
        return (select(row, ranked.c.grp).select_from(ranked).join(row, true())
                .where(ranked.c.rank <= limit).order_by(ranked.c.grp, row.c.deadline, row.c.task_id))
    stmt = _cached(("lateral", shapes, win), build)
    params = {"n": n, "today": window.today, "before": window.before, "after": window.after}
    for j, ((shape, lists, keys), members) in enumerate(rows.items()):
        params[f"r{j}_grp"] = [grp for grp, _ in members]
        params.update((f"r{j}_{name}", [equal[name] for _, equal in members]) for name in shape[0])
        params.update((f"p{j}_among_{name}", list(values)) for name, values in lists)
        if keys is not None:
            params[f"p{j}_keys"] = list(keys)
    return stmt.records(conn, params)
