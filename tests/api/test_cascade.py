"""The cascade over HTTP: a district plan that cites the province plan, both active (the
documents of tests/service/test_cascade.py). The province plan's cascade lists the district
plan, rolled up, and the district that has not written its plan; a wrong link is undone with a
reason and made again by hand, which completes the district's "write your own plan" task."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from service.auth.credentials import issue_token
from service.projections.agencies import agencies
from tests.api.conftest import add_person
from tests.service.test_cascade import both_active, write_plan_tasks


@pytest.fixture
def cascade(dd, clock):
    province, district = both_active(dd)
    with dd.engine.connect() as conn:
        police = conn.execute(select(agencies.c.agency_id)
                              .where(agencies.c.name == "Ủy ban nhân dân huyện Châu Thành")).scalar()
    people = {"admin": add_person(dd, "admin", "administrator"),
              "coordinator": add_person(dd, "coord", "coordinator", plan_ids=(province, district)),
              "focal": add_person(dd, "fp", "focal_point", police),
              "stranger": add_person(dd, "other", "coordinator", plan_ids=())}
    with dd.engine.begin() as conn:
        tokens = {k: {"Authorization": f"Bearer {issue_token(conn, pid, clock.now())}"}
                  for k, pid in people.items()}
    return province, district, tokens


def test_the_cascade_both_ways(client, cascade):
    province, district, auth = cascade
    up = client.get(f"/api/v1/plans/{province}/cascade", headers=auth["coordinator"])
    assert up.status_code == 200, up.json
    body = up.json
    assert body["implements"] == []
    [lower] = body["lower"]
    assert (lower["plan_id"], lower["implements"], lower["depth"], lower["how"]) == (district, province, 1, "import")
    assert lower["number"] == "45/KH-UBND" and lower["status"] == "active"
    assert lower["own"]["total"] == lower["rolled_up"]["total"] == body["total"]["total"] > 0
    assert sum(v for k, v in lower["own"].items() if k != "total") == lower["own"]["total"]
    assert [m["agency"] for m in body["missing"]] == ["Ủy ban nhân dân huyện Giồng Riềng"]

    down = client.get(f"/api/v1/plans/{district}/cascade", headers=auth["coordinator"]).json
    [higher] = down["implements"]
    assert (higher["plan_id"], higher["how"], higher["status"]) == (province, "import", "active")
    assert "66/KH-UBND" in higher["reference"] and higher["linked_at"]
    assert down["lower"] == []  # no plan implements the district plan yet (its own orders are in "missing")


def test_unlink_then_link_by_hand(client, dd, cascade):
    province, district, auth = cascade
    url = f"/api/v1/plans/{district}"
    missing_reason = client.post(f"{url}/unlink", json={"higher_plan_id": province}, headers=auth["coordinator"])
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json["fields"]

    gone = client.post(f"{url}/unlink", json={"higher_plan_id": province, "reason": "nhầm kế hoạch"},
                       headers=auth["coordinator"])
    assert gone.status_code == 200, gone.json
    assert gone.json["implements"] == [] and gone.json["reopened"] == 1
    assert write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"][0] == "open"
    assert client.get(f"/api/v1/plans/{province}/cascade", headers=auth["coordinator"]).json["lower"] == []
    again = client.post(f"{url}/unlink", json={"higher_plan_id": province, "reason": "lần nữa"},
                        headers=auth["coordinator"])
    assert again.status_code == 404

    linked = client.post(f"{url}/links", json={"higher_plan_id": province, "note": "Thực hiện KH 66"},
                         headers=auth["coordinator"])
    assert linked.status_code == 200, linked.json
    assert linked.json["completed"] == 1  # the district's task, reopened by the unlink
    [higher] = linked.json["implements"]
    assert (higher["plan_id"], higher["how"], higher["reference"]) == (province, "correction", "Thực hiện KH 66")
    assert write_plan_tasks(dd, province)["Ủy ban nhân dân huyện Châu Thành"][0] == "done"

    circle = client.post(f"/api/v1/plans/{province}/links", json={"higher_plan_id": district},
                         headers=auth["coordinator"])
    assert circle.status_code == 422 and "circle" in circle.json["message"]
    itself = client.post(f"{url}/links", json={"higher_plan_id": district}, headers=auth["coordinator"])
    assert itself.status_code == 422


def test_only_who_corrects_the_plan_links_it(client, cascade):
    province, district, auth = cascade
    body = {"higher_plan_id": province, "reason": "không phải"}
    focal = client.post(f"/api/v1/plans/{district}/unlink", json=body, headers=auth["focal"])
    assert focal.status_code == 404, focal.json  # a focal point sees tasks, not the plan
    stranger = client.post(f"/api/v1/plans/{district}/unlink", json=body, headers=auth["stranger"])
    assert stranger.status_code == 404  # a plan they may not view is no plan to them
    assert client.get(f"/api/v1/plans/{district}/cascade", headers=auth["stranger"]).status_code == 404
    assert client.get("/api/v1/plans/no-such-plan/cascade", headers=auth["admin"]).status_code == 404
    unknown = client.post(f"/api/v1/plans/{district}/links", json={"higher_plan_id": "no-such-plan"},
                          headers=auth["admin"])
    assert unknown.status_code == 404
    assert client.get(f"/api/v1/plans/{district}/cascade", headers=auth["admin"]).json["implements"][0]["plan_id"] == province
