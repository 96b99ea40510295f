"""Submissions: validated by jsonschema for draft 2020-12, errors at JSON Pointers, data kept."""

import pytest

pytestmark = pytest.mark.postgres

GOOD = {"name": "Maria López", "household": [{"name": "Ana", "age": 7}], "rent": 19.99}


def errors(response):
    assert response.status_code == 422, response.json
    return {e["pointer"]: e["message"] for e in response.json["errors"]}


def test_a_valid_submission_is_stored_and_read_back_exactly(api, household_form):
    data = {**GOOD, "visit": "2026-11-23T09:30:00-08:00", "callback": "14:30:00-08:00",
            "website": "https://example.org/path?q=1", "email": "maria@example.org",
            "household": [{"name": "Ana", "age": 7}, {"name": "Luis", "age": 0}]}
    created = api.post(f"/api/v1/forms/{household_form}/submissions", {"data": data})
    assert created.status_code == 201
    stored = api.get(f"/api/v1/submissions/{created.json['id']}").json
    assert stored["data"] == data
    assert stored["form_id"] == household_form
    assert stored["form_version"] == 1
    assert stored["created_by"] == "admin@alpha.example.org"
    assert stored["created_at"].endswith("+00:00")


def test_every_violation_is_listed_at_its_pointer(api, household_form):
    response = api.post(
        f"/api/v1/forms/{household_form}/submissions",
        {"data": {"household": [{"age": 4}, {"age": "seven"}, {"age": -1}, {}]}},
    )
    assert errors(response) == {
        "/household/1/age": "Enter a whole number.",
        "/household/2/age": "Must be at least 0.",
        "/household/3/age": "This answer is required.",
        "/name": "Full name is required.",
    }


def test_a_root_level_problem_has_the_empty_pointer(api, household_form):
    response = api.post(f"/api/v1/forms/{household_form}/submissions", {"data": ["not", "obj"]})
    assert list(errors(response)) == [""]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "maria@"),
        ("email", "maria@example"),
        ("email", "maria lopez@example.org"),
        ("visit", "2026-11-23T09:30:00"),  # no offset: not RFC 3339
        ("visit", "next tuesday"),
        ("callback", "14:30"),
        ("callback", "25:00:00Z"),
        ("website", "not a uri"),
        ("website", "//example.org"),
    ],
)
def test_formats_are_really_checked(api, household_form, field, value):
    response = api.post(f"/api/v1/forms/{household_form}/submissions",
                        {"data": {**GOOD, field: value}})
    assert f"/{field}" in errors(response)


@pytest.mark.parametrize("amount", [19.99, 0.07, 1234.56, 100, 0.3, 1e-2])
def test_currency_amounts_are_multiples_of_a_cent(api, household_form, amount):
    response = api.post(f"/api/v1/forms/{household_form}/submissions",
                        {"data": {**GOOD, "rent": amount}})
    assert response.status_code == 201, response.json


def test_a_fraction_of_a_cent_is_refused(api, household_form):
    response = api.post(f"/api/v1/forms/{household_form}/submissions",
                        {"data": {**GOOD, "rent": 19.999}})
    assert errors(response) == {"/rent": "Must be a multiple of 0.01."}


def test_a_pathological_pattern_cannot_hang_a_worker(api):
    evil = {"title": "Evil", "type": "object",
            "properties": {"code": {"type": "string", "pattern": "^(a|aa)+$"}}}
    assert api.post("/api/v1/forms", evil).status_code == 201
    response = api.post("/api/v1/forms/evil/submissions", {"data": {"code": "a" * 40 + "!"}})
    assert "could not be checked" in errors(response)["/code"]


def test_the_same_idempotency_key_creates_one_submission(api, household_form):
    path = f"/api/v1/forms/{household_form}/submissions"
    first = api.post(path, {"data": GOOD}, headers={"Idempotency-Key": "tap-1"})
    second = api.post(path, {"data": GOOD}, headers={"Idempotency-Key": "tap-1"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"]


def test_a_submission_stays_readable_under_its_version(api, household_form):
    created = api.post(f"/api/v1/forms/{household_form}/submissions", {"data": GOOD}).json
    changed = {**api.get(f"/api/v1/forms/{household_form}").json["definition"]}
    changed["schema"] = {**changed["schema"], "required": ["name", "household", "email"]}
    assert api.put(f"/api/v1/forms/{household_form}", changed).json["version"] == 2
    stored = api.get(f"/api/v1/submissions/{created['id']}").json
    assert stored["form_version"] == 1
    assert stored["data"] == GOOD
    # New submissions are judged by the new version.
    response = api.post(f"/api/v1/forms/{household_form}/submissions", {"data": GOOD})
    assert "/email" in errors(response)
    # ...unless they name the old one.
    response = api.post(f"/api/v1/forms/{household_form}/submissions",
                        {"data": GOOD, "version": 1})
    assert response.status_code == 201


def test_an_invalid_submission_stores_nothing(api, household_form, app):
    from carebridge.forms.models import Submission
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work

    api.post(f"/api/v1/forms/{household_form}/submissions", {"data": {"name": 5}})
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.query(Submission).count() == 0


def test_drafts_hold_partial_data_and_complete_into_a_submission(api, household_form):
    base = f"/api/v1/forms/{household_form}/drafts"
    draft = api.post(base, {"data": {"name": "Ma"}})
    assert draft.status_code == 201
    draft_id = draft.json["id"]
    assert api.put(f"{base}/{draft_id}", {"data": {"name": "Maria", "household": [{}]}}).json == {
        "id": draft_id
    }
    assert api.get(f"{base}/{draft_id}").json["data"] == {"name": "Maria", "household": [{}]}
    incomplete = api.post(f"{base}/{draft_id}/submit")
    assert errors(incomplete) == {"/household/0/age": "This answer is required."}
    done = api.post(f"{base}/{draft_id}/submit", {"data": GOOD})
    assert done.status_code == 201
    assert api.get(f"/api/v1/submissions/{done.json['id']}").json["data"] == GOOD
    assert api.get(f"{base}/{draft_id}").json["submission_id"] == done.json["id"]
    again = api.post(f"{base}/{draft_id}/submit")
    assert again.json["id"] == done.json["id"]
    assert api.put(f"{base}/{draft_id}", {"data": {}}).status_code == 422
