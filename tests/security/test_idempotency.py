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


def _winner_commits_after_the_look_up(app, world, monkeypatch, form, key, answers) -> dict:
    """Another request's submission of ``answers`` with ``key`` (the intake worker's, on
    ``form``) commits between this request's look-up of the key, which finds nothing, and this
    request's commit. Returns where the winner's id is put once it is made."""
    from carebridge.forms import service
    from carebridge.tenancy import set_tenant
    from carebridge.unit_of_work import unit_of_work

    looked = service._by_scoped_key
    winner = {}

    def too_late(session, scoped):
        found = looked(session, scoped)
        if found is None and not winner:
            # The winner commits in its own unit of work (nested test-client requests would
            # share ``g``, and with it this request's unit).
            winner["id"] = None
            with unit_of_work(app, world.agencies["alpha"]) as other:
                set_tenant(other, world.agencies["alpha"])
                version = service.get_version(other, form)
                winner["id"] = service.submit(
                    other, version, answers, idempotency_key=key,
                    user_id=world.users[("alpha", "intake")], via="api").id
        return found

    monkeypatch.setattr(service, "_by_scoped_key", too_late)
    return winner


def _keyed_submissions_and_their_creation(app) -> tuple[list, list]:
    import sqlalchemy as sa

    from carebridge.audit import AuditEvent
    from carebridge.forms.models import Submission
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, ALL_AGENCIES) as session:
        rows = session.scalars(sa.select(Submission.id).where(
            Submission.idempotency_key.is_not(None))).all()
        created = session.scalars(sa.select(AuditEvent.object_id).where(
            AuditEvent.action == "create", AuditEvent.object_type == "Submission")).all()
    return rows, created


def test_a_request_that_loses_the_race_for_its_key_answers_with_the_winners_submission(
        app, world, as_, contact_form, monkeypatch):
    """Two requests with one key: the second finds nothing when it looks, the first commits
    before the second does. The second answers with the first's submission and writes
    nothing (no second submission, no audit event of its own)."""
    intake = as_("alpha", "intake")
    intake.get("/api/v1/forms")  # the token's minute touch done: the loser holds no lock
    winner = _winner_commits_after_the_look_up(app, world, monkeypatch, contact_form,
                                               "race-1", {"name": "Ana"})
    loser = _submit(intake, contact_form, {"name": "Ana"}, "race-1")
    assert loser.status_code == 200, loser.json
    assert loser.json["id"] == winner["id"]
    assert _keyed_submissions_and_their_creation(app) == ([winner["id"]], [winner["id"]])


def test_a_request_that_loses_the_race_with_other_answers_is_refused_and_writes_nothing(
        app, world, as_, contact_form, monkeypatch):
    intake = as_("alpha", "intake")
    intake.get("/api/v1/forms")
    winner = _winner_commits_after_the_look_up(app, world, monkeypatch, contact_form,
                                               "race-2", {"name": "Ana"})
    loser = _submit(intake, contact_form, {"name": "Bea"}, "race-2")
    assert loser.status_code == 409, loser.json
    assert _keyed_submissions_and_their_creation(app) == ([winner["id"]], [winner["id"]])


def test_a_draft_that_loses_the_race_for_its_key_becomes_the_winners_submission(
        app, world, as_, contact_form, monkeypatch):
    # Completing a draft points the draft at its submission (a flush in the view): the
    # waiting rows are written there, before the commit, and the key is found taken there.
    intake = as_("alpha", "intake")
    draft = intake.post(f"/api/v1/forms/{contact_form}/drafts", {"data": {"name": "Ana"}})
    assert draft.status_code == 201, draft.json
    draft_id = draft.json["id"]
    winner = _winner_commits_after_the_look_up(app, world, monkeypatch, contact_form,
                                               f"draft:{draft_id}", {"name": "Ana"})
    made = intake.post(f"/api/v1/forms/{contact_form}/drafts/{draft_id}/submit", {})
    assert made.status_code == 201, made.json
    assert made.json["id"] == winner["id"]
    assert _keyed_submissions_and_their_creation(app) == ([winner["id"]], [winner["id"]])
    from carebridge.forms.models import Draft
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.get(Draft, draft_id).submission_id == winner["id"]


def test_a_command_that_loses_the_race_for_its_key_fails_and_writes_nothing(
        app, world, contact_form, monkeypatch):
    # A command or job cannot answer again: its unit of work fails, as it would on any error.
    from carebridge.forms import service
    from carebridge.tenancy import set_tenant
    from carebridge.unit_of_work import KeyTaken, unit_of_work

    winner = _winner_commits_after_the_look_up(app, world, monkeypatch, contact_form,
                                               "race-3", {"name": "Ana"})
    with pytest.raises(KeyTaken), unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.test_request_context():
            version = service.get_version(session, contact_form)
            service.submit(session, version, {"name": "Ana"}, idempotency_key="race-3",
                           user_id=world.users[("alpha", "intake")], via="import")
    assert _keyed_submissions_and_their_creation(app) == ([winner["id"]], [winner["id"]])
