"""A blank fill page is drawn once per version, language and reader, and served from what was
kept with this request's CSRF token and submission key (renderer/kept_pages.py): counted —
templates drawn — and checked against a page drawn afresh; every change a page shows (a new
version, a role, the agency's name, the language, a draft, a flashed message, a client's page,
another reader) is a page drawn anew, never an old one served."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import template_rendered

from carebridge.agencies import Agency
from carebridge.auth.models import User
from carebridge.forms import service
from carebridge.renderer import kept_pages
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
PHQ9 = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())
FILL = "/forms/phq-9/fill"
KEY = re.compile(r'name="_key" value="([0-9a-f]+)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Drawn:
    """The templates Flask renders while open."""

    def __init__(self, app):
        self.app, self.names = app, []

    def _rendered(self, sender, template, context, **extra):
        self.names.append(template.name)

    def __enter__(self):
        template_rendered.connect(self._rendered, self.app)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self._rendered, self.app)


def publish(app, world, document):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        service.publish(session, document, user_id=world.users[("alpha", "admin")])


def change(app, model, row_id, **values):
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.execute(sa.update(model).where(model.id == row_id).values(**values)
                        .execution_options(include_all_agencies=True))


@pytest.fixture
def phq9(app, world):
    publish(app, world, PHQ9)
    return FILL


@pytest.fixture
def worker(auth, world, phq9):
    auth.login(world.email("alpha", "intake"))
    assert auth.client.get(phq9).status_code == 200  # drawn and kept
    return auth.client


def text(response):
    assert response.status_code == 200
    return response.get_data(as_text=True)


def drawn_afresh(app, client, path=FILL):
    """The page as the templates draw it, with the kept pages set aside."""
    with app.app_context():
        kept_pages.kept_pages().clear()
    return text(client.get(path))


def test_a_warm_blank_page_draws_no_template_and_is_the_page_drawn_afresh(app, worker):
    with Drawn(app) as drawn:
        pages = [text(worker.get(FILL)) for _ in range(3)]
    assert drawn.names == []
    keys = [KEY.search(page).group(1) for page in pages]
    assert len(set(keys)) == 3  # a new submission key on every page
    fresh = drawn_afresh(app, worker)
    assert KEY.sub("", pages[0]) == KEY.sub("", fresh)
    with app.app_context():
        assert kept_pages.kept_pages().usage()[0] == 1


def test_the_kept_page_carries_this_logins_token_which_a_post_needs(app, world, auth, worker):
    page = text(worker.get(FILL))
    token = TOKEN.search(page).group(1)
    assert page.count(token) == 5 and "cb-csrf-" not in page and "cb-key-" not in page
    form = {"_action": "save", "_version": "1", "phq_1": "1", "_key": KEY.search(page).group(1)}
    assert worker.post(FILL, data={**form, "csrf_token": token}).status_code in (200, 303)
    auth.logout()
    assert worker.get(FILL).status_code == 303  # logged out: no page, kept or not
    auth.login(world.email("alpha", "intake"))
    again = text(worker.get(FILL))
    assert TOKEN.search(again).group(1) != token


def test_a_new_version_is_drawn_at_once(app, world, worker):
    publish(app, world, {**PHQ9, "title": "PHQ-9, reworded"})
    with Drawn(app) as drawn:
        page = text(worker.get(FILL))
    assert "PHQ-9, reworded" in page and drawn.names


def test_a_role_change_and_a_renamed_agency_are_drawn_at_once(app, world, worker):
    assert "Edit this form" not in text(worker.get(FILL))
    change(app, User, world.users[("alpha", "intake")], role="admin")
    page = text(worker.get(FILL))
    assert "Edit this form" in page and "Users</a>" in page
    change(app, Agency, world.agencies["alpha"], name="Alpha Renamed")
    assert "Alpha Renamed" in text(worker.get(FILL))


def test_a_deactivated_reader_gets_no_kept_page(app, world, worker):
    change(app, User, world.users[("alpha", "intake")], is_active=False)
    assert worker.get(FILL).status_code == 303


def test_each_reader_and_language_has_their_own_page(app, world, worker, client, auth):
    spanish = text(worker.get(FILL, headers={"Accept-Language": "es"}))
    assert "Cerrar sesión" in spanish
    assert "Log out" in text(worker.get(FILL))
    other = app.test_client()
    from tests.conftest import Auth

    Auth(other).login(world.email("alpha", "care_manager"))
    theirs = text(other.get(FILL))
    assert world.email("alpha", "care_manager") in theirs
    assert world.email("alpha", "intake") not in theirs
    beta = app.test_client()
    Auth(beta).login(world.email("beta", "intake"))
    assert beta.get(FILL).status_code == 404  # another agency's form: never a kept page


def test_a_draft_and_a_flashed_message_are_drawn(app, world, worker):
    page = text(worker.get(FILL))
    form = {"_action": "save", "_version": "1", "phq_1": "2", "_key": KEY.search(page).group(1),
            "csrf_token": TOKEN.search(page).group(1)}
    saved = worker.post(FILL, data=form)
    draft = re.search(r"draft=([0-9a-f-]+)", saved.headers.get("Location", "")
                      + saved.get_data(as_text=True)).group(1)
    with Drawn(app) as drawn:
        resumed = text(worker.get(f"{FILL}?draft={draft}"))
    assert drawn.names  # a draft's answers are drawn, never a blank kept page
    assert re.search(r'name="phq_1" value="2"[^>]*checked', resumed)


def test_an_overridden_page_template_is_drawn_every_time(app, world, worker):
    override = Path(app.instance_path) / "templates" / "renderer"
    override.mkdir(parents=True)
    (override / "fill-phq-9.html").write_text(
        '{% extends "renderer/fill.html" %}{% block title %}Ours {{ request.args }}'
        '{% endblock %}')
    with app.app_context():
        from carebridge.app_state import app_state

        app_state().forget("template_choices")
    with Drawn(app) as drawn:
        assert "Ours" in text(worker.get(FILL))
        text(worker.get(FILL))
    assert drawn.names.count("renderer/fill-phq-9.html") == 2


def test_the_kept_pages_are_bounded_by_count_and_by_size():
    pages = kept_pages.KeptPages(max_pages=2, max_bytes=150)
    for n in range(3):
        pages.put(("page", n), f"<p>{n}</p><i>{pages.csrf}</i><b>{pages.key}</b>")
    assert pages.usage()[0] == 2 and pages.get(("page", 0)) is None
    parts = pages.get(("page", 2))
    assert pages.fill_in(parts, "t<k>", "k1") == "<p>2</p><i>t&lt;k&gt;</i><b>k1</b>"
    pages.put(("big",), "x" * 151)  # larger than the whole cache: not kept
    assert pages.get(("big",)) is None and pages.usage()[0] == 2
