"""dondoc dispatcher [--once] [--interval N]: send what the outbox holds."""
from __future__ import annotations

import logging
import signal
import threading

import click

from service.cli.context import pass_app
from service.cli.words import _, dispatched


@click.command()
@click.option("--once", is_flag=True, help="Send what is due now and exit.")
@click.option("--interval", default=5.0, show_default=True, type=float,
              help="Seconds between rounds.")
@pass_app
def dispatcher(dd, once: bool, interval: float) -> None:
    """Send queued email and SMS, retrying with backoff (run as many as wanted)."""
    from service.outbox.runner import make_dispatcher, run_dispatcher

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    worker = make_dispatcher(dd)
    if once:
        counts = worker.run_once(dd.clock.now())
        click.echo(dispatched(counts))
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(_("bộ gửi tin dondoc {worker} đang chạy (Ctrl-C để dừng)", worker=worker.worker_id))
    run_dispatcher(dd, stop, interval, worker)
