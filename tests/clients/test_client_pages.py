"""Client pages: search, caseload, new (duplicates warned), edit, close and reopen, merge, needs
by hand, the attention list — and for another agency, 404 on every one of them."""

import re

import pytest
from sqlalchemy import select

from carebridge.clients.attention import attention_list
from carebridge.clients.models import Client, ClientNeed, NeedEvent
from carebridge.forms.models import Submission
from carebridge.unit_of_work import unit_of_work
from tests.clients.test_scores_and_needs_on_submit import PHQ_15_WITH_ITEM_9


def csrf(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post(client, path, data, page=None, **kw):
    token = csrf(client, page or "/clients/")
    return client.post(path, data={"csrf_token": token, **data}, **kw)


@pytest.fixture
def manager(client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    return world.users[("alpha", "care_manager")]


def test_a_new_client_is_created_and_lands_in_my_caseload(client, manager, world):
    made = post(client, "/clients/new", {"given_name": "Rosa", "family_name": "Díaz",
                                         "birth_date": "1975-02-03", "phone": "650 555 0123",
                                         "postal_code": "94063", "care_manager_id": manager,
                                         "external_system": "HMIS", "external_id": "77"})
    assert made.status_code == 303
    file = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "<h1>Rosa Díaz" in file and "(650) 555-0123" in file
    listing = client.get("/clients/").get_data(as_text=True)
    assert "My caseload" in listing and "Rosa Díaz" in listing
    found = client.get("/clients/?q=diaz+1975-02-03").get_data(as_text=True)
    assert "Results for" in found and "Rosa Díaz" in found
    fragment = client.get("/clients/?q=77", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert "Rosa Díaz" in fragment.get_data(as_text=True)


def test_a_likely_duplicate_is_shown_with_a_link_before_anything_is_created(
        client, manager, make_client, world):
    existing = make_client(given_name="Rosa", family_name="Diaz")
    data = {"given_name": "Rossa", "family_name": "Díaz", "birth_date": "1980-05-17"}
    warned = post(client, "/clients/new", data)
    assert warned.status_code == 409
    page = warned.get_data(as_text=True)
    assert f'href="/clients/{existing}"' in page and "same date of birth" in page
    created = post(client, "/clients/new", {**data, "confirmed": "yes"})
    assert created.status_code == 303
    new_id = created.headers["Location"].rsplit("/", 1)[1]
    file = client.get(f"/clients/{new_id}").get_data(as_text=True)
    assert f"/clients/{new_id}/merge?other={existing}" in file.replace("&amp;", "&")


def test_problems_are_shown_beside_their_fields(client, manager):
    refused = post(client, "/clients/new", {"given_name": "", "postal_code": "abc"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="f-given_name-error"' in page and 'id="f-postal_code-error"' in page


def test_edit_close_and_reopen(client, manager, make_client, world):
    client_id = make_client()
    assert post(client, f"/clients/{client_id}/edit", {
        "given_name": "María", "family_name": "López", "birth_date": "1980-05-17",
        "preferred_language": "es", "postal_code": "94061"}).status_code == 303
    refused = post(client, f"/clients/{client_id}/close", {"reason": ""})
    assert refused.status_code == 303
    assert post(client, f"/clients/{client_id}/close", {"reason": "Moved away"}).status_code == 303
    file = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Closed: Moved away" in file and "94061" in file and "Spanish" in file
    assert post(client, f"/clients/{client_id}/reopen", {}).status_code == 303
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        assert session.get(Client, client_id).status == "active"


def test_merging_keeps_everything_and_the_old_link_leads_to_the_survivor(
        client, manager, make_client, world, publish, submit):
    keep = make_client(phone="")
    other = make_client(given_name="Maria", phone="6505550100")
    publish("ahc-hrsn")
    submit("ahc-hrsn", {"food_worried": "often_true"}, client_id=keep)
    submit("ahc-hrsn", {"food_worried": "often_true", "utilities": "yes"}, client_id=other)
    confirm = client.get(f"/clients/{keep}/merge?other={other}").get_data(as_text=True)
    assert "1 submissions" in confirm and "2 client needs" in confirm
    assert post(client, f"/clients/{keep}/merge", {"other": other}).status_code == 303
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        assert {s.client_id for s in session.scalars(select(Submission))} == {keep}
        needs = session.scalars(select(ClientNeed).order_by(ClientNeed.id)).all()
        assert [(n.client_id, n.code, n.status) for n in needs] == [
            (keep, "food", "identified"), (keep, "food", "closed"),
            (keep, "utilities", "identified")]
        kept, merged = session.get(Client, keep), session.get(Client, other)
        assert (kept.phone, merged.status, merged.merged_into_id) == (
            "6505550100", "merged", keep)
    followed = client.get(f"/clients/{other}")
    assert followed.status_code == 303 and followed.headers["Location"].endswith(keep)
    assert "Another record of this client was merged into this one" in client.get(
        f"/clients/{keep}").get_data(as_text=True)


def test_needs_are_added_and_moved_through_their_statuses_by_hand(
        client, manager, make_client, world):
    client_id = make_client()
    file = f"/clients/{client_id}"
    assert post(client, f"{file}/needs", {"code": "food", "note": "No food this week"},
                page=file).status_code == 303
    repeated = post(client, f"{file}/needs", {"code": "food"}, page=file,
                    headers={"HX-Request": "true"})
    assert repeated.status_code == 422 and "already an open need" in repeated.get_data(
        as_text=True)
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        need_id = session.scalar(select(ClientNeed.id))
    changed = post(client, f"{file}/needs/{need_id}", {"status": "met", "note": "Pantry"},
                   page=file, headers={"HX-Request": "true"})
    assert changed.status_code == 200 and 'id="needs-area"' in changed.get_data(as_text=True)
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        events = session.scalars(select(NeedEvent).order_by(NeedEvent.id)).all()
        assert [(e.status, e.note) for e in events] == [
            ("identified", "No food this week"), ("met", "Pantry")]
    timeline = client.get(file).get_data(as_text=True)
    assert "Need Food: Met" in timeline


def test_a_high_flag_puts_the_client_on_the_attention_list_until_acknowledged(
        client, manager, make_client, world, publish, submit):
    client_id = make_client()
    publish("phq-9")
    made = submit("phq-9", PHQ_15_WITH_ITEM_9, client_id=client_id)
    listing = client.get("/clients/attention").get_data(as_text=True)
    assert "María López" in listing and "Thoughts of death or self-harm" in listing
    assert "Needs attention (1)" in client.get("/clients/").get_data(as_text=True)
    action = f"/clients/attention/{made['id']}/self_harm"
    post(client, action, {"note": ""}, page="/clients/attention")
    assert "Needs attention (1)" in client.get("/clients/").get_data(as_text=True)
    post(client, action, {"note": "Called; safety plan made with Dr. Ruiz"},
         page="/clients/attention")
    assert "Needs attention (1)" not in client.get("/clients/").get_data(as_text=True)
    assert "María López" not in client.get("/clients/attention").get_data(as_text=True)
    file = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Flag acknowledged: Thoughts of death or self-harm" in file
    assert "Called; safety plan made" in file
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        from carebridge.audit import AuditEvent

        event = session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "FlagReview")).one()
        assert (event.action, event.user_id, event.detail) == (
            "create", manager, {"submission": made["id"], "flag": "self_harm"})


def test_the_agency_adds_its_own_need_and_can_then_record_it(client, auth, world, make_client):
    auth.login(world.email("alpha", "admin"))
    assert post(client, "/clients/needs-vocabulary", {
        "code": "diapers", "label": "Diapers", "search_words": "diaper bank, baby supplies"},
        page="/clients/needs-vocabulary").status_code == 303
    assert "Diapers" in client.get("/clients/needs-vocabulary").get_data(as_text=True)
    client_id = make_client()
    assert post(client, f"/clients/{client_id}/needs", {"code": "diapers"}).status_code == 303
    auth.logout()
    auth.login(world.email("beta", "admin"))
    assert "Diapers" not in client.get("/clients/needs-vocabulary").get_data(as_text=True)


ROUTES = [("get", "/clients/{id}"), ("get", "/clients/{id}/edit"),
          ("post", "/clients/{id}/edit"), ("post", "/clients/{id}/close"),
          ("post", "/clients/{id}/reopen"), ("get", "/clients/{id}/merge?other={id}"),
          ("post", "/clients/{id}/needs"), ("post", "/clients/{id}/needs/1"),
          ("get", "/clients/{id}/forms/phq-9/fill"), ("post", "/clients/{id}/forms/phq-9/fill"),
          ("get", "/clients/{id}/forms/?slug=phq-9"), ("post", "/clients/{id}/merge?other={id}")]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("htmx", [False, True])
def test_another_agencys_client_is_404_on_every_page_and_fragment(
        client, auth, world, make_client, publish, method, path, htmx):
    theirs = make_client("beta")
    publish("phq-9")
    auth.login(world.email("alpha", "admin"))
    token = csrf(client, "/clients/")
    headers = {"HX-Request": "true"} if htmx else {}
    url = path.format(id=theirs)
    answer = (client.get(url, headers=headers) if method == "get" else
              client.post(url, data={"csrf_token": token, "status": "met", "code": "food"},
                          headers=headers))
    assert answer.status_code == 404


def test_another_agencys_flag_cannot_be_acknowledged(client, auth, world, make_client,
                                                    publish, submit):
    theirs = make_client("beta")
    publish("phq-9", agency="beta")
    made = submit("phq-9", PHQ_15_WITH_ITEM_9, client_id=theirs, agency="beta")
    auth.login(world.email("alpha", "care_manager"))
    answer = post(client, f"/clients/attention/{made['id']}/self_harm", {"note": "x"})
    assert answer.status_code == 404
    with unit_of_work(world.app, world.agencies["beta"]) as session:
        assert len(attention_list(session)) == 1
