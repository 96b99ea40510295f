"""Logging in and out, and CSRF on every state-changing HTML request (htmx included)."""

import re

import pytest


def test_the_login_page_has_labelled_email_and_password_fields(client, world):
    page = client.get("/login").get_data(as_text=True)
    for label in ("Email", "Password"):
        match = re.search(rf'<label for="([^"]+)">{label}</label>', page)
        assert match, label
        assert f'id="{match.group(1)}"' in page


def test_a_user_logs_in_and_sees_the_agencys_forms(client, auth, world, api_form):
    response = auth.login(world.email("alpha", "intake"))
    assert response.status_code == 303
    page = client.get("/forms/").get_data(as_text=True)
    assert "Contact details" in page
    assert "intake@alpha.example.org" in page


def test_forms_of_another_agency_are_not_listed(client, auth, world, api_form):
    auth.login(world.email("beta", "admin"))
    assert "Contact details" not in client.get("/forms/").get_data(as_text=True)


def test_a_wrong_password_is_refused_without_saying_which_part(client, auth, world):
    response = auth.login(world.email("alpha", "admin"), "wrong password")
    assert response.status_code == 422
    assert "do not match an account" in response.get_data(as_text=True)
    assert client.get("/forms/").status_code == 303


def test_an_unknown_email_is_refused_the_same_way(auth):
    response = auth.login("nobody@nowhere.example.org")
    assert response.status_code == 422
    assert "do not match an account" in response.get_data(as_text=True)


def test_pages_need_a_login(client):
    response = client.get("/forms/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=/forms/")


def test_login_only_redirects_within_the_site(client, auth, world):
    token = auth.csrf_token("/login")
    response = client.post("/login?next=//evil.example.org/", data={
        "email": world.email("alpha", "admin"), "password": "correct horse battery",
        "csrf_token": token})
    assert response.headers["Location"] == "/forms/"


def test_logout_ends_the_session(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    assert auth.logout().status_code == 303
    assert client.get("/forms/").status_code == 303


@pytest.mark.parametrize("path", ["/login", "/logout"])
def test_a_post_without_a_csrf_token_is_refused(client, world, path):
    response = client.post(path, data={"email": world.email("alpha", "admin"),
                                       "password": "correct horse battery"})
    assert response.status_code == 400
    assert "Reload it and try again" in response.get_data(as_text=True)


def test_an_htmx_request_carries_the_token_in_a_header(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    token = auth.csrf_token("/forms/")
    headers = {"HX-Request": "true"}
    assert client.post("/logout", headers=headers).status_code == 400
    assert client.post("/logout", headers={**headers, "X-CSRFToken": token}).status_code == 303


def test_html_responses_vary_on_htmx(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    assert "HX-Request" in client.get("/forms/").headers["Vary"]


def test_the_api_does_not_accept_the_session_cookie(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    assert client.get("/api/v1/forms").status_code == 401


def test_the_navigation_offers_what_the_role_may_use(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    page = client.get("/forms/").get_data(as_text=True)
    assert ">Form editor</a>" in page and ">Directory</a>" in page
    auth.logout()
    auth.login(world.email("alpha", "intake"))
    page = client.get("/forms/").get_data(as_text=True)
    assert ">Form editor</a>" not in page and ">Directory</a>" in page
