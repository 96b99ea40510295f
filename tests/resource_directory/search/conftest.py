"""A small directory of services, written to exercise each search feature on its own."""

from __future__ import annotations

import os
import uuid

import pytest

from resource_directory.search.document import ServiceDocument, WeeklyOpening
from resource_directory.search.whoosh_backend import WhooshBackend

BACKENDS = ("whoosh", "postgres")

WEEKDAYS_9_TO_5 = [WeeklyOpening(day, "09:00", "17:00") for day in range(5)]

# ZIP centroids the data layer would supply (roughly right for San Mateo County).
ZIP_CENTROIDS = {
    "94063": (37.4852, -122.2364),  # Redwood City
    "94401": (37.5735, -122.3194),  # San Mateo
    "94080": (37.6547, -122.4077),  # South San Francisco
    "94019": (37.4636, -122.4286),  # Half Moon Bay
}


def service(id: str, name: str, **fields) -> ServiceDocument:
    fields.setdefault("organization", "Community Services Agency")
    return ServiceDocument(id=id, service_id=id, location_id=None, name=name, **fields)


def directory() -> list[ServiceDocument]:
    return [
        service(
            "utility", "Energy Bill Assistance",
            description="Pays part of PG&E gas and electricity charges for households behind "
            "on payments; helps prevent shut-off.",
            categories=["Utility Assistance"], category_ids=["oe-utilities"],
            category_ancestors=["Housing", "Emergency Payments"],
            languages=["english", "spanish"], city="Redwood City", postal_code="94063",
            latitude=37.4852, longitude=-122.2364, free=True, openings=WEEKDAYS_9_TO_5,
        ),
        service(
            "bike", "Bicycle Repair Workshop",
            description="Volunteers help you fix your bike; bring it in and pay what you can. "
            "Electric bikes welcome.",
            categories=["Recreation"], category_ancestors=["Community"],
            languages=["english"], city="San Mateo", postal_code="94401",
            latitude=37.5735, longitude=-122.3194,
        ),
        service(
            "pantry", "Second Harvest Food Pantry",
            description="Free groceries every week: fresh produce and canned goods.",
            categories=["Food Pantry"], category_ids=["oe-food-pantry"],
            category_ancestors=["Food"],
            keywords=["food", "groceries"], languages=["english", "spanish", "tagalog"],
            city="South San Francisco", postal_code="94080",
            latitude=37.6547, longitude=-122.4077, free=True,
            openings=[WeeklyOpening(5, "10:00", "14:00")],
        ),
        service(
            "meals", "Senior Lunch Program",
            description="Hot meals at noon for adults 60 and over.",
            categories=["Congregate Meals"], category_ancestors=["Food"], audiences=["Seniors"],
            languages=["english", "chinese"], city="San Mateo", postal_code="94401",
            latitude=37.5700, longitude=-122.3200, minimum_age=60, free=True,
            openings=[WeeklyOpening(day, "11:00", "13:30") for day in range(5)],
        ),
        service(
            "counseling", "Family Counseling Center",
            description="Individual and family counseling for depression, anxiety and grief. "
            "Sliding scale fees.",
            categories=["Counseling"], category_ancestors=["Mental Health"],
            languages=["english", "spanish"], city="Redwood City", postal_code="94063",
            latitude=37.4900, longitude=-122.2300, openings=WEEKDAYS_9_TO_5,
        ),
        service(
            "teen-clinic", "Teen Health Clinic",
            description="Confidential health care, birth control and STD testing for young people.",
            categories=["Family Planning"], category_ancestors=["Health Care"],
            audiences=["Teens"],
            languages=["english", "spanish"], city="Half Moon Bay", postal_code="94019",
            latitude=37.4636, longitude=-122.4286, minimum_age=12, maximum_age=24, free=True,
            service_area_postal_codes=["94019", "94038"],
            openings=[WeeklyOpening(2, "15:00", "19:00")],
        ),
        service(
            "shelter", "Night Shelter",
            description="Emergency shelter beds for adults experiencing homelessness.",
            categories=["Emergency Shelter"], category_ancestors=["Housing"],
            languages=["english"], city="Redwood City", postal_code="94063",
            latitude=37.4800, longitude=-122.2400, minimum_age=18,
            openings=[WeeklyOpening(day, "19:00", "07:00") for day in range(7)],
        ),
    ]


@pytest.fixture
def documents() -> list[ServiceDocument]:
    return directory()


@pytest.fixture
def locate_zip():
    return ZIP_CENTROIDS.get


@pytest.fixture(params=BACKENDS)
def search_backend_kind(request) -> str:
    """Every behaviour test runs against each backend (PostgreSQL in its own schema)."""
    return request.param


@pytest.fixture
def open_backend(tmp_path, search_backend_kind):
    """Open (or create) an index by name: a folder under the test's temporary directory for
    Whoosh, a schema of the test database for PostgreSQL (the same name opens it again)."""
    if search_backend_kind == "whoosh":

        def open_whoosh(name: str = "index") -> WhooshBackend:
            return WhooshBackend(tmp_path / name, locate_zip=ZIP_CENTROIDS.get)

        yield open_whoosh
        return
    base = os.environ.get("CAREBRIDGE_TEST_POSTGRES_URL")
    if not base:
        reason = "CAREBRIDGE_TEST_POSTGRES_URL is not set: no PostgreSQL to test against"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: this must run in CI)")
        pytest.skip(reason)
    import sqlalchemy as sa

    from resource_directory.search.postgres_backend import PostgresBackend

    engine = sa.create_engine(base)
    schemas: dict[str, str] = {}
    backends = []

    def open_postgres(name: str = "index") -> PostgresBackend:
        if name not in schemas:
            schemas[name] = f"s_{uuid.uuid4().hex[:12]}"
            with engine.begin() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{schemas[name]}"'))
        separator = "&" if "?" in base else "?"
        url = f"{base}{separator}options=-csearch_path%3D{schemas[name]}"
        backend = PostgresBackend(sa.create_engine(url), locate_zip=ZIP_CENTROIDS.get)
        backends.append(backend)
        return backend

    yield open_postgres
    for backend in backends:
        backend.engine.dispose()
    with engine.begin() as connection:
        for schema in schemas.values():
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def backend(open_backend, documents):
    backend = open_backend()
    backend.rebuild(documents)
    return backend


@pytest.fixture
def make_service():
    return service
