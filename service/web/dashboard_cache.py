"""The dashboard's counts computed once per change of the log and per day, in each process.

Its counts change only when an event is appended (the log's mark moves: EventStore.mark) or when a
deadline day ends (the date in Vietnam changes): between the two the same answer is served.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from flask import g, has_request_context

from service.eventlog.store import EventStore
from workflows.localtime import local_date

_SIZE = 64
_lock = threading.Lock()
_boards: OrderedDict = OrderedDict()


def _mark(conn):
    """The log's mark, read once per connection and request (a page's counts and names share
    it); the connection is held with it, so its id is not another's within the request."""
    if not has_request_context():
        return EventStore(conn).mark()
    marks = g.setdefault("_dashboard_marks", {})
    if id(conn) not in marks:
        marks[id(conn)] = (conn, EventStore(conn).mark())
    return marks[id(conn)][1]


def cached(conn, compute, actor, instant, filters):
    """``compute(conn, actor, instant, filters)``, or its answer kept since the log last moved."""
    key = (compute.__qualname__, _mark(conn), local_date(instant), actor.role,
           actor.agency_id, actor.plan_ids, filters, str(conn.engine.url))
    with _lock:
        board = _boards.get(key)
        if board is not None:
            _boards.move_to_end(key)
            return board
    board = compute(conn, actor, instant, filters)
    with _lock:
        _boards[key] = board
        while len(_boards) > _SIZE:
            _boards.popitem(last=False)
    return board
