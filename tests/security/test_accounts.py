"""Accounts: admins deactivate users, reset passwords, revoke and expire tokens — from the
Users page and the CLI, audited; a deactivated admin's kiosk links stop working."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.auth.models import ApiToken, User
from carebridge.db import utcnow
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import PASSWORD


def _post(client, auth, path, **data):
    return client.post(path, data={"csrf_token": auth.csrf_token("/admin/users/"), **data})


def _account_events(app, user_id):
    with unit_of_work(app, ALL_AGENCIES) as session:
        return [(e.detail.get("account"), e.user_id, e.via) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "User",
                                     AuditEvent.object_id == str(user_id)))]


def test_the_users_page_is_for_admins_of_the_same_agency(client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    assert client.get("/admin/users/").status_code == 403
    auth.logout()
    auth.login(world.email("alpha", "admin"))
    page = client.get("/admin/users/").get_data(as_text=True)
    assert world.email("alpha", "intake") in page and world.email("beta", "intake") not in page
    assert client.get(f"/admin/users/{world.users[('beta', 'intake')]}").status_code == 404
    refused = _post(client, auth, f"/admin/users/{world.users[('beta', 'intake')]}/deactivate")
    assert refused.status_code == 404


def test_a_deactivated_user_loses_logins_tokens_and_sessions(app, client, auth, world):
    worker = app.test_client()
    from tests.conftest import Auth

    Auth(worker).login(world.email("alpha", "intake"))
    assert worker.get("/forms/").status_code == 200
    headers = world.headers("alpha", "intake")
    assert client.get("/api/v1/forms", headers=headers).status_code == 200

    auth.login(world.email("alpha", "admin"))
    target = world.users[("alpha", "intake")]
    assert _post(client, auth, f"/admin/users/{target}/deactivate").status_code == 303
    assert worker.get("/forms/").status_code == 303  # the open session ended
    assert client.get("/api/v1/forms", headers=headers).status_code == 401
    assert Auth(app.test_client()).login(world.email("alpha", "intake")).status_code == 422
    assert ("deactivated", world.users[("alpha", "admin")], "web") in _account_events(app,
                                                                                      target)


def test_an_admin_cannot_deactivate_themselves(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    me = world.users[("alpha", "admin")]
    assert _post(client, auth, f"/admin/users/{me}/deactivate").status_code == 422


def test_a_password_reset_shows_the_new_password_once_and_ends_sessions(app, client, auth,
                                                                         world):
    from tests.conftest import Auth

    worker = app.test_client()
    Auth(worker).login(world.email("alpha", "care_manager"))
    auth.login(world.email("alpha", "admin"))
    target = world.users[("alpha", "care_manager")]
    answer = _post(client, auth, f"/admin/users/{target}/password")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    new = re.search(r"<code>([^<]+)</code>", answer.get_data(as_text=True)).group(1)
    assert worker.get("/forms/").status_code == 303
    fresh = Auth(app.test_client())
    assert fresh.login(world.email("alpha", "care_manager"), PASSWORD).status_code == 422
    assert fresh.login(world.email("alpha", "care_manager"), new).status_code == 303
    assert "password reset" in [e[0] for e in _account_events(app, target)]


def test_tokens_are_issued_with_an_expiry_and_revoked_from_the_page(app, client, auth, world):
    auth.login(world.email("alpha", "admin"))
    target = world.users[("alpha", "care_manager")]
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    answer = _post(client, auth, f"/admin/users/{target}/tokens", label="sync", expires=tomorrow)
    token = re.search(r"<code>(cb_[^<]+)</code>", answer.get_data(as_text=True)).group(1)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/forms", headers=bearer).status_code == 200
    with unit_of_work(app, ALL_AGENCIES) as session:  # the day comes
        row = session.scalar(select(ApiToken).where(ApiToken.prefix == token[:10]))
        row.expires_at = utcnow() - timedelta(seconds=1)
        token_id = row.id
    assert client.get("/api/v1/forms", headers=bearer).status_code == 401
    old = world.headers("alpha", "care_manager")
    with unit_of_work(app, ALL_AGENCIES) as session:
        old_id = session.scalar(select(ApiToken.id).where(
            ApiToken.user_id == target, ApiToken.id != token_id))
    assert _post(client, auth, f"/admin/users/{target}/tokens/{old_id}/revoke").status_code == 303
    assert client.get("/api/v1/forms", headers=old).status_code == 401
    changes = [e[0] for e in _account_events(app, target)]
    assert "token issued" in changes and "token revoked" in changes


def test_the_cli_revokes_expires_and_deactivates(app, client, world, cli):
    email = world.email("alpha", "care_manager")
    listed = cli("token", "list", email).output.split()
    prefix = listed[0]
    cli("token", "expire", prefix, "--on", "2020-01-01")
    assert client.get("/api/v1/forms",
                      headers=world.headers("alpha", "care_manager")).status_code == 401
    issued = cli("token", "create", email, "--expires", "2099-01-01").output.split()[-1]
    bearer = {"Authorization": f"Bearer {issued}"}
    assert client.get("/api/v1/forms", headers=bearer).status_code == 200
    cli("token", "revoke", issued[:10])
    assert client.get("/api/v1/forms", headers=bearer).status_code == 401
    cli("user", "deactivate", world.email("alpha", "intake"))
    assert client.get("/api/v1/forms",
                      headers=world.headers("alpha", "intake")).status_code == 401
    reset = cli("user", "reset-password", email).output.strip().splitlines()[-1]
    from tests.conftest import Auth

    assert Auth(app.test_client()).login(email, reset).status_code == 303
    vias = {e[2] for e in _account_events(app, world.users[("alpha", "care_manager")])}
    assert vias == {"cli"}


def test_kiosk_links_made_by_a_deactivated_admin_stop_working(app, client, world, cli, as_,
                                                              auth):
    form = as_("alpha", "admin").post("/api/v1/forms", {
        "title": "Walk-in intake", "kind": "intake", "id": "walk-in",
        "schema": {"type": "object", "properties": {"name": {"type": "string"}}}})
    assert form.status_code == 201, form.json
    auth.login(world.email("alpha", "admin"))
    made = _post(client, auth, "/forms/walk-in/kiosk", label="Lobby", idle_seconds="120")
    assert made.status_code == 303
    with unit_of_work(app, ALL_AGENCIES) as session:
        from carebridge.renderer.kiosk import KioskLink

        token = session.scalar(select(KioskLink.token))
    kiosk = app.test_client()
    assert kiosk.get(f"/kiosk/{token}").status_code == 200
    cli("user", "deactivate", world.email("alpha", "admin"))
    assert kiosk.get(f"/kiosk/{token}").status_code == 404
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.scalar(select(User.is_active).where(
            User.id == world.users[("alpha", "admin")])) is False


def test_times_on_the_users_pages_are_the_agencys_not_utc(client, auth, app, world):
    # 03:30 UTC on Mar 2 is 19:30 on Mar 1 in the agency's time zone (America/Los_Angeles).
    intake = world.users[("alpha", "intake")]
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(User, intake).last_login_at = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
        token = session.scalar(select(ApiToken).where(ApiToken.user_id == intake))
        token.last_used_at = datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    auth.login(world.email("alpha", "admin"))
    listed = client.get("/admin/users/").get_data(as_text=True)
    assert "2026-03-01 19:30" in listed and "2026-03-02 03:30" not in listed
    shown = client.get(f"/admin/users/{intake}").get_data(as_text=True)
    assert "2026-03-01 19:30" in shown and "2026-03-02 03:30" not in shown
