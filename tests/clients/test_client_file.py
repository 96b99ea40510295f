"""The client's file: the header, the sections features add, one timeline — and nobody else's."""

import re

import pytest

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import test_app


@pytest.fixture
def app(database_url, tmp_path):
    made = test_app(database_url, tmp_path / "instance", PLUGINS=["timeline_plugin"])
    yield made
    made.extensions["carebridge"].database.engine.dispose()


def test_the_file_shows_the_header_the_sections_in_order_and_one_timeline(
        client, auth, world, make_client):
    client_id = make_client(preferred_language="es", postal_code="94063", phone="6505550100")
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "<h1>María López" in page
    assert "Spanish" in page and "94063" in page and "(650) 555-0100" in page
    assert "Tuesday visit of María" in page
    # The plugin's section (order 5) comes before the built-in assessments (order 20).
    assert page.index("Home visits") < page.index("Assessments and forms")
    timeline = page[page.index('id="section-timeline"'):]
    titles = re.findall(r"<li class=\"timeline-(\w+)\">", timeline)
    assert titles == ["visit", "client", "visit"]  # newest first: 2030, today, 2020
    # Times are the agency's (Los Angeles), not UTC.
    assert "2020-01-02 10:30" in timeline and 'href="/visits/1"' in timeline


def test_reading_a_file_is_audited(client, auth, world, make_client):
    client_id = make_client()
    auth.login(world.email("alpha", "care_manager"))
    assert client.get(f"/clients/{client_id}").status_code == 200
    with unit_of_work(world.app, ALL_AGENCIES) as session:
        reads = session.query(AuditEvent).filter_by(object_id=client_id, action="read").all()
        assert [(e.object_type, e.user_id) for e in reads] == [
            ("Client", world.users[("alpha", "care_manager")])]


def test_another_agencys_client_is_not_found(client, auth, world, make_client):
    client_id = make_client("beta")
    auth.login(world.email("alpha", "care_manager"))
    assert client.get(f"/clients/{client_id}").status_code == 404
    assert client.get("/clients/nobody").status_code == 404


def test_a_role_without_client_access_is_refused(client, auth, world, make_client):
    client_id = make_client()
    auth.login(world.email("alpha", "directory_editor"))
    assert client.get(f"/clients/{client_id}").status_code == 403
