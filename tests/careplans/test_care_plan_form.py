"""The shipped care-plan form checks its dates against the plan's date (``x-notBefore``): a
review date, a goal's target date or a task's due date before the plan's date is refused."""

from __future__ import annotations

import pytest

from carebridge.errors import InvalidInput
from carebridge.forms.definitions import parse_definition

PLAN = {
    "plan_date": "2026-03-01",
    "need_areas": ["food"],
    "goals": [{"statement": "Enough food", "measurable_outcome": "Gets SNAP",
               "target_date": "2026-05-01", "status": "not_started"}],
    "tasks": [{"description": "Apply for SNAP", "responsible": "client",
               "due_date": "2026-03-10", "status": "to_do"}],
    "review_date": "2026-06-01",
}


def submit(client, world, data):
    return client.post("/api/v1/forms/care-plan/submissions", json={"data": data},
                       headers=world.headers("alpha", "care_manager"))


def test_a_plan_with_its_dates_in_order_is_accepted(client, shipped):
    assert submit(client, shipped, PLAN).status_code == 201


def test_a_review_date_before_the_plan_date_is_refused_with_a_clear_message(client, shipped):
    response = submit(client, shipped, {**PLAN, "review_date": "2026-02-01"})
    assert response.status_code == 422
    assert response.json["errors"] == [{
        "pointer": "/review_date",
        "message": "This date cannot be before the plan date (2026-03-01).",
    }]


def test_task_and_goal_dates_before_the_plan_date_are_refused(client, shipped):
    data = {**PLAN,
            "goals": [{**PLAN["goals"][0], "target_date": "2026-01-01"}],
            "tasks": [PLAN["tasks"][0], {**PLAN["tasks"][0], "due_date": "2026-02-28"}]}
    response = submit(client, shipped, data)
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json["errors"]] == ["/goals/0/target_date",
                                                              "/tasks/1/due_date"]


@pytest.mark.parametrize("rule", [{"review_date": "/plan_date"}, {"/a": "/b/*/c"}, [], "x"])
def test_a_malformed_date_order_is_refused_at_publish(app, rule):
    document = {"id": "x", "title": "X", "kind": "intake", "schema": {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
        "x-notBefore": rule}}
    with pytest.raises(InvalidInput) as caught:
        parse_definition(document, app.config)
    assert caught.value.problems[0].pointer == "/schema/x-notBefore"
