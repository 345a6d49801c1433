"""Figures sent to the API as strings are read the Vietnamese way, as the web form reads them:
"1.600" is 1600 (never 1.6) and "43,6" is 43.6; JSON numbers stay numbers."""
import pytest


def submit(client, world, figures):
    tid = world.task_a["task_id"]
    client.post(f"/api/v1/tasks/{tid}/start", json={"expected_version": 1}, headers=world.auth("focal_a"))
    return client.post(f"/api/v1/tasks/{tid}/submit", json={
        "expected_version": 2, "text": "Đã làm", "figures": figures}, headers=world.auth("focal_a"))


def stored_figures(client, world):
    tid = world.task_a["task_id"]
    r = client.get(f"/api/v1/tasks/{tid}/timeline", headers=world.auth("focal_a"))
    return r.json["events"][-1]["data"]["figures"]


@pytest.mark.parametrize("sent, stored", [("1.600", "1600"), ("43,6", "43.6"), ("96,5%", "96.5"),
                                          ("1.234.567,5", "1234567.5"), (1600, "1600"), (43.6, "43.6")])
def test_figures_are_read_the_vietnamese_way(client, world, sent, stored):
    r = submit(client, world, [{"target": "Tập huấn cho 550 người", "value": sent}])
    assert r.status_code == 200, r.json
    assert stored_figures(client, world) == [{"target": "Tập huấn cho 550 người", "value": stored,
                                              "numerator": None, "denominator": None}]


def test_a_figure_that_is_not_a_number_is_named(client, world):
    r = submit(client, world, [{"target": "x", "value": "1,600.5"}])
    assert r.status_code == 400 and r.json["error"] == "validation"
    assert "'1,600.5' is not a number" in r.json["fields"]["figures"]["0"]["value"][0]


def test_a_share_may_be_sent_as_numerator_and_denominator(client, world):
    r = submit(client, world, [{"target": "Tỷ lệ", "numerator": "19", "denominator": 20}])
    assert r.status_code == 200, r.json
    assert stored_figures(client, world) == [{"target": "Tỷ lệ", "value": "95",
                                              "numerator": "19", "denominator": "20"}]


@pytest.mark.parametrize("figure, status, where", [
    ({"target": "Tỷ lệ"}, 400, "value"),
    ({"target": "Tỷ lệ", "numerator": 19}, 400, "value"),
    ({"target": "Tỷ lệ", "value": 90, "numerator": 19, "denominator": 20}, 422, "figure_share_mismatch"),
])
def test_a_share_that_does_not_hold_together_is_named(client, world, figure, status, where):
    r = submit(client, world, [figure])
    assert r.status_code == status, r.json
    assert where in (r.json.get("fields", {}).get("figures", {}).get("0", {}) if status == 400
                     else r.json["code"])
