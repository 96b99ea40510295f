"""The audit log records who read or changed which client-related object, and when."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work

pytestmark = pytest.mark.postgres


def events(app):
    with unit_of_work(app, ALL_AGENCIES) as session:
        return [
            (e.action, e.object_type, e.object_id, e.user_id, e.agency_id, e.via, e.at)
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_creating_and_reading_a_submission_is_recorded(app, client, world):
    headers = world.headers("alpha", "admin")
    client.post("/api/v1/forms", json={"title": "Note", "type": "object"}, headers=headers)
    before = datetime.now(UTC)
    created = client.post("/api/v1/forms/note/submissions", json={"data": {}},
                          headers=world.headers("alpha", "intake")).json["id"]
    client.get(f"/api/v1/submissions/{created}", headers=world.headers("alpha", "care_manager"))
    log = events(app)
    alpha = world.agencies["alpha"]
    assert [entry[:6] for entry in log] == [
        ("create", "Submission", created, world.users[("alpha", "intake")], alpha, "api"),
        ("read", "Submission", created, world.users[("alpha", "care_manager")], alpha, "api"),
    ]
    assert all(entry[6] >= before for entry in log)


def test_drafts_are_audited_too(app, client, world):
    headers = world.headers("alpha", "intake")
    client.post("/api/v1/forms", json={"title": "Note", "type": "object"},
                headers=world.headers("alpha", "admin"))
    draft = client.post("/api/v1/forms/note/drafts", json={"data": {}}, headers=headers).json["id"]
    client.put(f"/api/v1/forms/note/drafts/{draft}", json={"data": {"a": 1}}, headers=headers)
    client.get(f"/api/v1/forms/note/drafts/{draft}", headers=headers)
    assert [(e[0], e[1]) for e in events(app)] == [
        ("create", "Draft"), ("update", "Draft"), ("read", "Draft")
    ]


def test_a_refused_read_of_another_agencys_submission_leaves_no_trace_there(app, client, world):
    client.post("/api/v1/forms", json={"title": "Note", "type": "object"},
                headers=world.headers("alpha", "admin"))
    created = client.post("/api/v1/forms/note/submissions", json={"data": {}},
                          headers=world.headers("alpha", "admin")).json["id"]
    response = client.get(f"/api/v1/submissions/{created}",
                          headers=world.headers("beta", "admin"))
    assert response.status_code == 404
    # Nothing in alpha's trail; the refusal is recorded in beta's, whose user asked.
    assert [(e[0], e[4]) for e in events(app)] == [
        ("create", world.agencies["alpha"]), ("refused", world.agencies["beta"])]
