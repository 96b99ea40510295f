"""A person at the kiosk picks Spanish on the first screen; everything after is in Spanish."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from carebridge.forms.models import Submission
from carebridge.unit_of_work import unit_of_work
from tests.renderer.browser.conftest import serious_violations
from tests.renderer.browser.test_pages_in_spanish import screenshot

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def kiosk_link(admin, slug: str) -> str:
    admin.goto(f"/forms/{slug}/kiosk")
    admin.get_by_label("Where the kiosk stands").fill("Lobby tablet")
    admin.get_by_role("button", name="Create kiosk link").click()
    # The same address answers (after a redirect): its message says the new page is in, so the
    # first link below is the new one, not one already listed on the page before the click.
    expect(admin.get_by_text("Kiosk link created")).to_be_visible()
    return admin.locator("a[href^='/kiosk/']").first.get_attribute("href")


def test_the_kiosk_in_spanish_from_the_first_screen_to_the_thank_you(admin, browser, live):
    if "adult-intake" not in live.shipped:
        pytest.skip("the shipped adult intake is not on this branch")
    link = kiosk_link(admin, "adult-intake")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live.url)
    kiosk = context.new_page()
    kiosk.goto(link)
    # The first screen asks in every language, with a large button for each.
    expect(kiosk.get_by_role("heading", level=1)).to_contain_text("Elija su idioma")
    expect(kiosk.get_by_role("heading", level=1)).to_contain_text("Choose your language")
    spanish = kiosk.get_by_role("link", name="Español")
    assert spanish.bounding_box()["height"] >= 64
    assert serious_violations(kiosk) == []
    screenshot(kiosk, "es-kiosk-language")
    spanish.click()

    expect(kiosk.locator("html")).to_have_attribute("lang", "es-US")
    expect(kiosk.get_by_role("heading", name="Admisión de adultos")).to_be_visible()
    expect(kiosk.get_by_text("Paso 1 de 5")).to_be_visible()
    assert serious_violations(kiosk) == []
    kiosk.get_by_role("button", name="Siguiente").click()
    summary = kiosk.get_by_role("alert")
    expect(summary).to_contain_text("Hay 4 problemas en esta página")
    expect(summary).to_contain_text("Falta la respuesta a «Nombre»")
    assert serious_violations(kiosk) == []
    screenshot(kiosk, "es-kiosk-problems")

    kiosk.get_by_label(re.compile(r"^Nombre(?! con)")).fill("Ana")
    kiosk.get_by_label("Apellido").fill("Reyes")
    kiosk.get_by_label("Fecha de nacimiento").fill("1980-04-02")
    kiosk.get_by_label("Idioma preferido").fill("es")  # a searchable list: its option "es"
    kiosk.get_by_role("button", name="Siguiente").click()
    expect(kiosk.get_by_role("heading", name="Contacto", exact=True)).to_be_visible()
    kiosk.get_by_label("Número de teléfono").fill("(650) 555-0100")
    for step in ("Hogar", "Ingresos"):
        kiosk.get_by_role("button", name="Siguiente").click()
        expect(kiosk.get_by_role("heading", name=step, exact=True)).to_be_visible()
    kiosk.get_by_role("group", name="¿Tiene algún ingreso?").get_by_label("No").check()
    kiosk.get_by_role("button", name="Siguiente").click()
    expect(kiosk.get_by_role("heading", name="Necesidades", exact=True)).to_be_visible()
    kiosk.get_by_role("button", name="Terminar la admisión").click()

    thanks = kiosk.get_by_role("heading", name="Gracias. Sus respuestas se enviaron.")
    expect(thanks).to_be_visible()
    expect(kiosk.locator("html")).to_have_attribute("lang", "es-US")
    expect(kiosk.get_by_role("link", name="Empezar de nuevo ahora")).to_be_visible()
    # The thank-you page clears itself for the next person on purpose (their privacy): the
    # one deliberate exception to axe's meta-refresh rule.
    assert [v for v in serious_violations(kiosk) if v["id"] != "meta-refresh"] == []
    screenshot(kiosk, "es-kiosk-thank-you")
    context.close()

    # The answers are stored as the form's values, whatever language they were given in.
    with unit_of_work(live.app, live.agency_id) as session:
        latest = session.scalars(select(Submission).order_by(Submission.created_at.desc())).first()
    assert latest.data["given_name"] == "Ana" and latest.data["preferred_language"] == "es"
    assert latest.data["has_income"] is False


def test_the_language_screen_comes_back_for_the_next_person(admin, browser, live):
    link = kiosk_link(admin, "wizard-intake")
    context = browser.new_context(base_url=live.url)
    kiosk = context.new_page()
    kiosk.goto(link)
    kiosk.get_by_role("link", name="Español").click()
    expect(kiosk.get_by_role("link", name="Cambiar idioma")).to_be_visible()
    kiosk.get_by_role("link", name="Cambiar idioma").click()
    expect(kiosk.get_by_role("link", name="English")).to_be_visible()
    assert re.search(r"/kiosk/[^?]+$", kiosk.url)
    context.close()
