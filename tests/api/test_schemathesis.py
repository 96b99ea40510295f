"""Schemathesis over the OpenAPI document, in every run: a bounded budget of generated requests
(a few hundred, well under a minute) must get no server error and answers that conform to what
the document says (status codes, content types, bodies)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

#: Generated requests in all, shared among the document's operations (at least 8 each).
BUDGET = 400
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_generated_requests_get_no_server_error_and_conforming_answers(app, world):
    client = app.test_client()
    admin = world.headers("alpha", "admin")
    form = {"id": "probe", "title": "Probe", "kind": "intake",
            "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}
    assert client.post("/api/v1/forms", json=form, headers=admin).status_code == 201
    from carebridge.directory import index
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work
    from tests.directory.conftest import build_directory

    with unit_of_work(app, ALL_AGENCIES) as session:  # a small directory to search
        build_directory(session)
        index.rebuild(app, session)
    # Operations are driven one by one here (schemathesis's pytest fixture loader does not
    # run under this pytest): they share the BUDGET.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, cases = [], []
    operations = [result.ok() for result in schema.get_all_operations()]
    examples = max(8, BUDGET // len(operations))
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def run(case):
            cases.append(case)
            case.call_and_validate(headers=admin, checks=CHECKS)

        try:
            run()
        except Exception as error:  # every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {error!r}")
    assert len(operations) >= 10
    assert len(cases) >= 150
    assert failures == [], "\n\n".join(failures)
