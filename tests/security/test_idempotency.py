"""Idempotency keys are one user's on one form: reused elsewhere they are another key, reused
with other answers they are refused, and they have a length limit."""

from __future__ import annotations

import pytest

from tests.security.conftest import CONTACT

pytestmark = pytest.mark.postgres  # storage-facing: SQLite and PostgreSQL


def _submit(caller, form, data, key):
    return caller.post(f"/api/v1/forms/{form}/submissions", {"data": data},
                       headers={"Idempotency-Key": key})


def test_a_reused_key_with_other_answers_is_refused_not_dropped(as_, contact_form):
    intake = as_("alpha", "intake")
    first = _submit(intake, contact_form, {"name": "Ana"}, "tap-1")
    again = _submit(intake, contact_form, {"name": "Ana"}, "tap-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"]
    other = _submit(intake, contact_form, {"name": "Bruno"}, "tap-1")
    assert other.status_code == 409
    assert "other answers" in other.json["message"]


def test_the_same_key_on_another_form_makes_another_submission(as_, contact_form):
    admin = as_("alpha", "admin")
    second_form = admin.post("/api/v1/forms", {**CONTACT, "title": "Second contact"}).json["id"]
    first = _submit(admin, contact_form, {"name": "Ana"}, "shared-key")
    second = _submit(admin, second_form, {"name": "Ana"}, "shared-key")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["id"] != second.json["id"]
    assert admin.get(f"/api/v1/submissions/{second.json['id']}").json["form_id"] == second_form


def test_the_same_key_from_another_user_makes_another_submission(as_, contact_form):
    first = _submit(as_("alpha", "intake"), contact_form, {"name": "Ana"}, "k")
    second = _submit(as_("alpha", "care_manager"), contact_form, {"name": "Ana"}, "k")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["id"] != second.json["id"]


def test_an_overlong_key_is_a_bad_request(as_, contact_form):
    response = _submit(as_("alpha", "intake"), contact_form, {"name": "Ana"}, "k" * 256)
    assert response.status_code == 400
    assert "too long" in response.json["message"]
    assert _submit(as_("alpha", "intake"), contact_form, {"name": "Ana"},
                   "k" * 255).status_code == 201


def test_a_page_submitted_again_with_changed_answers_keeps_the_first(client, auth, world,
                                                                     contact_form, as_):
    import re

    auth.login(world.email("alpha", "intake"))
    html = client.get(f"/forms/{contact_form}/fill").get_data(as_text=True)
    fields = {name: (re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or [None, ""])[1]
              for name in ("csrf_token", "_key", "_version")}
    first = client.post(f"/forms/{contact_form}/fill",
                        data={**fields, "_action": "submit", "name": "Ana"})
    assert first.status_code == 303 and "/done/" in first.location
    again = client.post(f"/forms/{contact_form}/fill",
                        data={**fields, "_action": "submit", "name": "Ana changed"})
    assert again.status_code == 303 and again.location == first.location
    page = client.get(again.location).get_data(as_text=True)
    assert "were not saved" in page
    submission = first.location.rsplit("/", 1)[1]
    stored = as_("alpha", "admin").get(f"/api/v1/submissions/{submission}").json
    assert stored["data"] == {"name": "Ana"}


def test_a_request_that_loses_the_race_for_its_key_answers_with_the_winners_submission(
        app, world, as_, contact_form, monkeypatch):
    """Two requests with one key: the second finds nothing when it looks, the first commits
    before the second writes. The second answers with the first's submission and writes
    nothing (no second submission, no audit event of its own)."""
    import sqlalchemy as sa

    from carebridge.audit import AuditEvent
    from carebridge.forms import service
    from carebridge.forms.models import Submission
    from carebridge.tenancy import ALL_AGENCIES, set_tenant
    from carebridge.unit_of_work import unit_of_work

    looked = service._by_scoped_key
    winner = {}

    def too_late(session, scoped):
        found = looked(session, scoped)
        if found is None and not winner:
            # The winner commits, in its own unit of work, between this request's look-up
            # and its write.
            winner["id"] = None
            with unit_of_work(app, world.agencies["alpha"]) as other:
                set_tenant(other, world.agencies["alpha"])
                version = service.get_version(other, contact_form)
                winner["id"] = service.submit(
                    other, version, {"name": "Ana"}, idempotency_key="race-1",
                    user_id=world.users[("alpha", "intake")], via="api").id
        return found

    intake = as_("alpha", "intake")
    intake.get("/api/v1/forms")  # the token's minute touch done: the loser holds no lock
    monkeypatch.setattr(service, "_by_scoped_key", too_late)
    loser = _submit(intake, contact_form, {"name": "Ana"}, "race-1")
    assert loser.status_code == 200, loser.json
    assert loser.json["id"] == winner["id"]
    with unit_of_work(app, ALL_AGENCIES) as session:
        rows = session.scalars(sa.select(Submission.id).where(
            Submission.idempotency_key.is_not(None))).all()
        assert rows == [winner["id"]]
        created = session.scalars(sa.select(AuditEvent.object_id).where(
            AuditEvent.action == "create", AuditEvent.object_type == "Submission")).all()
        assert created == [winner["id"]]
