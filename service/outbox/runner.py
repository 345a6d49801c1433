"""The dispatcher loop: ``run_once`` with the real clock every few seconds until told to stop.

``start_dispatcher_thread`` runs it inside the embedded one-process start (dondoc run);
``dondoc dispatcher`` runs it as a process of its own (production: as many as wanted).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from service.outbox.dispatcher import Dispatcher
from service.outbox.transports import build_transports, build_zalo_transport

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def make_dispatcher(dd, outbox_only: bool | None = None, **kwargs) -> Dispatcher:
    """A dispatcher with the configured transports (service.outbox.transports)."""
    email, sms = build_transports(dd.settings, dd.smtp, outbox_only)
    kwargs.setdefault("zalo", build_zalo_transport(dd.settings, outbox_only))
    return Dispatcher(dd, email, sms, kwargs.pop("worker_id", None) or worker_id(), **kwargs)


def run_dispatcher(dd, stop_event: threading.Event, interval: float = DEFAULT_INTERVAL,
                   dispatcher: Dispatcher | None = None) -> None:
    dispatcher = dispatcher or make_dispatcher(dd)
    log.info("dispatcher %s: started, every %.0fs", dispatcher.worker_id, interval)
    while not stop_event.is_set():
        try:
            counts = dispatcher.run_once(dd.clock.now())
            if counts.claimed:
                log.info("dispatcher %s: %s", dispatcher.worker_id, counts)
        except Exception:  # the database went away for a moment: try again next round
            log.exception("dispatcher %s: round failed", dispatcher.worker_id)
        stop_event.wait(interval)
    log.info("dispatcher %s: stopped", dispatcher.worker_id)


def start_dispatcher_thread(dd, stop_event: threading.Event, interval: float = DEFAULT_INTERVAL,
                            outbox_only: bool | None = None) -> threading.Thread:
    """A daemon thread running the dispatcher until ``stop_event`` is set. Unconfigured
    transports write to the instance folder when ``outbox_only`` (default: on SQLite)."""
    dispatcher = make_dispatcher(dd, outbox_only)  # built here, so a bad setting fails the start, loudly
    thread = threading.Thread(target=run_dispatcher, args=(dd, stop_event, interval, dispatcher),
                              name="dondoc-dispatcher", daemon=True)
    thread.start()
    return thread
