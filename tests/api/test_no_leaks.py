"""Every API route, walked as agency A's focal point against agency B's tasks and plan: B's
data never appears and nothing changes. Routes come from the app's url_map, so a new route
is walked (or this test fails for want of a body to send it)."""
import io
import json

from service.eventlog.store import EventStore
from tests.api.conftest import P2_DUTY, P2_TITLE

# A body each POST route would accept from someone allowed to act.
BODIES = {
    "api.task_start": {"expected_version": 1},
    "api.task_submit": {"expected_version": 1, "text": "done"},
    "api.task_accept": {"expected_version": 1},
    "api.task_return": {"expected_version": 1, "reason": "r"},
    "api.task_extension_request": {"expected_version": 1, "new_deadline": "2023-06-30", "reason": "r"},
    "api.task_extension_grant": {"expected_version": 1, "new_deadline": "2023-06-30"},
    "api.task_extension_refuse": {"expected_version": 1, "reason": "r"},
    "api.task_reassign": {"expected_version": 1, "to_agency_id": "A", "reason": "r"},
    "api.task_cancel": {"expected_version": 1, "reason": "r"},
    "api.task_comments": {"expected_version": 1, "text": "hello"},
    "api.task_share": {"expected_version": 1, "submission_version": 2},
    "api.reassign_open_tasks": {"to_agency_id": "A", "reason": "r"},
    "api.correct_plan": {"expected_version": 2, "corrections": [{"op": "set", "path": "number", "value": "1"}]},
    "api.activate_plan": {"expected_version": 2},
    "api.link_plan": {"higher_plan_id": "p1", "note": "n"},
    "api.unlink_plan": {"higher_plan_id": "p1", "reason": "r"},
}
# Reads that answer lists: asked about B, they answer nothing of B.
QUERIES = {
    "api.list_tasks_view": ["", "?agency={b}", "?plan=p2", "?overdue=true", "?state=open"],
    "api.list_plans_view": ["", "?status=active"],
    "api.classification_view": ["", "?agency={b}", "?plan=p2"],
    "api.list_agencies_view": [""],
}
PUBLIC = {"api.openapi_document"}


def api_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")]


def targets(rule, world):
    """Every way to point the rule's path at B's things."""
    if "task_id" in rule.arguments:
        return [{"task_id": t} for t in (world.task_b["task_id"], world.p2_tasks[0])]
    if "plan_id" in rule.arguments:
        return [{"plan_id": "p2"}]
    if "agency_id" in rule.arguments:
        return [{"agency_id": world.b}]
    return [{}]


def b_markers(world):
    return [*world.b_tasks, '"p2"', P2_TITLE, P2_DUTY, world.b]


def test_focal_point_of_a_sees_and_changes_nothing_of_b(app, client, dd, world):
    with dd.engine.connect() as conn:
        head = EventStore(conn).last_position()
    walked = set()
    for rule in api_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for args in targets(rule, world):
                path = rule.rule
                for k, v in args.items():
                    path = path.replace(f"<{k}>", v)
                for response in _requests(client, world, rule.endpoint, method, path):
                    _check(rule, method, path, response, world)
                walked.add((method, rule.rule))
    with dd.engine.connect() as conn:
        assert EventStore(conn).last_position() == head, "something changed"
    assert len(walked) == len([1 for r in api_rules(app) for m in r.methods - {"HEAD", "OPTIONS"}])
    assert len(walked) >= 23


def _requests(client, world, endpoint, method, path):
    headers = world.auth("focal_a")
    if method == "GET":
        for q in QUERIES.get(endpoint, [""]):
            yield client.get(path + q.format(b=world.b), headers=headers)
    elif endpoint == "api.import_plan":
        data = {"file": (io.BytesIO("KẾ HOẠCH\nSố: 1/KH-CA\n".encode()), "kh.txt")}
        yield client.post(path, data=data, headers=headers, content_type="multipart/form-data")
    else:
        assert endpoint in BODIES, f"no body to walk {method} {path} with: add one to BODIES"
        body = json.loads(json.dumps(BODIES[endpoint]).replace('"A"', json.dumps(world.a)))
        yield client.post(path, json=body, headers=headers)


def _check(rule, method, path, r, world):
    where = f"{method} {path} -> {r.status_code} {r.get_data(as_text=True)[:200]}"
    assert r.status_code < 500, where
    assert r.is_json, where
    if rule.endpoint in PUBLIC:
        return
    if method == "POST" or rule.arguments:
        assert r.status_code in (403, 404), where
    text = json.dumps(r.json, ensure_ascii=False)
    leaked = [m for m in b_markers(world) if m in text and not _reference(rule, m, world)]
    assert not leaked, f"{where}: leaks {leaked}"


def _reference(rule, marker, world):
    """The agency registry is shared reference data: B's name and id are in it by design."""
    return rule.endpoint == "api.list_agencies_view" and marker == world.b


def test_a_sees_its_own_tasks_and_plan_header_without_the_draft(client, world):
    r = client.get("/api/v1/tasks", headers=world.auth("focal_a"))
    ids = {t["task_id"] for t in r.json["items"]}
    assert world.task_a["task_id"] in ids and not ids & set(world.b_tasks)
    assert {t["agency_id"] for t in r.json["items"]} == {world.a}
    r = client.get("/api/v1/plans/p1", headers=world.auth("focal_a"))
    assert r.status_code == 200 and r.json["draft"] is None
    r = client.get("/api/v1/plans/p1", headers=world.auth("coordinator"))
    assert r.json["draft"]["assignments"]
    r = client.get("/api/v1/plans/p1/duties", headers=world.auth("focal_a"))
    one_off = next(d for d in r.json["items"] if d["kind"] == "one_off")
    assert (one_off["done"], one_off["total"]) == (0, 2)
    assert one_off["pending_agencies"] == [world.a]
    assert [t["agency_id"] for t in one_off["tasks"]] == [world.a]


def test_a_coordinator_of_another_plan_sees_nothing_of_it(client, world):
    r = client.get("/api/v1/plans", headers=world.auth("coordinator_p1"))
    assert [p["plan_id"] for p in r.json["items"]] == ["p1"]
    assert client.get("/api/v1/plans/p2", headers=world.auth("coordinator_p1")).status_code == 404
    r = client.get(f"/api/v1/tasks/{world.p2_tasks[0]}", headers=world.auth("coordinator_p1"))
    assert r.status_code == 404
