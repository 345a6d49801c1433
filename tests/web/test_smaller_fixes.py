"""Issue 18, item 9: the smaller holes a probe found in the web pages."""
from datetime import date

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from service.auth.credentials import CommonPassword, WeakPassword, set_password
from service.outbox.queueing import insert_row
from service.projections.tasks import tasks
from tests.service.test_plan_activation import ADMIN
from tests.workflows.test_activation import draft
from workflows import commands as c
from workflows.people_events import Profile
from workflows.plan_events import PlanImported
from workflows.task_events import DutyRole, TaskCreated, TaskKind


@pytest.mark.parametrize("payload", [["p", "h"], "just text", 42, None, {"p": 1, "h": 2}, {"x": "y"}])
def test_a_signed_reset_token_with_an_odd_payload_is_refused_not_a_500(app, web, world, payload):
    token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="dondoc-password-reset").dumps(payload)
    response = web.get(f"/dat-lai-mat-khau/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/quen-mat-khau")


def test_a_cooperating_focal_point_does_not_see_the_lead_s_contacts(as_user, dd, world, clock):
    with dd.uow() as uow:
        uow.append("plan-p3", 0, [PlanImported("p3", "kh3.txt", "aa" * 32, draft(title="Phối hợp"))])
        uow.append("task-coop", 0, [TaskCreated("coop", "p3", "p3:a0:d0", "Kiểm tra liên ngành",
                                                world.police, DutyRole.LEAD, TaskKind.ONE_OFF,
                                                date(2022, 12, 30), cooperating=(world.health,))])
        uow.commit()
    with dd.engine.begin() as conn:
        insert_row(conn, dedupe_key="coop:1", task_id="coop", kind="reminder", channel="email",
                   person_id=world.people["fp_police"], address="fp_police@example.gov.vn",
                   context={}, status="sent", next_attempt_at=clock.now(), created_at=clock.now())
    helper = as_user("fp_health").text("/nhiem-vu/coop")
    assert "Kiểm tra liên ngành" in helper and "fp_police@example.gov.vn" not in helper
    assert "fp_police@example.gov.vn" in as_user("fp_police").text("/nhiem-vu/coop")


def test_gui_tin_shows_a_coordinator_only_the_people_of_their_plans(as_user, dd, world):
    other = dd.bus.handle(c.RegisterAgency("Sở Tài chính", "province"), ADMIN)
    dd.bus.handle(c.AddPerson(Profile("mute2", "Người Ở Nơi Khác", "focal_point", agency_id=other,
                                      channels=("sms",))), ADMIN)
    dd.bus.handle(c.AddPerson(Profile("mute1", "Người Của Kế Hoạch", "focal_point",
                                      agency_id=world.health, channels=("sms",))), ADMIN)
    html = as_user("coord").text("/gui-tin")
    assert "Người Của Kế Hoạch" in html and "Người Ở Nơi Khác" not in html
    assert "Người Ở Nơi Khác" in as_user("admin").text("/gui-tin")


def test_a_form_without_its_version_is_refused(as_user, dd, world):
    with dd.engine.connect() as conn:
        before = conn.execute(select(tasks.c.state, tasks.c.version)
                              .where(tasks.c.task_id == world.one_off)).one()
    fp = as_user("fp_health")
    fp.get(f"/nhiem-vu/{world.one_off}")
    response = fp.post(f"/nhiem-vu/{world.one_off}/start", {})
    assert response.status_code == 400
    with dd.engine.connect() as conn:
        assert conn.execute(select(tasks.c.state, tasks.c.version)
                            .where(tasks.c.task_id == world.one_off)).one() == before


@pytest.mark.parametrize("password", ["12345678", "password1", "matkhau123", "aaaaaaaa", "23456789",
                                      "Qwertyuiop", "abababab"])
def test_common_passwords_are_refused(dd, world, clock, password):
    with dd.engine.begin() as conn, pytest.raises(CommonPassword):
        set_password(conn, world.people["fp_health"], password, clock.now())
    assert issubclass(CommonPassword, WeakPassword)


def test_a_good_password_is_still_taken(dd, world, clock):
    with dd.engine.begin() as conn:
        set_password(conn, world.people["fp_health"], "trâu-cày-ruộng-sáng-sớm", clock.now())
