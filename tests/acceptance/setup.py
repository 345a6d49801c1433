"""The first morning: the administrator adds the coordinator, the coordinator imports the plan,
moves it to the suite's year, adds the reporting cadences it lacks and activates it, and the
administrator adds a focal point for every agency that received tasks (and a leader for each
agency that never answers, so escalations reach someone). All through the web pages.
"""
from __future__ import annotations

import io

from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.tasks import tasks
from tests.acceptance.people import Person
from tests.acceptance.visits import PASSWORD
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor

BOOTSTRAP = Actor("setup", "administrator")  # what `dondoc` setup does before anyone signs in


def first_morning(world, script) -> None:
    world.script = script
    admin = Person("quantri", "Quản trị hệ thống", "administrator", "administrator",
                   email="quantri@sldtbxh.example.gov.vn")
    admin.person_id = world.dd.bus.handle(c.AddPerson(Profile(
        username=admin.username, name=admin.name, role="administrator", email=admin.email),
        password=PASSWORD), BOOTSTRAP)
    world.people[admin.username] = admin
    coordinator = Person("dieuphoi", "Trần Văn Điều Phối", "coordinator", "coordinator",
                         email="dieuphoi@sldtbxh.example.gov.vn")  # by email only
    add_person(world, admin, coordinator)
    import_and_activate(world, coordinator, script)
    with world.dd.engine.connect() as conn:
        script.index(conn)
        names = dict(conn.execute(select(agencies.c.name, agencies.c.agency_id)
                                  .join(tasks, tasks.c.agency_id == agencies.c.agency_id)
                                  .where(tasks.c.plan_id == script.plan_id)).all())
    missing = sorted(set(names) - set(script.personas))
    extra = sorted(set(script.personas) - set(names))
    assert not missing and not extra, (
        f"{script.name}.toml [agencies] must name each agency with tasks: missing {missing}, "
        f"not in the plan {extra}")
    staff(world, admin, names, script.personas)
    if "reassign" in script.scenes:
        reassign(world, coordinator, script, names)
    if "cascade" in script.scenes:
        implementing_plan(world, admin, coordinator, script)


def staff(world, admin: Person, names: dict, personas: dict, first: int = 1) -> None:
    """A focal point for each agency (name -> id) as its persona says; a silent one's leader."""
    for n, (name, agency_id) in enumerate(sorted(names.items()), start=first):
        persona = personas[name]
        add_person(world, admin, Person(  # every other one has given a phone number
            f"daumoi{n}", f"Cán bộ đầu mối {n}", "focal_point", persona, name, agency_id,
            email=f"daumoi{n}@coquan{n}.example.gov.vn", phone=f"09130000{n:02d}" if n % 2 else None))
        if persona == "silent":  # its leader hears of the escalations
            add_person(world, admin, Person(
                f"lanhdao{n}", f"Lãnh đạo {n}", "leader", "leader", name, agency_id,
                email=f"lanhdao{n}@coquan{n}.example.gov.vn", phone=f"09140000{n:02d}"))


def add_person(world, admin: Person, person: Person) -> None:
    browser = admin.browser(world)
    page = browser.open("/quan-tri/nguoi-dung/moi")
    fill = {"username": person.username, "name": person.name, "role": person.role,
            "email": person.email or "", "phone": person.phone or "", "password": PASSWORD,
            "channels": ["email", "sms"], "active": "1"}
    pick = {"agency_id": person.agency_id} if person.agency_id else {}
    after = browser.act(page, "moi", fill, pick=pick)
    person.person_id = after.url.rsplit("/", 1)[-1]
    world.people[person.username] = person


def import_and_activate(world, coordinator: Person, script) -> None:
    browser = coordinator.browser(world)
    page = browser.open("/ke-hoach")
    data = (script.seed_path().read_bytes())
    page = browser.act(page, "nhap", files={"file": (io.BytesIO(data), script.file)})
    script.plan_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    y = script.year
    page = browser.act(page, "sua-phan", {"f:period/start": f"01/01/{y}", "f:period/end": f"31/12/{y}"},
                       having={"part": "header"})
    for i, cadence in enumerate(script.reporting):
        page = browser.act(page, "sua", pick={"value": cadence},
                           having={"op": "append", "path": "reporting"})
        # the coordinator says who sends it (the plan names no one: activation would refuse)
        page = browser.act(page, "sua-phan", {f"f:reporting/{i}/from": "\n".join(script.reporting_from)},
                           having={"part": f"reporting/{i}"})
    browser.act(page, "kich-hoat")


def implementing_plan(world, admin: Person, coordinator: Person, script) -> None:
    """A plan that implements this one (issue 19: the cascade), imported and activated through
    the pages: its legal basis cites this plan, so the import links them, and its activation
    does the scene's "write your own plan" task for its issuer. Its own agencies get focal
    points as the scene's personas say, and live its year too."""
    scene = script.scenes["cascade"]
    path = script.lower_path()
    browser = coordinator.browser(world)
    page = browser.act(browser.open("/ke-hoach"), "nhap",
                       files={"file": (io.BytesIO(path.read_bytes()), path.name)})
    script.lower_plan_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert page.form("bo-lien-ket", higher_plan_id=script.plan_id), (
        f"{path.name} cites {script.file}'s plan but its draft shows no link to it")
    browser.act(page, "kich-hoat")
    with world.dd.engine.connect() as conn:
        names = dict(conn.execute(select(agencies.c.name, agencies.c.agency_id)
                                  .join(tasks, tasks.c.agency_id == agencies.c.agency_id)
                                  .where(tasks.c.plan_id == script.lower_plan_id)).all())
    staffed = {p.agency_id for p in world.people.values()}
    staff(world, admin, {k: v for k, v in names.items() if v not in staffed}, scene["agencies"],
          first=len(world.people))


def reassign(world, coordinator: Person, script, names: dict) -> None:
    """The importer gave a duty to the wrong agency: the coordinator moves it on day one."""
    scene = script.scenes["reassign"]
    browser = coordinator.browser(world)
    page = browser.open(f"/nhiem-vu/{script.task(scene)}")
    browser.act(page, "reassign", {"reason": "Giao nhầm cơ quan"},
                pick={"to_agency_id": names[scene["to"]]})
