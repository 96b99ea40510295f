"""Every form can be filled for a client: drafts and submissions carry the client, drafts show
whose they are, the form opens in the client's language; an intake creates the client."""

import re

import pytest
from sqlalchemy import select

from carebridge.clients.models import Client, ClientNeed
from carebridge.forms.models import Draft, Submission
from carebridge.unit_of_work import unit_of_work
from tests.clients.test_scores_and_needs_on_submit import PHQ_15_WITH_ITEM_9, intake_answers


def bookkeeping(html: str) -> dict:
    fields = {}
    for name in ("csrf_token", "_key", "_version", "_page", "_draft", "_shown"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
        fields[name] = match.group(1) if match else ""
    return fields


@pytest.fixture
def manager(auth, world):
    auth.login(world.email("alpha", "care_manager"))
    return auth.client


def test_a_form_filled_from_the_file_is_the_clients_in_their_language(
        manager, world, make_client, publish):
    client_id = make_client(preferred_language="es")
    publish("phq-9")
    fill = f"/clients/{client_id}/forms/phq-9/fill"
    page = manager.get(fill).get_data(as_text=True)
    assert "Cuestionario sobre la salud del paciente" in page
    assert f'href="/clients/{client_id}"' in page  # "For María López"
    saved = manager.post(fill, data={**bookkeeping(page), "_action": "save", "phq_1": "2"})
    assert saved.status_code == 200
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        draft = session.scalars(select(Draft)).one()
        assert (draft.client_id, draft.data) == (client_id, {"phq_1": 2})
        draft_id = draft.id
    drafts = manager.get("/forms/phq-9/drafts").get_data(as_text=True)
    assert "María López" in drafts
    assert f"/clients/{client_id}/forms/phq-9/fill?draft={draft_id}" in drafts
    resumed = manager.get(f"{fill}?draft={draft_id}").get_data(as_text=True)
    answers = {k: str(v) for k, v in PHQ_15_WITH_ITEM_9.items()}
    done = manager.post(fill, data={**bookkeeping(resumed), "_action": "submit", **answers})
    assert done.status_code == 303 and "/forms/submissions/" in done.headers["Location"]
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        submission = session.scalars(select(Submission)).one()
        assert submission.client_id == client_id
        assert [f["name"] for f in submission.flags] == ["self_harm"]
        assert session.scalar(select(ClientNeed.code)) == "mental_health"


def test_a_closed_file_takes_no_new_forms_and_another_agencys_drafts_stay_hidden(
        manager, world, make_client, publish):
    closed = make_client(status="closed")
    publish("phq-9")
    assert manager.get(f"/clients/{closed}/forms/phq-9/fill").status_code == 409


def test_the_intake_creates_the_client_and_a_second_intake_updates_the_same_person(
        world, publish, submit):
    publish("adult-intake")
    first = submit("adult-intake", intake_answers(
        phone="(650) 555-0123", address={"street": "1 Main St", "city": "Redwood City",
                                         "state": "CA", "zip": "94063"},
        needs_requested=["food"]))
    second = submit("adult-intake", intake_answers(given_name="ROSA", family_name="Diaz",
                                                   preferred_language="other",
                                                   preferred_language_other="Mixtec"))
    assert first["client_id"] == second["client_id"]
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        client = session.get(Client, first["client_id"])
        assert (client.given_name, client.family_name, client.phone, client.postal_code,
                client.state, client.preferred_language) == (
            "ROSA", "Diaz", "6505550123", "94063", "CA", "es")  # "other" is no language


def test_an_intake_for_a_similar_person_makes_a_new_client_the_file_warns_about(
        world, publish, submit, auth, client):
    publish("adult-intake")
    first = submit("adult-intake", intake_answers())
    second = submit("adult-intake", intake_answers(given_name="Rossa"))
    assert first["client_id"] != second["client_id"]
    auth.login(world.email("alpha", "care_manager"))
    file = client.get(f"/clients/{second['client_id']}").get_data(as_text=True)
    assert "Possible duplicate records" in file and first["client_id"] in file


def test_an_intake_for_a_named_client_updates_that_client(world, publish, submit, make_client):
    client_id = make_client(given_name="Rosa", family_name="Díaz")
    publish("adult-intake")
    made = submit("adult-intake", intake_answers(phone="650 555 0199"), client_id=client_id)
    assert made["client_id"] == client_id
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        assert session.get(Client, client_id).phone == "6505550199"


@pytest.mark.parametrize(("mapping", "pointer"), [
    ({"given_name": "/nope"}, "/client/given_name"),
    ({"given_name": "/name", "shoe_size": "/name"}, "/client"),  # the format: no such field
    ({"family_name": "/name"}, "/client/given_name"),
])
def test_a_client_mapping_that_names_no_question_is_refused_at_publish(
        client, world, mapping, pointer):
    definition = {"id": "mini-intake", "title": "Mini intake", "kind": "intake",
                  "schema": {"type": "object", "properties": {"name": {"type": "string"}}},
                  "client": mapping}
    refused = client.post("/api/v1/forms", json=definition,
                          headers=world.headers("alpha", "admin"))
    assert refused.status_code == 422
    assert pointer in [p["pointer"] for p in refused.json["errors"]]


def test_an_agencys_own_need_can_be_named_by_its_rules_only(client, world):
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        from carebridge.clients.needs import add_agency_need

        add_agency_need(session, "diapers", "Diapers", user_id=None)
    definition = {"id": "baby", "title": "Baby", "kind": "assessment",
                  "schema": {"type": "object", "properties": {"diapers": {"type": "boolean"}}},
                  "needs": [{"need": "diapers", "label": "Needs diapers",
                             "when": {"required": ["diapers"],
                                      "properties": {"diapers": {"const": True}}}}]}
    ours = client.post("/api/v1/forms", json=definition, headers=world.headers("alpha", "admin"))
    theirs = client.post("/api/v1/forms", json=definition, headers=world.headers("beta", "admin"))
    assert (ours.status_code, theirs.status_code) == (201, 422)


def test_an_intake_made_at_a_kiosk_creates_the_client_with_its_needs(
        client, auth, world, publish):
    from tests.conftest import csrf_token

    publish("adult-intake")
    auth.login(world.email("alpha", "admin"))
    token = csrf_token(client, "/forms/adult-intake/kiosk")
    client.post("/forms/adult-intake/kiosk",
                data={"csrf_token": token, "idle_seconds": "120", "label": "Lobby"})
    page = client.get("/forms/adult-intake/kiosk").get_data(as_text=True)
    kiosk_url = re.search(r'href="(/kiosk/[^"]+)"', page).group(1)
    auth.logout()
    html = client.get(kiosk_url).get_data(as_text=True)
    answers = {"given_name": "Tomás", "family_name": "Reyes", "date_of_birth": "1990-04-01",
               "preferred_language": "es", "has_income": "false", "needs_requested": "food"}
    done = client.post(kiosk_url, data={**bookkeeping(html), "_action": "submit", **answers})
    assert done.status_code == 303, done.get_data(as_text=True)[:2000]
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        made = session.scalars(select(Client)).one()
        assert (made.given_name, made.preferred_language) == ("Tomás", "es")
        assert session.scalar(select(ClientNeed.code)) == "food"
        assert session.scalar(select(Submission.client_id)) == made.id
