"""Lists, filters, pages, duties, statistics and plan import over HTTP."""
import io
from datetime import datetime, timezone
from pathlib import Path

from click.testing import CliRunner

from service.auth.credentials import person_for_token

PLAN = Path(__file__).resolve().parents[2] / "service" / "demo" / "plans" / "000_782a5d1ba16b1fa4.txt"


def get(client, world, who, url):
    r = client.get(url, headers=world.auth(who))
    assert r.status_code == 200, r.json
    return r.json


def test_pages_cover_every_task_once(client, world):
    seen, cursor = [], None
    while True:
        page = get(client, world, "admin", "/api/v1/tasks?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [t["task_id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = get(client, world, "admin", "/api/v1/tasks?limit=500")["items"]
    assert seen == [t["task_id"] for t in everything] and len(set(seen)) == len(seen) >= 6
    deadlines = [(t["deadline"], t["task_id"]) for t in everything]
    assert deadlines == sorted(deadlines)


def test_filters(client, world, clock):
    url = "/api/v1/tasks?limit=500"
    assert {t["agency_id"] for t in get(client, world, "admin", f"{url}&agency={world.b}")["items"]} == {world.b}
    assert {t["plan_id"] for t in get(client, world, "admin", f"{url}&plan=p2")["items"]} == {"p2"}
    reports = get(client, world, "admin", f"{url}&period=2022-H1")["items"]
    assert reports and {t["period_key"] for t in reports} == {"2022-H1"}
    before = get(client, world, "admin", f"{url}&deadline_before=2022-07-01")["items"]
    assert before and all(t["deadline"] < "2022-07-01" for t in before)
    assert get(client, world, "admin", f"{url}&overdue=true")["items"] == []
    clock.set(datetime(2022, 6, 20, 3, tzinfo=timezone.utc))  # the H1 reports are past due
    overdue = get(client, world, "admin", f"{url}&overdue=true")["items"]
    # the recipient's consolidation of H1 is due three working days later, on 21/6
    assert {t["task_id"] for t in overdue} == {t["task_id"] for t in reports if t["deadline"] < "2022-06-20"}
    assert {t["deadline"] for t in reports if t["deadline"] >= "2022-06-20"} == {"2022-06-21"}
    assert all(t["overdue"] for t in overdue)
    not_overdue = get(client, world, "admin", f"{url}&overdue=false")["items"]
    assert not {t["task_id"] for t in not_overdue} & {t["task_id"] for t in overdue}


def test_classification_as_of_a_day(client, world, clock):
    tid = world.task_a["task_id"]
    client.post(f"/api/v1/tasks/{tid}/submit", headers=world.auth("focal_a"),
                json={"expected_version": 1, "text": "xong"})
    client.post(f"/api/v1/tasks/{tid}/accept", headers=world.auth("coordinator"),
                json={"expected_version": 2})
    stats = get(client, world, "coordinator", "/api/v1/stats/classification?as_of=2022-07-01&plan=p1")
    assert stats["as_of"] == "2022-07-01"
    assert stats["total"]["done_on_time"] == 1
    assert stats["total"]["in_progress_overdue"] == 3  # two H1 reports and their consolidation
    assert {p["plan_id"] for p in stats["by_plan"]} == {"p1"}
    a = next(x for x in stats["by_agency"] if x["agency_id"] == world.a)
    assert a["name"] == "Sở Y tế" and a["done_on_time"] == 1 and a["in_progress_overdue"] == 1
    mine = get(client, world, "focal_a", "/api/v1/stats/classification?as_of=2022-07-01")
    assert [x["agency_id"] for x in mine["by_agency"]] == [world.a]


def test_agencies(client, world):
    names = {a["name"] for a in get(client, world, "focal_a", "/api/v1/agencies")["items"]}
    assert {"Sở Y tế", "Công an tỉnh"} <= names


def test_import_correct_activate_over_http(client, world):
    text = PLAN.read_bytes()
    headers = world.auth("coordinator")
    r = client.post("/api/v1/plans", headers=headers, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(text), "kh-mau.txt")})
    assert r.status_code == 201, r.json
    plan_id, version = r.json["plan"]["plan_id"], r.json["version"]
    assert r.json["plan"]["status"] == "draft" and r.json["plan"]["draft"]["assignments"]
    again = client.post("/api/v1/plans", headers=headers, content_type="multipart/form-data",
                        data={"file": (io.BytesIO(text), "copy.txt")})
    assert again.status_code == 409 and again.json["plan_id"] == plan_id
    r = client.post(f"/api/v1/plans/{plan_id}/corrections", headers=headers, json={
        "expected_version": version, "corrections": [
            {"op": "set", "path": "reporting", "value": [{"cadence": "annual"}]}]})
    assert r.status_code == 200, r.json
    r = client.post(f"/api/v1/plans/{plan_id}/activate", headers=headers,
                    json={"expected_version": r.json["version"]})
    assert r.status_code == 422 and r.json["code"] == "no_sender" and "reporting entry 1" in r.json["message"]
    r = client.post(f"/api/v1/plans/{plan_id}/corrections", headers=headers, json={
        "expected_version": version + 1, "corrections": [
            {"op": "append", "path": "reporting/0/from", "value": "Công an phường"}]})
    assert r.status_code == 200, r.json
    r = client.post(f"/api/v1/plans/{plan_id}/activate", headers=headers,
                    json={"expected_version": r.json["version"]})
    assert r.status_code == 200, r.json
    assert r.json["plan"]["status"] == "active" and r.json["task_count"] > 0
    r = client.post(f"/api/v1/plans/{plan_id}/activate", headers=headers,
                    json={"expected_version": r.json["version"]})
    assert r.status_code == 409 and r.json["code"] == "not_a_draft"


def test_a_file_that_is_not_a_plan(client, world):
    r = client.post("/api/v1/plans", headers=world.auth("coordinator"),
                    content_type="multipart/form-data",
                    data={"file": (io.BytesIO(b"%PDF-1.4 broken"), "x.pdf")})
    assert r.status_code == 422 and r.json["error"] == "import_failed", r.json
    r = client.post("/api/v1/plans", headers=world.auth("focal_a"),
                    content_type="multipart/form-data",
                    data={"file": (io.BytesIO(b"x"), "x.txt")})
    assert r.status_code == 403


def test_a_decompression_bomb_is_a_clear_refusal(client, world):
    from tests.workflows.importing.bombs import inflating_docx, text_node

    for data, words in [(inflating_docx(300), "inflated size"), (text_node(11 * 2**20), "not a readable")]:
        r = client.post("/api/v1/plans", headers=world.auth("coordinator"),
                        content_type="multipart/form-data", data={"file": (io.BytesIO(data), "kh.docx")})
        assert r.status_code == 422 and r.json["error"] == "import_failed", r.json
        assert words in r.json["reason"]


def test_cli_issues_a_working_token(app, dd, world):
    from service.cli.token import token

    runner = CliRunner()
    result = runner.invoke(token, ["issue", "fpa"], obj={"app": app})
    assert result.exit_code == 0, result.output
    value = result.stdout.strip().splitlines()[0]
    with dd.engine.connect() as conn:
        assert person_for_token(conn, value) == world.people["focal_a"]
    r = app.test_client().get("/api/v1/tasks", headers={"Authorization": f"Bearer {value}"})
    assert r.status_code == 200
    old = app.test_client().get("/api/v1/tasks", headers=world.auth("focal_a"))
    assert old.status_code == 401  # the new token replaces the old one
    assert runner.invoke(token, ["issue", "nobody"], obj={"app": app}).exit_code == 1
