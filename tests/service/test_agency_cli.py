"""dondoc agency list|rename|merge|retire and dondoc user create (issue 13)."""
from click.testing import CliRunner
from sqlalchemy import func, select

from service.cli import main
from service.eventlog.tables import events
from service.projections.people import people
from tests.service.test_agency_places import seed


def run(db_url, *args, input=None):
    return CliRunner().invoke(main, ["--database-url", db_url, *args], input=input)


def n_events(engine):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(events)).scalar()


def test_the_first_administrator_of_a_real_deployment(engine, db_url):
    res = run(db_url, "user", "create", "quantri", "--role", "administrator", "--email", "qt@example.vn",
              input="mat-khau-dai-va-la\n")
    assert res.exit_code == 0, res.output
    with engine.connect() as conn:
        row = conn.execute(select(people).where(people.c.username == "quantri")).mappings().one()
    assert (row["role"], row["email"]) == ("administrator", "qt@example.vn")
    before = n_events(engine)
    short = run(db_url, "user", "create", "khac", "--role", "administrator", "--email", "k@example.vn",
                input="ngan\n")
    assert short.exit_code == 1 and "8 characters" in short.output
    taken = run(db_url, "user", "create", "quantri", "--role", "leader", "--email", "x@example.vn",
                input="mat-khau-dai-va-la\n")
    assert taken.exit_code == 1 and "taken" in taken.output
    assert n_events(engine) == before  # nothing half written


def test_agency_commands(engine, db_url):
    assert run(db_url, "plan", "activate", "nothing").exit_code == 1
    imported = run(db_url, "plan", "import", str(seed("003")), "--json")
    assert imported.exit_code == 0, imported.output
    plan_id = __import__("json").loads(imported.output)["plan_id"]
    assert run(db_url, "plan", "activate", plan_id).exit_code == 0
    listing = run(db_url, "agency", "list").output
    line = next(x for x in listing.splitlines() if "Phòng Lao động" in x)
    assert "[Cầu Giấy (now Phường Cầu Giấy, Thành phố Hà Nội)]" in line
    labour = line.split()[0]
    health = next(x for x in listing.splitlines() if "Phòng Y tế" in x).split()[0]
    res = run(db_url, "agency", "rename", health, "Phòng Văn hóa - Xã hội")
    assert res.exit_code == 0, res.output
    res = run(db_url, "agency", "merge", labour, health, "--reason", "Phòng LĐTBXH sáp nhập (2025)")
    assert res.exit_code == 0, res.output
    assert "task(s)" in res.output and "merged into" in res.output
    assert labour not in run(db_url, "agency", "list").output
    assert f"merged into {health}" in run(db_url, "agency", "list", "--all").output
    again = run(db_url, "agency", "merge", labour, health, "--reason", "x")
    assert again.exit_code == 1 and "merged" in again.output
    busy = run(db_url, "agency", "retire", health, "--reason", "giải thể")
    assert busy.exit_code == 1 and "unfinished" in busy.output
