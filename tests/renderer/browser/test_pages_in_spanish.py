"""Every kind of page in Spanish, as a browser that asks for Spanish sees it: lang, the words,
and axe finding nothing serious. CAREBRIDGE_SCREENSHOTS=1 saves them to docs/screenshots/."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from carebridge.auth.models import User
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import PASSWORD, ROOT
from tests.renderer.browser.conftest import ADMIN, serious_violations
from tests.renderer.browser.test_directory_on_a_phone import directory  # noqa: F401

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

PAGES = [
    ("/forms/", "Formularios", "es-forms"),
    ("/forms/adult-intake/fill", "Admisión de adultos", "es-adult-intake"),
    ("/directory/?q=comida", "Buscar un servicio", "es-directory-search"),
    ("/directory/list", "Servicios para usted", "es-client-list"),
    ("/forms/editor?start=ahc-hrsn.json", "Editor de formularios", "es-form-editor"),
]


@pytest.fixture(scope="module")
def spanish(browser, directory):  # noqa: F811
    context = browser.new_context(locale="es-US", viewport={"width": 1280, "height": 900},
                                  base_url=directory.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login")
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "es-login")
    page.get_by_label("Correo electrónico").fill(ADMIN)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(lambda url: "/login" not in url)  # the page after the login, not this one
    yield page
    context.close()
    # The switch saved Spanish to the shared admin's profile: later tests expect English.
    with unit_of_work(directory.app, ALL_AGENCIES) as session:
        session.execute(sa.update(User).where(User.email == ADMIN).values(locale=None))


def screenshot(page, name: str) -> None:
    """Save the page to docs/screenshots/<name>.png when CAREBRIDGE_SCREENSHOTS is set."""
    if os.environ.get("CAREBRIDGE_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("path", "heading", "name"), PAGES, ids=[p[2] for p in PAGES])
def test_a_page_in_spanish_reads_spanish_and_passes_axe(spanish, path, heading, name):
    spanish.goto(path)
    expect(spanish.locator("html")).to_have_attribute("lang", "es-US")
    expect(spanish.get_by_role("heading", name=heading).first).to_be_visible()
    expect(spanish.get_by_role("navigation", name="Principal")).to_be_visible()
    assert serious_violations(spanish) == []
    screenshot(spanish, name)


def test_the_switch_turns_the_same_page_english_and_back(spanish):
    spanish.goto("/directory/?q=comida")
    spanish.get_by_role("button", name="English").click()
    expect(spanish.get_by_role("heading", name="Find a service")).to_be_visible()
    assert "q=comida" in spanish.url
    spanish.get_by_role("button", name="Español").click()
    expect(spanish.get_by_role("heading", name="Buscar un servicio")).to_be_visible()
