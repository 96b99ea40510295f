"""Directory editors add, edit and verify resources; everybody else is refused; all audited."""

import datetime as dt
from contextlib import nullcontext

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from resource_directory.models import Service
from tests.directory.conftest import ids

NEW = {
    "organization": "Bayside Legal Aid", "service": "Tenant Rights Clinic",
    "description": "Free advice for renters facing eviction.",
    "address_1": "500 Bay Rd", "city": "Redwood City", "state_province": "CA",
    "postal_code": "94063", "phone": "(650) 555-0199", "hours": "Mon-Fri 9am-5pm",
    "languages": "English, Spanish", "eligibility": "Renters in the county", "fees": "Free",
    "url": "https://bayside.example.org",
}

ROUTES = [
    ("get", "/directory/edit/new"),
    ("post", "/directory/edit/new"),
    ("get", "/directory/edit/services/pantry"),
    ("post", "/directory/edit/services/pantry"),
    ("post", "/directory/edit/services/pantry/verified"),
    ("get", "/directory/edit/suggestions"),
]


@pytest.fixture
def login(auth, world, directory):
    def as_(role, agency="alpha"):
        auth.login(world.email(agency, role))
        return auth

    return as_


def post(auth, path, **form):
    token = auth.csrf_token("/directory/")
    return auth.client.post(path, data={"csrf_token": token, **form})


def audit_events(app):
    with unit_of_work(app, ALL_AGENCIES) as session:
        return session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [("directory_editor", True), ("admin", False), ("care_manager", False), ("intake", False)],
)
def test_only_directory_editors_may_edit(login, method, path, role, allowed):
    auth = login(role)
    if method == "get":
        response = auth.client.get(path)
    else:
        response = post(auth, path, **NEW)
    # Allowed means the page answered (a form, or a redirect after saving), not a 404 or 500.
    assert response.status_code in ({200, 303} if allowed else {403}), response.status_code


def test_an_editor_adds_a_resource_and_search_finds_it_at_once(app, login, search):
    auth = login("directory_editor")
    response = post(auth, "/directory/edit/new", **NEW)
    assert response.status_code == 303
    page = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tenant Rights Clinic" in page and "Bayside Legal Aid" in page
    assert "500 Bay Rd, Redwood City, CA 94063" in page
    answer = search(q="eviction", language="spanish", free="true")
    assert [r["name"] for r in answer["results"]] == ["Tenant Rights Clinic"]
    assert answer["results"][0]["source"] == "carebridge"
    # "Mon-Fri 9am-5pm" became weekly hours, so "open now" can judge it.
    with unit_of_work(app, ALL_AGENCIES) as session:
        service = session.scalar(select(Service).where(Service.name == "Tenant Rights Clinic"))
        from carebridge.directory.search import weekly_openings
        from resource_directory.models import Schedule

        rows = session.scalars(select(Schedule).where(Schedule.service_id == service.id)).all()
        assert [(o.weekday, o.opens, o.closes) for r in rows for o in weekly_openings(r)] == [
            (day, "09:00", "17:00") for day in range(5)
        ]


def test_the_form_is_checked_on_the_server(login):
    auth = login("directory_editor")
    bad = {**NEW, "service": "", "postal_code": "9406", "phone": "call us",
           "url": "javascript:alert(1)", "languages": "English, Parseltongue"}
    response = post(auth, "/directory/edit/new", **bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This field is required." in page
    assert "Use a 5-digit ZIP code" in page
    assert "Use digits, spaces, dashes and brackets only." in page
    assert "Start the address with http:// or https://." in page
    response = post(auth, "/directory/edit/new", **{**NEW, "languages": "English, Parseltongue"})
    assert response.status_code == 422
    assert "Unknown language: Parseltongue." in response.get_data(as_text=True)


def test_an_edit_changes_the_record_the_index_and_the_audit_log(app, world, login, search):
    auth = login("directory_editor")
    form = auth.client.get("/directory/edit/services/utility").get_data(as_text=True)
    assert 'value="Utility Bill Assistance"' in form and 'value="650 555-0103"' in form
    edited = {"organization": "Samaritan House", "service": "Energy Bill Help",
              "description": "Pays part of a PG&E bill once a year.", "address_1": "1 Main St",
              "city": "San Mateo", "state_province": "CA", "postal_code": "94403",
              "phone": "650 555-0177", "hours": "", "languages": "English, Vietnamese",
              "eligibility": "", "fees": "$10 application fee", "url": ""}
    response = post(auth, "/directory/edit/services/utility", **edited)
    assert response.status_code == 303
    answer = search(q="energy bill", language="vietnamese")
    assert ids(answer) == ["utility"]
    assert answer["results"][0]["name"] == "Energy Bill Help"
    assert answer["results"][0]["phones"] == ["650 555-0177"]
    names = [r["name"] for r in search(q="Utility Bill Assistance")["results"]]
    assert "Utility Bill Assistance" not in names
    event = audit_events(app)[-1]
    assert (event.action, event.object_type, event.object_id) == ("update", "Service", "utility")
    assert event.user_id == world.users[("alpha", "directory_editor")]
    assert event.agency_id == world.agencies["alpha"]
    assert event.detail["changed"]["service"] == {"from": "Utility Bill Assistance",
                                                  "to": "Energy Bill Help"}
    assert "city" not in event.detail["changed"]


def test_moving_a_service_moves_its_search_entry(login, search):
    auth = login("directory_editor")
    current = dict(NEW, organization="Coastside Hope", service="Coastside Food Bank",
                   address_1="9 Harbor Way", city="Pacifica", postal_code="94044",
                   languages="English")
    assert post(auth, "/directory/edit/services/foodbank", **current).status_code == 303
    assert ids(search(city="Pacifica")) == ["foodbank"]
    assert search(city="Half Moon Bay")["total"] == 0


def test_marking_verified_sets_today_and_clears_the_warning(app, world, login, search):
    auth = login("directory_editor", agency="beta")
    assert search()["results"][[*ids(search())].index("utility")]["out_of_date"] is True
    response = post(auth, "/directory/edit/services/utility/verified")
    assert response.status_code == 303
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.get(Service, "utility").last_verified == dt.date.today()
    results = {r["service_id"]: r for r in search()["results"]}
    assert results["utility"]["out_of_date"] is False
    assert results["utility"]["last_verified"] == dt.date.today().isoformat()
    event = audit_events(app)[-1]
    assert event.detail["verified"] == dt.date.today().isoformat()
    assert event.agency_id == world.agencies["beta"]
    page = auth.client.get("/directory/services/utility").get_data(as_text=True)
    assert "may be out of date" not in page


def test_adding_is_audited_as_a_creation(app, login):
    auth = login("directory_editor")
    post(auth, "/directory/edit/new", **NEW)
    event = audit_events(app)[-1]
    assert (event.action, event.object_type) == ("create", "Service")
    assert event.detail["fields"]["service"] == "Tenant Rights Clinic"


def test_editing_an_unknown_service_is_a_404(login):
    auth = login("directory_editor")
    assert auth.client.get("/directory/edit/services/nope").status_code == 404
    assert post(auth, "/directory/edit/services/nope/verified").status_code == 404


@pytest.mark.parametrize("fails", [True, False])
def test_search_follows_an_edit_only_once_it_is_committed(app, world, directory, search, fails):
    from carebridge.auth.models import User
    from carebridge.directory import editing

    with pytest.raises(RuntimeError) if fails else nullcontext():
        with unit_of_work(app, ALL_AGENCIES) as session:
            editor = session.get(User, world.users[("alpha", "directory_editor")])
            data = editing.current_input(session, "pantry")
            data.service = "Zebra Street Pantry"
            editing.update_resource(session, "pantry", data, editor, "cli")
            assert ids(search(q="zebra")) == []  # not before the commit either
            if fails:
                raise RuntimeError("the command failed after the edit")
    assert ids(search(q="zebra")) == ([] if fails else ["pantry"])
