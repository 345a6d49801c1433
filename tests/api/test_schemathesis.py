"""Property-based run of the whole API from its own OpenAPI document (schemathesis, in
process over WSGI), authenticated as an administrator with a real token: generated requests,
valid and invalid, never get a 5xx, and every answer has a documented status and shape."""
from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

# Examples per operation and mode; 24 operations x 2 modes keep a backend under ~30 s.
EXAMPLES = int(os.environ.get("DONDOC_SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.mark.slow
def test_generated_requests_never_break_the_api(app, world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    auth = world.auth("admin")
    real = {"task_id": world.task_a["task_id"], "plan_id": "p1", "agency_id": world.a}
    failures, ran, statuses = [], 0, Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        # Generated ids find nothing (404); real ones reach the handlers and the domain.
        runs = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if names:
            runs.append((GenerationMode.POSITIVE, {k: real[k] for k in names}))
        for mode, ids in runs:
            try:
                _run(operation, mode, auth, ids, statuses)
            except Exception as exc:  # collect them all, then fail once
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}, "
                                f"ids {ids}): {exc}")
            ran += 1
    assert not failures, "\n\n".join(failures)
    assert ran >= 2 * 22
    # the run reached the domain: successes, refusals and conflicts, not only 400s and 404s
    assert statuses[200] > 20 and statuses[409] + statuses[422] > 0, statuses


def _run(operation, mode, auth, ids, statuses):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=ids))
    def check(case):
        headers = {**(case.headers or {}), **auth}
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    check()
