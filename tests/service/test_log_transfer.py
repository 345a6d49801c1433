"""`dondoc log export` / `log import`: a log moves between databases, every hash checked, every
read model the same on arrival; a damaged file is refused by line and writes nothing."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from service import migrate
from service.cli.log import log as log_command
from service.clock import ManualClock
from service.db import make_engine
from service.eventlog.tables import checkpoints, events
from service.scheduler.sweep import sweep
from tests.conftest import postgres_url
from tests.service.test_task_handlers import active, first_one_off, people  # noqa: F401
from workflows import commands as c


def _app(url, tmp_path, name):
    from service.app import create_app

    engine = make_engine(url)
    migrate.upgrade(engine)
    clock = ManualClock(datetime(2022, 4, 1, 2, 0, tzinfo=timezone.utc))
    return create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock, "DATABASE_URL": url,
                       "INSTANCE_PATH": str(tmp_path / name)})


@pytest.fixture
def target(tmp_path):
    """An empty migrated database: PostgreSQL when the suite has one (the move people make),
    else another SQLite file."""
    base = postgres_url()
    if base is None:
        app = _app(f"sqlite:///{tmp_path / 'target.sqlite3'}", tmp_path, "target")
        yield app
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    app = _app(f"{base}{sep}options=-csearch_path%3D{schema}", tmp_path, "target")
    yield app
    app.extensions["dondoc"].engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _lived(dd, clock, active):  # noqa: F811
    """Some life on the log: starts, a submission, a return, a sweep's reminders and marks."""
    row = first_one_off(active)
    fp, coord = people(row)
    dd.bus.handle(c.StartTask(row["task_id"]), fp)
    dd.bus.handle(c.SubmitResult(row["task_id"], text="Đã tổ chức 3 lớp"), fp)
    dd.bus.handle(c.ReturnSubmission(row["task_id"], reason="Thiếu số liệu"), coord)
    sweep(dd, clock.advance(timedelta(days=300)))


def _read_models(dd) -> dict[str, list[tuple]]:
    tables = [t for p in dd.projections for t in p.tables] + [checkpoints]
    with dd.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
            select(t).order_by(*(list(t.primary_key.columns) or list(t.columns))))]
            for t in tables}


def _run(app, *args):
    return CliRunner().invoke(log_command, list(args), obj={"app": app})


def test_a_log_moves_to_another_database_and_reads_the_same(app, dd, clock, active, target,  # noqa: F811
                                                           tmp_path):
    _lived(dd, clock, active)
    path = tmp_path / "log.jsonl"
    out = _run(app, "export", str(path))
    assert out.exit_code == 0, out.output
    lines = path.read_text(encoding="utf-8").splitlines()
    with dd.engine.connect() as conn:
        assert len(lines) - 2 == conn.execute(select(func.count()).select_from(events)).scalar()
    assert json.loads(lines[-1])["head"]["position"] == len(lines) - 2  # the signed head, last
    got = _run(target, "import", str(path))
    assert got.exit_code == 0, got.output
    assert _run(target, "verify").exit_code == 0
    # Compared with this database's own replay: a sweep moves a task that waits for its first
    # notice to a later next_action_at than the log alone gives (known; see the closing note),
    # and that difference belongs to `log rebuild`, not to the move.
    assert _run(app, "rebuild").exit_code == 0
    assert _read_models(target.extensions["dondoc"]) == _read_models(dd)


@pytest.mark.parametrize("damage, says", [
    (lambda ls: ls[:3] + ls[4:], "line 4: position"),
    (None, "does not match its hash"),  # the submitted text changed on its own line
    (lambda ls: ["{}"] + ls[1:], "line 1: not a dondoc log export"),
    (lambda ls: ls[:2] + ["{not json"] + ls[3:], "line 3: not an event line"),
    (lambda ls: ls[:-4], "cut short"),  # the last events and the head gone
    (lambda ls: ls[:-4] + ls[-1:], "events were removed or rewritten"),  # the last events gone
    (lambda ls: ls[:-1] + [ls[-1].replace('"signature": "', '"signature": "0')[:-3] + '"}}'],
     "signed head does not verify"),
])
def test_a_damaged_file_is_refused_by_line_and_writes_nothing(app, dd, clock, active, target,  # noqa: F811
                                                             tmp_path, damage, says):
    _lived(dd, clock, active)
    path = tmp_path / "log.jsonl"
    assert _run(app, "export", str(path)).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    if damage is None:
        i = next(i for i, ln in enumerate(lines) if "Đã tổ chức 3 lớp" in ln)
        lines = lines[:i] + [lines[i].replace("3 lớp", "9 lớp")] + lines[i + 1:]
    else:
        lines = damage(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _run(target, "import", str(path))
    assert got.exit_code == 1 and says in got.output, got.output
    with target.extensions["dondoc"].engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 0


def test_import_refuses_a_database_that_has_a_log(app, dd, clock, active, tmp_path):  # noqa: F811
    path = tmp_path / "log.jsonl"
    assert _run(app, "export", str(path)).exit_code == 0
    got = _run(app, "import", str(path))
    assert got.exit_code == 1 and "already holds events" in got.output
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["format"] == "dondoc-event-log"


def test_import_needs_the_key_the_log_was_written_with(app, dd, clock, active, target,  # noqa: F811
                                                       tmp_path):
    _lived(dd, clock, active)
    path = tmp_path / "log.jsonl"
    assert _run(app, "export", str(path)).exit_code == 0
    target.extensions["dondoc"].settings.log_key = "the target's own key"
    got = _run(target, "import", str(path))
    assert got.exit_code == 1, got.output
    assert "line 2: position 1: its keyed hash does not verify under this database's log key" \
        in got.output
    with target.extensions["dondoc"].engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 0
