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


def test_failures_are_grouped_by_agency_in_words_and_paged(as_user, dd, world, clock):
    from datetime import datetime, timezone

    from service.outbox.tables import NO_CONTACT, outbox
    from service.web import deliveries

    now = datetime(2022, 6, 1, 1, tzinfo=timezone.utc)
    with dd.engine.begin() as conn:
        for n in range(deliveries.PAGE + 5):
            conn.execute(outbox.insert().values(
                kind="reminder", channel="none" if n % 2 else "email",
                person_id=None if n % 2 else world.people["fp_health"],
                address=None if n % 2 else "fp_health@example.gov.vn", task_id=world.one_off,
                status="failed", attempts=1 if n % 2 else 5,
                last_error="no active focal_points to tell (agency x, plan p1)" if n % 2 else "550 mailbox unavailable",
                created_at=now, next_attempt_at=now, dedupe_key=f"f-{n}", context={}))
    html = as_user("coord").text("/gui-tin")
    failed = html.split('id="failed"')[1].split('id="unreachable"')[0]
    assert "Sở Y tế" in failed and f"({deliveries.PAGE + 5})" in failed
    assert "Cơ quan chưa có người nhận tin trên hệ thống" in failed
    assert "Máy chủ gửi tin từ chối sau 5 lần thử: 550 mailbox unavailable" in failed
    assert "no active" not in failed and "· none" not in failed
    assert failed.count('class="task overdue"') == deliveries.PAGE and "Trang 1/2" in failed
    second = as_user("coord").text("/gui-tin?trang=2").split('id="failed"')[1].split('id="unreachable"')[0]
    assert second.count('class="task overdue"') == 5
    admin = as_user("admin").text("/gui-tin")
    assert f"/quan-tri/nguoi-dung/moi?agency_id={world.health}" in admin
    form = as_user("admin").text(f"/quan-tri/nguoi-dung/moi?agency_id={world.health}")
    assert f'value="{world.health}" selected' in form
