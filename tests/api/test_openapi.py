"""The OpenAPI document describes every route, its parameters, bodies, errors and security."""
import re


def test_every_route_is_described(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    described = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    routes = {(m, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule))
              for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")
              for m in r.methods - {"HEAD", "OPTIONS"}}
    assert described == routes


def test_operations_name_parameters_bodies_and_errors(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "dondoc token issue USERNAME"}
    assert spec["security"] == [{"bearerAuth": []}]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            where = f"{method} {path}"
            path_params = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert path_params == set(re.findall(r"{(\w+)}", path)), where
            if path.endswith("openapi.json"):
                assert op["security"] == []
                continue
            assert "401" in op["responses"], where
            if method == "post":
                assert "requestBody" in op and {"400", "403", "413"} <= set(op["responses"]), where
    tasks = spec["paths"]["/api/v1/tasks"]["get"]["parameters"]
    assert {p["name"] for p in tasks} >= {"agency", "plan", "state", "overdue", "period",
                                          "deadline_before", "deadline_after", "limit", "cursor"}
    grant = spec["components"]["schemas"]["ExtensionRequestBody"]
    assert grant["additionalProperties"] is False
    assert grant["properties"]["new_deadline"]["format"] == "date"
