"""Delivery events live on the task's stream: the task must still load and take commands."""
from datetime import date

from service.handlers.tasks import load_task
from tests.outbox.world import PLAN, add_person, add_task, happen, seed
from workflows.task_events import Escalated

D = date(2024, 2, 20)


def test_a_task_still_loads_after_a_message_about_it_was_sent(dd, dispatcher, clock):
    seed(dd)
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", channels=("email",),
               plan_ids=[PLAN])
    add_task(dd, "t1", D)
    happen(dd, "t1", Escalated("escalate_coordinator", "k", D, "coordinator"))
    assert dispatcher.run_once(clock.now()).sent == 1
    with dd.uow() as uow:
        task = load_task(uow, "t1")
    assert task.version == 3
