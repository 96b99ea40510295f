"""Drafts belong to their author; a submitted draft is read as the submission it became."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres  # storage-facing: SQLite and PostgreSQL


def _draft(caller, form, data=None):
    response = caller.post(f"/api/v1/forms/{form}/drafts", {"data": data or {"name": "Ma"}})
    assert response.status_code == 201, response.json
    return f"/api/v1/forms/{form}/drafts/{response.json['id']}", response.json["id"]


def test_another_user_of_the_same_agency_cannot_read_or_overwrite_a_draft(as_, contact_form):
    path, _ = _draft(as_("alpha", "intake"), contact_form)
    for role in ("admin", "care_manager"):
        other = as_("alpha", role)
        assert other.get(path).status_code == 404
        assert other.put(path, {"data": {"name": "Overwritten"}}).status_code == 404
        assert other.post(path + "/submit", {"data": {"name": "Taken"}}).status_code == 404
    mine = as_("alpha", "intake").get(path)
    assert mine.status_code == 200 and mine.json["data"] == {"name": "Ma"}


def test_another_users_draft_does_not_open_on_the_fill_page(client, auth, world, as_,
                                                             contact_form):
    _, draft_id = _draft(as_("alpha", "intake"), contact_form, {"name": "Secret Person"})
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/forms/{contact_form}/fill?draft={draft_id}")
    assert page.status_code == 404
    assert "Secret Person" not in page.get_data(as_text=True)
    listing = client.get(f"/forms/{contact_form}/drafts").get_data(as_text=True)
    assert draft_id not in listing


def test_the_author_resumes_their_draft_on_the_fill_page(client, auth, world, as_, contact_form):
    _, draft_id = _draft(as_("alpha", "intake"), contact_form, {"name": "Maria Ortiz"})
    auth.login(world.email("alpha", "intake"))
    assert draft_id in client.get(f"/forms/{contact_form}/drafts").get_data(as_text=True)
    page = client.get(f"/forms/{contact_form}/fill?draft={draft_id}")
    assert page.status_code == 200 and "Maria Ortiz" in page.get_data(as_text=True)


def test_intake_cannot_read_a_submitted_drafts_answers_through_the_draft(as_, contact_form,
                                                                         client, auth, world):
    intake = as_("alpha", "intake")
    path, draft_id = _draft(intake, contact_form)
    done = intake.post(path + "/submit", {"data": {"name": "Maria Ortiz"}})
    assert done.status_code == 201
    refused = intake.get(path)
    assert refused.status_code == 403
    assert "Maria" not in refused.get_data(as_text=True)
    auth.login(world.email("alpha", "intake"))
    page = client.get(f"/forms/{contact_form}/fill?draft={draft_id}")
    assert "Maria Ortiz" not in page.get_data(as_text=True)


def test_a_submitted_draft_is_read_and_audited_as_its_submission(as_, contact_form, world,
                                                                 audit_trail):
    manager = as_("alpha", "care_manager")
    path, draft_id = _draft(manager, contact_form)
    submission_id = manager.post(path + "/submit", {"data": {"name": "Maria"}}).json["id"]
    before = len(audit_trail())
    read = manager.get(path)
    assert read.status_code == 200 and read.json["submission_id"] == submission_id
    new = audit_trail()[before:]
    assert [(a, t, i) for a, t, i, *_ in new] == [("read", "Submission", submission_id)]
    assert new[0][3] == "api" and new[0][4] == world.users[("alpha", "care_manager")]
