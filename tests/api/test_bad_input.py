"""Hostile or broken bodies get a clear 4xx at the door, and nothing is stored."""

import io
import json

import pytest

from carebridge.forms import patterns
from carebridge.forms.models import Draft, FormDefinition, Submission
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work


def count(app, model):
    with unit_of_work(app, ALL_AGENCIES) as session:
        return session.query(model).count()


def send(client, world, path, text, method="post"):
    return getattr(client, method)(path, data=text, content_type="application/json",
                                   headers=world.headers("alpha", "admin"))


def nested(levels):
    return "[" * levels + "]" * levels


@pytest.fixture
def draft(api, household_form):
    return api.post(f"/api/v1/forms/{household_form}/drafts", {"data": {}}).json["id"]


@pytest.mark.parametrize("levels", [101, 1500])
@pytest.mark.parametrize("where", ["submission", "new draft", "draft", "definition"])
def test_json_nested_too_deep_is_400(app, client, world, household_form, draft, levels, where):
    paths = {
        "submission": (f"/api/v1/forms/{household_form}/submissions", "post"),
        "new draft": (f"/api/v1/forms/{household_form}/drafts", "post"),
        "draft": (f"/api/v1/forms/{household_form}/drafts/{draft}", "put"),
        "definition": ("/api/v1/forms", "post"),
    }
    path, method = paths[where]
    body = ('{"title": "Deep", "type": "object", "default": ' if where == "definition"
            else '{"data": ') + nested(levels) + "}"
    response = send(client, world, path, body, method)
    assert response.status_code == 400
    assert response.json["message"] == "The data is nested more than 100 levels deep."
    assert (count(app, Submission), count(app, Draft), count(app, FormDefinition)) == (0, 1, 1)


def test_json_as_deep_as_the_limit_is_read(api, household_form):
    data = {"name": "Ana", "household": [], "notes": json.loads(nested(97))}
    response = api.post(f"/api/v1/forms/{household_form}/drafts", {"data": data})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ('{"data": {"name": "\\ud800", "household": []}}', "/data/name"),
        ('{"data": {"name": "Ana \\udfff", "household": []}}', "/data/name"),
        ('{"data": {"name": "Ana", "household": [], "\\ud83d": 1}}', "/data/\ud83d"),
        ('{"data": {"name": "Ana", "household": [{"name": "x\\uDC00y", "age": 3}]}}',
         "/data/household/0/name"),
    ],
)
def test_a_lone_surrogate_is_refused_at_the_door(app, client, world, household_form, body,
                                                 pointer):
    response = send(client, world, f"/api/v1/forms/{household_form}/submissions", body)
    assert response.status_code == 400
    assert "unpaired UTF-16 surrogate" in response.json["message"]
    assert [e["pointer"] for e in response.json["errors"]] == [pointer]
    assert count(app, Submission) == 0


def test_a_surrogate_pair_is_one_character_and_welcome(client, world, household_form):
    body = '{"data": {"name": "Ana \\ud83d\\ude00", "household": []}}'
    response = send(client, world, f"/api/v1/forms/{household_form}/submissions", body)
    assert response.status_code == 201


def test_a_lone_surrogate_in_a_definition_or_draft_is_refused(app, client, world, draft,
                                                              household_form):
    body = '{"title": "T", "type": "object", "properties": {"a\\ud800": {}}}'
    assert send(client, world, "/api/v1/forms", body).status_code == 400
    body = '{"data": {"name": "\\ud800"}}'
    path = f"/api/v1/forms/{household_form}/drafts/{draft}"
    assert send(client, world, path, body, "put").status_code == 400


@pytest.mark.parametrize("number", ["1e999", "-1e400", "1e-400", "0." + "1" * 120])
def test_numbers_that_cannot_be_stored_are_400(app, client, world, household_form, number):
    body = '{"data": {"name": "Ana", "household": [], "rent": ' + number + "}}"
    response = send(client, world, f"/api/v1/forms/{household_form}/submissions", body)
    assert response.status_code == 400
    assert "too large, too small or too long" in response.json["message"]
    assert count(app, Submission) == 0


@pytest.mark.postgres
@pytest.mark.parametrize("number", [2**70, 2**31, 0, -1])
def test_a_version_number_out_of_range_is_404(api, household_form, number):
    assert api.get(f"/api/v1/forms/{household_form}/versions/{number}").status_code == 404
    response = api.post(f"/api/v1/forms/{household_form}/submissions",
                        {"data": {"name": "A", "household": []}, "version": number})
    assert response.status_code == 404


def chunked(client, world, path, body: bytes):
    return client.post(path, input_stream=io.BytesIO(body), content_type="application/json",
                       headers={**world.headers("alpha", "admin"), "Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_body_over_the_limit_is_413(app, client, world, household_form):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    body = json.dumps({"data": {"name": "x" * 2000, "household": []}}).encode()
    response = chunked(client, world, f"/api/v1/forms/{household_form}/submissions", body)
    assert response.status_code == 413
    assert response.json["message"] == "The body is larger than the limit."
    assert count(app, Submission) == 0


@pytest.mark.parametrize("size", [0, 1])
def test_a_chunked_body_at_or_under_the_limit_is_read(app, client, world, household_form, size):
    body = json.dumps({"data": {"name": "Ana", "household": []}}).encode()
    app.config["MAX_CONTENT_LENGTH"] = len(body) + size
    response = chunked(client, world, f"/api/v1/forms/{household_form}/submissions", body)
    assert response.status_code == 201


EVIL = "^(a|aa)+$"
HOSTILE = "a" * 40 + "!"


@pytest.fixture
def searches(monkeypatch):
    """How many times a pattern was actually run."""
    calls = []
    search = patterns.Budget.search

    def counted(self, pattern, text):
        calls.append(text)
        return search(self, pattern, text)

    monkeypatch.setattr(patterns.Budget, "search", counted)
    return calls


@pytest.mark.parametrize(
    ("schema", "data", "pointer"),
    [
        ({"codes": {"type": "array", "items": {"type": "string", "pattern": EVIL}}},
         {"codes": [HOSTILE] * 320}, "/codes/0"),
        ({"answers": {"type": "object", "patternProperties": {EVIL: {}},
                      "additionalProperties": False}},
         {"answers": {HOSTILE + str(i): i for i in range(320)}}, "/answers/" + HOSTILE + "0"),
        ({"answers": {"type": "object", "propertyNames": {"pattern": EVIL}}},
         {"answers": {HOSTILE + str(i): i for i in range(320)}}, "/answers/" + HOSTILE + "0"),
    ],
    ids=["pattern", "additionalProperties", "propertyNames"],
)
def test_a_backtracking_pattern_costs_one_budget_per_request(app, api, searches, schema, data,
                                                             pointer):
    app.config["PATTERN_BUDGET_SECONDS"] = 0.05
    definition = {"title": "Evil", "type": "object", "properties": schema}
    assert api.post("/api/v1/forms", definition).status_code == 201
    response = api.post("/api/v1/forms/evil/submissions", {"data": data})
    assert response.status_code == 422
    assert {e["pointer"]: e["message"] for e in response.json["errors"]} == {
        pointer: "This answer could not be checked in time; please shorten or simplify it."
    }
    assert len(searches) <= 2, "once the budget is spent, no other value is matched"
    # The next request has a budget of its own.
    assert api.post("/api/v1/forms/evil/submissions", {"data": {}}).status_code == 201


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"properties": {"a": {"type": "string", "pattern": "\\p{Greek}"}}},
         "/properties/a/pattern"),
        ({"patternProperties": {"(?i)^x": {}}}, "/patternProperties/(?i)^x"),
        ({"propertyNames": {"pattern": "(?P<n>a)"}}, "/propertyNames/pattern"),
        ({"$defs": {"code": {"pattern": "\\a"}}}, "/$defs/code/pattern"),
    ],
)
def test_patterns_the_engine_reads_differently_are_refused_at_publish(api, schema, pointer):
    response = api.post("/api/v1/forms", {"title": "T", "type": "object", **schema})
    assert response.status_code == 422
    messages = {e["pointer"]: e["message"] for e in response.json["errors"]}
    assert "ECMA-262" in messages[pointer]


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"properties": {"name\n": {}}}, "/properties/name\n"),
        ({"properties": {"a": {"type": "object", "properties": {"b\x1b[31m": {}}}}},
         "/properties/a/properties/b\x1b[31m"),
        ({"patternProperties": {"^x\x00": {}}}, "/patternProperties/^x\x00"),
        ({"$defs": {"x\x7f": {}}}, "/$defs/x\x7f"),
        ({"dependentSchemas": {"x\u2028": {}}}, "/dependentSchemas/x\u2028"),
        ({"dependentRequired": {"a": ["b\u202e"]}}, "/dependentRequired/a/0"),
        ({"dependentRequired": {"a\x85": []}}, "/dependentRequired/a\x85"),
        ({"required": ["ok", "x\t"]}, "/required/1"),
        ({"items": {"properties": {"x\r": {}}}}, "/items/properties/x\r"),
    ],
)
def test_property_names_with_control_characters_are_refused_at_publish(app, api, schema,
                                                                        pointer):
    response = api.post("/api/v1/forms", {"title": "T", "type": "object", **schema})
    assert response.status_code == 422
    assert pointer in {e["pointer"] for e in response.json["errors"]}
    assert "may not hold control characters" in response.json["errors"][0]["message"]
    assert count(app, FormDefinition) == 0


def test_a_date_bound_that_means_nothing_is_refused_at_publish(api):
    schema = {"title": "T", "type": "object", "properties": {
        "born": {"type": "string", "format": "date", "x-maxDate": "tomorrow"},
        "seen": {"type": "string", "x-minDate": "today"},
    }}
    response = api.post("/api/v1/forms", schema)
    assert response.status_code == 422
    assert {e["pointer"] for e in response.json["errors"]} == {
        "/properties/born/x-maxDate", "/properties/seen/x-minDate"
    }


def test_a_date_of_birth_in_the_future_is_refused_by_the_api(api):
    schema = {"title": "Born", "type": "object", "properties": {
        "born": {"type": "string", "format": "date", "x-maxDate": "today"}}}
    assert api.post("/api/v1/forms", schema).status_code == 201
    response = api.post("/api/v1/forms/born/submissions", {"data": {"born": "2999-01-01"}})
    assert response.json["errors"] == [
        {"pointer": "/born", "message": "This date cannot be in the future."}
    ]
    assert api.post("/api/v1/forms/born/submissions",
                    {"data": {"born": "1990-01-01"}}).status_code == 201


def test_unicode_property_patterns_on_names_answer_not_500(api):
    # jsonschema matched patternProperties with Python's re for additionalProperties, where
    # \p{...} does not exist: every submission answered 500.
    schema = {"title": "Ecole", "type": "object",
              "patternProperties": {"\\p{Letter}cole": {"type": "string"}},
              "additionalProperties": False}
    assert api.post("/api/v1/forms", schema).status_code == 201
    assert api.post("/api/v1/forms/ecole/submissions",
                    {"data": {"l'\u00e9cole": "oui"}}).status_code == 201
    refused = api.post("/api/v1/forms/ecole/submissions", {"data": {"L'\u00c9COLE": "non"}})
    assert refused.status_code == 422
