"""How a ServiceDocument is laid out in Whoosh: analyzers, fields, boosts and columns."""

from __future__ import annotations

import json

from whoosh import columns, fields
from whoosh.analysis import RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.filters import LowercaseFilter

from resource_directory.geography import city_key
from resource_directory.languages import language_keys, search_language
from resource_directory.search.document import ServiceDocument, WeeklyOpening
from resource_directory.search.geo import point_cells
from resource_directory.search.whoosh_indexing import StemmedText, WordCounts

# Porter stemming with the usual English stop words: "clothes"/"clothing" meet at "cloth".
TEXT_ANALYZER = StemmingAnalyzer(minsize=2)
# The words as written, unstemmed: the vocabulary spelling suggestions are drawn from.
WORDS_ANALYZER = RegexTokenizer() | LowercaseFilter()

# Query-time weight of a match in each searched field (BM25F sums them per document).
FIELD_BOOSTS = {
    "name": 3.0,
    "categories": 2.5,
    "keywords": 2.0,
    "category_ancestors": 1.0,
    "audiences": 0.8,
    "description": 1.0,
    "organization": 1.0,
    "eligibility": 0.6,
    "hours": 0.6,
    "spoken": 1.0,
}
# Short fields (names, category labels) should not be rewarded just for being short.
FIELD_LENGTH_B = {
    "name_B": 0.5,
    "categories_B": 0.3,
    "keywords_B": 0.3,
    "category_ancestors_B": 0.3,
    "audiences_B": 0.3,
}
# Where a taxonomy category matches (a concept's "category" alternative), with its weight.
CATEGORY_BOOSTS = {"categories": 2.0, "audiences": 1.0}

NO_SERVICE_AREA = "*"  # a service that declares no area serves everyone
UNKNOWN_MAX_AGE = 999.0
SEPARATOR = "\x1f"


def text_field() -> fields.TEXT:
    return StemmedText(analyzer=TEXT_ANALYZER)


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(unique=True, stored=True, sortable=True),
        name=text_field(),
        organization=text_field(),
        description=text_field(),
        keywords=text_field(),
        categories=text_field(),
        category_ancestors=text_field(),
        audiences=text_field(),
        eligibility=text_field(),
        # Opening days in words ("saturday") from the weekly schedule, and the hours as written.
        hours=text_field(),
        # The languages spoken, as words: "counseling in spanish" means them, not only a mention.
        spoken=text_field(),
        vocabulary=WordCounts(analyzer=WORDS_ANALYZER, phrase=False),
        # Filters: exact, lower-cased values.
        category_filter=fields.KEYWORD(commas=True, lowercase=True),
        languages=fields.KEYWORD(commas=True, lowercase=True),
        city=fields.ID(),
        service_area=fields.KEYWORD(commas=True),
        # Grid cells around the service's place (see geo.point_cells), for radius prefilters.
        geo_cells=fields.KEYWORD(),
        # Ages in whole months; 32-bit terms in steps of 8 bits keep each value to 4 postings.
        minimum_age=fields.NUMERIC(numtype=int, bits=32, shift_step=8),
        maximum_age=fields.NUMERIC(numtype=int, bits=32, shift_step=8),
        free=fields.BOOLEAN(),
        # Per-document columns read after the index has narrowed the matches.
        facets=fields.COLUMN(columns.VarBytesColumn()),
        place=fields.COLUMN(columns.VarBytesColumn()),
        card=fields.STORED(),
    )


def joined(values) -> str:
    # KEYWORD(commas=True) splits on commas, so a comma inside a value must not survive.
    return ",".join(value.replace(",", " ").strip().lower() for value in values if value.strip())


def whoosh_fields(document: ServiceDocument) -> dict:
    """The field values Whoosh indexes for one document."""
    has_place = document.latitude is not None and document.longitude is not None
    values = {
        "id": document.id,
        "name": document.name,
        "organization": document.organization,
        "description": document.description,
        "keywords": " ; ".join(document.keywords),
        "categories": " ; ".join(document.categories),
        "category_ancestors": " ; ".join(document.category_ancestors),
        "audiences": " ; ".join(document.audiences),
        "eligibility": document.eligibility,
        "hours": hours_text(document),
        "spoken": " ".join(document.languages),
        "vocabulary": " ".join(
            [document.name, document.organization, document.description, document.eligibility]
            + document.keywords
            + document.categories
        ),
        "category_filter": joined(
            document.categories + document.category_ancestors + document.category_ids
            + document.audiences
        ),
        "languages": joined(key for language in document.languages
                            for key in language_keys(language)),
        "city": city_key(document.city),
        "service_area": joined(document.service_area_postal_codes) or NO_SERVICE_AREA,
        "minimum_age": age_months(document.minimum_age or 0.0),
        "maximum_age": age_months(
            UNKNOWN_MAX_AGE if document.maximum_age is None else document.maximum_age
        ),
        "free": document.free,
        "facets": facet_column(document),
        "place": place_column(document),
        "card": card(document),
    }
    if has_place:
        values["geo_cells"] = " ".join(point_cells(document.latitude, document.longitude))
    return values


DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def hours_text(document: ServiceDocument) -> str:
    """What a search for a day ("open saturday") should find: the days the schedule opens,
    then the hours text as the provider wrote it."""
    days = open_days(document)
    return " ; ".join(filter(None, [" ".join(DAY_NAMES[day] for day in days), document.hours_text]))


def age_months(years: float) -> int:
    return round(float(years) * 12)


def facet_column(document: ServiceDocument) -> bytes:
    categories = SEPARATOR.join(document.categories)
    languages = SEPARATOR.join(
        dict.fromkeys(search_language(language) or "" for language in document.languages)
    )
    audiences = SEPARATOR.join(document.audiences)
    return f"{categories}\x1e{languages}\x1e{audiences}".encode()


def read_facets(value: bytes) -> tuple[list[str], list[str], list[str]]:
    """Categories, languages and audiences of a document's facet column."""
    parts = (value.decode().split("\x1e") + ["", ""])[:3]
    return tuple(part.split(SEPARATOR) if part else [] for part in parts)


def open_days(document: ServiceDocument) -> list[int]:
    return sorted({*document.open_weekdays, *(o.weekday for o in document.openings)})


def place_column(document: ServiceDocument) -> bytes:
    place = {
        "lat": document.latitude,
        "lon": document.longitude,
        "open": [[o.weekday, o.opens, o.closes] for o in document.openings],
        "days": open_days(document),
    }
    return json.dumps(place, separators=(",", ":")).encode()


def read_place(
    value: bytes,
) -> tuple[float | None, float | None, list[WeeklyOpening], frozenset[int]]:
    place = json.loads(value or b'{"lat":null,"lon":null,"open":[]}')
    openings = [WeeklyOpening(*row) for row in place["open"]]
    days = frozenset(place.get("days", [o.weekday for o in openings]))
    return place["lat"], place["lon"], openings, days


CARD_FIELDS = (
    "service_id",
    "name",
    "organization",
    "description",
    "categories",
    "languages",
    "address",
    "city",
    "postal_code",
    "phones",
    "hours_text",
    "fees_text",
    "url",
    "free",
    "last_verified",
)


def card(document: ServiceDocument) -> str:
    # Not ``asdict``: it deep-copies every field of the document (7% of a build's profile).
    data = {key: getattr(document, key) for key in CARD_FIELDS}
    return json.dumps(data, separators=(",", ":"))
