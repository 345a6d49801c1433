"""The dashboard's counts computed once per change of the log and per day, in each process.

Its counts change only when an event is appended (the log's mark moves: EventStore.mark) or when a
deadline day ends (the date in Vietnam changes): between the two the same answer is served.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from service.eventlog.store import EventStore
from workflows.localtime import local_date

_SIZE = 64
_lock = threading.Lock()
_boards: OrderedDict = OrderedDict()


def cached(conn, compute, actor, instant, filters):
    """``compute(conn, actor, instant, filters)``, or its answer kept since the log last moved."""
    key = (compute.__qualname__, EventStore(conn).mark(), local_date(instant), actor.role,
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
