"""What must hold along the way and at the end, said so a person can act on a failure.

Messages are judged by what does not depend on wording: how many, to whom, on which channel,
at what hour, and whether any came twice. The read models must come back identical from a
replay of the log, and the log must verify.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, time
from types import SimpleNamespace

from click.testing import CliRunner
from sqlalchemy import select

from service.cli.log import log as log_command
from service.eventlog.tables import checkpoints
from service.outbox.tables import outbox
from service.projections.agencies import agencies
from service.projections.tasks import tasks
from tests.acceptance.script import Row
from workflows.localtime import local_date
from workflows.classification import Status, TaskFacts, classify

SMS_FROM, SMS_UNTIL = time(7, 0), time(21, 0)  # README: "No SMS between 21:00 and 07:00"


def _who(world, address: str) -> str:
    for p in world.people.values():
        if address in (p.email, p.phone) or (p.phone and address.endswith(p.phone[1:])):
            return p.label
    return address


def check_day(world, day: date) -> None:
    """At most one digest a day per person and channel; no SMS at night."""
    today = [a for a in world.arrivals if local_date(a.at) == day]
    digests = Counter((a.to, a.channel) for a in today if a.kind == "daily_digest")
    twice = {k: n for k, n in digests.items() if n > 1}
    assert not twice, f"{day:%d/%m/%Y}: more than one daily digest: " + "; ".join(
        f"{_who(world, to)} got {n} by {ch}" for (to, ch), n in twice.items())
    night = [a for a in today if a.channel == "sms" and not SMS_FROM <= a.local.time() < SMS_UNTIL]
    assert not night, f"{day:%d/%m/%Y}: SMS at night: " + "; ".join(
        f"{_who(world, a.to)} at {a.local:%H:%M} ({a.kind})" for a in night)


def check_messages(world) -> None:
    """Each message arrived once, came from one outbox row marked sent, and no cause was told
    to the same person on the same channel twice."""
    unknown = [a for a in world.arrivals if a.outbox_id is None or a.kind is None]
    assert not unknown, f"messages that name no outbox row: {[(a.channel, a.to) for a in unknown][:5]}"
    ids = Counter((a.outbox_id, a.to) for a in world.arrivals)
    again = [k for k, n in ids.items() if n > 1]
    assert not again, f"messages delivered twice (outbox id, to): {again[:10]}"
    with world.dd.engine.connect() as conn:
        sent = conn.execute(select(outbox).where(outbox.c.status == "sent")).mappings().all()
        stuck = conn.execute(select(outbox.c.id, outbox.c.kind, outbox.c.channel, outbox.c.status,
                                    outbox.c.last_error)
                             .where(outbox.c.status.in_(("pending", "sending", "failed")))).all()
    assert not stuck, f"messages not delivered at the end of the year: {stuck[:10]}"
    assert {r["id"] for r in sent} == {a.outbox_id for a in world.arrivals}, \
        "the outbox rows marked sent are not the messages that arrived"
    causes = Counter((r["person_id"], r["channel"], r["kind"], r["task_id"], r["cause_position"],
                      str(r["context"].get("day") or r["context"].get("week_start") or ""))
                     for r in sent)
    twice = [k for k, n in causes.items() if n > 1]
    assert not twice, f"the same message twice (person, channel, kind, task, cause, day): {twice[:10]}"


def check_escalations(world, script, as_of: date) -> None:
    """Who heard of the late: each task of the agency that never answers was escalated once to
    the coordinator and once to its leader (by email); a requested body's task, and a task done
    on time, never were."""
    coordinator = world.people["dieuphoi"].person_id
    leaders = {p.agency_id: p.person_id for p in world.people.values() if p.role == "leader"}
    with world.dd.engine.connect() as conn:
        listed_in = outbox.alias("listed_in")  # a sweep's escalations go out as one list
        told = Counter(tuple(r) for r in conn.execute(
            select(outbox.c.task_id, outbox.c.person_id)
            .join(listed_in, listed_in.c.id == outbox.c.merged_into).where(
                outbox.c.kind == "escalation", listed_in.c.status == "sent",
                outbox.c.channel == "email")))
        rows = conn.execute(select(tasks, agencies.c.name.label("agency")).join(
            agencies, agencies.c.agency_id == tasks.c.agency_id)
            .where(tasks.c.plan_id == script.plan_id)).mappings().all()
    wrong = []
    for r in rows:
        heard = {who: n for (task, who), n in told.items() if task == r["task_id"]}
        page = f"{script.named(r['task_id'])} (/nhiem-vu/{r['task_id']})"
        on_time = classify(_facts(r), as_of) is Status.DONE_ON_TIME
        if (r["role"] == "requested" or on_time) and heard:
            wrong.append(f"{page}: escalated to {heard} although "
                         f"{'done on time' if on_time else 'a requested body'}")
        if script.personas.get(r["agency"]) == "silent" and r["role"] == "lead":
            want = {coordinator: 1, leaders[r["agency_id"]]: 1}
            if heard != want:
                wrong.append(f"{page}: escalated to {heard}, want coordinator and leader {want}")
    assert not wrong, "escalations (person ids):\n  " + "\n  ".join(wrong)


def check_cascade(world, script) -> None:
    """The plan implementing this one (the "cascade" scene) is on the plan's page with its
    tasks counted, and the scene's task says, in its timeline, that the plan did it."""
    if script.lower_plan_id is None:
        return
    browser = world.people["dieuphoi"].browser(world)
    page = browser.open(f"/ke-hoach/{script.plan_id}")
    assert f'data-lower="{script.lower_plan_id}"' in page.html, (
        f"{page.url}: the lower plan {script.lower_plan_id} is not in the cascade section")
    task = script.task(script.scenes["cascade"])
    page = browser.open(f"/nhiem-vu/{task}")
    assert "Hoàn thành: đơn vị đã ban hành kế hoạch số" in page.html, (
        f"{page.url}: the timeline does not say the implementing plan did the task")


def _facts(r) -> TaskFacts:
    return TaskFacts(r["task_id"], r["plan_id"], r["agency_id"], r["deadline"],
                     done_at=r["done_at"], cancelled_at=r["cancelled_at"])


def final_rows(world, script, as_of) -> list[Row]:
    with world.dd.engine.connect() as conn:
        rows = conn.execute(select(tasks).where(tasks.c.plan_id == script.plan_id)).mappings().all()
        names = dict(conn.execute(select(agencies.c.agency_id, agencies.c.name)).all())
        script.index(conn)
    out = []
    for r in rows:
        status = classify(_facts(r), as_of)
        _, line, period = script.named(r["task_id"]).split(" | ")
        out.append(Row(names[r["agency_id"]], None if line == "-" else int(line), period,
                       f"{r['deadline']:%d/%m/%Y}", status.value if status else "cancelled"))
    return out


def check_final_classes(world, script, as_of) -> None:
    got, want = Counter(final_rows(world, script, as_of)), Counter(script.expected)
    missing, extra = want - got, got - want
    assert not missing and not extra, (
        f"{script.name}: the tasks' final classes differ from plans/{script.name}.toml as of "
        f"{as_of:%d/%m/%Y}.\n  expected but not found:\n    "
        + "\n    ".join(map(str, sorted(missing.elements(), key=str)))
        + "\n  found instead:\n    " + "\n    ".join(map(str, sorted(extra.elements(), key=str)))
        + "\n  every task as it ended:\n" + "\n".join(
            sorted(str(r) for r in got.elements())))


def read_models(world) -> dict[str, list[tuple]]:
    """Every read-model table (and the projections' checkpoints), row by row, in key order."""
    tables = [t for p in world.dd.projections for t in p.tables] + [checkpoints]
    out = {}
    with world.dd.engine.connect() as conn:
        for t in tables:
            order = list(t.primary_key.columns) or list(t.columns)
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*order))]
    return out


def check_log_verify_and_rebuild(world) -> None:
    runner = CliRunner()
    verified = runner.invoke(log_command, ["verify"], obj={"app": world.app})
    assert verified.exit_code == 0, f"dondoc log verify: {verified.output}"
    before = read_models(world)
    rebuilt = runner.invoke(log_command, ["rebuild"], obj={"app": world.app})
    assert rebuilt.exit_code == 0, f"dondoc log rebuild: {rebuilt.output}"
    after = read_models(world)
    for name in before:
        b, a = before[name], after[name]
        if b != a:
            gone = [r for r in b if r not in a][:3]
            new = [r for r in a if r not in b][:3]
            raise AssertionError(f"read model {name} differs after `dondoc log rebuild` "
                                 f"({len(b)} rows before, {len(a)} after):\n  before only: "
                                 f"{gone}\n  after only: {new}")


def check_log_moves(world, target_app, path) -> None:
    """The year's log exported, imported into an empty database (PostgreSQL when the suite has
    one), verified there, and every read model the same as here."""
    runner = CliRunner()
    exported = runner.invoke(log_command, ["export", str(path)], obj={"app": world.app})
    assert exported.exit_code == 0, f"dondoc log export: {exported.output}"
    imported = runner.invoke(log_command, ["import", str(path)], obj={"app": target_app})
    assert imported.exit_code == 0, f"dondoc log import: {imported.output}"
    moved = SimpleNamespace(dd=target_app.extensions["dondoc"])
    here, there = read_models(world), read_models(moved)
    for name in here:
        assert here[name] == there[name], (
            f"read model {name} differs after the log moved to {moved.dd.engine.url.get_backend_name()} "
            f"({len(here[name])} rows here, {len(there[name])} there)")
