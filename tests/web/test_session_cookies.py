"""A browser's signed session cookie is verified once per worker and key set, and refused as
soon as Flask would refuse it: tampered, too old, or signed with a key no longer held."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer

from carebridge import transport
from carebridge.forms import service
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
FILL = "/forms/phq-9/fill"


class Loads:
    """How many cookies (or tokens) were verified while open."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = URLSafeTimedSerializer.loads

        def counted(serializer, *args, **kwargs):
            self.count += 1
            return original(serializer, *args, **kwargs)

        monkeypatch.setattr(URLSafeTimedSerializer, "loads", counted)


@pytest.fixture
def worker(app, auth, world):
    document = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        service.publish(session, document, user_id=world.users[("alpha", "admin")])
    auth.login(world.email("alpha", "intake"))
    for _ in range(2):  # the first page after a login adds its CSRF token to the session
        assert auth.client.get(FILL).status_code == 200
    return auth.client


def cookie(client) -> str:
    return client.get_cookie("session").value


def test_the_same_cookie_is_verified_once(worker, monkeypatch):
    loads = Loads(monkeypatch)
    for _ in range(3):
        assert worker.get(FILL).status_code == 200
    assert loads.count == 0  # verified by the page before, which the fixture drew


def test_a_tampered_cookie_opens_nothing_though_the_real_one_is_kept(app, worker):
    real = cookie(worker)
    payload, signature = real.rsplit(".", 1)
    stranger = app.test_client()
    flipped = "A" if signature[0] != "A" else "B"
    stranger.set_cookie("session", f"{payload}.{flipped}{signature[1:]}")
    assert stranger.get(FILL).status_code == 303
    assert worker.get(FILL).status_code == 200


def test_a_kept_cookie_past_the_session_lifetime_opens_nothing(app, worker, monkeypatch):
    assert worker.get(FILL).status_code == 200
    later = transport.time.time() + timedelta(days=2).total_seconds()
    app.permanent_session_lifetime = timedelta(days=1)
    monkeypatch.setattr(transport.time, "time", lambda: later)
    assert worker.get(FILL).status_code == 303


def test_a_kept_cookie_opens_nothing_once_its_key_is_dropped(app, worker):
    assert worker.get(FILL).status_code == 200
    app.secret_key = app.config["SECRET_KEY"] = "a new key, the old one not kept"
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert worker.get(FILL).status_code == 303


def test_a_session_holding_more_than_plain_values_is_verified_every_time(app, worker,
                                                                         monkeypatch):
    with worker.session_transaction() as session:
        session["_flashes"] = [("message", "Saved.")]
    loads = Loads(monkeypatch)
    page = worker.get(FILL)
    assert page.status_code == 200 and "Saved." in page.get_data(as_text=True)
    assert loads.count == 1
    # The message was shown once: the next page does not show it again.
    assert "Saved." not in worker.get(FILL).get_data(as_text=True)
