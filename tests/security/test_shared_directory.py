"""The shared directory shows other agencies who sent or verified something as an agency and
a role, never a person's e-mail; the suggestion form warns not to write about clients."""

from __future__ import annotations

import pytest

from carebridge.directory import index
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.directory.conftest import build_directory


@pytest.fixture
def directory(app):
    with unit_of_work(app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(app, session)


def _post(auth, path, **form):
    return auth.client.post(path, data={"csrf_token": auth.csrf_token("/forms/"), **form})


def test_the_suggestion_form_warns_not_to_enter_client_information(auth, world, directory):
    auth.login(world.email("alpha", "intake"))
    page = auth.client.get("/directory/services/pantry").get_data(as_text=True)
    assert "no client names" in page
    assert 'aria-describedby="message-privacy"' in page


def test_editors_of_another_agency_see_agency_and_role_not_the_email(auth, world, directory):
    auth.login(world.email("beta", "intake"))
    assert _post(auth, "/directory/services/pantry/suggestions",
                 message="The phone number changed.").status_code == 303
    auth.logout()
    auth.login(world.email("alpha", "directory_editor"))
    page = auth.client.get("/directory/edit/suggestions").get_data(as_text=True)
    assert "Intake worker, Beta Community Services" in page
    assert "@beta.example.org" not in page


def test_the_directory_api_names_the_verifier_by_agency_and_role(client, auth, world,
                                                                 directory):
    auth.login(world.email("alpha", "directory_editor"))
    assert _post(auth, "/directory/edit/services/pantry/verified").status_code == 303
    headers = world.headers("beta", "care_manager")
    service = client.get("/api/v1/directory/services/pantry", headers=headers).json
    assert "assurer_email" not in service
    assert service["x_verified_by"] == "Alpha Community Services (Directory editor)"
    exported = client.get("/api/v1/directory/export", headers=headers).get_data(as_text=True)
    assert "directory_editor@alpha.example.org" not in exported
    assert "assurer_email" not in exported
