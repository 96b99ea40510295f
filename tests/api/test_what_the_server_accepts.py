"""The OpenAPI document describes what the server accepts, and a 405 says what is allowed."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from carebridge.forms.service import MAX_VERSION


def body_schema(spec, path, method) -> dict:
    operation = spec["paths"][path][method]
    return operation["requestBody"]["content"]["application/json"]["schema"]


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json


@pytest.fixture
def form(api, household_schema):
    response = api.post("/api/v1/forms", {"id": "household", "title": "Household",
                                          "kind": "intake", "schema": household_schema})
    assert response.status_code == 201
    return "household"


@pytest.mark.parametrize("path, method", [
    ("/api/v1/forms/{form_id}/submissions", "post"),
    ("/api/v1/forms/{form_id}/drafts", "post"),
    ("/api/v1/forms/{form_id}/drafts/{draft_id}", "put"),
])
@pytest.mark.parametrize("data", [None, [], "text", 3, True])
def test_answers_that_are_not_an_object_are_invalid_by_the_document_and_refused(
        api, spec, form, path, method, data):
    schema = body_schema(spec, path, method)
    assert not Draft202012Validator(schema).is_valid({"data": data})
    draft = api.post(f"/api/v1/forms/{form}/drafts", {"data": {}}).json["id"]
    url = path.replace("{form_id}", form).replace("{draft_id}", draft)
    response = getattr(api, method)(url, {"data": data})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("version", [0, MAX_VERSION + 1, 2**70])
def test_versions_the_document_calls_invalid_are_refused(api, spec, form, version):
    schema = body_schema(spec, "/api/v1/forms/{form_id}/submissions", "post")
    assert not Draft202012Validator(schema).is_valid({"data": {}, "version": version})
    response = api.post(f"/api/v1/forms/{form}/submissions", {"data": {}, "version": version})
    assert response.status_code == 404


def test_a_draft_is_submitted_without_a_body_as_the_document_says(api, spec, form):
    operation = spec["paths"]["/api/v1/forms/{form_id}/drafts/{draft_id}/submit"]["post"]
    assert operation["requestBody"]["required"] is False
    draft = api.post(f"/api/v1/forms/{form}/drafts",
                     {"data": {"name": "Ana", "household": []}}).json["id"]
    assert api.post(f"/api/v1/forms/{form}/drafts/{draft}/submit").status_code == 201


@pytest.mark.parametrize("path, method, allowed", [
    ("/api/v1/forms", "delete", {"GET", "POST"}),
    ("/api/v1/openapi.json", "post", {"GET"}),
])
def test_a_405_from_the_api_carries_allow(client, world, path, method, allowed):
    response = getattr(client, method)(path, headers=world.headers("alpha", "admin"))
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}
    assert response.is_json


def test_a_405_page_carries_allow(auth, world):
    auth.login(world.email("alpha", "admin"))
    response = auth.client.put("/forms/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
