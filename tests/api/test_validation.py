"""Bad requests get a clear JSON answer naming what is wrong, and change nothing."""
import pytest


def url(world, command="extension-request"):
    return f"/api/v1/tasks/{world.task_a['task_id']}/{command}"


def post_raw(client, world, data, content_type="application/json", who="focal_a", command="extension-request"):
    return client.post(url(world, command), data=data, content_type=content_type,
                       headers=world.auth(who))


@pytest.mark.parametrize("day", ["31/02/2023", "2023-02-31", "2023-13-01", "tomorrow", ""])
def test_impossible_dates_are_named(client, world, day):
    r = client.post(url(world), headers=world.auth("focal_a"),
                    json={"expected_version": 1, "new_deadline": day, "reason": "x"})
    assert r.status_code == 400
    assert r.json == {"error": "validation", "message": "some fields are not valid: see fields",
                      "fields": {"new_deadline": ["Not a valid date."]}}


def test_wrong_types_and_missing_fields(client, world):
    r = client.post(url(world), headers=world.auth("focal_a"),
                    json={"expected_version": "1", "new_deadline": 20230201, "reason": ["x"]})
    assert r.status_code == 400
    assert set(r.json["fields"]) == {"expected_version", "new_deadline", "reason"}
    r = client.post(url(world), headers=world.auth("focal_a"), json={})
    assert r.json["fields"]["expected_version"] == ["Missing data for required field."]


def test_unknown_fields_are_refused(client, world):
    r = client.post(url(world, "start"), headers=world.auth("focal_a"),
                    json={"expected_version": 1, "state": "done"})
    assert r.status_code == 400 and r.json["fields"] == {"state": ["Unknown field."]}
    r = client.get("/api/v1/tasks?colour=red", headers=world.auth("focal_a"))
    assert r.status_code == 400 and r.json["fields"] == {"colour": ["Unknown field."]}


@pytest.mark.parametrize("body", [b'{"expected_version": 1,', b"\xff\xfe", b"[1, 2", b"nul"])
def test_malformed_json(client, world, body):
    r = post_raw(client, world, body, command="start")
    assert r.status_code == 400 and r.json["error"] == "malformed_json"


def test_json_that_is_not_an_object(client, world):
    r = post_raw(client, world, b"[1, 2]", command="start")
    assert r.status_code == 400 and r.json["error"] == "validation"


def test_not_json_at_all(client, world):
    r = post_raw(client, world, b"expected_version=1", "application/x-www-form-urlencoded", command="start")
    assert r.status_code == 415 and r.json["error"] == "unsupported_media_type"


def test_huge_payload_is_413(client, world):
    big = b'{"expected_version": 1, "text": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    r = post_raw(client, world, big, command="comments")
    assert r.status_code == 413 and r.json["error"] == "too_large"


def test_text_beyond_the_field_limit(client, world):
    r = client.post(url(world, "comments"), headers=world.auth("focal_a"),
                    json={"expected_version": 1, "text": "a" * 30_000})
    assert r.status_code == 400 and "text" in r.json["fields"]


def test_nul_characters_are_refused(client, world):
    r = client.post(url(world, "comments"), headers=world.auth("focal_a"),
                    json={"expected_version": 1, "text": "a\u0000b"})
    assert r.status_code == 400 and "text" in r.json["fields"]
    r = client.get("/api/v1/tasks/a%00b", headers=world.auth("focal_a"))
    assert r.status_code == 404


def test_bad_query_values(client, world):
    r = client.get("/api/v1/tasks?deadline_before=2023-02-31&limit=0&state=asleep",
                   headers=world.auth("focal_a"))
    assert r.status_code == 400
    assert set(r.json["fields"]) == {"deadline_before", "limit", "state"}
    r = client.get("/api/v1/tasks?cursor=garbage", headers=world.auth("focal_a"))
    assert r.status_code == 400 and r.json["fields"] == {"cursor": ["Not a valid cursor."]}
    r = client.get("/api/v1/stats/classification?as_of=31/02/2023", headers=world.auth("focal_a"))
    assert r.json["fields"] == {"as_of": ["Not a valid date."]}


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic Zm9vOmJhcg==", "bearer  "])
def test_no_or_bad_token_is_401(client, world, header):
    headers = {"Authorization": header} if header else {}
    r = client.get("/api/v1/tasks", headers=headers)
    assert r.status_code == 401 and r.json["error"] == "unauthorized"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_routes_and_methods_answer_json(client, world):
    r = client.get("/api/v1/nothing-here", headers=world.auth("admin"))
    assert r.status_code == 404 and r.json["error"] == "not_found"
    r = client.delete(f"/api/v1/tasks/{world.task_a['task_id']}", headers=world.auth("admin"))
    assert r.status_code == 405 and r.json["error"] == "method_not_allowed"
    assert "GET" in r.headers["Allow"]


@pytest.mark.parametrize("command", ["start", "comments", "extension-request", "submit"])
@pytest.mark.parametrize("opener, closer", [(b"[", b"]"), (b'{"a":', b"}")])
def test_deeply_nested_json_is_a_clear_400(client, world, command, opener, closer):
    depth = 100_000
    body = b'{"expected_version": 1, "note": ' + opener * depth + b"1" + closer * depth + b"}"
    r = post_raw(client, world, body, command=command)
    assert r.status_code == 400 and r.json["error"] == "malformed_json", r.json
    assert "nest" in r.json["message"]
