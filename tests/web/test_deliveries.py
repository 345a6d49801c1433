"""Gửi tin: the coordinator sees failed deliveries and people nobody can reach."""
from tests.outbox.world import happen
from tests.service.test_plan_activation import ADMIN
from workflows import commands as c
from workflows.people_events import Profile
from workflows.task_events import Escalated


def test_failed_deliveries_and_unreachable_people_are_listed(as_user, dd, world, clock):
    dd.bus.handle(c.AddPerson(Profile("mute", "Người Không Liên Lạc", "focal_point",
                                      agency_id=world.health, channels=("sms",))), ADMIN)
    with dd.uow() as uow:
        deadline = uow.events.read_stream(f"task-{world.one_off}")[0].event.deadline
    happen(dd, world.one_off, Escalated("escalate_leader", "k1", deadline, "leader"))
    html = as_user("coord").text("/gui-tin")
    assert "Người Không Liên Lạc" in html
    assert "Gửi không thành công" in html and "Không có người nhận" in html
    assert as_user("fp_health").get("/gui-tin").status_code == 403
