"""A plan activated with its tasks long overdue, at night or in the morning: the agencies are told
first, the coordinator and the leader only once the ladder's working days have passed since that
notice, in one message per person and sweep, saying only what happened. Real mail and SMS
servers on loopback; the scheduler's sweeps, the 07:30 digest and the dispatcher at their hours.
"""
from datetime import date, datetime, time, timedelta

import pytest

from notifications.quiet_hours import DEFAULT_QUIET_HOURS
from service.eventlog.store import NewStream
from service.outbox.digests import queue_daily_digests
from service.scheduler.sweep import sweep
from tests.outbox.world import HEALTH, PLAN, add_person, rows, seed
from workflows.localtime import VN_TZ
from workflows.plan_events import AgencyRegistered
from workflows.reminders import DAILY_DIGEST_AT, REMINDER_HOUR
from workflows.task_events import DutyRole, TaskCreated, TaskKind

POLICE = "a-congan"  # registered, but no focal point: nobody there can be told
DEADLINE = date(2024, 2, 20)
PER_AGENCY = 30


def activate_overdue_plan(dd):
    """60 tasks of plan p1, all a week and more past their deadline."""
    seed(dd)
    with dd.uow() as uow:
        uow.append(f"agency-{POLICE}", 0, [AgencyRegistered(POLICE, "Công an tỉnh", "province")])
        uow.append_batch([
            NewStream(f"task-{agency}-{i}", 0, [TaskCreated(
                f"{agency}-{i}", PLAN, f"d{i}", f"Nhiệm vụ {i:02d} của {agency}", agency,
                DutyRole.LEAD, TaskKind.ONE_OFF, DEADLINE)])
            for agency in (HEALTH, POLICE) for i in range(PER_AGENCY)])
        uow.commit()
    add_person(dd, "fp1", "focal_point", HEALTH, email="fp1@yte.example.vn")
    add_person(dd, "ld1", "leader", HEALTH, email="ld1@yte.example.vn", is_leader=True)
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", phone="+84987654321",
               plan_ids=[PLAN])


class Office:
    """Runs the scheduler's jobs and the dispatcher at their hours, and notes what arrived when."""

    def __init__(self, dd, clock, dispatcher, mail, gateway):
        self.dd, self.clock, self.dispatcher = dd, clock, dispatcher
        self.mail, self.gateway = mail, gateway
        self.received: list[tuple[datetime, str, object]] = []  # (local time, to, message)
        self.sms: list[datetime] = []
        self.escalating_sweeps: list[tuple[datetime, int]] = []  # (local time, lists queued)

    def at(self, moment: datetime) -> None:
        self.clock.set(moment)
        now = self.clock.now()
        report = sweep(self.dd, now, batch_size=7)  # many batches: still one list per person
        if report.escalated:
            self.escalating_sweeps.append((moment, report.escalation_lists))
        if moment.time() == DAILY_DIGEST_AT:
            with self.dd.engine.begin() as conn:
                queue_daily_digests(conn, now)
        seen_mail, seen_sms = len(self.mail.received), len(self.gateway.requests)
        self.dispatcher.run_once(now)
        for m in self.mail.received[seen_mail:]:
            self.received.append((moment, m.envelope.rcpt_tos[0], m.message))
        self.sms += [moment] * (len(self.gateway.requests) - seen_sms)

    def walk(self, until: date) -> None:
        day = self.clock.now().astimezone(VN_TZ).date() + timedelta(days=1)
        while day <= until:
            for t in (REMINDER_HOUR, DAILY_DIGEST_AT, time(12, 0)):
                self.at(datetime.combine(day, t, tzinfo=VN_TZ))
            day += timedelta(days=1)

    def to(self, address: str) -> list[tuple[datetime, object]]:
        return [(at, m) for at, to, m in self.received if to == address]


def body(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


@pytest.mark.two_clocks
def test_an_overdue_plan_is_reminded_first_and_escalated_after_the_ladder(
        dd, clock, dispatcher, mail, http_gateway):
    activate_overdue_plan(dd)
    office = Office(dd, clock, dispatcher, mail, http_gateway)
    activated = clock.now().astimezone(VN_TZ)
    office.at(activated)  # the first sweep: overdue marks, stale reminders skipped
    assert office.escalating_sweeps == [] and office.to("co1@ldtbxh.example.vn") == []
    office.walk(until=date(2024, 3, 14))
    cal = dd.calendar

    # The focal point heard first, in the morning digest.
    noticed = office.to("fp1@yte.example.vn")[0][0]
    assert noticed.time() == DAILY_DIGEST_AT and noticed >= activated

    # The coordinator: one message per sweep, whatever the batches; 60 tasks in all.
    to_coordinator = office.to("co1@ldtbxh.example.vn")
    emailed_at = [at for at, _ in to_coordinator]
    assert len(set(emailed_at)) == len(emailed_at)  # never two in one sweep
    assert set(emailed_at) <= {at for at, _ in office.escalating_sweeps}
    listed = "\n".join(body(m) for _, m in to_coordinator)
    for agency in (HEALTH, POLICE):
        for i in range(PER_AGENCY):
            assert listed.count(f"Nhiệm vụ {i:02d} của {agency}\n") == 1

    # Not before 3 working days since the notice (the police: since the first attempt).
    health_at = next(at for at, m in to_coordinator if HEALTH in body(m))
    police_at = next(at for at, m in to_coordinator if POLICE in body(m))
    assert health_at == datetime.combine(cal.add_working_days(noticed.date(), 3), REMINDER_HOUR,
                                         tzinfo=VN_TZ)
    assert police_at == datetime.combine(cal.add_working_days(activated.date(), 3),
                                         REMINDER_HOUR, tzinfo=VN_TZ)

    # Each task says what happened, and only that.
    for _, m in to_coordinator:
        for item in body(m).split("\n\n"):
            if HEALTH in item and "Nhiệm vụ" in item:
                assert f"đầu mối đã nhận nhắc việc ngày {noticed:%d/%m/%Y}" in item
            if POLICE in item and "Nhiệm vụ" in item:
                assert ("chưa nhắc được cơ quan: cơ quan chưa có đầu mối nhận tin trên hệ thống"
                        in item)
        assert "đã được nhắc" not in body(m)
        assert "quá hạn" in m["Subject"] or "ngày làm việc" in m["Subject"]

    # The leader of the health department: once, 7 working days after the notice.
    (leader_at, leader_message), = office.to("ld1@yte.example.vn")
    assert leader_at == datetime.combine(cal.add_working_days(noticed.date(), 7), REMINDER_HOUR,
                                         tzinfo=VN_TZ)
    assert body(leader_message).count("Nhiệm vụ ") >= PER_AGENCY

    # The coordinator's SMS: one per list, never at night.
    assert len(office.sms) == len(to_coordinator)
    assert not any(DEFAULT_QUIET_HOURS.is_quiet(at) for at in office.sms)
    assert {r.status for r in rows(dd, kind="escalation_list")} == {"sent"}
