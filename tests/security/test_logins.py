"""Logins: throttled per address and per account, locked after repeated failures until an
admin unlocks, common passwords refused, passwords hashed with Argon2id."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from carebridge.auth import service
from carebridge.auth.models import User
from carebridge.errors import InvalidInput
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import PASSWORD


def _user(app, email):
    with unit_of_work(app, ALL_AGENCIES) as session:
        user = session.scalar(select(User).where(User.email == email))
        session.expunge(user)
        return user


def test_guessing_an_accounts_password_is_throttled_and_then_locked(app, auth, world):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="5 per minute", LOCKOUT_FAILURES=8)
    email = world.email("alpha", "care_manager")
    answers = [auth.login(email, f"wrong guess {n}").status_code for n in range(7)]
    assert answers == [422] * 5 + [429] * 2
    # The right password inside the throttled minute is not let in either.
    assert auth.login(email).status_code == 429
    assert _user(app, email).failed_logins == 5


def test_an_account_locks_after_repeated_failures_until_an_admin_unlocks(app, auth, world,
                                                                         cli):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="100 per minute", LOCKOUT_FAILURES=3)
    email = world.email("alpha", "intake")
    for n in range(3):
        assert auth.login(email, f"wrong {n}").status_code == 422
    assert _user(app, email).locked_at is not None
    refused = auth.login(email)  # the right password: still locked
    assert refused.status_code == 422 and "locked" in refused.get_data(as_text=True)
    cli("user", "unlock", email)
    assert auth.login(email).status_code == 303


def test_throttling_per_address_spans_accounts(app, auth, world):
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="4 per minute")
    emails = [f"nobody{n}@example.org" for n in range(5)]
    assert [auth.login(e, "x" * 12).status_code for e in emails] == [422] * 4 + [429]
    # Another address is not held back.
    other = auth.client.post("/login", environ_base={"REMOTE_ADDR": "10.0.0.9"},
                             data={"email": world.email("alpha", "admin"), "password": PASSWORD,
                                   "csrf_token": auth.csrf_token("/login")})
    assert other.status_code == 303


def test_a_right_password_costs_nothing(app, auth, world):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="2 per minute")
    for _ in range(4):
        assert auth.login(world.email("alpha", "admin")).status_code == 303
        auth.logout()


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "password123", "qwertyuiop", "short",
                                      "1234567890", "iloveyou12"])
def test_common_and_weak_passwords_are_refused(password):
    assert service.password_problems(password, "ana@alpha.example.org")


def test_a_password_containing_the_email_is_refused():
    assert service.password_problems("ana.lopez-2026!", "ana.lopez@alpha.example.org")


def test_a_good_password_passes():
    assert service.password_problems("correct horse battery", "ana@alpha.example.org") == []


def test_creating_a_user_with_a_common_password_is_refused(app, world):
    from carebridge.agencies import agency_by_slug

    with unit_of_work(app, ALL_AGENCIES) as session, pytest.raises(InvalidInput) as refused:
        service.create_user(session, agency_by_slug(session, "alpha"), "new@alpha.example.org",
                            "intake", "password123")
    assert "commonly used" in refused.value.problems[0].message


def test_passwords_are_hashed_with_argon2id_and_old_hashes_upgraded_at_login(app, auth,
                                                                              world):
    email = world.email("alpha", "admin")
    assert _user(app, email).password_hash.startswith("$argon2id$")
    with unit_of_work(app, ALL_AGENCIES) as session:  # an account from before: scrypt
        session.scalar(select(User).where(User.email == email)).password_hash = \
            generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    assert auth.login(email).status_code == 303
    assert _user(app, email).password_hash.startswith("$argon2id$")


def test_a_forged_forwarded_for_header_does_not_reset_the_address_limit(app, auth):
    # Without PROXY_FIX nothing in front of the app is trusted: X-Forwarded-For / X-Real-IP
    # are the guesser's own words, and changing them each time must not buy new attempts.
    app.config.update(LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    answers = []
    for n in range(5):
        forged = {"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"198.51.100.{n}",
                  "Forwarded": f"for=192.0.2.{n}"}
        answers.append(auth.client.post("/login", headers=forged, data={
            "email": f"nobody{n}@example.org", "password": "x" * 12,
            "csrf_token": auth.csrf_token("/login")}).status_code)
    assert answers == [422] * 3 + [429] * 2
