"""dondoc plan import / activate from the command line: clear errors, nothing half-written."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from service.cli import main
from service.eventlog.tables import events

DEMO_PLANS = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans"


def plan_file(name="001_9819b76525b7b7ac.txt"):
    return str(DEMO_PLANS / name)


def run(db_url, *args):
    return CliRunner().invoke(main, ["--database-url", db_url, *args])


def n_events(engine):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(events)).scalar()


def test_dry_run_prints_the_draft_and_stores_nothing(engine, db_url):
    res = run(db_url, "plan", "import", plan_file(), "--dry-run", "--json")
    assert res.exit_code == 0, res.output
    draft = json.loads(res.output)
    assert draft["number"] == "66/KH-UBND"
    assert n_events(engine) == 0


def test_import_then_the_same_file_again_is_refused(engine, db_url):
    first = run(db_url, "plan", "import", plan_file(), "--json")
    assert first.exit_code == 0, first.output
    plan_id = json.loads(first.output)["plan_id"]
    before = n_events(engine)
    again = run(db_url, "plan", "import", plan_file())
    assert again.exit_code == 1
    assert f"as plan {plan_id}" in again.output
    assert n_events(engine) == before


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "docx"),
    ("recipe.txt", "Cách nấu phở bò: ninh xương 8 tiếng.\n".encode(), "plan"),
])
def test_bad_files_exit_non_zero_and_store_nothing(engine, db_url, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    res = run(db_url, "plan", "import", str(path))
    assert res.exit_code == 1
    assert name in res.output and message in res.output.lower()
    assert n_events(engine) == 0


def test_a_decompression_bomb_is_refused_in_a_dry_run(engine, db_url, tmp_path):
    from tests.workflows.importing.bombs import inflating_docx

    path = tmp_path / "bomb.docx"
    path.write_bytes(inflating_docx(300))
    res = run(db_url, "plan", "import", str(path), "--dry-run")
    assert res.exit_code == 1 and "bomb.docx" in res.output and "exceeds the limit" in res.output
    assert "Traceback" not in res.output


def test_missing_file_is_a_clear_error(engine, db_url, tmp_path):
    res = run(db_url, "plan", "import", str(tmp_path / "nope.txt"))
    assert res.exit_code != 0 and "nope.txt" in res.output


def test_correct_and_activate(engine, db_url):
    plan_id = json.loads(run(db_url, "plan", "import", plan_file("000_782a5d1ba16b1fa4.txt"), "--json").output)["plan_id"]
    shown = json.loads(run(db_url, "plan", "show", plan_id).output)
    assert shown["agency_matches"]["Công an phường"]["new"] == "Công an phường"
    refused = run(db_url, "plan", "activate", plan_id)
    assert refused.exit_code == 1 and "cadence" in refused.output
    bad = run(db_url, "plan", "correct", plan_id, "--set", "number=66/KH")
    assert bad.exit_code == 1 and "not JSON" in bad.output
    ok = run(db_url, "plan", "correct", plan_id, "--set", 'number="12/KH-UBND"',
             "--append", 'reporting={"cadence": "semiannual", "recipient": null, "due": null}')
    assert ok.exit_code == 0, ok.output
    no_sender = run(db_url, "plan", "activate", plan_id)
    assert no_sender.exit_code == 1 and "reporting entry 1" in no_sender.output and "'from'" in no_sender.output
    ok = run(db_url, "plan", "correct", plan_id, "--set", 'reporting/0/from=["Công an phường"]',
             "--append", 'reporting/0/from="Trạm y tế phường"', "--set", 'reporting/0/due="06-20"')
    assert ok.exit_code == 0, ok.output
    shown = json.loads(run(db_url, "plan", "show", plan_id).output)
    assert shown["reporting"][0]["from"] == ["Công an phường", "Trạm y tế phường"]
    assert shown["reporting"][0]["due"] == "06-20"
    res = run(db_url, "plan", "activate", plan_id, "--retention-days", "90")
    assert res.exit_code == 0, res.output
    assert "tasks" in res.output
    assert _settings(engine, plan_id)["retention_days"] == 90
    usage = run(db_url, "plan", "retention", plan_id)
    assert usage.exit_code == 2 and "DAYS or --keep" in usage.output
    kept = run(db_url, "plan", "retention", plan_id, "--keep")
    assert kept.exit_code == 0 and "kept (no erasure)" in kept.output, kept.output
    assert _settings(engine, plan_id)["retention_days"] is None
    listing = run(db_url, "plan", "list")
    assert "12/KH-UBND" in listing.output and "active" in listing.output


def test_the_source_lines_are_kept_with_the_import(engine, db_url):
    from service.projections.plan_sources import source_lines

    draft = json.loads(run(db_url, "plan", "import", plan_file(), "--json").output)
    with engine.connect() as conn:
        lines = source_lines(conn, draft["source"]["sha256"])
    duty = draft["assignments"][0]["duties"][0]
    words = duty["text"].split()[:3]
    assert all(w in lines[duty["line"] - 1] for w in words)


def _settings(engine, plan_id):
    from service.projections.plans import plans

    with engine.connect() as conn:
        return conn.execute(select(plans.c.settings).where(plans.c.plan_id == plan_id)).scalar()


def _add_person(engine, db_url, username, role):
    from service.app import create_app
    from workflows import commands as c
    from workflows.people_events import Profile
    from workflows.permissions import Actor

    app = create_app({"TESTING": True, "DATABASE_URL": db_url})
    dd = app.extensions["dondoc"]
    return dd.bus.handle(c.AddPerson(Profile(username=username, name=username, role=role,
                                             email=f"{username}@example.gov.vn")),
                         Actor("admin", "administrator"))


def test_a_plan_imported_here_names_who_follows_it(engine, db_url):
    from service.projections.people import people

    _add_person(engine, db_url, "dieuphoi", "coordinator")
    before = n_events(engine)
    unknown = run(db_url, "plan", "import", plan_file(), "--coordinator", "khong-co")
    assert unknown.exit_code == 1 and "khong-co" in unknown.output
    assert n_events(engine) == before  # nothing imported
    res = run(db_url, "plan", "import", plan_file(), "--coordinator", "dieuphoi")
    assert res.exit_code == 0, res.output
    assert "followed by: dieuphoi" in res.output and " 1 duties" not in res.output
    with engine.connect() as conn:
        plan_ids = conn.execute(select(people.c.plan_ids).where(people.c.username == "dieuphoi")).scalar()
    assert len(plan_ids) == 1
    assert "0 tasks" in run(db_url, "plan", "list").output


def test_a_date_typed_dd_mm_yyyy_is_the_period_activation_reads(engine, db_url):
    plan_id = json.loads(run(db_url, "plan", "import", plan_file("000_782a5d1ba16b1fa4.txt"), "--json").output)["plan_id"]
    ok = run(db_url, "plan", "correct", plan_id, "--set", 'period={"start": "01/12/2025", "end": "31/12/2026"}')
    assert ok.exit_code == 0, ok.output
    assert json.loads(run(db_url, "plan", "show", plan_id).output)["period"] == {
        "start": "2025-12-01", "end": "2026-12-31"}
    bad = run(db_url, "plan", "correct", plan_id, "--set", 'period/end="31/13/2026"')
    assert bad.exit_code == 1 and "period/end" in bad.output and "dd/mm/yyyy" in bad.output


def test_a_database_not_migrated_is_named_not_a_traceback(bare_engine, db_url):
    for args in (("token", "issue", "quantri"), ("plan", "list"), ("log", "verify"),
                 ("scheduler", "--once"), ("dispatcher", "--once")):
        res = run(db_url, *args)
        assert res.exit_code == 1, (args, res.output)
        assert "not migrated" in res.output and "dondoc db upgrade" in res.output, (args, res.output)
        assert "Traceback" not in res.output
    assert run(db_url, "db", "current").exit_code == 0  # the way out still works
    assert run(db_url, "db", "upgrade").exit_code == 0
    assert run(db_url, "plan", "list").exit_code == 0


def test_the_scheduler_and_dispatcher_say_what_they_did_in_words(engine, db_url):
    sweep = run(db_url, "scheduler", "--once")
    assert sweep.exit_code == 0, sweep.output
    assert "(UTC+7)" in sweep.output and "nothing due" in sweep.output
    sent = run(db_url, "dispatcher", "--once")
    assert sent.exit_code == 0 and sent.output.strip() == "nothing to send", sent.output


def test_the_cascade_is_corrected_with_correct(engine, db_url):
    """plan correct --link / --unlink (issue 19): the district plan written for the tests cites
    seed 001; the import linked them, a wrong link is removed with a reason and made again."""
    from tests.service.test_cascade import DISTRICT

    province = json.loads(run(db_url, "plan", "import", plan_file(), "--json").output)["plan_id"]
    district = json.loads(run(db_url, "plan", "import", str(DISTRICT), "--json").output)["plan_id"]
    assert json.loads(run(db_url, "plan", "show", district).output)["implements"] == [province]
    refused = run(db_url, "plan", "correct", district, "--unlink", province)
    assert refused.exit_code == 1 and "reason" in refused.output
    assert run(db_url, "plan", "correct", district).exit_code != 0  # nothing asked
    ok = run(db_url, "plan", "correct", district, "--unlink", province, "--note", "nhầm")
    assert ok.exit_code == 0, ok.output
    assert json.loads(run(db_url, "plan", "show", district).output)["implements"] == []
    unknown = run(db_url, "plan", "correct", district, "--link", "nope")
    assert unknown.exit_code == 1 and "nope" in unknown.output
    ok = run(db_url, "plan", "correct", district, "--link", province)
    assert ok.exit_code == 0 and f"implements {province}" in ok.output, ok.output
    assert json.loads(run(db_url, "plan", "show", district).output)["implements"] == [province]
