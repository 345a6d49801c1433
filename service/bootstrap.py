"""Pick the concrete pieces (engine, clock, projections) once; tests swap them here."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from sqlalchemy import Engine

from service.clock import SystemClock
from service.config import Settings, smtp_settings
from service.db import make_engine
from service.log_key import load_log_key
from service.eventlog.store import Meta
from service.outbox.reactor import outbox_reactor
from service.projections.base import Projection
from service.projections.registry import all_projections
from service.uow import UnitOfWork
from notifications.email import SmtpSettings
from workflows.calendar import WorkingCalendar


@dataclass
class Dondoc:
    settings: Settings
    engine: Engine
    clock: object
    projections: Sequence[Projection] = field(default_factory=list)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    reactors: list = field(default_factory=lambda: [outbox_reactor])  # (conn, stored_events, now)
    smtp: SmtpSettings | None = None  # the relay every email goes through (None: none configured)

    @property
    def bus(self):
        from service.bus import MessageBus
        from service.handlers import HANDLERS

        return MessageBus(self, HANDLERS)

    def uow(self, meta: Meta = Meta()) -> UnitOfWork:
        return UnitOfWork(self.engine, self.projections, self.clock, meta, self.reactors,
                          self.settings.log_key)


def bootstrap(settings: Settings, clock=None, engine: Engine | None = None,
              projections: Sequence[Projection] | None = None) -> Dondoc:
    settings.log_key = settings.log_key or load_log_key(settings.instance_path)
    return Dondoc(
        settings=settings,
        engine=engine or make_engine(settings.database_url),
        clock=clock or SystemClock(),
        projections=list(all_projections() if projections is None else projections),
        smtp=smtp_settings(settings.smtp),
    )
