"""The language of a page: an explicit choice, then the user's profile, then Accept-Language."""

from __future__ import annotations

import re

import sqlalchemy as sa

from carebridge.auth.models import User
from carebridge.db import database
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work

SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def choose(client, locale: str, back: str = "/login"):
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(back).get_data(as_text=True)).group(1)
    return client.post("/language", data={"csrf_token": token, "locale": locale, "next": back})


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_english_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert html_tag(page) == '<html lang="en-US" dir="ltr">'
    assert "<h1>Log in</h1>" in page


def test_the_browsers_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert html_tag(page) == '<html lang="es-US" dir="ltr">'
    assert "<h1>Iniciar sesión</h1>" in page
    assert 'for="email">Correo electrónico</label>' in page
    german = client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "<h1>Log in</h1>" in german


def test_every_page_has_a_switch_and_the_choice_is_remembered(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'action="/language"' in page and 'lang="es">Español</button>' in page
    response = choose(client, "es")
    assert (response.status_code, response.headers["Location"]) == (303, "/login")
    assert "<h1>Iniciar sesión</h1>" in client.get("/login").get_data(as_text=True)
    # An explicit choice wins over the browser's language.
    choose(client, "en")
    english = client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert "<h1>Log in</h1>" in english and 'aria-current="true">English</span>' in english


def test_a_language_the_site_does_not_offer_is_refused(client):
    assert choose(client, "xx").status_code == 400


def test_the_switch_never_sends_anyone_to_another_site(client):
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/language", data={"csrf_token": token, "locale": "es",
                                              "next": "//evil.example.org/"})
    assert response.headers["Location"] == "/"


def _stored_locale(app, email: str):
    with unit_of_work(app, ALL_AGENCIES) as session:
        return session.scalar(sa.select(User.locale).where(User.email == email))


def test_a_signed_in_users_choice_is_saved_to_their_profile(app, client, auth, world):
    email = world.email("alpha", "care_manager")
    auth.login(email)
    choose(client, "es", back="/forms/")
    assert _stored_locale(app, email) == "es"
    assert "<h1>Formularios</h1>" in client.get("/forms/").get_data(as_text=True)
    # Another browser, another day: the profile brings Spanish back, whatever the browser says.
    other = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      other.get("/login").get_data(as_text=True)).group(1)
    other.post("/login", data={"email": email, "password": "correct horse battery",
                               "csrf_token": token})
    page = other.get("/forms/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Formularios</h1>" in page and "Administrador de casos" in page


def test_a_choice_made_before_signing_in_is_kept_and_saved(app, client, auth, world):
    email = world.email("alpha", "intake")
    choose(client, "es")
    auth.login(email)
    assert _stored_locale(app, email) == "es"
    assert "Trabajador de admisión" in client.get("/forms/").get_data(as_text=True)


def test_the_user_locale_column_exists_after_migrating(app):
    columns = {c["name"] for c in sa.inspect(database(app).engine).get_columns("users")}
    assert "locale" in columns


def test_the_navigation_from_plugins_is_translated(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    choose(client, "es", back="/forms/")
    page = client.get("/forms/").get_data(as_text=True)
    for label in ("Directorio", "Editor de formularios", "Exportaciones", "Cerrar sesión"):
        assert f">{label}<" in page, label


def test_error_pages_are_translated(client):
    page = client.get("/no-such-page", headers=SPANISH)
    assert page.status_code == 404
    assert "No se encontró la página" in page.get_data(as_text=True)


def test_answers_say_they_vary_by_language(client):
    assert "Accept-Language" in client.get("/login").headers["Vary"]


HEADERS = ["", "es", "es-MX,es;q=0.9,en;q=0.5", "en;q=0.1, es;q=0.2", "fr-CA, fr;q=0.9",
           "*", "es;q=0", "EN-us", "de;q=0.7, *;q=0.5", "es-419", "garbage;;;q=x", "pt-BR"]


def test_a_browsers_language_is_matched_as_werkzeug_matches_it(app):
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    from carebridge import i18n

    for choices in (("en", "es"), ("es", "en"), ("en",)):
        for header in HEADERS:
            asked = Request(EnvironBuilder(headers={"Accept-Language": header}).get_environ())
            assert i18n._best_match(header, choices) == asked.accept_languages.best_match(
                choices), (header, choices)


def test_the_same_accept_language_is_parsed_once(client, monkeypatch):
    from carebridge import i18n

    parsed = []
    original = i18n.parse_accept_header
    monkeypatch.setattr(i18n, "parse_accept_header",
                        lambda *args: parsed.append(args[0]) or original(*args))
    i18n._best_match.cache_clear()
    for _ in range(3):
        assert "Iniciar sesión" in client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert parsed == [SPANISH["Accept-Language"]]


def test_the_language_asked_again_in_a_request_follows_a_later_choice(app):
    # i18n.current() reads the locale Flask-Babel kept for the request: a choice made later
    # in the same request (a kiosk's screen, force_locale for a letter) must be seen.
    from carebridge import i18n

    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert i18n.current() == "es-US" and i18n.current() == "es-US"
        with i18n.force_locale("en"):
            assert i18n.current() == "en"
            assert i18n._("Log in") == "Log in"
        assert i18n.current() == "es-US" and i18n._("Log in") == "Iniciar sesión"
        i18n.use_for_request("en")
        assert i18n.current() == "en-US"
    with app.app_context():  # no request: the default language, in the agency's territory
        assert i18n.current() == "en-US"
    assert i18n.current() == "en"  # no app at all


def test_a_tag_is_matched_to_an_offered_language_however_it_is_written(app):
    from carebridge import i18n

    with app.app_context():
        assert [i18n.offered(tag) for tag in ("es", " es-MX ", "ES_us", "en-GB", "de", "",
                                               "  ", None, 3)] == [
            "es", "es", "es", "en", None, None, None, None, None]
