"""Bad requests get a clear 4xx JSON error, never a 500, and nothing is stored half-way."""

import pytest

from carebridge.forms.models import FormDefinition, Submission
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work


def count(app, model):
    with unit_of_work(app, ALL_AGENCIES) as session:
        return session.query(model).count()


def test_malformed_json_says_where(client, world, household_form):
    response = client.post(f"/api/v1/forms/{household_form}/submissions",
                           data='{"data": {"name": "x",}}', content_type="application/json",
                           headers=world.headers("alpha", "admin"))
    assert response.status_code == 400
    assert response.json["message"].startswith("Malformed JSON at line 1, column")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_wrong_content_type_is_415(client, world, household_form, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.post(f"/api/v1/forms/{household_form}/submissions", data='{"data": {}}',
                           headers=world.headers("alpha", "admin"), **kwargs)
    assert response.status_code == 415
    assert "application/json" in response.json["message"]


def test_a_body_over_the_limit_is_413_and_stores_nothing(app, client, world, household_form):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(f"/api/v1/forms/{household_form}/submissions",
                           json={"data": {"name": "x" * 2000}},
                           headers=world.headers("alpha", "admin"))
    assert response.status_code == 413
    assert response.json["message"] == "The body is larger than the limit."
    assert count(app, Submission) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "The body must be a JSON object."),
        ({"answers": {}}, "The body needs a 'data' member holding the answers."),
        ({"data": {}, "version": "one"}, "'version' must be a version number."),
    ],
)
def test_a_body_of_the_wrong_shape_is_400(api, household_form, body, message):
    response = api.post(f"/api/v1/forms/{household_form}/submissions", body)
    assert response.status_code == 400
    assert response.json["message"] == message


def test_nan_is_not_json(client, world, household_form):
    response = client.post(f"/api/v1/forms/{household_form}/submissions",
                           data='{"data": {"rent": NaN}}', content_type="application/json",
                           headers=world.headers("alpha", "admin"))
    assert response.status_code == 400


def test_an_unknown_form_version_or_submission_is_404(api, household_form):
    assert api.post("/api/v1/forms/nope/submissions", {"data": {}}).status_code == 404
    assert api.get(f"/api/v1/forms/{household_form}/versions/9").status_code == 404
    assert api.get("/api/v1/submissions/0123").status_code == 404
    assert api.put("/api/v1/forms/nope", {"type": "object"}).status_code == 404
    assert api.get("/api/v1/no/such/route").json == {"message": "Not found.", "errors": []}


def test_no_token_or_a_bad_token_is_401(client, household_form):
    response = client.get("/api/v1/forms")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/forms",
                      headers={"Authorization": "Bearer cb_forged"}).status_code == 401


def test_a_wrong_method_is_405_json(api):
    response = api.client.delete("/api/v1/forms", headers=api.headers)
    assert response.status_code == 405
    assert response.json["message"] == "That method is not allowed here."


def test_publishing_an_existing_id_with_post_is_a_conflict(api, household_form, app,
                                                           household_schema):
    response = api.post("/api/v1/forms", household_schema)
    assert response.status_code == 409
    assert "PUT /api/v1/forms/household-screening" in response.json["message"]
    assert count(app, FormDefinition) == 1
