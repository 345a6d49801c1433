"""dondoc scheduler [--once]: reminders, overdue marks, escalations and digests."""
from __future__ import annotations

import logging
import signal
import threading

import click

from service.cli.context import pass_app
from service.cli.words import _, swept


@click.command()
@click.option("--once", is_flag=True,
              help="Sweep once for what is due now and exit (safe beside a running leader).")
@pass_app
def scheduler(dd, once: bool) -> None:
    """Run the scheduler: a sweep every minute, digests at 07:30 (one leader at a time)."""
    from service.scheduler.runner import catch_up_schedule, run_scheduler
    from service.scheduler.sweep import sweep

    if once:
        catch_up_schedule(dd)
        from service.retention import erase_expired

        report = sweep(dd, dd.clock.now())
        click.echo(swept(report))
        click.echo(str(erase_expired(dd, dd.clock.now())))
        if report.failed:
            raise SystemExit(1)
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(_("lịch nhắc việc dondoc đang chạy (Ctrl-C để dừng)"))
    run_scheduler(dd, stop)
