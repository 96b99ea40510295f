"""Logins are server-side sessions: logout ends them for good, and they end by themselves
after the idle and the absolute timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from carebridge.auth.models import UserSession
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work

pytestmark = pytest.mark.postgres  # storage-facing: SQLite and PostgreSQL


def _age_sessions(app, *, idle=timedelta(0), age=timedelta(0)):
    with unit_of_work(app, ALL_AGENCIES) as session:
        for row in session.scalars(select(UserSession)):
            row.last_seen_at -= idle
            row.created_at -= age


def test_a_logged_out_cookie_no_longer_works(app, client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    assert client.get("/forms/").status_code == 200
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    answer = thief.get("/forms/")
    assert answer.status_code == 303 and "/login" in answer.headers["Location"]


def test_an_idle_session_ends_after_the_configured_minutes(app, client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    _age_sessions(app, idle=timedelta(minutes=29))
    assert client.get("/forms/").status_code == 200  # 29 minutes: still there
    _age_sessions(app, idle=timedelta(minutes=31))
    answer = client.get("/forms/")
    assert answer.status_code == 303 and "/login" in answer.headers["Location"]
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "without activity" in page
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.scalar(select(UserSession.ended_reason)) == "idle"


def test_a_page_records_the_sessions_use_once_a_minute_and_only_when_it_succeeds(app, client,
                                                                              auth, world):
    auth.login(world.email("alpha", "care_manager"))

    def last_seen():
        with unit_of_work(app, ALL_AGENCIES) as session:
            return session.scalar(select(UserSession.last_seen_at))

    first = last_seen()
    assert client.get("/forms/").status_code == 200
    assert last_seen() == first  # used within the minute: not written again
    _age_sessions(app, idle=timedelta(minutes=2))
    assert client.get("/forms/no-such-page").status_code == 404  # refused: rolled back
    assert last_seen() == first - timedelta(minutes=2)
    assert client.get("/forms/").status_code == 200
    assert last_seen() > first - timedelta(seconds=1)


def test_a_busy_session_still_ends_after_the_absolute_limit(app, client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    _age_sessions(app, age=timedelta(hours=12, minutes=1))
    answer = client.get("/forms/")
    assert answer.status_code == 303 and "/login" in answer.headers["Location"]


def test_the_timeouts_are_configurable(app, client, auth, world):
    app.config["SESSION_IDLE_MINUTES"] = 5
    auth.login(world.email("alpha", "care_manager"))
    _age_sessions(app, idle=timedelta(minutes=6))
    assert client.get("/forms/").status_code == 303


def test_a_cookie_from_before_server_sessions_opens_nothing(app, world):
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["user_id"] = world.users[("alpha", "admin")]
        cookie["agency_id"] = world.agencies["alpha"]
    assert client.get("/forms/").status_code == 303
