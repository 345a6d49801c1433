"""The API renders the error table (service.errors): status, kind, code per refusal; a bug is
a 500 that says nothing of it, never a refusal."""
import pytest

from service.handlers import HANDLERS
from workflows import commands as c
from workflows.plan_events import PlanImported
from tests.workflows.test_activation import draft


def post(client, world, who, path, **body):
    return client.post(f"/api/v1{path}", json=body, headers=world.auth(who))


@pytest.fixture
def draft_plan(dd):
    with dd.uow() as uow:
        uow.append("plan-p3", 0, [PlanImported("p3", "kh3.txt", "ab" * 32, draft())])
        uow.commit()
    return "p3"


@pytest.mark.parametrize("settings, words", [
    ({"reminders": {"remind_every_day": True}}, "remind_every_day"),
    ({"reminders": {"remind_days_before": [0]}}, "remind_days_before"),
    ({"reminders": {"escalate_leader_after": "ba"}}, "settings"),
    ({"reminders": ["remind_days_before"]}, "reminders must be an object"),
    ({"messages": {"required": ["overdue", "escalation"]}}, "messages.required"),
])
def test_a_bad_reminder_setting_is_refused_not_a_500(client, world, draft_plan, settings, words):
    r = post(client, world, "admin", f"/plans/{draft_plan}/activate", expected_version=1,
             settings=settings)
    assert r.status_code == 422, r.json
    assert (r.json["error"], r.json["code"]) == ("refused", "bad_settings")
    assert words in r.json["message"]
    assert client.get(f"/api/v1/plans/{draft_plan}", headers=world.auth("admin")).json[
        "status"] == "draft"


def test_good_reminder_settings_activate(client, world, draft_plan):
    r = post(client, world, "admin", f"/plans/{draft_plan}/activate", expected_version=1,
             settings={"reminders": {"remind_days_before": [5, 1]},
                       "messages": {"required": ["overdue"]}})
    assert r.status_code == 200, r.json


def test_refusals_keep_their_answers(client, world):
    tid = world.task_a["task_id"]
    r = post(client, world, "focal_a", f"/tasks/{tid}/accept", expected_version=1)
    assert (r.status_code, r.json["error"]) == (403, "forbidden")
    r = post(client, world, "focal_a", f"/tasks/{tid}/start", expected_version=7)
    assert (r.status_code, r.json["code"], r.json["current_version"]) == (409, "stale_version", 1)
    r = post(client, world, "coordinator", f"/tasks/{tid}/accept", expected_version=1)
    assert (r.status_code, r.json["error"], r.json["code"]) == (409, "conflict", "wrong_state")
    r = post(client, world, "coordinator", f"/tasks/{tid}/return", expected_version=1, reason=" ")
    assert r.status_code in (409, 422) and r.json["code"] in ("wrong_state", "reason_required")


@pytest.mark.parametrize("bug", [KeyError("plan_id"), ValueError("deep inside"),
                                 LookupError("x")], ids=repr)
def test_a_bug_answers_500_and_names_nothing(client, world, monkeypatch, bug):
    def broken(cmd, uow, ctx):
        raise bug

    monkeypatch.setitem(HANDLERS, c.StartTask, broken)
    tid = world.task_a["task_id"]
    r = post(client, world, "focal_a", f"/tasks/{tid}/start", expected_version=1)
    assert r.status_code == 500
    assert r.json == {"error": "internal", "message": "something went wrong on our side; it is logged"}
