"""Web fixtures: a form published in agency alpha."""

import pytest


@pytest.fixture
def api_form(client, world):
    schema = {"title": "Contact details", "type": "object",
              "properties": {"name": {"type": "string", "title": "Name"}}}
    response = client.post("/api/v1/forms", json=schema, headers=world.headers("alpha", "admin"))
    assert response.status_code == 201
    return response.json["id"]
