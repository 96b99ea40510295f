"""The care plans' parts of the client file: plans, appointments, tasks and scores over time as
sections, and the plan's changes and appointments on the timeline."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.careplans.conftest import add_scored, days


def test_the_client_file_shows_plans_appointments_tasks_and_scores(client, auth, app, shipped,
                                                                   maria):
    headers = shipped.headers("alpha", "care_manager")
    plan = client.post(f"/api/v1/clients/{maria}/care-plans", json={"template": "care-plan"},
                       headers=headers).json
    client.patch(f"/api/v1/care-plans/{plan['id']}/goals/{plan['goals'][0]['id']}",
                 json={"status": "active"}, headers=headers)
    client.post(f"/api/v1/clients/{maria}/appointments", headers=headers, json={
        "with_whom": "Dr. Chen", "starts_at": f"{days(5)}T09:00"})
    for value, month in ((17, 3), (11, 4)):
        add_scored(app, shipped, maria, "phq-9", value, datetime(2026, month, 1, tzinfo=UTC))
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}").get_data(as_text=True)
    for key in ("care_plans", "appointments", "tasks", "monitoring", "casework"):
        assert f'id="section-{key}"' in page
    assert "Care plan</a>" in page or "Care plan" in page
    assert "Dr. Chen" in page and "Help the client apply for CalFresh" in page
    assert "<svg" in page and "PHQ-9 total went from 17" in page
    # The timeline has the plan's versions (goal progress over time) and the appointment.
    timeline = page[page.index('id="section-timeline"'):]
    assert "Plan made from the template" in timeline
    assert "proposed → active" in timeline
    assert "Appointment with Dr. Chen" in timeline


def test_notes_and_handouts_are_on_the_file_and_its_timeline(client, auth, shipped, maria):
    headers = shipped.headers("alpha", "care_manager")
    client.post(f"/api/v1/clients/{maria}/notes", headers=headers,
                json={"kind": "free", "text": "Met at the library"})
    client.post(f"/api/v1/clients/{maria}/handouts", headers=headers,
                json={"handout": "food-pantry"})
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}").get_data(as_text=True)
    assert "Met at the library" in page
    timeline = page[page.index('id="section-timeline"'):]
    assert "Free text" in timeline and "Handout given: food-pantry" in timeline
