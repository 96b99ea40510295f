"""Care transitions: a checklist from the template, a handoff summary generated from the record
(needs, active goals, recent scores, medications the forms collected, contacts, consent), printed
and downloaded; closing a case asks for a reason and closes or hands over open tasks."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.careplans.conftest import add_scored


def cm(world):
    return world.headers("alpha", "care_manager")


def test_a_transition_starts_with_its_checklist_and_items_are_ticked(client, shipped, maria):
    response = client.post(f"/api/v1/clients/{maria}/transitions", headers=cm(shipped),
                           json={"kind": "hospital_discharge", "receiving": "Mills Hospital"})
    assert response.status_code == 201
    transition = response.json
    assert transition["checklist"][0] == {"item": "Discharge summary received from the hospital",
                                          "done": False, "at": None, "by": None}
    ticked = client.post(f"/api/v1/transitions/{transition['id']}/checklist/0",
                         json={"done": True}, headers=cm(shipped)).json
    assert ticked["checklist"][0]["done"] is True
    assert ticked["checklist"][0]["by"] == shipped.users[("alpha", "care_manager")]
    assert client.post(f"/api/v1/transitions/{transition['id']}/checklist/99",
                       json={"done": True}, headers=cm(shipped)).status_code == 422
    assert client.post(f"/api/v1/clients/{maria}/transitions", json={"kind": "vacation"},
                       headers=cm(shipped)).status_code == 422


def test_the_handoff_summary_comes_from_the_record(client, app, shipped, maria):
    client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                headers=cm(shipped))
    for value, month in ((16, 3), (9, 5)):
        add_scored(app, shipped, maria, "phq-9", value, datetime(2026, month, 1, tzinfo=UTC),
                   band="x")
    client.post(f"/api/v1/clients/{maria}/care-team", headers=cm(shipped), json={
        "kind": "provider", "name": "Dr. Chen", "phone": "650-555-0100",
        "may_share": ["assessments"]})
    add_scored(app, shipped, maria, "consent", None, datetime(2026, 2, 1, tzinfo=UTC))
    summary = client.get(f"/api/v1/clients/{maria}/handoff-summary", headers=cm(shipped)).json
    assert [n["code"] for n in summary["needs"]] == ["food", "legal"]
    assert len(summary["active_goals"]) == 3
    assert summary["active_goals"][0]["statement"].startswith("Have enough food")
    [phq] = summary["recent_scores"]
    assert phq["value"] == 9 and phq["change_since_first"] == -7
    assert phq["reliable_change"] == "improved"
    assert summary["contacts"] == [{"name": "Dr. Chen", "role": "", "organization": "",
                                    "phone": "650-555-0100", "email": "",
                                    "may_share": ["assessments"]}]
    assert summary["consent"]["reminders"] == {}
    assert [c["at"][:10] for c in summary["consent"]["forms_on_file"]] == ["2026-02-01"]
    assert summary["client"]["name"] == "María López"


def test_medications_the_forms_collected_are_in_the_summary(client, app, shipped, maria):
    from carebridge.forms import service as forms
    from carebridge.forms.models import Submission
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        version = forms.get_version(session, "adult-intake")
        row = Submission(form_version_id=version.id, client_id=maria,
                         data={"health": {"current_medications": "Sertraline 50 mg"}})
        row.agency_id = shipped.agencies["alpha"]
        session.add(row)
    summary = client.get(f"/api/v1/clients/{maria}/handoff-summary", headers=cm(shipped)).json
    assert [m["value"] for m in summary["medications"]] == ["Sertraline 50 mg"]


def test_closing_a_case_needs_a_reason_and_closes_open_tasks(client, shipped, maria):
    plan = client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=cm(shipped)).json
    transition = client.post(f"/api/v1/clients/{maria}/transitions", headers=cm(shipped),
                             json={"kind": "case_closure"}).json
    url = f"/api/v1/transitions/{transition['id']}/complete"
    refused = client.post(url, json={}, headers=cm(shipped))
    assert refused.status_code == 422 and refused.json["errors"][0]["pointer"] == "/reason"
    done = client.post(url, json={"reason": "Goals met; client moved away"}, headers=cm(shipped))
    assert done.status_code == 200 and done.json["status"] == "completed"
    assert client.get(f"/api/v1/tasks?owner=all&client={maria}",
                      headers=cm(shipped)).json["tasks"] == []
    again = client.get(f"/api/v1/care-plans/{plan['id']}", headers=cm(shipped)).json
    assert again["status"] == "closed"
    assert {t["status"] for t in again["tasks"]} == {"cancelled"}
    assert client.post(url, json={"reason": "again"}, headers=cm(shipped)).status_code == 409


def test_open_tasks_can_be_handed_over_instead(client, shipped, maria):
    client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                headers=cm(shipped))
    transition = client.post(f"/api/v1/clients/{maria}/transitions", headers=cm(shipped),
                             json={"kind": "program_move"}).json
    admin = shipped.users[("alpha", "admin")]
    done = client.post(f"/api/v1/transitions/{transition['id']}/complete", headers=cm(shipped),
                       json={"tasks": "handed_over", "hand_over_to": admin}).json
    assert done["tasks_outcome"] == "handed_over"
    tasks = client.get(f"/api/v1/tasks?owner=all&client={maria}", headers=cm(shipped)).json
    assert tasks["tasks"] and {t["owner"]["id"] for t in tasks["tasks"]} == {admin}


def test_the_transition_pages_print_and_download_the_summary(client, auth, shipped, maria):
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}/transitions").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/clients/{maria}/transitions",
                           data={"csrf_token": csrf, "kind": "case_closure"})
    assert response.status_code == 303
    location = response.headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "Goals reviewed with the client" in page and "Handoff summary" in page
    bad = client.post(f"{location}/complete", data={"csrf_token": csrf, "tasks": "cancelled"})
    assert bad.status_code == 422 and 'id="reason-error"' in bad.get_data(as_text=True)
    printed = client.get(f"{location}/summary").get_data(as_text=True)
    assert "Handoff summary: María López" in printed and "<form" not in printed
    download = client.get(f"{location}/summary.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.json["client"]["name"] == "María López"


def test_other_agencies_get_404_for_transitions(client, auth, shipped, maria):
    transition = client.post(f"/api/v1/clients/{maria}/transitions", headers=cm(shipped),
                             json={"kind": "case_closure"}).json
    beta = shipped.headers("beta", "care_manager")
    assert client.get(f"/api/v1/transitions/{transition['id']}", headers=beta).status_code == 404
    assert client.post(f"/api/v1/transitions/{transition['id']}/complete", json={"reason": "x"},
                       headers=beta).status_code == 404
    assert client.get(f"/api/v1/clients/{maria}/handoff-summary", headers=beta).status_code \
        == 404
    auth.login(shipped.email("beta", "care_manager"))
    for url in (f"/transitions/{transition['id']}", f"/transitions/{transition['id']}/summary",
                f"/transitions/{transition['id']}/summary.json",
                f"/clients/{maria}/transitions"):
        assert client.get(url).status_code == 404, url
