"""Referral pages: making one from a match (refused without consent, with the link to the
consent form), the referral page and its htmx status fragment, letter and text, overdue and
inbox lists, the admin page of partner organizations, and 404 for other agencies everywhere."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from carebridge.referrals.models import Referral


def login(auth, world, agency="alpha", role="care_manager"):
    auth.login(world.email(agency, role))


def post_form(client, auth, page, url, **data):
    token = auth.csrf_token(page)
    return client.post(url, data={"csrf_token": token, **data})


def test_a_match_leads_to_a_referral_form_refused_without_consent(client, auth, world, setting):
    maria = setting.add_client("Maria")
    login(auth, world)
    matches = client.get(f"/clients/{maria}/matches").get_data(as_text=True)
    assert "Saturday Food Pantry" in matches and "speaks Spanish" in matches
    refer = re.search(r'href="(/clients/[^"]+/referrals/new\?[^"]*service_id=pantry[^"]*)"',
                      matches).group(1).replace("&amp;", "&")
    form = client.get(refer).get_data(as_text=True)
    assert "No valid consent on file" in form and "/forms/consent/fill" in form
    answer = post_form(client, auth, refer, f"/clients/{maria}/referrals/new",
                       service_id="pantry", needs="food", urgency="routine", action="send")
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert "no signed consent" in page and "/forms/consent/fill" in page


def test_with_consent_the_form_sends_the_referral(client, auth, world, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    login(auth, world)
    page = f"/clients/{maria}/referrals/new?service_id=pantry&need=food"
    assert 'value="food" checked' in client.get(page).get_data(as_text=True)
    answer = post_form(client, auth, page, f"/clients/{maria}/referrals/new",
                       service_id="pantry", needs="food", urgency="urgent", note="Today",
                       action="send")
    assert answer.status_code == 303
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Saturday Food Pantry" in shown and "Record what happened" in shown
    assert setting.need_status(maria, "food") == "referred"


def made_referral(setting, api, name="Maria", service="pantry"):
    client_id = setting.add_client(name)
    setting.consent(client_id)
    answer = api.post("/api/v1/referrals", {"client_id": client_id, "service_id": service,
                                            "needs": ["food"]})
    assert answer.status_code == 201, answer.json
    return client_id, answer.json["id"]


def test_the_status_form_answers_htmx_with_the_fragment_and_refuses_with_a_message(
        client, auth, world, setting, api):
    _, referral = made_referral(setting, api)
    login(auth, world)
    page = f"/referrals/{referral}"
    token = auth.csrf_token(page)
    answer = client.post(f"{page}/status", data={"csrf_token": token, "status": "accepted",
                                                 "note": "They called back"},
                         headers={"HX-Request": "true"})
    assert answer.status_code == 200
    fragment = answer.get_data(as_text=True)
    assert fragment.startswith('<div id="referral-status">') and "They called back" in fragment
    refused = client.post(f"{page}/status", data={"csrf_token": token, "status": "sent"},
                          headers={"HX-Request": "true"})
    assert refused.status_code == 409
    assert "cannot become" in refused.get_data(as_text=True)
    plain = client.post(f"{page}/status", data={"csrf_token": token, "status": "completed",
                                                "outcome": "got_help"})
    assert plain.status_code == 303
    assert setting.need_status(*[(c, "food") for c in setting.clients.values()][0]) == "met"


def test_the_letter_and_the_text_say_where_when_and_what_to_bring(client, auth, world,
                                                                    setting, api):
    _, referral = made_referral(setting, api)
    login(auth, world)
    letter = client.get(f"/referrals/{referral}/letter").get_data(as_text=True)
    # Maria reads Spanish: our words are Spanish, the service's own stay as the directory has them.
    for part in ("Saturday Food Pantry", "1 Main St", "650 555-0101", "Saturdays 9am-1pm",
                 "Proof of address", "Estimado/a Maria Test:"):
        assert part in letter
    text = client.get(f"/referrals/{referral}/text").get_data(as_text=True)
    assert "Referencia: Saturday Food Pantry" in text and "Traiga: Proof of address" in text


@pytest.mark.parametrize(("language", "written_in"), [
    ("pt-BR", "pt-BR"),  # a regional language the agency offers: the letter chose English
    ("es-MX", "es"), ("ES", "es"), ("fr", "en"), ("", "en")])
def test_the_letter_is_in_the_language_every_message_to_the_client_is_in(
        app, client, auth, world, setting, api, language, written_in):
    from carebridge.careplans.reminders import in_clients_language
    from carebridge.clients.models import Client
    from carebridge.i18n import current

    app.config["LANGUAGES"] = ["en", "es", "pt_BR"]
    client_id, referral = made_referral(setting, api)
    with setting.session() as session:
        session.get(Client, client_id).preferred_language = language
        with app.test_request_context(), in_clients_language(session.get(Client, client_id)):
            reminded_in = current()
    assert reminded_in == written_in
    login(auth, world)
    letter = client.get(f"/referrals/{referral}/letter").get_data(as_text=True)
    assert f'<html lang="{written_in}"' in letter


def test_a_note_counts_as_an_update(client, auth, world, setting, api):
    _, referral = made_referral(setting, api)
    login(auth, world)
    answer = post_form(client, auth, f"/referrals/{referral}", f"/referrals/{referral}/notes",
                       note="Left a message")
    assert answer.status_code == 303
    assert "Left a message" in client.get(f"/referrals/{referral}").get_data(as_text=True)


def test_overdue_and_inbox_pages(client, auth, world, setting, api):
    _, late = made_referral(setting, api)
    _, partner = made_referral(setting, api, "Ana", service="meals")
    with setting.session() as session:
        row = session.get(Referral, late)
        row.follow_up_on = setting.today() - timedelta(days=30)
        row.updated_at = row.updated_at - timedelta(days=60)
    login(auth, world)
    overdue = client.get("/referrals/overdue").get_data(as_text=True)
    assert f"/referrals/{late}" in overdue and f"/referrals/{partner}" not in overdue
    late_client = next(iter(setting.clients.values()))
    assert "overdue" in client.get(f"/clients/{late_client}/referrals").get_data(as_text=True)
    assert "No referrals have reached" in client.get("/referrals/inbox").get_data(as_text=True)
    auth.logout()
    login(auth, world, "beta")
    inbox = client.get("/referrals/inbox").get_data(as_text=True)
    assert f"/referrals/{partner}" in inbox and "Alpha Community Services" in inbox
    seen = client.get(f"/referrals/{partner}").get_data(as_text=True)
    assert "Ana Test" in seen and "Not shared" not in seen  # contact was consented
    assert client.get(f"/referrals/{partner}/letter").status_code == 404


def test_an_admin_links_a_directory_organization_to_the_agency(client, auth, world, setting):
    login(auth, world, role="admin")
    page = "/agency/partner-organizations?q=Second"
    assert "Second Harvest" in client.get(page).get_data(as_text=True)
    answer = post_form(client, auth, page, "/agency/partner-organizations",
                       organization_id="org-pantry")
    assert answer.status_code == 303
    taken = post_form(client, auth, page, "/agency/partner-organizations",
                      organization_id="org-meals")  # beta's already
    assert taken.status_code == 409
    listed = client.get("/agency/partner-organizations").get_data(as_text=True)
    assert "Second Harvest" in listed
    auth.logout()
    login(auth, world)
    assert client.get("/agency/partner-organizations").status_code == 403


PAGES = [
    ("get", "/clients/{client}/matches", {}),
    ("get", "/clients/{client}/referrals", {}),
    ("get", "/clients/{client}/referrals/new?service_id=pantry", {}),
    ("post", "/clients/{client}/referrals/new", {"service_id": "pantry", "needs": "food"}),
    ("get", "/referrals/{referral}", {}),
    ("get", "/referrals/{referral}/letter", {}),
    ("get", "/referrals/{referral}/text", {}),
    ("post", "/referrals/{referral}/status", {"status": "cancelled"}),
    ("post", "/referrals/{referral}/notes", {"note": "hello"}),
    ("post", "/clients/{client}/consents/{consent}/withdraw", {"note": "stop"}),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("method", "route", "data"), PAGES)
def test_other_agencies_get_404_on_every_page_and_fragment(client, auth, world, setting, api,
                                                           method, route, data, htmx):
    maria, referral = made_referral(setting, api)
    with setting.session() as session:
        consent = session.get(Referral, referral).consent_submission_id
    login(auth, world, "beta")
    path = route.format(client=maria, referral=referral, consent=consent)
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "get":
        answer = client.get(path, headers=headers)
    else:
        token = auth.csrf_token("/referrals/inbox")
        answer = client.post(path, data={"csrf_token": token, **data}, headers=headers)
    assert answer.status_code == 404
    assert api.get(f"/api/v1/referrals/{referral}").json["status"] == "sent"


def test_the_client_file_shows_matches_referrals_consent_and_the_timeline(client, auth, world,
                                                                         setting, api):
    maria, referral = made_referral(setting, api)
    api.post(f"/api/v1/referrals/{referral}/status", {"status": "accepted", "note": "Booked"})
    login(auth, world)
    page = client.get(f"/clients/{maria}").get_data(as_text=True)
    assert 'id="section-matches"' in page and 'id="section-referrals"' in page
    assert "Saturday Food Pantry" in page and "Consent on file until" in page
    assert "Referral to Saturday Food Pantry: accepted" in page and "Booked" in page
    assert f"/referrals/{referral}" in page


def test_matches_are_the_first_use_of_the_search_index(app, client, auth, world, setting):
    # A fresh app process whose first search is a client's matches (both are cached values).
    import threading

    from carebridge.app_state import app_state

    maria = setting.add_client("Maria")
    login(auth, world)
    app_state(app).forget("search")
    app_state(app).forget("referrals.matcher")
    answers = []
    asking = threading.Thread(target=lambda: answers.append(
        client.get(f"/clients/{maria}/matches").status_code), daemon=True)
    asking.start()
    asking.join(timeout=60)
    assert answers == [200]


def test_a_draft_is_saved_and_a_bad_date_is_shown_on_the_form(client, auth, world, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    login(auth, world)
    page = f"/clients/{maria}/referrals/new?service_id=pantry"
    bad = post_form(client, auth, page, f"/clients/{maria}/referrals/new", service_id="pantry",
                    needs="food", follow_up_on="someday", action="send")
    assert bad.status_code == 422 and "A date (YYYY-MM-DD)" in bad.get_data(as_text=True)
    draft = post_form(client, auth, page, f"/clients/{maria}/referrals/new",
                      service_id="pantry", needs="food", action="draft")
    assert draft.status_code == 303
    shown = client.get(draft.headers["Location"]).get_data(as_text=True)
    assert "<strong>draft</strong>" in shown
    assert setting.need_status(maria, "food") == "identified"
