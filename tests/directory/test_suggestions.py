"""Any worker suggests an edit from a service's page; directory editors of any agency review it."""

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work


def post(auth, path, **form):
    token = auth.csrf_token("/directory/")
    return auth.client.post(path, data={"csrf_token": token, **form})


@pytest.fixture
def suggested(auth, world, directory):
    auth.login(world.email("beta", "intake"))
    response = post(auth, "/directory/services/pantry/suggestions",
                    message="They moved to 12 Elm St in March.")
    assert response.status_code == 303
    assert "Thank you" in auth.client.get(response.headers["Location"]).get_data(as_text=True)
    auth.logout()
    return auth


def test_an_editor_of_another_agency_sees_the_suggestion(suggested, world):
    suggested.login(world.email("alpha", "directory_editor"))
    page = suggested.client.get("/directory/edit/suggestions").get_data(as_text=True)
    assert "Saturday Food Pantry" in page
    assert "They moved to 12 Elm St in March." in page
    # The sending agency and role, never the sender's e-mail (tests/security/...directory).
    assert "Intake worker, Beta Community Services" in page
    assert "intake@beta.example.org" not in page


def test_closing_a_suggestion_removes_it_and_is_audited(suggested, world, app):
    suggested.login(world.email("alpha", "directory_editor"))
    page = suggested.client.get("/directory/edit/suggestions").get_data(as_text=True)
    import re

    action = re.search(r'action="(/directory/edit/suggestions/\d+)"', page).group(1)
    assert post(suggested, action, outcome="done").status_code == 303
    page = suggested.client.get("/directory/edit/suggestions").get_data(as_text=True)
    assert "No open suggestions" in page
    assert post(suggested, action, outcome="done").status_code == 409
    assert post(suggested, action, outcome="shredded").status_code == 422
    with unit_of_work(app, ALL_AGENCIES) as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "SuggestedEdit")
            .order_by(AuditEvent.id)
        ).all()
    assert [(e.action, e.agency_id) for e in events] == [
        ("create", world.agencies["beta"]), ("update", world.agencies["alpha"])
    ]
    assert events[1].detail == {"status": "done", "service_id": "pantry"}


def test_an_empty_suggestion_is_refused_inline(auth, world, directory):
    auth.login(world.email("alpha", "care_manager"))
    response = post(auth, "/directory/services/pantry/suggestions", message="  ")
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_a_suggestion_for_an_unknown_service_is_a_404(auth, world, directory):
    auth.login(world.email("alpha", "care_manager"))
    assert post(auth, "/directory/services/nope/suggestions", message="x").status_code == 404
