"""A NUL character (U+0000) in a path, a query, a form field or a JSON body bound for text
columns is a 400 that says so, on SQLite and on PostgreSQL (which cannot store or compare one
in text: it was a 500 there). Form answers, stored as JSON, may hold one."""

from io import BytesIO

import pytest

from tests.conftest import csrf_token


@pytest.mark.postgres
@pytest.mark.parametrize("path", [
    "/api/v1/clients?q=Ana%00",
    "/api/v1/tasks?client=%00",
    "/api/v1/clients/%00",
])
def test_the_api_refuses_a_nul_in_the_address(client, world, path, db_backend):
    refused = client.get(path, headers=world.headers("alpha", "care_manager"))
    assert refused.status_code == 400
    assert "NUL character" in refused.json["message"]


@pytest.mark.postgres
def test_the_api_refuses_a_nul_in_a_json_body_and_stores_nothing(client, world, db_backend):
    headers = world.headers("alpha", "care_manager")
    refused = client.post("/api/v1/clients", json={"given_name": "Ana\x00", "family_name": "X"},
                          headers=headers)
    assert refused.status_code == 400
    assert refused.json["errors"][0]["pointer"] == "/given_name"
    assert client.get("/api/v1/clients?q=Ana", headers=headers).json["clients"] == []


@pytest.mark.postgres
def test_a_page_refuses_a_nul_in_a_search_box(client, auth, world, db_backend):
    auth.login(world.email("alpha", "care_manager"))
    refused = client.get("/clients/?q=Ana%00")
    assert refused.status_code == 400
    assert "NUL character" in refused.get_data(as_text=True)


@pytest.mark.postgres
def test_a_page_refuses_a_nul_in_a_form_field_and_stores_nothing(client, auth, world,
                                                                  db_backend):
    auth.login(world.email("alpha", "care_manager"))
    token = csrf_token(client, "/clients/new")
    refused = client.post("/clients/new", data={"csrf_token": token, "given_name": "Ana\x00",
                                                "family_name": "X"})
    assert refused.status_code == 400
    assert client.get("/api/v1/clients?q=Ana", headers=world.headers(
        "alpha", "care_manager")).json["clients"] == []


def test_an_uploaded_file_may_hold_nul_bytes(client, auth, world):
    # Only the form's text fields are judged: a file's bytes are its importer's to judge.
    auth.login(world.email("alpha", "care_manager"))
    token = csrf_token(client, "/clients/new")
    answered = client.post("/clients/new", data={
        "csrf_token": token, "given_name": "Ana", "family_name": "X",
        "attachment": (BytesIO(b"\x00\x01binary"), "scan.bin")},
        content_type="multipart/form-data")
    assert answered.status_code != 400


@pytest.mark.postgres
def test_a_form_answer_may_hold_a_nul_character(client, world, db_backend):
    headers = world.headers("alpha", "admin")
    assert client.post("/api/v1/forms", json={"title": "Pointer", "type": "object",
                                              "properties": {"p": {"type": "string"}}},
                       headers=headers).status_code == 201
    stored = client.post("/api/v1/forms/pointer/submissions", json={"data": {"p": "/a\x00b"}},
                         headers=headers)
    assert stored.status_code == 201
