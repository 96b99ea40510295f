"""The navigation bar: plugins' items for a role are asked once per role, language and
address root; items for a user are asked on every page and come after them."""

import navigation_plugin
import pytest

from carebridge import create_app
from carebridge.migrations import upgrade
from tests.conftest import Auth


@pytest.fixture
def browser(tmp_path, world):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "PLUGINS": ["navigation_plugin"],
                      "DATABASE_URL": world.app.config["DATABASE_URL"]},
                     instance_path=tmp_path)
    upgrade(app)
    for kind in navigation_plugin.asked.values():
        kind.clear()
    return Auth(app.test_client())


def nav(page) -> str:
    text = page.get_data(as_text=True)
    return text[text.index("<nav"):text.index("</nav>")]


def test_items_for_a_role_are_asked_once_and_shown_on_every_page(browser, world):
    browser.login(world.email("alpha", "admin"))
    pages = [browser.client.get("/forms/") for _ in range(3)]
    assert all('href="/forms/#rota"' in nav(page) for page in pages)
    assert navigation_plugin.asked["role"] == ["admin"]


def test_items_for_a_user_are_asked_on_every_page_and_come_last(browser, world):
    browser.login(world.email("alpha", "admin"))
    for _ in range(2):
        bar = nav(browser.client.get("/forms/"))
        assert bar.index("#rota") < bar.index("Shifts of admin@alpha.example.org")
    assert len(navigation_plugin.asked["user"]) >= 2


def test_each_role_and_language_is_asked_for_its_own_items(browser, world):
    browser.login(world.email("alpha", "admin"))
    browser.client.get("/forms/")
    spanish = browser.client.get("/forms/", headers={"Accept-Language": "es"})
    assert "Formularios" in nav(spanish)
    browser.logout()
    browser.login(world.email("alpha", "intake"))
    assert "#rota" not in nav(browser.client.get("/forms/"))
    assert navigation_plugin.asked["role"] == ["admin", "admin", "intake"]


def test_the_built_in_items_follow_the_role(auth, world):
    auth.login(world.email("alpha", "admin"))
    admin = nav(auth.client.get("/forms/"))
    auth.logout()
    auth.login(world.email("alpha", "intake"))
    intake = nav(auth.client.get("/forms/"))
    assert "Form builder" in admin and "Form builder" not in intake
    assert "Clients" in admin
