"""Matching a need to services: evidence from categories and phrases, open to the household,
near and in the client's language first, explained in words a care manager reads."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from resource_directory.matching import (
    ClientContext,
    Matcher,
    describe_days,
    language_name,
    match_services,
    service_reach,
)
from resource_directory.search.document import ServiceDocument
from resource_directory.search.whoosh_backend import WhooshBackend

CENTRES = {
    "94063": (37.4852, -122.2364),  # Redwood City
    "94303": (37.4688, -122.1411),  # East Palo Alto
    "94080": (37.6547, -122.4077),  # South San Francisco
}


@dataclass(frozen=True)
class Need:
    code: str
    label: str
    term_names: tuple[str, ...]
    search_words: tuple[str, ...]


FOOD = Need("food", "Food", ("Food Pantry", "Free Meals"),
            ("food pantry", "groceries", "hot meals"))


def service(id: str, name: str, **fields) -> ServiceDocument:
    fields.setdefault("organization", "Community Agency")
    service_id = fields.pop("service_id", id)
    location = fields.pop("location_id", None)
    return ServiceDocument(id=id, service_id=service_id, location_id=location, name=name,
                           **fields)


def directory() -> list[ServiceDocument]:
    return [
        service("pantry-epa", "Ecumenical Food Pantry",
                description="Free groceries and a food pantry for families.",
                categories=["Food Pantry"], category_ancestors=["Food"],
                languages=["english", "spanish"], latitude=37.4700, longitude=-122.1450,
                hours_text="Saturday, 9-12", free=True),
        service("pantry-ssf", "North County Food Pantry",
                description="Food pantry: groceries every week.",
                categories=["Food Pantry"], category_ancestors=["Food"],
                languages=["english"], latitude=37.6547, longitude=-122.4077,
                hours_text="Monday-Friday, 9-5"),
        service("meals-seniors", "Senior Hot Meals",
                description="Hot meals at noon for adults 60 and over.",
                categories=["Free Meals"], category_ancestors=["Food"],
                languages=["english", "spanish"], latitude=37.4800, longitude=-122.2300,
                minimum_age=60, hours_text="Mon-Fri 11:30-1"),
        service("kids-lunch", "Summer Lunch for Kids",
                description="Free hot meals for children age 2 to 17 in summer.",
                categories=["Free Meals"], category_ancestors=["Food"],
                languages=["english", "spanish"], latitude=37.4860, longitude=-122.2360,
                minimum_age=2, maximum_age=17),
        service("bike", "Bicycle Repair Workshop",
                description="Fix your bike; pay what you can.", languages=["english"],
                latitude=37.4852, longitude=-122.2364),
        service("hotline", "Food Help Line",
                description="Call to find a food pantry or groceries near you.",
                languages=["english", "spanish", "chinese"]),
        service("coastside-pantry", "Coastside Food Pantry",
                description="Food pantry for Coastside residents.",
                categories=["Food Pantry"], languages=["english"],
                latitude=37.4636, longitude=-122.4286,
                service_area_postal_codes=["94019", "94038"]),
        service("rwc-a", "Redwood Pantry A", description="Food pantry.",
                categories=["Food Pantry"], languages=["english"],
                latitude=37.4900, longitude=-122.2400),
        service("rwc-b", "Redwood Pantry B", description="Food pantry.",
                categories=["Food Pantry"], languages=["english", "spanish"],
                latitude=37.4900, longitude=-122.2400),
        service("agency@a", "Multi-site Pantry", service_id="agency", location_id="a",
                description="Food pantry with groceries.", categories=["Food Pantry"],
                languages=["english"], latitude=37.4850, longitude=-122.2360),
        service("agency@b", "Multi-site Pantry", service_id="agency", location_id="b",
                description="Food pantry with groceries.", categories=["Food Pantry"],
                languages=["english"], latitude=37.6500, longitude=-122.4000),
    ]


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    backend = WhooshBackend(tmp_path_factory.mktemp("matching"), locate_zip=CENTRES.get)
    backend.rebuild(directory())
    return backend


@pytest.fixture(scope="module")
def matcher(backend):
    return Matcher(backend, service_reach(directory()), locate_zip=CENTRES.get)


@pytest.fixture(params=["match_services", "Matcher"])
def match(request, backend, matcher):
    """Every rule below holds for both: asking the index with each client's filters, and
    ranking from each need's evidence gathered once."""
    if request.param == "Matcher":
        return matcher.match
    return lambda need, context, **options: match_services(backend, need, context, **options)


def ids(matches):
    return [m.hit.service_id for m in matches]


def test_services_that_serve_the_need_are_found_and_others_are_not(match):
    found = ids(match(FOOD, ClientContext(zip="94063", age=35)))
    assert "bike" not in found
    assert {"pantry-epa", "pantry-ssf", "hotline", "agency"} <= set(found)


def test_services_closed_to_everyone_in_the_household_are_left_out(match):
    adult = ids(match(FOOD, ClientContext(zip="94063", age=35)))
    assert "meals-seniors" not in adult and "kids-lunch" not in adult
    senior = ids(match(FOOD, ClientContext(zip="94063", age=72)))
    assert "meals-seniors" in senior and "kids-lunch" not in senior
    family = ids(match(
        FOOD, ClientContext(zip="94063", age=35, household_ages=(6,))))
    assert "kids-lunch" in family and "meals-seniors" not in family


def test_a_declared_service_area_that_leaves_out_the_clients_zip_is_respected(match):
    assert "coastside-pantry" not in ids(match(FOOD, ClientContext(zip="94063")))


def test_nearer_services_come_first_among_equals(match):
    near_epa = ids(match(FOOD, ClientContext(zip="94303", age=35)))
    near_ssf = ids(match(FOOD, ClientContext(zip="94080", age=35)))
    assert near_epa.index("pantry-epa") < near_epa.index("pantry-ssf")
    assert near_ssf.index("pantry-ssf") < near_ssf.index("pantry-epa")


def test_services_in_the_clients_language_come_first(match):
    # Two pantries alike in all but language, in the same place.
    spanish = ids(match(FOOD, ClientContext(zip="94063", language="es")))
    english = ids(match(FOOD, ClientContext(zip="94063", language="en")))
    assert spanish.index("rwc-b") < spanish.index("rwc-a")
    assert english.index("rwc-a") < english.index("rwc-b")
    # Language weighs against distance: a Spanish-speaking pantry 25 km away does not beat
    # the one next door.
    near_ssf = ids(match(FOOD, ClientContext(zip="94080", language="es")))
    assert near_ssf.index("pantry-ssf") < near_ssf.index("pantry-epa")


def test_a_service_at_several_locations_is_listed_once_at_the_nearest(match):
    matches = match(FOOD, ClientContext(zip="94080"))
    agency = [m for m in matches if m.service_id == "agency"]
    assert len(agency) == 1 and agency[0].hit.id == "agency@b"


def test_the_explanation_reads_like_a_care_managers_note(match):
    matches = match(FOOD, ClientContext(zip="94303", language="Spanish"))
    pantry = next(m for m in matches if m.service_id == "pantry-epa")
    assert pantry.explanation == "food pantry · 0.4 km · speaks Spanish · open Saturdays · free"
    far = next(m for m in matches if m.service_id == "pantry-ssf")
    assert far.explanation == "food pantry · 31.3 km · Spanish not listed · open Mon–Fri"
    hotline = next(m for m in matches if m.service_id == "hotline")
    assert hotline.explanation == "food pantry · speaks Spanish"  # found by the phrase
    for match in matches:
        assert "score" not in match.explanation and "_" not in match.explanation


def test_limit_and_no_context(match):
    assert len(match(FOOD, ClientContext(), limit=2)) == 2
    unknown = Need("x", "Xylophones", (), ("xylophone",))
    assert match(unknown, ClientContext()) == []


@pytest.mark.parametrize(
    ("days", "text"),
    [((), ""), ((5,), "open Saturdays"), ((0, 1, 2, 3, 4), "open Mon–Fri"),
     (tuple(range(7)), "open daily"), ((1, 3), "open Tue, Thu"),
     ((0, 1, 2, 3, 4, 5), "open Mon–Sat"), ((0, 1), "open Mon, Tue")],
)
def test_open_days_in_words(days, text):
    assert describe_days(days) == text


@pytest.mark.parametrize(
    ("value", "name"),
    [("es", "spanish"), ("Spanish", "spanish"), (" spanish ", "spanish"), ("zh", "chinese"),
     ("Cantonese", "chinese"), ("en", None), ("English", None), ("", None), (None, None),
     ("Parseltongue", None)],
)
def test_a_preferred_language_is_read_as_a_name_or_a_code(value, name):
    assert language_name(value) == name


def test_the_service_is_named_by_its_most_specific_category_of_the_need(match):
    broad_first = Need("food", "Food", ("Food", "Food Pantry"), ())
    matches = match(broad_first, ClientContext(zip="94303"))
    pantry = next(m for m in matches if m.service_id == "pantry-epa")
    assert pantry.explanation.startswith("food pantry · ")


def test_the_matcher_asks_the_index_once_per_need(backend):
    class Counting:
        def __init__(self):
            self.searches = 0

        def search(self, query):
            self.searches += 1
            return backend.search(query)

    counting = Counting()
    matcher = Matcher(counting, service_reach(directory()), locate_zip=CENTRES.get)
    matcher.match(FOOD, ClientContext(zip="94063", age=35, household_ages=(6,)))
    asked = counting.searches
    matcher.match(FOOD, ClientContext(zip="94303", age=72, language="es"))
    assert asked > 0 and counting.searches == asked


def test_a_warmed_matcher_ranks_without_asking_the_index(backend):
    class Counting:
        def __init__(self):
            self.searches = 0

        def search(self, query):
            self.searches += 1
            return backend.search(query)

    counting = Counting()
    matcher = Matcher(counting, service_reach(directory()), locate_zip=CENTRES.get)
    assert matcher.warm([FOOD]) == 1
    asked = counting.searches
    assert ids(matcher.match(FOOD, ClientContext(zip="94063"))) and counting.searches == asked
    # An agency's own need with the same code but other words is gathered on its own.
    theirs = Need("food", "Groceries", (), ("groceries",))
    matcher.match(theirs, ClientContext(zip="94063"))
    assert counting.searches > asked


def test_a_radius_keeps_only_services_that_are_near_and_those_with_no_place(match):
    near = ids(match(FOOD, ClientContext(zip="94303", radius_km=5)))
    assert "pantry-epa" in near and "pantry-ssf" not in near
    assert "hotline" in near  # no address: a phone line serves everywhere
