"""The message bus: one command in, one handler, one unit of work with the actor's metadata.

The map of command types to handlers (``service.handlers.HANDLERS``) is where the flow of the
system can be read in one place.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from service.eventlog.store import Meta


@dataclass
class HandlerContext:
    """What a handler may use besides its unit of work."""

    dd: Any  # service.bootstrap.Dondoc
    actor: Any  # workflows.permissions.Actor

    @property
    def calendar(self):
        return self.dd.calendar

    def now(self):
        return self.dd.clock.now()


class MessageBus:
    def __init__(self, dd, handlers: dict):
        self.dd, self.handlers = dd, handlers

    def handle(self, command, actor, request_id: str | None = None) -> Any:
        handler = self.handlers.get(type(command))
        if handler is None:
            raise LookupError(f"no handler for {type(command).__name__}")
        meta = Meta(actor=actor.user_id, agency=actor.agency_id,
                    request_id=request_id or uuid.uuid4().hex)
        with self.dd.uow(meta) as uow:
            return handler(command, uow, HandlerContext(self.dd, actor))
