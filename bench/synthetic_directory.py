"""A large, varied directory grown from the real cip_2013 records, for load benchmarks.

Each generated service copies one real record's text and taxonomy, then gets its own site
name, city, coordinates (around San Mateo County), schedule, ages and service area. Seeded, so
every run and every engine sees the same directory.
"""

from __future__ import annotations

import random
from dataclasses import replace

from resource_directory.search.document import ServiceDocument, WeeklyOpening

# City, ZIP and an approximate centre; generated sites scatter a few km around them.
PLACES = [
    ("Redwood City", "94063", 37.4852, -122.2364),
    ("San Mateo", "94401", 37.5735, -122.3194),
    ("Daly City", "94014", 37.6879, -122.4702),
    ("South San Francisco", "94080", 37.6547, -122.4077),
    ("Half Moon Bay", "94019", 37.4636, -122.4286),
    ("East Palo Alto", "94303", 37.4688, -122.1411),
    ("Menlo Park", "94025", 37.4530, -122.1817),
    ("San Bruno", "94066", 37.6305, -122.4111),
    ("Pacifica", "94044", 37.6138, -122.4869),
    ("Burlingame", "94010", 37.5779, -122.3481),
    ("Foster City", "94404", 37.5585, -122.2711),
    ("Belmont", "94002", 37.5202, -122.2758),
    ("San Carlos", "94070", 37.5072, -122.2605),
    ("Millbrae", "94030", 37.5985, -122.3872),
]
ZIP_CENTROIDS = {zip_code: (lat, lon) for _, zip_code, lat, lon in PLACES}
SITE_NAMES = [
    "Main Office", "North Site", "South Site", "Community Center", "Outreach Desk",
    "Family Resource Center", "Satellite Clinic", "Drop-in Center", "Annex", "Mobile Unit",
]
LANGUAGES = ["spanish", "chinese", "tagalog", "vietnamese", "russian", "arabic", "hindi"]


def schedule(rng: random.Random) -> list[WeeklyOpening]:
    kind = rng.random()
    if kind < 0.55:  # office hours on weekdays
        opens, closes = rng.choice([("08:00", "17:00"), ("09:00", "17:00"), ("08:30", "16:30")])
        return [WeeklyOpening(day, opens, closes) for day in range(5)]
    if kind < 0.75:  # a few afternoons a week
        days = sorted(rng.sample(range(7), rng.randint(1, 3)))
        return [WeeklyOpening(day, "13:00", "19:00") for day in days]
    if kind < 0.85:  # overnight
        return [WeeklyOpening(day, "19:00", "07:00") for day in range(7)]
    return []  # by appointment: no fixed hours


def synthetic_documents(base: list[ServiceDocument], size: int, seed: int = 2013):
    """Yield ``size`` documents cycling over ``base`` with varied place, name and schedule."""
    rng = random.Random(seed)
    for number in range(size):
        original = base[number % len(base)]
        city, zip_code, lat, lon = rng.choice(PLACES)
        site = rng.choice(SITE_NAMES)
        minimum_age = rng.choice([None, None, None, 18, 60, 0, 12])
        extra_languages = rng.sample(LANGUAGES, rng.randint(0, 2))
        languages = sorted({*original.languages, "english", *extra_languages})
        yield replace(
            original,
            id=f"s{number}",
            service_id=f"s{number}",
            name=f"{original.name} — {site}",
            city=city,
            postal_code=zip_code,
            latitude=lat + rng.uniform(-0.04, 0.04),
            longitude=lon + rng.uniform(-0.04, 0.04),
            languages=languages,
            minimum_age=minimum_age,
            maximum_age=24 if minimum_age == 12 else None,
            openings=schedule(rng),
            service_area_postal_codes=[] if rng.random() < 0.7 else [zip_code],
        )
