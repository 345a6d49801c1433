"""A person who chose Zalo gets the escalation (the sweep's list) as a ZNS template message (a real HTTP server
on loopback stands in for Zalo), with the one-click link as a parameter."""
from datetime import date

from notifications.zalo import ZaloZnsTransport
from service.links import links_for
from tests.outbox.conftest import make_dispatcher
from tests.outbox.world import HEALTH, PLAN, add_person, add_task, happen, rows, seed, stream
from workflows.message_events import MessageFailed, MessageSent
from workflows.task_events import Escalated


def test_an_escalation_goes_by_zalo_to_who_chose_it(dd, mail, http_gateway, clock):
    seed(dd)
    add_task(dd, "t3", date(2024, 2, 20), title="Kiểm tra cơ sở")
    add_person(dd, "co1", "coordinator", email="co1@ldtbxh.example.vn", phone="0987 654 321",
               plan_ids=[PLAN], channels=("zalo",))
    add_person(dd, "fp1", "focal_point", HEALTH, phone="+84912345678", channels=("zalo",))
    zalo = ZaloZnsTransport("OA-TOKEN", {"escalation_list": "402"}, url=http_gateway.url, timeout=5)
    dispatcher = make_dispatcher(dd, mail, http_gateway, zalo=zalo)
    http_gateway.respond(200, {"error": 0, "data": {"msg_id": "zns-1"}})
    happen(dd, "t3", Escalated("escalate_coordinator", "k", date(2024, 2, 20), "coordinator"))
    assert dispatcher.run_once(clock.now()).sent == 1
    assert mail.received == []
    (request,) = http_gateway.requests
    body = request.json
    assert (body["phone"], body["template_id"]) == ("84987654321", "402")
    params = body["template_data"]
    assert params["nhiem_vu"] == "Kiểm tra cơ sở" and params["han"] == "20/02/2024"
    assert params["so_viec"] == "1"
    assert links_for(dd).read_task(params["lien_ket"].rsplit("/", 1)[1]) == ("t3", "co1")
    (sent,) = [e for e in stream(dd, "task-t3") if isinstance(e, MessageSent)]
    assert (sent.channel, sent.provider_id) == ("zalo", "zns-1")
    assert {(r.channel, r.status) for r in rows(dd)} == {("zalo", "sent")}


def test_a_recipient_zalo_refuses_fails_for_good(dd, mail, http_gateway, clock):
    seed(dd)
    add_task(dd, "t3", date(2024, 2, 20), title="Kiểm tra cơ sở")
    add_person(dd, "co1", "coordinator", phone="0987654321", plan_ids=[PLAN], channels=("zalo",))
    zalo = ZaloZnsTransport("OA-TOKEN", {"escalation_list": "402"}, url=http_gateway.url, timeout=5)
    dispatcher = make_dispatcher(dd, mail, http_gateway, zalo=zalo)
    http_gateway.respond(200, {"error": -118, "message": "Zalo account not existed"})
    happen(dd, "t3", Escalated("escalate_coordinator", "k", date(2024, 2, 20), "coordinator"))
    assert dispatcher.run_once(clock.now()).failed == 1
    (failed,) = [e for e in stream(dd, "task-t3") if isinstance(e, MessageFailed)]
    assert failed.permanent and "Zalo -118" in failed.error
