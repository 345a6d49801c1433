"""Events and a read model used only by the event log tests."""
from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import Column, Integer, MetaData, String, Table

from service.projections.base import RowProjection
from workflows.events import Event, event


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit: str


@event
@dataclass(frozen=True)
class SampleHappened(Event):
    name: str
    due: date
    at: datetime
    amount: Decimal
    colour: Colour
    ref: uuid.UUID
    tags: tuple[str, ...] = ()
    parts: tuple[Amount, ...] = ()
    note: Optional[str] = None
    ratio: float = 0.5


@event
@dataclass(frozen=True)
class SampleCounted(Event):
    by: int


test_metadata = MetaData()
counters = Table(
    "test_counters", test_metadata,
    Column("stream_id", String(120), primary_key=True),
    Column("total", Integer, nullable=False),
    Column("events", Integer, nullable=False),
)


class CounterProjection(RowProjection):
    name = "test_counters"
    table = counters
    handles = frozenset({"SampleCounted"})

    def evolve(self, row, ev):
        row = row or {"stream_id": ev.stream_id, "total": 0, "events": 0}
        return {**row, "total": row["total"] + ev.event.by, "events": row["events"] + 1}


class FailingProjection(CounterProjection):
    name = "failing"

    def apply(self, conn, events):
        raise RuntimeError("projection broke")
