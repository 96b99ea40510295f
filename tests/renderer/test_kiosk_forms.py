"""Which forms run on a kiosk, what a client there sees, and how the kiosk starts over."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from carebridge.config import DEFAULTS
from carebridge.forms import service
from carebridge.forms.models import Submission
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import csrf_token
from tests.renderer.test_views import form_fields

INSTRUMENTS = Path(DEFAULTS["FORM_DEFINITIONS_DIR"]) / "instruments"


@pytest.fixture
def admin(auth, world, app):
    with unit_of_work(app, world.agencies["alpha"]) as session, app.app_context():
        set_tenant(session, world.agencies["alpha"])
        for name in ("ahc-hrsn", "adult-intake"):
            document = json.loads((INSTRUMENTS / f"{name}.json").read_text(encoding="utf-8"))
            service.publish(session, document, user_id=None)
    auth.login(world.email("alpha", "admin"))
    return auth.client


def make_link(admin, slug: str):
    token = csrf_token(admin, f"/forms/{slug}/kiosk")
    return admin.post(f"/forms/{slug}/kiosk", data={"csrf_token": token, "idle_seconds": "60"})


def link_of(admin, slug: str) -> str:
    page = admin.get(f"/forms/{slug}/kiosk").get_data(as_text=True)
    return re.search(r'href="(/kiosk/[^"]+)"', page).group(1)


def set_allowed(admin, slug: str, allowed: bool):
    token = csrf_token(admin, f"/forms/{slug}/kiosk")
    return admin.post(f"/forms/{slug}/kiosk/allowed",
                      data={"csrf_token": token, "allowed": "yes" if allowed else "no"})


def test_a_self_administered_screener_runs_on_a_kiosk_once_an_admin_allows_it(admin, client):
    page = admin.get("/forms/ahc-hrsn/kiosk").get_data(as_text=True)
    assert "does not run on kiosks" in page and "Create kiosk link" not in page
    assert make_link(admin, "ahc-hrsn").status_code == 422
    assert set_allowed(admin, "ahc-hrsn", True).status_code == 303
    assert make_link(admin, "ahc-hrsn").status_code == 303
    url = link_of(admin, "ahc-hrsn")
    assert client.get(url).status_code == 200
    # Turned off again, its links stop working at once.
    set_allowed(admin, "ahc-hrsn", False)
    assert client.get(url).status_code == 404


def test_only_admins_decide_what_runs_on_a_kiosk(auth, world, admin):
    auth.login(world.email("alpha", "intake"))
    token = csrf_token(auth.client, "/forms/")
    response = auth.client.post("/forms/ahc-hrsn/kiosk/allowed",
                                data={"csrf_token": token, "allowed": "yes"})
    assert response.status_code == 403


def test_staff_only_questions_are_neither_shown_on_nor_taken_from_a_kiosk(admin, client, app,
                                                                            world):
    last_page = {"_page": "4", "_action": "refresh:"}  # the Needs page, where the notes are
    worker_page = admin.post("/forms/adult-intake/fill", data={
        **form_fields(admin.get("/forms/adult-intake/fill").get_data(as_text=True)), **last_page})
    assert "Worker notes" in worker_page.get_data(as_text=True)
    make_link(admin, "adult-intake")
    url = link_of(admin, "adult-intake")
    fields = form_fields(client.get(url).get_data(as_text=True))
    html = client.post(url, data={**fields, **last_page}).get_data(as_text=True)
    assert "Anything else" in html or "most urgent" in html.lower()
    assert "Worker notes" not in html and 'name="worker_notes"' not in html
    answers = {"given_name": "Ana", "family_name": "Reyes", "date_of_birth": "1980-02-29",
               "preferred_language": "en", "has_income": "false",
               "worker_notes": "typed on the kiosk"}
    done = client.post(url, data={**fields, **answers, "_page": "4", "_action": "submit"})
    assert done.status_code == 303 and done.headers["Location"].endswith("/done")
    with unit_of_work(app, world.agencies["alpha"]) as session:
        stored = session.scalars(select(Submission)).all()
    assert stored and all("worker_notes" not in s.data for s in stored)
    assert any(s.data.get("given_name") == "Ana" for s in stored)


def test_the_thank_you_page_counts_down_without_a_meta_refresh(admin, client):
    make_link(admin, "adult-intake")
    url = link_of(admin, "adult-intake")
    html = client.get(url + "/done").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in html
    assert 'data-seconds="15"' in html and 'id="kiosk-countdown"' in html
    assert re.search(r'<button type="button"[^>]*data-pause[^>]*>Pause</button>', html)
    assert f'href="{url}"' in html  # Start over now, with or without JavaScript
