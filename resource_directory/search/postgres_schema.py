"""How a ServiceDocument is laid out in PostgreSQL: tables, weighted tsvectors, rows.

The index lives in the application's own database (so every app server shares it) in six
tables: one row per document with a weighted ``tsvector``, the filter columns and its facet
values as integer codes, the facet values behind those codes, how many documents hold each
lexeme of the tsvectors (kept exact by every write: a search's concept weights read it instead
of counting matches), the directory's words with how many services use each (trigram-indexed,
for spelling), small facts about the index (the category hints learnt at the last rebuild, a
version counter), and the category names upserts brought since.
Only contrib extensions PostgreSQL trusts are used: ``pg_trgm`` and ``cube``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache

from resource_directory.geography import city_key
from resource_directory.languages import language_keys, search_language
from resource_directory.search.document import ServiceDocument
from resource_directory.search.opening_hours import week_minutes
from resource_directory.search.query_analysis import words_of
from resource_directory.search.whoosh_schema import (
    CARD_FIELDS,
    NO_SERVICE_AREA,
    UNKNOWN_MAX_AGE,
    age_months,
    hours_text,
    open_days,
)

EARTH_RADIUS_KM = 6371.0088
# Raised whenever the tables change shape: an index of another version is dropped and rebuilt
# (it is derived data).
SCHEMA_VERSION = 7
TABLES = ("search_document", "search_word", "search_meta", "search_category",
          "search_facet", "search_lexeme")
TEXT_CONFIG = "english"
IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

# Which weight class each searched field gets (A counts most); ts_rank's default weights are
# {D: 0.1, C: 0.2, B: 0.4, A: 1.0}.
FIELD_WEIGHTS = {
    "name": "A", "categories": "A", "keywords": "B", "category_ancestors": "C",
    "audiences": "C", "description": "C", "organization": "C", "eligibility": "D",
    "hours": "D", "spoken": "D",
}
IN_ROW = ("document", "category_tsv", "category_filter", "languages", "service_area",
          "open_week", "open_days", "facet_codes")


def document_table(table: str, ext: str) -> list[str]:
    """The statements that create a document table (``search_document``, or the table a
    rebuild loads before its indexes exist); ``ext`` is the schema the extensions live in."""
    assert IDENTIFIER.match(table) and IDENTIFIER.match(ext), (table, ext)
    return [
        f"""CREATE TABLE IF NOT EXISTS {table} (
            id text NOT NULL,
            service_id text NOT NULL,
            document tsvector NOT NULL,
            category_tsv tsvector NOT NULL,
            category_filter text[] NOT NULL,
            languages text[] NOT NULL,
            city text NOT NULL,
            service_area text[] NOT NULL,
            minimum_age integer NOT NULL,
            maximum_age integer NOT NULL,
            free boolean NOT NULL,
            latitude double precision,
            longitude double precision,
            earth {ext}.cube,
            open_week int4multirange NOT NULL,
            open_days integer[] NOT NULL,
            facet_codes integer[] NOT NULL,
            fields jsonb NOT NULL,
            card jsonb NOT NULL
        )""",
        # A search reads every candidate's tsvectors, filter columns and facet codes but only a
        # page's display columns: keep the former in the row (compressed, no TOAST lookup per
        # row) and push the large JSON columns out of it, so the rest fits.
        f"ALTER TABLE {table} "
        + ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in IN_ROW)
        + ", ALTER COLUMN fields SET STORAGE EXTERNAL, ALTER COLUMN card SET STORAGE EXTERNAL",
    ]


# Index names without their table's prefix (``search_document_text``…): a rebuild creates them
# on its freshly loaded table under a temporary prefix and renames them when it swaps the table.
DOCUMENT_INDEXES = {
    "pkey": "PRIMARY KEY (id)",
    "text": "gin (document)",
    "category": "gin (category_tsv)",
    "category_filter": "gin (category_filter)",
    "languages": "gin (languages)",
    "city": "btree (city)",
    "earth": "gist (earth)",
    "place": "btree (latitude, longitude)",
}


def document_indexes(table: str) -> list[str]:
    """The statements that index a document table (idempotent); built after a bulk load, one
    sorted pass each instead of an index update per row."""
    assert IDENTIFIER.match(table), table
    statements = []
    for suffix, definition in DOCUMENT_INDEXES.items():
        name = f"{table}_{suffix}"
        if suffix == "pkey":
            statements.append(
                f"DO $$ BEGIN IF to_regclass('{name}') IS NULL THEN "
                f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}; END IF; END $$"
            )
        else:
            method, columns = definition.split(" ", 1)
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING {method} {columns}"
            )
    return statements


def ddl(ext: str) -> list[str]:
    """The statements that create the index's tables (idempotent). ``ext`` is the schema the
    extensions live in."""
    assert IDENTIFIER.match(ext), ext
    return [
        *document_table("search_document", ext),
        *document_indexes("search_document"),
        """CREATE TABLE IF NOT EXISTS search_word (
            word text PRIMARY KEY,
            frequency integer NOT NULL
        )""",
        f"CREATE INDEX IF NOT EXISTS search_word_trigram ON search_word "
        f"USING gin (word {ext}.gin_trgm_ops)",
        """CREATE TABLE IF NOT EXISTS search_meta (
            key text PRIMARY KEY,
            value jsonb NOT NULL
        )""",
        # Category names upserts brought since the last rebuild (which learns them into the
        # hints in search_meta).
        "CREATE TABLE IF NOT EXISTS search_category (name text PRIMARY KEY)",
        # Every facet value a document holds, kind-tagged ("c:Food Pantry"), behind a small
        # integer: documents carry the codes, a short array kept in the row (as text the array
        # was moved out of the row, and counting a search's facets read it back row by row).
        """CREATE TABLE IF NOT EXISTS search_facet (
            code integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            tagged text NOT NULL UNIQUE
        )""",
        # How many documents hold each lexeme of their tsvector (any weight).
        """CREATE TABLE IF NOT EXISTS search_lexeme (
            lexeme text PRIMARY KEY,
            documents integer NOT NULL
        )""",
    ]


# Document rows are inserted with their text columns, their tsvectors computed in SQL; an
# upsert replaces a row with the same id, a rebuild's load (into a table without indexes yet)
# only appends.
INSERT_COLUMNS = """
    id, service_id, document, category_tsv, category_filter, languages, city, service_area,
    minimum_age, maximum_age, free, latitude, longitude, earth, open_week, open_days,
    facet_codes, fields, card"""
SELECT_ROWS = f"""
SELECT d.id, d.service_id,
    setweight(to_tsvector('{TEXT_CONFIG}', d.text_a), 'A')
    || setweight(to_tsvector('{TEXT_CONFIG}', d.text_b), 'B')
    || setweight(to_tsvector('{TEXT_CONFIG}', d.text_c), 'C')
    || setweight(to_tsvector('{TEXT_CONFIG}', d.text_d), 'D'),
    setweight(to_tsvector('{TEXT_CONFIG}', d.category_text), 'A')
    || setweight(to_tsvector('{TEXT_CONFIG}', d.audience_text), 'B'),
    d.category_filter, d.languages, d.city, d.service_area, d.minimum_age, d.maximum_age,
    d.free, d.latitude, d.longitude,
    CASE WHEN d.x IS NULL THEN NULL ELSE {{ext}}.cube(ARRAY[d.x, d.y, d.z]) END,
    CAST(d.open_week AS int4multirange), d.open_days,
    coalesce(d.facet_codes,
             ARRAY(SELECT f.code FROM search_facet f WHERE f.tagged = ANY(d.facet_values))),
    d.fields, d.card
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS d(
    id text, service_id text, text_a text, text_b text, text_c text, text_d text,
    category_text text, audience_text text, category_filter text[], languages text[],
    city text, service_area text[], minimum_age integer, maximum_age integer, free boolean,
    latitude double precision, longitude double precision, x double precision,
    y double precision, z double precision, open_week text, open_days integer[],
    facet_values text[], facet_codes integer[], fields jsonb,
    card jsonb)"""
REPLACE_ROW = """
ON CONFLICT (id) DO UPDATE SET
    service_id = EXCLUDED.service_id, document = EXCLUDED.document,
    category_tsv = EXCLUDED.category_tsv, category_filter = EXCLUDED.category_filter,
    languages = EXCLUDED.languages, city = EXCLUDED.city,
    service_area = EXCLUDED.service_area, minimum_age = EXCLUDED.minimum_age,
    maximum_age = EXCLUDED.maximum_age, free = EXCLUDED.free,
    latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, earth = EXCLUDED.earth,
    open_week = EXCLUDED.open_week, open_days = EXCLUDED.open_days,
    facet_codes = EXCLUDED.facet_codes,
    fields = EXCLUDED.fields, card = EXCLUDED.card"""


def insert_documents(table: str, ext: str, *, replace: bool) -> str:
    """The statement that writes a batch of ``document_row`` rows (bound as ``:rows``, JSON)."""
    assert IDENTIFIER.match(table) and IDENTIFIER.match(ext), (table, ext)
    return (f"INSERT INTO {table} ({INSERT_COLUMNS}) {SELECT_ROWS.replace('{ext}', ext)}"
            + (REPLACE_ROW if replace else ""))


# Rows come with their facet values, coded by SQL (an upsert: values with no code yet get one
# first), or with their codes (a rebuild numbers the values itself, then stores the numbering
# and moves the numbering of later values past it).
NEW_FACETS = """
INSERT INTO search_facet (tagged) SELECT unnest(CAST(:tagged AS text[]))
ON CONFLICT (tagged) DO NOTHING"""
FACET_CODES = """
WITH stored AS (
    INSERT INTO search_facet (code, tagged)
    SELECT * FROM unnest(CAST(:codes AS integer[]), CAST(:tagged AS text[]))
    RETURNING code
)
SELECT setval(pg_get_serial_sequence('search_facet', 'code'),
              greatest((SELECT max(code) FROM stored), 1))"""
# The lexemes of the documents with the given ids (bound as ``:ids``), each with how many of
# those documents hold it: subtracted from ``search_lexeme`` before the documents are replaced
# or deleted, added after they are written.
LEXEMES_OF = """
SELECT lexeme, count(*) AS documents FROM search_document,
    unnest(tsvector_to_array(document)) AS lexeme
WHERE id = ANY(CAST(:ids AS text[])) GROUP BY lexeme"""
FORGET_LEXEMES = f"""
UPDATE search_lexeme l SET documents = l.documents - o.documents FROM ({LEXEMES_OF}) AS o
WHERE l.lexeme = o.lexeme"""
COUNT_LEXEMES = f"""
INSERT INTO search_lexeme (lexeme, documents) {LEXEMES_OF}
ON CONFLICT (lexeme) DO UPDATE SET documents = search_lexeme.documents + EXCLUDED.documents"""
# A rebuild counts every lexeme in one pass over the loaded table.
ALL_LEXEMES = """
INSERT INTO search_lexeme (lexeme, documents)
SELECT word, ndoc FROM ts_stat('SELECT document FROM {table}')"""


def week_multirange(openings) -> str:
    """The minutes of the week a schedule is open, as an ``int4multirange`` literal: an
    open-now filter is then one containment test in SQL (see ``opening_hours.week_minutes``)."""
    return "{" + ",".join(f"[{start},{end})" for start, end in week_minutes(openings)) + "}"


def earth_point(lat: float, lon: float) -> tuple[float, float, float]:
    """A point on the sphere in kilometres (what ``cube`` indexes); a chord of length r
    bounds every point within r km along the surface."""
    phi, lam = math.radians(lat), math.radians(lon)
    return (
        EARTH_RADIUS_KM * math.cos(phi) * math.cos(lam),
        EARTH_RADIUS_KM * math.cos(phi) * math.sin(lam),
        EARTH_RADIUS_KM * math.sin(phi),
    )


def searched_fields(document: ServiceDocument) -> dict[str, str]:
    """The text of every searched field, as the Whoosh index has them too."""
    return {
        "name": document.name,
        "categories": " ; ".join(document.categories),
        "keywords": " ; ".join(document.keywords),
        "category_ancestors": " ; ".join(document.category_ancestors),
        "audiences": " ; ".join(document.audiences),
        "description": document.description,
        "organization": document.organization,
        "eligibility": document.eligibility,
        "hours": hours_text(document),
        "spoken": " ".join(document.languages),
    }


# A directory names a few dozen languages in all: each is resolved once per process, not once
# per document (the lookups go through CLDR names).
@lru_cache(maxsize=1024)
def keys_of(language: str) -> tuple[str, ...]:
    return tuple(language_keys(language))


@lru_cache(maxsize=1024)
def facet_language(language: str) -> str:
    return search_language(language) or ""


def document_row(document: ServiceDocument) -> dict:
    fields = searched_fields(document)
    by_class: dict[str, list[str]] = {"A": [], "B": [], "C": [], "D": []}
    for name, text in fields.items():
        by_class[FIELD_WEIGHTS[name]].append(text)
    has_place = document.latitude is not None and document.longitude is not None
    x, y, z = earth_point(document.latitude, document.longitude) if has_place else (None,) * 3
    return {
        "id": document.id,
        "service_id": document.service_id,
        **{f"text_{c.lower()}": " ; ".join(t for t in texts if t) for c, texts in by_class.items()},
        "category_text": " ; ".join(document.categories),
        "audience_text": " ; ".join(document.audiences),
        "category_filter": sorted({
            value.strip().lower()
            for value in document.categories + document.category_ancestors
            + document.category_ids + document.audiences
            if value.strip()
        }),
        "languages": sorted({key for lang in document.languages for key in keys_of(lang)}),
        "city": city_key(document.city),
        "service_area": sorted(set(document.service_area_postal_codes)) or [NO_SERVICE_AREA],
        "minimum_age": age_months(document.minimum_age or 0.0),
        "maximum_age": age_months(
            UNKNOWN_MAX_AGE if document.maximum_age is None else document.maximum_age
        ),
        "free": document.free,
        "latitude": document.latitude,
        "longitude": document.longitude,
        "x": x, "y": y, "z": z,
        "open_week": week_multirange(document.openings),
        "open_days": open_days(document),
        # Every facet value in one array, each behind its kind ("c:Food Pantry", "l:spanish",
        # "a:Seniors"): a search counts them with one unnest over its matches, not three.
        "facet_values": [f"c:{c}" for c in dict.fromkeys(document.categories)]
        + [f"l:{lang}" for lang in dict.fromkeys(facet_language(x) for x in document.languages)]
        + [f"a:{a}" for a in dict.fromkeys(document.audiences)],
        # Each searched field's text: the page's explanations analyze it (a page's worth of
        # documents per search, rather than every document at every build).
        "fields": {name: value for name, value in fields.items() if value},
        "card": {key: getattr(document, key) for key in CARD_FIELDS},
    }


def document_words(document: ServiceDocument) -> set[str]:
    """The words spelling suggestions are drawn from (as the Whoosh ``vocabulary`` field)."""
    text = " ".join(
        [document.name, document.organization, document.description, document.eligibility]
        + document.keywords + document.categories
    )
    return set(words_of(text))


def rows_json(rows: list[dict]) -> str:
    return json.dumps(rows, separators=(",", ":"))


def count_words(documents_words: list[set[str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for words in documents_words:
        counts.update(words)
    return counts
