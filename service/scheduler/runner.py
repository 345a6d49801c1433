"""The scheduler process: APScheduler runs the log's sealer every second (eventlog.sealer),
the sweep every minute, the focal points' daily digests every half hour from 07:30 to 20:00 (each person's at the time they chose, 07:30 by
default), the coordinators' weekly summary on Monday at 07:30 and the erasure of submitted
files past their plan's retention at 01:30 (Asia/Ho_Chi_Minh).

Every instance runs the same jobs; each job first makes sure its instance leads, and does
nothing otherwise, so a follower takes over at its next minute when the leader dies. Jobs read
``now`` from the service's clock, never from datetime.now.

- ``dondoc scheduler``: :func:`run_scheduler` in the foreground until SIGTERM/SIGINT;
- ``dondoc run`` (embedded): :func:`start_scheduler_thread` beside the web app.
"""
from __future__ import annotations

import logging
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import exists, select

from service.projections.rebuild import catch_up, rebuild
from service.projections.tasks import tasks
from service.scheduler.leadership import leadership_for
from service.scheduler.projection import task_schedule
from service.scheduler.sweep import schedule_projection, sweep
from workflows.reminders import DAILY_DIGEST_AT, DIGEST_TIMES

log = logging.getLogger("dondoc.scheduler")

TIMEZONE = "Asia/Ho_Chi_Minh"

def digest_trigger() -> OrTrigger:
    """Fires at every time a person may choose for their digest (workflows.reminders
    .DIGEST_TIMES); each run sends the digests whose time has come (service.outbox.digests)."""
    hours: dict[int, list[int]] = {}
    for at in DIGEST_TIMES:
        hours.setdefault(at.minute, []).append(at.hour)
    return OrTrigger([CronTrigger(timezone=TIMEZONE, minute=m, hour=",".join(map(str, h)))
                      for m, h in sorted(hours.items())])


WEEKLY_SUMMARY = dict(day_of_week="mon", hour=DAILY_DIGEST_AT.hour, minute=DAILY_DIGEST_AT.minute)
RETENTION = dict(hour=1, minute=30)


class Scheduler:
    """The jobs of one scheduler instance, and the APScheduler that runs them."""

    def __init__(self, dd, leadership=None):
        self.dd = dd
        self.leadership = leadership or leadership_for(dd)
        self.aps: BackgroundScheduler | None = None
        self.stopper: threading.Thread | None = None  # set by start_scheduler_thread
        self.seal_refused: str | None = None  # what the sealer last refused, if it does

    def tick(self):
        """The minute job: sweep when leading. Returns the report, or None when following."""
        if not self.leadership.acquire():
            return None
        report = sweep(self.dd, self.dd.clock.now())
        if report.tasks:
            log.info("%s", report)
        return report

    def seal(self):
        """Every second, on every instance (the sealer takes its own lock): chain the rows
        appended since into the keyed log and move its signed head (eventlog.sealer)."""
        from service.eventlog.head import LogRefused
        from service.eventlog.sealer import seal_log

        try:
            sealed = seal_log(self.dd.engine, self.dd.settings.log_key)
        except LogRefused as exc:  # said once, not every second, until it changes
            if str(exc) != self.seal_refused:
                log.error("the log's sealer refuses: %s", exc)
            self.seal_refused = str(exc)
            return None
        self.seal_refused = None
        return sealed

    def retention(self):
        """The nightly job: erase the files of plans whose retention ran out, when leading."""
        if not self.leadership.acquire():
            return None
        from service.retention import erase_expired

        report = erase_expired(self.dd, self.dd.clock.now())
        log.info("%s", report)
        return report

    def daily_digest(self):
        return self._queue("queue_daily_digests")

    def weekly_summary(self):
        return self._queue("queue_weekly_summaries")

    def _queue(self, name: str):
        if not self.leadership.acquire():
            return None
        from service.outbox import digests  # imported when the job runs, not with the scheduler

        now = self.dd.clock.now()
        with self.dd.engine.begin() as conn:
            result = getattr(digests, name)(conn, now)
        log.info("%s at %s: %s", name, now.isoformat(), result)
        return result

    def build(self) -> BackgroundScheduler:
        aps = BackgroundScheduler(timezone=TIMEZONE)
        common = dict(max_instances=1, coalesce=True)
        aps.add_job(self.tick, IntervalTrigger(minutes=1, timezone=TIMEZONE), id="sweep",
                    next_run_time=_aps_now(), misfire_grace_time=30, **common)
        aps.add_job(self.seal, IntervalTrigger(seconds=1, timezone=TIMEZONE), id="seal",
                    misfire_grace_time=5, **common)
        aps.add_job(self.retention, CronTrigger(timezone=TIMEZONE, **RETENTION),
                    id="retention", misfire_grace_time=6 * 3600, **common)
        aps.add_job(self.daily_digest, digest_trigger(),
                    id="daily_digest", misfire_grace_time=3600, **common)
        aps.add_job(self.weekly_summary, CronTrigger(timezone=TIMEZONE, **WEEKLY_SUMMARY),
                    id="weekly_summary", misfire_grace_time=3600, **common)
        return aps

    def start(self) -> "Scheduler":
        catch_up_schedule(self.dd)
        self.aps = self.build()
        self.aps.start()
        log.info("scheduler started: sweep every minute, digests half-hourly %s-%s %s",
                 DIGEST_TIMES[0], DIGEST_TIMES[-1], TIMEZONE)
        return self

    def shutdown(self) -> None:
        if self.aps is not None:
            self.aps.shutdown(wait=True)
            self.aps = None
        self.leadership.release()


def _aps_now():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # APScheduler's own wall clock decides when jobs fire; the jobs take ``now`` from dd.clock.
    return datetime.now(ZoneInfo(TIMEZONE))


def catch_up_schedule(dd) -> None:
    """Fill the schedule of a database that had tasks before the schedule existed, or feed it
    what it missed. Cheap when it is current."""
    projection = schedule_projection(dd)
    with dd.engine.connect() as conn:
        empty = not conn.execute(select(exists().select_from(task_schedule))).scalar()
        has_tasks = conn.execute(select(exists().select_from(tasks))).scalar()
    if empty and has_tasks:
        report = rebuild(dd.engine, [projection])
        log.info("schedule rebuilt from %d events", report.events)
    else:
        catch_up(dd.engine, [projection])


def start_scheduler_thread(dd, stop_event: threading.Event | None = None) -> Scheduler:
    """Start the scheduler in background threads (embedded ``dondoc run``). It stops when
    ``stop_event`` is set, or on ``.shutdown()``."""
    scheduler = Scheduler(dd).start()
    if stop_event is not None:
        scheduler.stopper = threading.Thread(target=_stop_when_set, args=(scheduler, stop_event),
                                             name="dondoc-scheduler-stop", daemon=True)
        scheduler.stopper.start()
    return scheduler


def run_scheduler(dd, stop_event: threading.Event) -> None:
    """Run in the foreground until ``stop_event`` is set."""
    _stop_when_set(Scheduler(dd).start(), stop_event)


def _stop_when_set(scheduler: Scheduler, stop_event: threading.Event) -> None:
    stop_event.wait()
    scheduler.shutdown()
    log.info("scheduler stopped")
