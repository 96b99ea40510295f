"""Referrals through the API: consent gating, every transition allowed and refused, needs
followed, the partner agency's inbox, and 404 for every other agency."""

from __future__ import annotations

from datetime import timedelta

import pytest

from carebridge.referrals.models import STATUSES
from carebridge.referrals.service import TRANSITIONS


def refer(api, client_id, service_id="pantry", expect=201, **body):
    answer = api.post("/api/v1/referrals", {"client_id": client_id, "service_id": service_id,
                                            "needs": ["food"], **body})
    assert answer.status_code == expect, answer.json
    return answer.json


def move(api, referral_id, status, expect=200, agency="alpha", **body):
    answer = api.post(f"/api/v1/referrals/{referral_id}/status", {"status": status, **body},
                      agency=agency)
    assert answer.status_code == expect, answer.json
    return answer.json


@pytest.mark.postgres
def test_a_referral_with_consent_is_sent_and_marks_its_needs_referred(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria, note="Needs groceries this week", urgency="soon")
    assert made["status"] == "sent" and made["needs"] == ["food"]
    assert made["service"]["name"] == "Saturday Food Pantry"
    assert made["service"]["documents"] == ["Proof of address"]
    assert made["follow_up_on"] == (setting.today() + timedelta(days=7)).isoformat()
    assert [e["status"] for e in made["history"]] == ["created", "sent"]
    assert setting.need_status(maria, "food") == "referred"
    assert api.get(f"/api/v1/referrals/{made['id']}").json["id"] == made["id"]
    listed = api.get(f"/api/v1/clients/{maria}/referrals").json["referrals"]
    assert [r["id"] for r in listed] == [made["id"]]


def test_a_referral_without_consent_is_refused_with_a_link_to_the_consent_form(api, setting):
    maria = setting.add_client("Maria")
    refused = refer(api, maria, expect=409)
    assert "no signed consent" in refused["message"]
    assert "/forms/consent/fill" in refused["message"] and maria in refused["message"]
    assert api.get(f"/api/v1/clients/{maria}/referrals").json["referrals"] == []
    assert setting.need_status(maria, "food") == "identified"


@pytest.mark.postgres
def test_an_expired_consent_allows_no_referral(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria, days_ago=400)  # the shipped form lasts 365 days
    assert "expired" in refer(api, maria, expect=409)["message"]
    # The consent's own end date counts too.
    ana = setting.add_client("Ana")
    setting.consent(ana, expires_on=setting.today() - timedelta(days=1))
    assert "expired" in refer(api, ana, expect=409)["message"]


def test_a_withdrawn_consent_stops_new_referrals_at_once(api, setting, client, auth, world):
    maria = setting.add_client("Maria")
    consent = setting.consent(maria)
    refer(api, maria)
    auth.login(world.email("alpha", "care_manager"))
    page = f"/clients/{maria}/referrals"
    token = auth.csrf_token(page)
    answer = client.post(f"/clients/{maria}/consents/{consent}/withdraw",
                         data={"csrf_token": token, "note": "Phoned to say stop sharing"})
    assert answer.status_code == 303
    assert "withdrew" in refer(api, maria, expect=409)["message"]
    assert "Phoned to say stop sharing" in client.get(page).get_data(as_text=True)


def test_a_draft_is_checked_for_consent_again_when_sent(api, setting):
    maria = setting.add_client("Maria")
    consent = setting.consent(maria)
    draft = refer(api, maria, status="draft")
    assert draft["status"] == "draft" and setting.need_status(maria, "food") == "identified"
    with setting.session() as session:
        from carebridge.referrals.consent import withdraw
        withdraw(session, maria, consent, "Changed their mind", user_id=None)
    assert "withdrew" in move(api, draft["id"], "sent", expect=409)["message"]


def path_to(status):
    """Statuses to walk from draft to ``status`` through allowed transitions."""
    paths = {"draft": [], "sent": ["sent"], "accepted": ["sent", "accepted"],
             "declined": ["sent", "declined"], "in_progress": ["sent", "in_progress"],
             "completed": ["sent", "completed"], "cancelled": ["cancelled"]}
    return paths[status]


EXTRA = {"completed": {"outcome": "got_help"}}
PAIRS = [(a, b) for a in STATUSES for b in STATUSES]


@pytest.mark.parametrize(("start", "to"), PAIRS)
def test_every_transition_is_allowed_or_refused_by_the_table(api, setting, start, to):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    referral = refer(api, maria, status="draft")["id"]
    for step in path_to(start):
        move(api, referral, step, **EXTRA.get(step, {}))
    if to in TRANSITIONS[start]:
        moved = move(api, referral, to, note="step", **EXTRA.get(to, {}))
        assert moved["status"] == to and moved["history"][-1]["note"] == "step"
    else:
        refused = move(api, referral, to, expect=409, **EXTRA.get(to, {}))
        assert "cannot become" in refused["message"]
        assert api.get(f"/api/v1/referrals/{referral}").json["status"] == start


def test_completing_needs_an_outcome_and_got_help_marks_the_needs_met(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    referral = refer(api, maria)["id"]
    assert move(api, referral, "completed", expect=422)["errors"][0]["pointer"] == "/outcome"
    assert move(api, referral, "completed", expect=422,
                outcome="did_not_get_help")["errors"][0]["pointer"] == "/reason"
    done = move(api, referral, "completed", outcome="got_help", note="Got a food box")
    assert done["outcome"] == "got_help"
    assert setting.need_status(maria, "food") == "met"


def test_a_referral_that_did_not_help_leaves_the_need_to_be_met_again(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    referral = refer(api, maria)["id"]
    move(api, referral, "completed", outcome="did_not_get_help", reason="Closed that day")
    assert setting.need_status(maria, "food") == "identified"


@pytest.mark.parametrize("end", ["declined", "cancelled"])
def test_a_need_stays_referred_while_another_referral_for_it_is_open(api, setting, end):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    first, second = refer(api, maria)["id"], refer(api, maria)["id"]
    move(api, first, end)
    assert setting.need_status(maria, "food") == "referred"
    move(api, second, end)
    assert setting.need_status(maria, "food") == "identified"


def test_bad_input_is_422(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    assert refer(api, maria, service_id="nope", expect=422)["errors"][0]["pointer"] == \
        "/service_id"
    assert refer(api, maria, needs=["xylophone"], expect=422)["errors"][0]["pointer"] == \
        "/needs/0"
    assert refer(api, maria, urgency="yesterday", expect=422)["errors"][0]["pointer"] == \
        "/urgency"
    assert move(api, refer(api, maria)["id"], "lost", expect=422)["errors"][0]["pointer"] == \
        "/status"


@pytest.mark.postgres
def test_a_referral_to_a_partner_agency_reaches_its_inbox_with_only_what_consent_allows(
        api, setting):
    maria = setting.add_client("Maria", phone="6505550199")
    setting.consent(maria, shared=["screening"])  # no contact details
    made = refer(api, maria, service_id="meals")
    assert made["receiving_agency"] == "Beta Community Services"
    inbox = api.get("/api/v1/referrals/inbox", agency="beta").json["referrals"]
    assert [r["id"] for r in inbox] == [made["id"]]
    seen = inbox[0]
    assert seen["client"]["name"] == "Maria Test" and "contact" not in seen["client"]
    assert "client_id" not in seen and "6505550199" not in str(seen)
    assert seen["sending_agency"] == "Alpha Community Services"
    # The sender cannot record what the partner records, and the partner cannot cancel.
    assert "inbox" in move(api, made["id"], "accepted", expect=409)["message"]
    assert "Only the agency" in move(api, made["id"], "cancelled", expect=409,
                                     agency="beta")["message"]
    move(api, made["id"], "accepted", agency="beta", note="We will call her")
    done = move(api, made["id"], "completed", agency="beta", outcome="got_help")
    assert done["status"] == "completed"
    mine = api.get(f"/api/v1/referrals/{made['id']}").json
    assert mine["status"] == "completed"
    assert [e["agency"] for e in mine["history"]][-2:] == ["Beta Community Services"] * 2
    assert setting.need_status(maria, "food") == "met"


def test_contact_details_are_shared_when_the_consent_lists_them(api, setting):
    maria = setting.add_client("Maria", phone="6505550199")
    setting.consent(maria, shared=["contact"])
    made = refer(api, maria, service_id="meals")
    seen = api.get(f"/api/v1/referrals/{made['id']}", agency="beta").json
    assert seen["client"]["contact"]["phone"] == "6505550199"


def test_a_consent_that_does_not_allow_sharing_cannot_reach_a_partner(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria, share=False)
    assert "does not allow sharing" in refer(api, maria, service_id="meals",
                                             expect=409)["message"]
    assert refer(api, maria)["status"] == "sent"  # the letter still works for other services


@pytest.mark.postgres
def test_overdue_lists_open_referrals_past_follow_up_with_no_update(api, setting):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    late = refer(api, maria)["id"]
    fresh = refer(api, maria)["id"]
    from carebridge.referrals.models import Referral
    with setting.session() as session:
        referral = session.get(Referral, late)
        referral.follow_up_on = setting.today() - timedelta(days=3)
        referral.updated_at = referral.updated_at - timedelta(days=10)
    overdue = api.get("/api/v1/referrals/overdue").json["referrals"]
    assert [r["id"] for r in overdue] == [late] and overdue[0]["overdue"] is True
    assert fresh not in [r["id"] for r in overdue]
    move(api, late, "in_progress", note="Called: she goes on Saturday")
    assert api.get("/api/v1/referrals/overdue").json["referrals"] == []


@pytest.mark.postgres
def test_matches_list_services_for_each_open_need_with_a_readable_explanation(api, setting):
    maria = setting.add_client("Maria", needs=("food", "employment"))
    answer = api.get(f"/api/v1/clients/{maria}/matches")
    assert answer.status_code == 200
    needs = {item["code"]: item for item in answer.json["needs"]}
    food = [r["service_id"] for r in needs["food"]["results"]]
    assert "pantry" in food and "bikes" not in food
    pantry = next(r for r in needs["food"]["results"] if r["service_id"] == "pantry")
    assert pantry["source_id"] == "pantry"
    assert pantry["explanation"].startswith("food pantry") or "food" in pantry["explanation"]
    assert "speaks Spanish" in pantry["explanation"] and "score" not in pantry["explanation"]


ROUTES = [
    ("get", "/api/v1/clients/{client}/matches"),
    ("get", "/api/v1/clients/{client}/referrals"),
    ("get", "/api/v1/referrals/{referral}"),
    ("post", "/api/v1/referrals/{referral}/status"),
    ("post", "/api/v1/referrals"),
]


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_other_agencies_get_404_for_every_route(api, setting, method, route):
    maria = setting.add_client("Maria")
    setting.consent(maria)
    referral = refer(api, maria)["id"]  # to alpha's own pantry: beta is not the receiver
    path = route.format(client=maria, referral=referral)
    if method == "get":
        answer = api.get(path, agency="beta")
    else:
        body = ({"client_id": maria, "service_id": "pantry"} if path.endswith("referrals")
                else {"status": "cancelled"})
        answer = api.post(path, body, agency="beta")
    assert answer.status_code == 404, answer.json
    assert api.get(f"/api/v1/referrals/{referral}").json["status"] == "sent"


def test_roles_without_referral_permissions_are_refused(api, setting):
    maria = setting.add_client("Maria")
    assert api.get(f"/api/v1/clients/{maria}/referrals", role="intake").status_code == 403
    assert api.post("/api/v1/referrals", {"client_id": maria, "service_id": "pantry"},
                    role="directory_editor").status_code == 403


def test_consents_are_listed_and_withdrawn_through_the_api(api, setting):
    maria = setting.add_client("Maria")
    consent = setting.consent(maria)
    listed = api.get(f"/api/v1/clients/{maria}/consents").json["consents"]
    assert [(c["submission_id"], c["state"]) for c in listed] == [(consent, "valid")]
    path = f"/api/v1/clients/{maria}/consents/{consent}/withdraw"
    assert api.post(path, {"note": ""}).status_code == 422
    assert api.post(path, {"note": "stop"}, agency="beta").status_code == 404
    withdrawn = api.post(path, {"note": "Asked us to stop"})
    assert withdrawn.status_code == 200 and withdrawn.json["state"] == "withdrawn"
    assert api.post(path, {"note": "again"}).status_code == 409
    assert "withdrew" in refer(api, maria, expect=409)["message"]


@pytest.mark.postgres
def test_the_receiving_agency_adds_notes_and_its_reads_are_in_its_own_audit_log(
        api, setting, client, auth, world):
    from sqlalchemy import select

    from carebridge.audit import AuditEvent

    maria = setting.add_client("Maria")
    setting.consent(maria)
    made = refer(api, maria, service_id="meals")
    api.get(f"/api/v1/referrals/{made['id']}", agency="beta")
    with setting.session("beta") as session:
        reads = session.scalars(select(AuditEvent).where(
            AuditEvent.object_id == made["id"], AuditEvent.action == "read")).all()
        assert len(reads) == 1 and reads[0].user_id == world.users[("beta", "care_manager")]
    auth.login(world.email("beta", "care_manager"))
    page = f"/referrals/{made['id']}"
    token = auth.csrf_token(page)
    answer = client.post(f"{page}/notes", data={"csrf_token": token, "note": "Left a message"})
    assert answer.status_code == 303
    history = api.get(page.replace("/referrals", "/api/v1/referrals")).json["history"]
    assert history[-1]["note"] == "Left a message"
    assert history[-1]["agency"] == "Beta Community Services"


@pytest.mark.postgres
def test_matches_within_a_radius_of_the_clients_zip(api, setting, client, auth, world):
    maria = setting.add_client("Maria")  # 94063, Redwood City
    everywhere = api.get(f"/api/v1/clients/{maria}/matches").json["needs"][0]["results"]
    assert {"pantry", "meals"} <= {r["service_id"] for r in everywhere}
    near = api.get(f"/api/v1/clients/{maria}/matches?radius_km=5").json["needs"][0]["results"]
    assert [r["service_id"] for r in near] == ["pantry"]
    assert api.get(f"/api/v1/clients/{maria}/matches?radius_km=-3").status_code == 422
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}/matches?radius_km=5",
                      headers={"HX-Request": "true"}).get_data(as_text=True)
    assert page.startswith('<div id="matches">')
    assert "Saturday Food Pantry" in page and "Community Hot Meals" not in page
    assert client.get(f"/clients/{maria}/matches?radius_km=far").status_code == 422
