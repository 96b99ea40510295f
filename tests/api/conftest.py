"""Helpers for API tests: a JSON client acting as a given agency and role."""

import pytest

HOUSEHOLD = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Household screening",
    "type": "object",
    "required": ["name", "household"],
    "properties": {
        "name": {"type": "string", "title": "Full name", "minLength": 1},
        "email": {"type": "string", "format": "email"},
        "visit": {"type": "string", "format": "date-time"},
        "callback": {"type": "string", "format": "time"},
        "website": {"type": "string", "format": "uri"},
        "rent": {"type": "number", "multipleOf": 0.01, "minimum": 0},
        "household": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["age"],
                "properties": {
                    "name": {"type": "string"},
                    "age": {"type": "integer", "minimum": 0, "maximum": 130},
                },
            },
        },
    },
}


class Api:
    def __init__(self, client, world):
        self.client = client
        self.world = world
        self.as_("alpha", "admin")

    def as_(self, agency: str, role: str):
        self.headers = self.world.headers(agency, role)
        return self

    def get(self, path, **kw):
        return self.client.get(path, headers=self.headers, **kw)

    def post(self, path, body=None, **kw):
        return self.client.post(path, json=body, headers={**self.headers, **kw.pop("headers", {})},
                                **kw)

    def put(self, path, body=None, **kw):
        return self.client.put(path, json=body, headers=self.headers, **kw)


@pytest.fixture
def api(client, world):
    return Api(client, world)


@pytest.fixture
def household_schema():
    return HOUSEHOLD


@pytest.fixture
def household_form(api):
    response = api.post("/api/v1/forms", HOUSEHOLD)
    assert response.status_code == 201, response.json
    return response.json["id"]
