"""Every answer carries the security headers; nothing showing client data is cached; cookies
are Secure over HTTPS (also behind a proxy that says so)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, test_app


def test_every_kind_of_answer_has_the_security_headers(client, auth, world, as_, contact_form):
    auth.login(world.email("alpha", "care_manager"))
    submission = as_("alpha", "care_manager").post(
        f"/api/v1/forms/{contact_form}/submissions", {"data": {"name": "Ana"}}).json["id"]
    answers = [
        client.get("/login"),
        client.get(f"/forms/{contact_form}/fill"),
        client.get(f"/forms/submissions/{submission}"),
        client.get(f"/forms/{contact_form}/submissions/{submission}/print"),
        client.get(f"/exports/{contact_form}.csv"),
        client.get("/no-such-page"),
        as_("alpha", "care_manager").get(f"/api/v1/submissions/{submission}"),
    ]
    for answer in answers:
        headers = answer.headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split(
            "style-src-attr")[0]
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
        assert headers["Cache-Control"] == "no-store", answer.request.path
        assert "Strict-Transport-Security" not in headers  # plain HTTP


def test_static_files_may_be_cached(client):
    answer = client.get("/assets/app.css")
    answer.close()
    assert answer.status_code == 200
    assert "max-age" in answer.headers["Cache-Control"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script(client, auth, world, contact_form):
    auth.login(world.email("alpha", "admin"))
    for path in ("/forms/", f"/forms/{contact_form}/fill", f"/forms/{contact_form}/kiosk",
                 "/exports/"):
        page = client.get(path).get_data(as_text=True)
        for opening in page.split("<script")[1:]:
            assert opening.split(">", 1)[0].strip().startswith("src="), path
        assert " onclick=" not in page and " hx-on" not in page, path


def test_over_https_the_cookie_is_secure_and_hsts_is_sent(client, world):
    token = _login_form_token(client, "https://localhost/login")
    answer = client.post("/login", base_url="https://localhost",
                         headers={"Referer": "https://localhost/login"},  # CSRF over HTTPS
                         data={"email": world.email("alpha", "intake"), "password": PASSWORD,
                               "csrf_token": token})
    assert answer.status_code == 303
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_over_plain_http_the_cookie_is_httponly_and_lax(client, world, auth):
    answer = auth.login(world.email("alpha", "intake"))
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


@pytest.fixture
def proxied_app(database_url, tmp_path, world):
    app = test_app(database_url, tmp_path / "proxied", PROXY_FIX={"x_proto": 1, "x_host": 1})
    yield app
    from carebridge.db import database

    database(app).engine.dispose()


def test_behind_a_proxy_the_forwarded_scheme_decides(proxied_app, world):
    client = proxied_app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "Referer": "https://localhost/login"}
    page = client.get("/login", headers=forwarded)
    assert "Strict-Transport-Security" in page.headers
    token = _token_in(page.get_data(as_text=True))
    answer = client.post("/login", headers=forwarded,
                         data={"email": world.email("alpha", "intake"), "password": PASSWORD,
                               "csrf_token": token})
    assert "Secure" in answer.headers["Set-Cookie"]


def _login_form_token(client, url):
    return _token_in(client.get(url).get_data(as_text=True))


def _token_in(page: str) -> str:
    import re

    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_answers_name_what_they_vary_on_once_each(client, auth, world, as_, contact_form):
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/forms/{contact_form}/fill")
    names = [name.strip() for name in page.headers["Vary"].split(",")]
    assert sorted(names) == sorted({"Cookie", "Accept-Language", "HX-Request"})
    assert page.headers.getlist("Vary") == [page.headers["Vary"]]  # one header
    api = as_("alpha", "care_manager").get("/api/v1/forms")
    assert "HX-Request" not in api.headers.get("Vary", "")  # not a page


def test_a_header_the_view_set_is_not_replaced(app, client):
    @app.get("/framed-on-purpose")
    def framed():
        return "", 204, {"X-Frame-Options": "SAMEORIGIN", "Cache-Control": "max-age=60"}

    answer = client.get("/framed-on-purpose")
    assert answer.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert answer.headers.getlist("Cache-Control") == ["max-age=60"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_view_that_varies_on_its_own_gets_the_other_names_in_its_header(app, client):
    @app.get("/varies-on-its-own")
    def varies():
        return "<p>hi</p>", 200, {"Vary": "Origin, cookie"}

    answer = client.get("/varies-on-its-own")
    # The view's names first, then the others, each once (the cookie's is the view's).
    assert answer.headers.getlist("Vary") == ["Origin, cookie, Accept-Language, HX-Request"]


def test_the_request_id_replaces_one_the_view_set(app, client):
    @app.get("/names-its-own-request")
    def names_its_own():
        return "", 204, [("X-Request-ID", "mine"), ("x-request-id", "also-mine")]

    answer = client.get("/names-its-own-request", headers={"X-Request-ID": "req-7"})
    assert answer.headers.getlist("X-Request-ID") == ["req-7"]
    assert answer.headers["X-Frame-Options"] == "DENY"
