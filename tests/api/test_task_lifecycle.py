"""A task from open to done over HTTP, with extension and return, as the people involved."""
from datetime import date


def post(client, world, who, task_id, command, **body):
    return client.post(f"/api/v1/tasks/{task_id}/{command}", json=body, headers=world.auth(who))


def test_full_lifecycle(client, world):
    tid = world.task_a["task_id"]
    r = client.get(f"/api/v1/tasks/{tid}", headers=world.auth("focal_a"))
    assert r.status_code == 200 and r.json["state"] == "open" and r.json["version"] == 1

    r = post(client, world, "focal_a", tid, "start", expected_version=1)
    assert r.status_code == 200, r.json
    assert r.json["version"] == 2 and r.json["task"]["state"] == "in_progress"

    new = date(2023, 2, 1).isoformat()
    r = post(client, world, "focal_a", tid, "extension-request", expected_version=2,
             new_deadline=new, reason="Chờ số liệu quý IV")
    assert r.status_code == 200 and r.json["task"]["requested_deadline"] == new
    r = post(client, world, "coordinator", tid, "extension-grant", expected_version=3)
    assert r.status_code == 200 and r.json["task"]["deadline"] == new

    r = post(client, world, "focal_a", tid, "submit", expected_version=4, text="Đã tập huấn 3 lớp",
             figures=[{"target": "số lớp", "value": "3"}])
    assert r.status_code == 200 and r.json["task"]["state"] == "submitted"
    r = post(client, world, "coordinator", tid, "return", expected_version=5, reason="Thiếu số liệu")
    assert r.json["task"]["state"] == "returned"
    r = post(client, world, "focal_a", tid, "comments", expected_version=6, text="Đang bổ sung")
    assert r.status_code == 200 and r.json["task"]["state"] == "returned"
    r = post(client, world, "focal_a", tid, "submit", expected_version=7, text="Đã bổ sung")
    r = post(client, world, "coordinator", tid, "accept", expected_version=8)
    assert r.status_code == 200, r.json
    assert r.json["task"]["state"] == "done" and r.json["task"]["done_at"] is not None

    r = client.get(f"/api/v1/tasks/{tid}/timeline", headers=world.auth("focal_a"))
    types = [e["type"] for e in r.json["events"]]
    assert types == ["TaskCreated", "TaskStarted", "ExtensionRequested", "ExtensionGranted",
                     "ResultSubmitted", "SubmissionReturned", "CommentAdded", "ResultSubmitted",
                     "SubmissionAccepted"]
    assert r.json["events"][1]["actor"] == world.people["focal_a"]
    assert r.json["events"][1]["actor_name"] == "Fpa"
    assert r.json["events"][4]["data"]["figures"] == [{"target": "số lớp", "value": "3", "numerator": None, "denominator": None}]


def test_refusals_are_conflicts_or_unprocessable(client, world):
    tid = world.task_a["task_id"]
    r = post(client, world, "coordinator", tid, "accept", expected_version=1)
    assert r.status_code == 409 and r.json["code"] == "wrong_state"
    r = post(client, world, "focal_a", tid, "submit", expected_version=1, text="  ")
    assert r.status_code == 422 and r.json["code"] == "empty_result"
    r = post(client, world, "focal_a", tid, "start", expected_version=7)
    assert r.status_code == 409 and r.json["code"] == "stale_version"
    assert r.json["current_version"] == 1


def test_role_without_the_right_is_forbidden(client, world):
    tid = world.task_a["task_id"]
    assert post(client, world, "focal_a", tid, "accept", expected_version=1).status_code == 403
    assert post(client, world, "leader_a", tid, "start", expected_version=1).status_code == 403
    r = client.get(f"/api/v1/tasks/{tid}", headers=world.auth("leader_a"))
    assert r.status_code == 200


def test_cancel_and_reassign(client, world):
    tid = world.task_a["task_id"]
    r = post(client, world, "coordinator", tid, "reassign", expected_version=1,
             to_agency_id=world.b, reason="Đúng chức năng")
    assert r.status_code == 200 and r.json["task"]["agency_id"] == world.b
    r = post(client, world, "coordinator", tid, "reassign", expected_version=2,
             to_agency_id="ag-nowhere", reason="x")
    assert r.status_code == 400 and r.json["fields"] == {"to_agency_id": ["No such agency."]}
    # the agency it was taken from keeps reading it (its own history), and changes nothing
    r = client.get(f"/api/v1/tasks/{tid}", headers=world.auth("focal_a"))
    assert r.status_code == 200 and r.json["former_agencies"] == [world.a]
    assert post(client, world, "focal_a", tid, "start", expected_version=2).status_code == 403
    r = post(client, world, "coordinator", tid, "cancel", expected_version=2, reason="Trùng")
    assert r.status_code == 200 and r.json["task"]["state"] == "cancelled"


def test_bulk_reassignment(client, world):
    url = f"/api/v1/agencies/{world.a}/reassign-open-tasks"
    r = client.post(url, json={"to_agency_id": world.b, "reason": "Hợp nhất"},
                    headers=world.auth("coordinator"))
    assert r.status_code == 200 and r.json["moved"] == 3  # a one-off, the report duty, the H1 report
    r = client.get("/api/v1/tasks", headers=world.auth("focal_a"))
    # what is left for A to see is its history: every task is B's now
    assert len(r.json["items"]) == 3
    assert all(t["agency_id"] == world.b and t["former_agencies"] == [world.a]
               for t in r.json["items"])
