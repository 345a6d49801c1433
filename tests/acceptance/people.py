"""The people of a plan's year and how each kind behaves. They act only through the web pages.

Focal points read their email at 09:00 on working days and follow the links in it:

- ``prompt``: a task named in a message is started that morning and its result submitted the
  next working day (at once if the deadline is today or past, or if it is a continuous duty's
  periodic report: there is nothing to start); a returned result is sent again; the agency
  whose task the plan's scenes extend asks for more time instead, when first told of it;
- ``late``: ignores messages until a task's deadline has passed, then submits at once;
- ``silent``: never answers (its tasks are reminded, marked overdue, escalated).

The coordinator, at 10:00 on working days, follows the links of escalations (and presses the
agency in a comment), then opens the review page: accepts each result (returns the one its
plan's scenes say), grants each extension asked for. The agency's leader opens the tasks of the
escalations they receive. A person's knowledge of a task (its state, its deadline) is what the
message and the page tell them; the suite reads it from the read model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from service.links import links_for
from service.projections.tasks import tasks
from tests.acceptance.pages import task_links
from tests.acceptance.visits import Visitor

FOCAL_PERSONAS = ("prompt", "late", "silent")
WORKING = ("open", "in_progress", "returned")


@dataclass
class Person:
    username: str
    name: str
    role: str  # focal_point | coordinator | leader | administrator
    persona: str  # one of FOCAL_PERSONAS, or the role
    agency: str | None = None  # the agency's name as the registry (and the pages) give it
    agency_id: str | None = None
    email: str | None = None
    phone: str | None = None
    person_id: str | None = None
    read: int = 0  # emails already read
    visitor: Visitor | None = None
    asked: set = field(default_factory=set)  # tasks this person asked an extension for
    pressed: set = field(default_factory=set)  # (task, deadline) the coordinator commented on
    only: set | None = None  # when set, the tasks this person handles in ``visitor`` (a browser)
    plain: Visitor | None = None  # the test client for everything else

    @property
    def label(self) -> str:
        return f"{self.username} ({self.agency or self.role})"

    def browser(self, world, task_id: str | None = None) -> Visitor:
        if self.visitor is not None and self.only is not None and task_id not in self.only:
            self.plain = self.plain or Visitor(world, self)
            return self.plain
        if self.visitor is None:
            self.visitor = Visitor(world, self)
        return self.visitor

    def unread(self, world) -> list:
        mail = world.mail_for(self.email) if self.email else []
        new, self.read = mail[self.read:], len(mail)
        return new


def task_row(world, task_id: str) -> dict:
    with world.dd.engine.connect() as conn:
        return dict(conn.execute(select(tasks).where(tasks.c.task_id == task_id)).mappings().one())


def linked_tasks(world, arrival) -> list[tuple[str, str]]:
    """(link, task id) of each task link in a message, as the person reads the title beside it."""
    links = links_for(world.dd)
    out = []
    for link in world.links_in(arrival):
        found = links.read_task(link.rsplit("/", 1)[1])
        if found is not None:
            out.append((link, found[0]))
    return out


# -- focal points ------------------------------------------------------------------------------

def focal_morning(world, person: Person, today: date) -> None:
    if person.persona == "silent":
        person.unread(world)
        return
    for arrival in person.unread(world):
        for link, task_id in linked_tasks(world, arrival):
            row = task_row(world, task_id)
            if row["agency_id"] == person.agency_id and row["state"] in WORKING:
                _on_task(world, person, today, link, row)
    listed = None
    for task_id in world.script.intents_for(person.username, today):
        if task_row(world, task_id)["state"] in WORKING:  # what they meant to send today
            listed = listed or _my_list(world, person)
            if task_id not in task_links(listed):
                person.browser(world).fail(listed.url, f"task {task_id} is not on the list")
            _submit(person, person.browser(world).open(f"/nhiem-vu/{task_id}"))


def _on_task(world, person: Person, today: date, link: str, row: dict) -> None:
    task_id, deadline, state = row["task_id"], row["deadline"], row["state"]
    if person.persona == "late":
        if today > deadline:
            _submit(person, person.browser(world).open(link))
        return
    wants_more_time = world.script.extension_for(task_id)
    if wants_more_time and task_id not in person.asked and state == "open":
        page = person.browser(world).open(link)
        new = world.dd.calendar.next_working_day(deadline + timedelta(days=wants_more_time))
        person.browser(world).act(page, "request_extension", {
            "new_deadline": new.strftime("%d/%m/%Y"), "reason": "Chờ số liệu của các đơn vị cơ sở"})
        person.asked.add(task_id)
        return
    if row["requested_deadline"] is not None:
        return  # waits for the coordinator's answer
    if state == "returned" or today >= deadline or row["kind"] == "continuous":
        _submit(person, person.browser(world).open(link))
        return
    if state == "open":
        page = person.browser(world).open(link)
        person.browser(world).act(page, "start")
    if not world.script.intended(person.username, task_id):
        world.script.intend(person.username, task_id, world.dd.calendar.next_working_day(
            today + timedelta(days=1)))


def _my_list(world, person: Person):
    """The person opens "Việc của tôi" (their agency's open tasks) to click through."""
    return person.browser(world).open("/viec-cua-toi")


def _submit(person: Person, page) -> None:
    person.visitor.act(page, "submit", {"text": "Đã triển khai thực hiện; gửi báo cáo kết quả."})


# -- coordinator and leaders -------------------------------------------------------------------

def coordinator_morning(world, person: Person, today: date) -> None:
    for arrival in person.unread(world):
        if arrival.kind != "escalation_list":
            continue
        for link, task_id in linked_tasks(world, arrival):
            row = task_row(world, task_id)
            if row["state"] in WORKING and (task_id, row["deadline"]) not in person.pressed:
                browser = person.browser(world, task_id)
                page = browser.open(link)
                browser.act(page, "comment", {"text": "Đề nghị đơn vị khẩn trương báo cáo."})
                person.pressed.add((task_id, row["deadline"]))
    if not _awaiting(world):
        return
    listed = person.browser(world).open("/duyet")
    for task_id in task_links(listed):
        row = task_row(world, task_id)
        browser = person.browser(world, task_id)  # afresh: a browser's budget may be spent
        page = browser.open(f"/nhiem-vu/{task_id}")
        if row["state"] == "submitted":
            if world.script.return_now(task_id):
                browser.act(page, "return", {"reason": "Thiếu số liệu, đề nghị bổ sung."})
            else:
                browser.act(page, "accept")
        elif row["requested_deadline"] is not None:
            browser.act(page, "grant_extension")  # blank: the deadline asked for


def _awaiting(world) -> bool:
    with world.dd.engine.connect() as conn:
        return conn.execute(select(tasks.c.task_id).where(
            (tasks.c.state == "submitted") | tasks.c.requested_deadline.is_not(None))).first() is not None


def leader_morning(world, person: Person, today: date) -> None:
    for arrival in person.unread(world):
        for link, _task in linked_tasks(world, arrival):
            person.browser(world).open(link)


MORNINGS = {"focal_point": focal_morning, "coordinator": coordinator_morning,
            "leader": leader_morning}

