"""The directory's search page as a care manager uses it on a phone: 390 px wide, nothing
overflows, the filters and the results are usable, and axe finds nothing serious."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from carebridge.directory import index
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from resource_directory.importers import import_path
from tests.renderer.browser.conftest import serious_violations

PHONE = {"width": 390, "height": 844}
RECORDS = [
    {"name": "Samaritan House Community Food Pantry and Emergency Assistance Program.",
     "agency": "Samaritan House.", "city": "San Mateo", "state": "CA", "zipcode": "94401",
     "street_address": "4031 Pacific Boulevard, Suite 100, Building B (enter from the rear)",
     "description": "Groceries and emergency food boxes for low-income families every week; "
                    "call https://www.samaritanhouse.example.org/programs/food-pantry-and-"
                    "emergency-assistance-for-families-in-san-mateo-county-california",
     "keywords": ["COMMODITY SERVICES", "Food Pantries", "Older Adults"],
     "languages_spoken": ["Spanish", "Chinese (Cantonese)", "Filipino (Tagalog)"],
     "fees": "None.", "service_hours": "Monday-Friday, 9-5",
     "phones": [[{"number": "650 341-4081", "phone_hours": "(Monday-Friday, 9-5)"}]],
     "eligibility_requirements": "Low-income residents of San Mateo County age 18 or over"},
    {"name": "Second Harvest Food Bank.", "city": "San Carlos", "state": "CA",
     "zipcode": "94070", "street_address": "1051 Bing Street",
     "description": "A central clearinghouse distributing food to pantries and kitchens.",
     "keywords": ["Food Banks/Food Distribution Warehouses", "Food"],
     "urls": ["http://www.shfb.example.org/a-very-long-path-that-would-overflow-a-phone"]},
]


@pytest.fixture(scope="module")
def directory(live, tmp_path_factory):
    path = tmp_path_factory.mktemp("directory") / "records.json"
    path.write_text(json.dumps([[record] for record in RECORDS]))
    with unit_of_work(live.app, ALL_AGENCIES) as session:
        import_path(session, path)
        index.rebuild(live.app, session)
    return live


@pytest.fixture
def phone(browser, directory, worker):
    worker.set_viewport_size(PHONE)
    return worker


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: no horizontal scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


@pytest.mark.browser
def test_the_search_page_fits_a_phone(phone):
    phone.goto("/directory/?q=food&language=espa%C3%B1ol")
    assert phone.get_by_role("link", name="Samaritan House Community Food Pantry").is_visible()
    assert overflow(phone) <= 0
    phone.get_by_text("Why this result?").first.click()
    assert phone.get_by_text("matches “food”").first.is_visible()
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []


@pytest.mark.browser
def test_search_as_you_type_on_a_phone_keeps_the_page_in_the_screen(phone):
    phone.goto("/directory/")
    phone.get_by_label("What does the client need?").fill("comida")
    # htmx pushes the search's address just before it swaps its results in: then the link
    # below is a result of this search, not one the page showed before it.
    expect(phone).to_have_url(re.compile(r"[?&]q=comida"))
    phone.get_by_role("link", name="Second Harvest Food Bank").wait_for()
    assert overflow(phone) <= 0
    assert serious_violations(phone) == []
