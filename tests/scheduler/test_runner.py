"""The scheduler process: its jobs and when they fire, leadership at each job, the digests'
wiring, the embedded thread, and ``dondoc scheduler --once``."""
import threading
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from service.cli import main
from service.scheduler.leadership import LeaseLock
from service.scheduler.runner import Scheduler, start_scheduler_thread
from tests.scheduler.conftest import bulk_tasks, key_counts, local

H1 = date(2022, 6, 16)


def fire_after(aps, job_id, moment):
    return aps.get_job(job_id).trigger.get_next_fire_time(None, moment)


def test_jobs_and_when_they_fire(dd):
    aps = Scheduler(dd, LeaseLock(dd.engine, dd.clock)).build()
    assert {j.id for j in aps.get_jobs()} == {"seal", "sweep", "daily_digest", "weekly_summary",
                                              "retention"}
    assert str(aps.timezone) == "Asia/Ho_Chi_Minh"
    thursday = local("2022-06-16 09:00")
    assert fire_after(aps, "daily_digest", local("2022-06-16 09:10")) == local("2022-06-16 09:30")
    assert fire_after(aps, "daily_digest", local("2022-06-16 19:40")) == local("2022-06-16 20:00")
    assert fire_after(aps, "daily_digest", local("2022-06-16 20:10")) == local("2022-06-17 07:30")
    assert fire_after(aps, "weekly_summary", thursday) == local("2022-06-20 07:30")  # Monday
    assert fire_after(aps, "retention", thursday) == local("2022-06-17 01:30")
    assert aps.get_job("sweep").trigger.interval == timedelta(minutes=1)
    assert aps.get_job("seal").trigger.interval == timedelta(seconds=1)


def test_only_the_leader_sweeps_and_queues_digests(dd, clock):
    bulk_tasks(dd, 5, H1)
    clock.set(local("2022-06-16 09:00"))
    calls = []
    leader = Scheduler(dd, LeaseLock(dd.engine, clock, holder="a"))
    follower = Scheduler(dd, LeaseLock(dd.engine, clock, holder="b"))
    assert leader.tick().events == 5 * 4
    assert follower.tick() is None
    for s in (leader, follower):
        s._queue = lambda name, s=s: calls.append((s.leadership.holder, name)) \
            if s.leadership.acquire() else None
        s.daily_digest(), s.weekly_summary()
    assert calls == [("a", "queue_daily_digests"), ("a", "queue_weekly_summaries")]


def test_digest_jobs_call_the_outbox_with_the_service_clock(dd, clock, monkeypatch):
    from service.outbox import digests

    seen = []
    monkeypatch.setattr(digests, "queue_daily_digests", lambda conn, now: seen.append(("d", now)) or 0)
    monkeypatch.setattr(digests, "queue_weekly_summaries", lambda conn, now: seen.append(("w", now)) or 0)
    clock.set(local("2022-06-20 07:30"))
    s = Scheduler(dd, LeaseLock(dd.engine, clock))
    s.daily_digest(), s.weekly_summary()
    assert seen == [("d", clock.now()), ("w", clock.now())]


def test_the_real_digests_run_on_a_fresh_database(dd, clock):
    clock.set(local("2022-06-20 07:30"))
    s = Scheduler(dd, LeaseLock(dd.engine, clock))
    assert s.daily_digest() is not None and s.weekly_summary() is not None


def test_the_embedded_thread_sweeps_at_start_and_stops_on_the_event(dd, clock):
    bulk_tasks(dd, 3, H1)
    clock.set(local("2022-06-16 09:00"))
    swept = threading.Event()
    from service.signals import events_committed

    def on_commit(sender, events):
        swept.set()

    events_committed.connect(on_commit)
    try:
        stop = threading.Event()
        scheduler = start_scheduler_thread(dd, stop)
        assert swept.wait(30), "the first sweep did not run"
        stop.set()
        scheduler.stopper.join(30)
        assert scheduler.aps is None and not scheduler.leadership.leading
    finally:
        events_committed.disconnect(on_commit)
    assert len(key_counts(dd)) == 3 * 4


@pytest.mark.two_clocks
def test_cli_sweeps_once(app, dd, clock):
    """The command takes ``now`` from the app's clock (a test hands it one), at any hour."""
    bulk_tasks(dd, 4, H1)  # long overdue
    result = CliRunner().invoke(main, ["scheduler", "--once"], obj={"app": app})
    assert result.exit_code == 0, result.output
    assert "4 due tasks" in result.output and "4 marked overdue" in result.output
    assert "escalated" not in result.output  # nobody was told yet: the ladder waits
    again = CliRunner().invoke(main, ["scheduler", "--once"], obj={"app": app})
    assert "nothing due" in again.output
    assert set(key_counts(dd).values()) == {1}


def test_a_schedule_that_missed_the_tasks_is_filled_at_start(dd, clock):
    from sqlalchemy import delete, func, select

    from service.scheduler.projection import reminder_keys, task_schedule
    from service.scheduler.runner import catch_up_schedule

    bulk_tasks(dd, 6, H1)
    with dd.engine.begin() as conn:  # as after the upgrade that created the tables
        conn.execute(delete(reminder_keys)), conn.execute(delete(task_schedule))
    catch_up_schedule(dd)
    with dd.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(task_schedule)).scalar() == 6


def test_the_seal_job_seals_what_was_appended_and_says_once_when_it_refuses(dd, caplog):
    import time

    from sqlalchemy import delete, func, select

    from service.eventlog.store import Meta
    from service.eventlog.tables import events
    from tests.service.sample_events import SampleCounted

    with dd.uow(Meta(actor="a")) as uow:
        uow.append("s", 0, [SampleCounted(1), SampleCounted(2), SampleCounted(3)])
        uow.commit()
    scheduler, deadline = Scheduler(dd, LeaseLock(dd.engine, dd.clock)), time.monotonic() + 120

    def unsealed():
        with dd.engine.connect() as conn:
            return conn.execute(select(func.count()).where(events.c.seq.is_(None))).scalar()

    while unsealed() and time.monotonic() < deadline:  # a transaction elsewhere on the
        scheduler.seal()                                # server may hold the sealer back
        time.sleep(0.05)
    assert unsealed() == 0
    with dd.engine.begin() as conn:
        conn.execute(delete(events).where(events.c.seq == 3))
    with caplog.at_level("ERROR", logger="dondoc.scheduler"):
        assert scheduler.seal() is None and scheduler.seal() is None
    refusals = [r for r in caplog.records if "sealer refuses" in r.getMessage()]
    assert len(refusals) == 1 and "events were removed" in refusals[0].getMessage()
