"""What is handed to a client follows the client's language: a submission's print view and the
directory's client-list handout."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from carebridge.clients.models import Client
from carebridge.forms.models import Submission
from carebridge.unit_of_work import unit_of_work

CHECK_IN = {
    "id": "check-in", "title": "Check-in", "kind": "intake",
    "schema": {"type": "object", "required": ["name"],
               "properties": {"name": {"type": "string", "title": "Your name"},
                              "ok": {"type": "boolean", "title": "Do you feel safe?"}}},
    "translations": {"es": {"/title": "Registro",
                            "/schema/properties/name/title": "Su nombre",
                            "/schema/properties/ok/title": "¿Se siente seguro?"}},
}


@pytest.fixture
def printed(app, client, world, auth):
    """(submission id, client id): a check-in submitted about a client who reads Spanish."""
    headers = world.headers("alpha", "admin")
    assert client.post("/api/v1/forms", json=CHECK_IN, headers=headers).status_code == 201
    made = client.post("/api/v1/forms/check-in/submissions",
                       json={"data": {"name": "Ana", "ok": True}}, headers=headers)
    agency = world.agencies["alpha"]
    agency_id = agency if isinstance(agency, int) else agency.id
    with unit_of_work(app, agency_id) as session:
        person = Client(given_name="Ana", family_name="Reyes", preferred_language="es")
        person.agency_id = agency_id
        session.add(person)
        session.flush()
        session.execute(sa.update(Submission).where(Submission.id == made.json["id"])
                        .values(client_id=person.id))
        client_id = person.id
    auth.login(world.email("alpha", "admin"))
    return made.json["id"], client_id


def test_a_print_view_is_in_the_clients_language(client, printed):
    submission_id, _ = printed
    page = client.get(f"/forms/check-in/submissions/{submission_id}/print").get_data(
        as_text=True)
    assert '<html lang="es-US" dir="ltr">' in page
    assert "<h1>Registro</h1>" in page and ">Imprimir</button>" in page
    assert "Su nombre" in page and "¿Se siente seguro?" in page and "Enviado el" in page
    assert "Ana" in page  # the stored answers, under the Spanish questions


def test_a_worker_can_print_in_another_language_for_the_file(client, printed):
    submission_id, _ = printed
    page = client.get(f"/forms/check-in/submissions/{submission_id}/print?lang=en").get_data(
        as_text=True)
    assert "<h1>Check-in</h1>" in page and "Your name" in page and "Submitted " in page


def test_without_a_client_the_print_view_is_in_the_workers_language(client, world, auth):
    headers = world.headers("alpha", "admin")
    client.post("/api/v1/forms", json=CHECK_IN, headers=headers)
    made = client.post("/api/v1/forms/check-in/submissions", json={"data": {"name": "Li"}},
                       headers=headers)
    auth.login(world.email("alpha", "admin"))
    page = client.get(f"/forms/check-in/submissions/{made.json['id']}/print").get_data(
        as_text=True)
    assert "<h1>Check-in</h1>" in page


def test_the_client_list_handout_is_in_the_clients_language_whatever_the_worker_reads(
        client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    page = client.get("/directory/list", headers={"Accept-Language": "es"}).get_data(
        as_text=True)
    assert "<h1 lang=\"es\">Servicios para usted</h1>" in page  # defaults to the worker's
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/directory/list", data={"csrf_token": token, "action": "language",
                                         "language": "en", "next": "/directory/list"})
    page = client.get("/directory/list", headers={"Accept-Language": "es"}).get_data(
        as_text=True)
    assert "<h1 lang=\"en\">Services for you</h1>" in page
    assert "Idioma del cliente" in page  # the worker's own controls stay in Spanish
