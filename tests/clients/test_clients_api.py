"""The clients API: create with duplicate warnings, read, search, a client's needs — and other
agencies get 404 for every one of them."""

import pytest

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work

MARIA = {"given_name": "María", "family_name": "López", "birth_date": "1980-05-17",
         "preferred_language": "es", "phone": "(650) 555-0100", "email": "maria@example.org",
         "address": {"line1": "1 Main St", "city": "Redwood City", "state": "ca",
                     "postal_code": "94063"},
         "external_ids": [{"system": "HMIS", "value": "H-7731"}]}


def post(client, world, body, agency="alpha", role="care_manager"):
    return client.post("/api/v1/clients", json=body, headers=world.headers(agency, role))


def test_a_client_is_created_with_normalised_fields_and_no_warnings(client, world):
    made = post(client, world, MARIA)
    assert made.status_code == 201
    body = made.json
    assert body["warnings"] == []
    assert (body["phone"], body["address"]["state"], body["birth_date"]) == (
        "6505550100", "CA", "1980-05-17")
    again = client.get(f"/api/v1/clients/{body['id']}",
                       headers=world.headers("alpha", "care_manager")).json
    assert {k: v for k, v in again.items() if k != "warnings"} == {
        k: v for k, v in body.items() if k != "warnings"}


def test_likely_duplicates_are_warned_not_refused(client, world):
    first = post(client, world, MARIA).json
    similar = post(client, world, {"given_name": "Maria", "family_name": "Lopes",
                                   "birth_date": "1980-05-17"})
    assert similar.status_code == 201
    assert similar.json["warnings"] == [{"client_id": first["id"], "name": "María López",
                                         "reasons": ["same date of birth and a similar name"]}]
    same_phone = post(client, world, {"given_name": "Pedro", "family_name": "Ruiz",
                                      "phone": "650.555.0100"}).json
    assert [w["client_id"] for w in same_phone["warnings"]] == [first["id"]]
    assert same_phone["warnings"][0]["reasons"] == ["same phone"]
    other_person = post(client, world, {"given_name": "Ana", "family_name": "Wong",
                                        "birth_date": "1980-05-17"}).json
    assert other_person["warnings"] == []


@pytest.mark.parametrize(("body", "pointer"), [
    ({"family_name": "López"}, "/given_name"),
    ({"given_name": "A", "birth_date": "17/05/1980"}, "/birth_date"),
    ({"given_name": "A", "birth_date": "2999-01-01"}, "/birth_date"),
    ({"given_name": "A", "phone": "12"}, "/phone"),
    ({"given_name": "A", "address": {"postal_code": "9406"}}, "/postal_code"),
    ({"given_name": "A", "external_ids": [{"system": "HMIS"}]}, "/external_ids"),
    ({"given_name": "A", "care_manager_id": 999999}, "/care_manager_id"),
])
def test_a_bad_field_is_refused_with_its_pointer(client, world, body, pointer):
    refused = post(client, world, body)
    assert refused.status_code == 422
    assert [p["pointer"] for p in refused.json["errors"]] == [pointer]


def test_a_care_manager_of_another_agency_cannot_be_assigned(client, world):
    theirs = world.users[("beta", "care_manager")]
    refused = post(client, world, {"given_name": "A", "care_manager_id": theirs})
    assert refused.status_code == 422


@pytest.mark.parametrize("q", ["maría", "lopez maria", "LÓPEZ", "1980-05-17", "05/17/1980",
                               "555-0100", "6505550100", "H-7731", "maria 1980-05-17"])
def test_search_finds_a_client_by_name_parts_birth_date_phone_or_external_id(client, world, q):
    made = post(client, world, MARIA).json
    post(client, world, {"given_name": "Ana", "family_name": "Wong", "birth_date": "1990-01-01",
                         "phone": "4155550199"})
    found = client.get("/api/v1/clients", query_string={"q": q},
                       headers=world.headers("alpha", "care_manager")).json["clients"]
    assert [c["id"] for c in found] == [made["id"]]


def test_search_results_are_audited_reads(client, world):
    made = post(client, world, MARIA).json
    client.get("/api/v1/clients?q=lopez", headers=world.headers("alpha", "care_manager"))
    with unit_of_work(world.app, ALL_AGENCIES) as session:
        assert session.query(AuditEvent).filter_by(object_id=made["id"], action="read").count() == 1


def test_a_clients_needs_by_api(client, world, publish, submit):
    made = post(client, world, MARIA).json
    publish("ahc-hrsn")
    submission = submit("ahc-hrsn", {"food_worried": "often_true"}, client_id=made["id"])
    needs = client.get(f"/api/v1/clients/{made['id']}/needs",
                       headers=world.headers("alpha", "care_manager")).json
    assert needs == {"needs": [{
        "id": needs["needs"][0]["id"], "code": "food", "label": "Food", "status": "identified",
        "submission_id": submission["id"], "note": needs["needs"][0]["note"],
        "identified_at": needs["needs"][0]["identified_at"],
        "status_changed_at": needs["needs"][0]["status_changed_at"]}]}


@pytest.mark.parametrize("path", ["/api/v1/clients/{id}", "/api/v1/clients/{id}/needs"])
def test_another_agency_gets_404_for_every_client_path(client, world, path):
    made = post(client, world, MARIA).json
    answer = client.get(path.format(id=made["id"]), headers=world.headers("beta", "admin"))
    assert answer.status_code == 404
    searched = client.get("/api/v1/clients?q=lopez", headers=world.headers("beta", "admin"))
    assert searched.json == {"clients": []}


def test_roles_without_client_access_are_refused(client, world):
    assert post(client, world, MARIA, role="directory_editor").status_code == 403
    assert client.get("/api/v1/clients?q=a", headers=world.headers(
        "alpha", "intake")).status_code == 403
    assert client.post("/api/v1/clients", json=MARIA).status_code == 401


def test_needs_are_added_and_moved_by_api_and_refused_for_another_agency(client, world):
    made = post(client, world, MARIA).json
    headers = world.headers("alpha", "care_manager")
    added = client.post(f"/api/v1/clients/{made['id']}/needs", json={"code": "food"},
                        headers=headers)
    assert added.status_code == 201 and added.json["status"] == "identified"
    again = client.post(f"/api/v1/clients/{made['id']}/needs", json={"code": "food"},
                        headers=headers)
    assert again.status_code == 409
    unknown = client.post(f"/api/v1/clients/{made['id']}/needs", json={"code": "unicorns"},
                          headers=headers)
    assert unknown.status_code == 422
    path = f"/api/v1/clients/{made['id']}/needs/{added.json['id']}/status"
    moved = client.post(path, json={"status": "met", "note": "Pantry"}, headers=headers)
    assert moved.status_code == 200 and moved.json["status"] == "met"
    assert client.post(path, json={"status": "lost"}, headers=headers).status_code == 422
    beta = world.headers("beta", "admin")
    assert client.post(path, json={"status": "closed"}, headers=beta).status_code == 404
    assert client.post(f"/api/v1/clients/{made['id']}/needs", json={"code": "food"},
                       headers=beta).status_code == 404


def test_without_a_query_the_active_clients_are_listed_by_name(client, world):
    first = post(client, world, MARIA).json
    second = post(client, world, {"given_name": "Ana", "family_name": "Abbott"}).json
    listed = client.get("/api/v1/clients", headers=world.headers("alpha", "care_manager")).json
    assert [c["id"] for c in listed["clients"]] == [second["id"], first["id"]]


def test_a_name_in_another_script_finds_that_client_only(client, world):
    for given, family in (("Мария", "Иванова"), ("王", "小明"), ("Ana", "Wong")):
        post(client, world, {"given_name": given, "family_name": family})
    headers = world.headers("alpha", "care_manager")
    for q, found in (("мария", ["Мария"]), ("Иванова", ["Мария"]), ("王", ["王"]),
                     ("小明", ["王"]), ("Петрова", [])):
        listed = client.get("/api/v1/clients", query_string={"q": q}, headers=headers)
        assert [c["given_name"] for c in listed.json["clients"]] == found, q
