"""The PostgreSQL search backend: the index in the application's database, shared by every app
server, ranked by the same query understanding and coordination as the Whoosh backend.

Each concept of the query becomes up to three ``tsquery`` values (the words as typed or
corrected, the synonyms and lexicon phrases, the taxonomy categories); one statement ranks
every matching service that passes the filters by coordination, as ``ranking.rank`` does, and
returns only the page, the total and the facets (see ``postgres_ranking``). Spelling draws on a
trigram index of the directory's words. Distances use ``cube`` (a box around the centre in
3-D, GiST-indexed), then haversine.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter, deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from resource_directory.geography import city_key, closest_city, edit_distance
from resource_directory.languages import filter_keys, language_label
from resource_directory.search.backend import (
    Explanation,
    SearchHit,
    SearchQuery,
    SearchResults,
    TermMatch,
    UnknownLocation,
)
from resource_directory.search.document import ServiceDocument
from resource_directory.search.geo import EARTH_RADIUS_KM, LocateZip
from resource_directory.search.opening_hours import DEFAULT_TIME_ZONE, minute_of_week
from resource_directory.search.postgres_ranking import (
    RankedPage,
    either,
    ranking_statement,
    read_ranked,
    tsq,
)
from resource_directory.search.postgres_schema import (
    ALL_LEXEMES,
    COUNT_LEXEMES,
    DOCUMENT_INDEXES,
    FACET_CODES,
    FORGET_LEXEMES,
    NEW_FACETS,
    SCHEMA_VERSION,
    TABLES,
    TEXT_CONFIG,
    ddl,
    document_indexes,
    document_row,
    document_table,
    document_words,
    earth_point,
    insert_documents,
    rows_json,
)
from resource_directory.search.query_analysis import Concept, SynonymMap
from resource_directory.search.understanding import (
    CategoryHints,
    HintLearner,
    concept_weight,
    understand,
)
from resource_directory.search.whoosh_backend import (
    analyze_terms,
)
from resource_directory.search.whoosh_indexing import stems
from resource_directory.search.whoosh_schema import DAY_NAMES, NO_SERVICE_AREA, age_months
from resource_directory.search.written_filters import with_written_filters

BATCH = 1000
SIZE = ("(SELECT greatest(reltuples::bigint, 1) FROM pg_class WHERE relname = 'search_document' "
        "AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))")
# For the rest of the search's transaction (SET LOCAL, without a statement of its own): the
# planner prices matching a tsquery like any operator and scans the whole table once a few
# percent of services match, where the GIN index still reads five times fewer rows (EXPLAIN
# ANALYZE at 20,000 services: 185 ms against 37 ms); the ranked services stay in memory.
PLANNER = ("set_config('enable_seqscan', 'off', true), "
           "set_config('work_mem', '64MB', true)")
# The table a rebuild loads, and the advisory lock that orders every write: a rebuild's swap
# against upserts and deletes (which would otherwise write into the table being replaced), and
# upserts and deletes one after another (each reads the lexemes of the rows it replaces to keep
# ``search_lexeme`` exact, which a concurrent write of the same id would make wrong).
LOADING = "search_document_loading"
WRITE_LOCK = 0x5EA2C4  # any constant the application uses for nothing else
TRIGRAM_THRESHOLD = 0.3


# The frequencies of the words bound as ``:words`` (a JSON object; absent words are in no
# service).
WORDS = ("(SELECT coalesce(jsonb_object_agg(word, frequency), '{}') FROM search_word "
         "WHERE word = ANY(CAST(:words AS text[])))")


class PostgresVocabulary:
    """The directory's words from ``search_word``, fetched for a whole query at once."""

    def __init__(self, connection, ext: str) -> None:
        self.connection = connection
        self.ext = ext
        self.known: dict[str, int] = {}

    def prefetch(self, words: Iterable[str]) -> None:
        wanted = sorted({w for w in words if w not in self.known})
        if not wanted:
            return
        rows = self.connection.execute(text(f"SELECT {WORDS}"), {"words": wanted})
        self.learn(wanted, rows.scalar())

    def learn(self, wanted: list[str], found: dict[str, int]) -> None:
        """What ``WORDS`` found for ``wanted``: the others are in no service."""
        self.known.update({word: found.get(word, 0) for word in wanted})

    def frequency(self, word: str) -> int:
        if word not in self.known:
            self.prefetch([word])
        return self.known[word]

    def near(self, word: str, maxdist: int) -> list[str]:
        rows = self.connection.execute(
            text(
                f"SELECT word FROM search_word WHERE word OPERATOR({self.ext}.%) :word "
                f"ORDER BY {self.ext}.similarity(word, :word) DESC, frequency DESC LIMIT 20"
            ),
            {"word": word},
        ).scalars()
        return [w for w in rows if edit_distance(w, word) <= maxdist]


class PostgresBackend:
    """Search over tables in a PostgreSQL database; see ``SearchBackend``."""

    def __init__(
        self,
        database: str | Engine,
        *,
        synonyms: SynonymMap | None = None,
        locate_zip: LocateZip | None = None,
        time_zone: str = DEFAULT_TIME_ZONE,
        extension_schema: str = "public",
    ) -> None:
        self.engine = create_engine(database) if isinstance(database, str) else database
        self.synonyms = synonyms if synonyms is not None else SynonymMap.load()
        self.locate_zip = locate_zip
        self.time_zone = time_zone
        self.ext = extension_schema
        self._lock = threading.Lock()
        self._cached_version: int | None = None
        self._hints: CategoryHints | None = None
        self._cities: list[str] = []
        self._create()

    def _create(self) -> None:
        with self.engine.begin() as connection:
            for extension in ("pg_trgm", "cube"):
                found = connection.execute(
                    text("SELECT extnamespace::regnamespace::text FROM pg_extension "
                         "WHERE extname = :name"), {"name": extension},
                ).scalar()
                if found is None:
                    connection.execute(text(
                        f"CREATE EXTENSION IF NOT EXISTS {extension} WITH SCHEMA {self.ext}"
                    ))
                elif found != self.ext:
                    self.ext = found  # use the extensions where the database has them
            if connection.execute(text("SELECT to_regclass('search_meta')")).scalar():
                stored = connection.execute(
                    text("SELECT value FROM search_meta WHERE key = 'schema'")
                ).scalar()
                if stored != SCHEMA_VERSION:
                    for table in TABLES:
                        connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
            for statement in ddl(self.ext):
                connection.execute(text(statement))
            connection.execute(text(
                "INSERT INTO search_meta (key, value) VALUES ('version', '0') "
                "ON CONFLICT (key) DO NOTHING"
            ))
            self._set_meta(connection, "schema", SCHEMA_VERSION)

    # Writing ---------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[ServiceDocument]) -> int:
        """Replace the whole index in one transaction: the documents are loaded into a fresh
        table without indexes, indexed in one pass each, then swapped in for the old table.
        Readers see the old index until the swap (they wait only for its last statements)."""
        learner = HintLearner()
        words: Counter[str] = Counter()
        latest: dict[str, ServiceDocument] = {}
        for document in documents:
            latest[document.id] = document  # the last version of an id wins, as with upsert
        with self.engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
            connection.execute(text(f"DROP TABLE IF EXISTS {LOADING}"))
            for statement in document_table(LOADING, self.ext):
                connection.execute(text(statement))
            connection.execute(text("DELETE FROM search_facet"))  # the new rows' codes only

            codes: dict[str, int] = {}  # facet value → code, numbered by this rebuild

            def prepared(batch: list[ServiceDocument]) -> str:
                rows = []
                for document in batch:
                    learner.add(document)
                    words.update(document_words(document))
                    row = document_row(document)
                    row["facet_codes"] = [codes.setdefault(value, len(codes) + 1)
                                          for value in row.pop("facet_values")]
                    rows.append(row)
                return rows_json(rows)

            # One thread prepares the next batch's rows while the server turns the last one
            # into tsvectors (at most one batch ahead).
            ordered = list(latest.values())
            with ThreadPoolExecutor(max_workers=1) as preparing:
                pending: deque = deque()
                for start in range(0, len(ordered), BATCH):
                    pending.append(preparing.submit(prepared, ordered[start : start + BATCH]))
                    if len(pending) > 1:
                        self._insert(connection, pending.popleft().result(), LOADING)
                while pending:
                    self._insert(connection, pending.popleft().result(), LOADING)
            connection.execute(text(FACET_CODES), {"tagged": list(codes),
                                                   "codes": list(codes.values())})
            for statement in document_indexes(LOADING):
                connection.execute(text(statement))
            connection.execute(text("DELETE FROM search_lexeme"))
            connection.execute(text(ALL_LEXEMES.format(table=LOADING)))
            connection.execute(text("DROP TABLE search_document"))
            connection.execute(text(f"ALTER TABLE {LOADING} RENAME TO search_document"))
            for suffix in DOCUMENT_INDEXES:
                connection.execute(text(
                    f"ALTER INDEX {LOADING}_{suffix} RENAME TO search_document_{suffix}"
                ))
            connection.execute(text("DELETE FROM search_word"))
            connection.execute(text("DELETE FROM search_category"))  # now in the hints
            self._write_words(connection, words)
            self._set_meta(connection, "hints", learner.hints().to_json())
            self._bump(connection)
            connection.execute(text("ANALYZE search_document"))
            connection.execute(text("ANALYZE search_word"))
        return len(latest)

    def upsert(self, documents: Iterable[ServiceDocument]) -> int:
        documents = list(documents)
        with self.engine.begin() as connection:
            # Waits for a rebuild in progress, so the row lands in the table it swaps in, and for
            # another upsert or delete.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            ids = sorted({d.id for d in documents})
            connection.execute(text(FORGET_LEXEMES), {"ids": ids})
            self._write(connection, documents)
            connection.execute(text(COUNT_LEXEMES), {"ids": ids})
            words: Counter[str] = Counter()
            for document in documents:
                words.update(document_words(document))
            # Category names become known at once (the hints learnt at the last rebuild stay in
            # search_meta, read by searches, never by an upsert: its work does not grow with them).
            connection.execute(
                text("INSERT INTO search_category (name) SELECT DISTINCT n "
                     "FROM unnest(CAST(:names AS text[])) AS n ON CONFLICT (name) DO NOTHING"),
                {"names": sorted({c for d in documents for c in d.categories})},
            )
            # New words become known at once; counts are exact again at the next rebuild.
            connection.execute(
                text("INSERT INTO search_word (word, frequency) SELECT w, 1 "
                     "FROM unnest(CAST(:words AS text[])) AS w ON CONFLICT (word) DO NOTHING"),
                {"words": sorted(words)},
            )
            self._bump(connection)
        return len(documents)

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        with self.engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            connection.execute(text(FORGET_LEXEMES), {"ids": ids})
            connection.execute(text("DELETE FROM search_document WHERE id = ANY(:ids)"),
                               {"ids": ids})
            self._bump(connection)
        return len(ids)

    def optimize(self) -> None:
        """Nothing to merge: PostgreSQL ranks each document on its own (kept for parity)."""

    def __len__(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM search_document")).scalar_one()

    def _write(self, connection, documents: list[ServiceDocument]) -> None:
        if documents:
            rows = [document_row(d) for d in documents]
            # Facet values new to the index get their codes first; the rows are coded by SQL.
            connection.execute(text(NEW_FACETS), {"tagged": sorted(
                {value for row in rows for value in row["facet_values"]})})
            self._insert(connection, rows_json(rows), "search_document")

    def _insert(self, connection, rows: str, table: str) -> None:
        """Write ``document_row`` rows (as JSON): replacing rows with the same id in the index,
        appending to a rebuild's table."""
        connection.execute(
            text(insert_documents(table, self.ext, replace=table == "search_document")),
            {"rows": rows},
        )

    @staticmethod
    def _write_words(connection, words: Counter[str]) -> None:
        items = sorted(words.items())
        for start in range(0, len(items), 5000):
            chunk = items[start : start + 5000]
            connection.execute(
                text("INSERT INTO search_word (word, frequency) SELECT * FROM "
                     "unnest(CAST(:words AS text[]), CAST(:counts AS integer[]))"),
                {"words": [w for w, _ in chunk], "counts": [c for _, c in chunk]},
            )

    @staticmethod
    def _set_meta(connection, key: str, value) -> None:
        connection.execute(
            text("INSERT INTO search_meta (key, value) VALUES (:key, CAST(:value AS jsonb)) "
                 "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"),
            {"key": key, "value": json.dumps(value)},
        )

    @staticmethod
    def _bump(connection) -> None:
        connection.execute(text(
            "UPDATE search_meta SET value = to_jsonb(value::text::bigint + 1) WHERE key = 'version'"
        ))

    def _refresh(self, connection, version: int) -> None:
        """Re-read what belongs to an index version (hints, cities) when it changed."""
        with self._lock:
            if version == self._cached_version:
                return
        hints = connection.execute(
            text("SELECT value FROM search_meta WHERE key = 'hints'")
        ).scalar()
        names = connection.execute(text("SELECT name FROM search_category")).scalars().all()
        cities = connection.execute(
            text("SELECT DISTINCT city FROM search_document WHERE city <> ''")
        ).scalars().all()
        known = CategoryHints.from_json(hints) if hints else None
        if names:
            known = known or CategoryHints()
            known.add_names(names)
        with self._lock:
            self._hints = known
            self._cities = list(cities)
            self._cached_version = version

    # Searching -------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        centre = self._centre(query)
        with self.engine.connect() as connection:
            # One round trip for the index version and the query's words, with each pair of
            # adjacent words written as one (what understanding asks the vocabulary for).
            words = analyze_words(query.text)
            wanted = sorted(set(words) | {a + b for a, b in zip(words, words[1:], strict=False)})
            version, found = connection.execute(
                text("SELECT (SELECT value::text::bigint FROM search_meta WHERE key = 'version'), "
                     f"{WORDS}"), {"words": wanted},
            ).one()
            self._refresh(connection, version)
            # Only now are the directory's cities known; reading a place or a language out of
            # the words only drops words, so the vocabulary asked for above still covers them.
            query = with_written_filters(query, self._cities)
            vocabulary = PostgresVocabulary(connection, self.ext)
            vocabulary.learn(wanted, found)
            plan = understand(query.text, self.synonyms, analyze_terms, vocabulary, self._hints)
            where, params, notes = self._filters(query, centre)
            tsqueries = [concept_tsqueries(c) for c in plan.concepts]
            known_flags, typed_counts, size, complete = self._known(
                connection, tsqueries, [c.optional for c in plan.concepts], where, params)
            known = [c for c, ok in zip(plan.concepts, known_flags, strict=True) if ok]
            ignored = [c.words for c, ok in zip(plan.concepts, known_flags, strict=True)
                       if not ok]
            parts = [q for q, ok in zip(tsqueries, known_flags, strict=True) if ok]
            typed = [n for n, ok in zip(typed_counts, known_flags, strict=True) if ok]
            per_page, page = max(1, query.per_page), max(1, query.page)
            if ignored and not known:
                ranked = RankedPage(every=True)
            else:
                sql, bound = ranking_statement(
                    parts, [c.optional for c in known],
                    [concept_weight(n, size) for n in typed], where, params,
                    centre=centre, radius_km=query.radius_km if centre else None,
                    days=plan.weekdays,
                    by_distance=query.sort == "distance" and centre is not None,
                    limit=per_page, offset=(page - 1) * per_page, complete=complete,
                )
                ranked = read_ranked(connection.execute(text(sql), bound))
                if not known:
                    ranked.every = True
            any_word = not ranked.every and sum(not c.optional for c in known) > 1
            results = self._page(ranked, known, notes, plan.weekdays, any_word, per_page, page)
        results.corrections = plan.corrections
        results.ignored_words = ignored
        return results

    def _known(self, connection, tsqueries, optional: list[bool], where: list[str],
               filters: dict) -> tuple[list[bool], list[int], int, bool]:
        """Whether each concept matches any service at all (filters aside), how many services
        use its words as typed (when two or more concepts are required; 0 otherwise), how many
        services there are, and whether some service passing
        the filters matches every required concept (of two or more) by its words or synonyms;
        one statement for the whole query, which also sets the planner up for the ranking
        statement that follows."""
        if not tsqueries:
            return [], [], 1, False
        checks, counts, params = [], [], dict(filters)
        every = []
        # The typed words' counts weigh required concepts against each other: with one, its
        # weight cancels out of its coverage and is never used.
        several = sum(not flag for flag in optional) > 1
        for i, (direct, synonym, category) in enumerate(tsqueries):
            tests = []
            for kind, value in (("d", direct), ("s", synonym), ("c", category)):
                if value:
                    params[f"{kind}{i}"] = value if isinstance(value, str) else either(value)
                    column = "category_tsv" if kind == "c" else "document"
                    tests.append(f"{column} @@ {tsq(f'{kind}{i}')}")
            checks.append(
                f"EXISTS (SELECT 1 FROM search_document WHERE {' OR '.join(tests)})"
                if tests else "false"
            )
            if not optional[i]:
                by_words = [t for t in tests if not t.startswith("category_tsv")]
                every.append("(" + " OR ".join(by_words) + ")" if by_words else "false")
            if direct and several:
                # One lexeme: how many services hold it, as counted at every write; several:
                # the services holding them all, counted.
                params[f"t{i}"] = direct[0]
                counts.append(
                    "(SELECT CASE cardinality(x.lexemes) WHEN 0 THEN 0 WHEN 1 THEN "
                    "(SELECT coalesce(min(documents), 0) FROM search_lexeme "
                    "WHERE lexeme = x.lexemes[1]) ELSE (SELECT count(*) FROM search_document "
                    f"WHERE document @@ {tsq(f't{i}')}) END FROM (SELECT tsvector_to_array("
                    f"to_tsvector('{TEXT_CONFIG}', :t{i})) AS lexemes) AS x)")
            else:
                counts.append("0")
        complete = (f"EXISTS (SELECT 1 FROM search_document WHERE "
                    f"{' AND '.join(list(where) + every)})" if len(every) > 1 else "false")
        found = connection.execute(
            text(f"SELECT {', '.join(checks + counts)}, {complete}, {SIZE}, {PLANNER}"), params
        ).one()
        return (list(found[: len(checks)]), list(found[len(checks) : 2 * len(checks)]),
                found[-3] or 1, bool(found[-4]))

    def _centre(self, query: SearchQuery) -> tuple[float, float] | None:
        if query.lat is not None and query.lon is not None:
            return query.lat, query.lon
        if query.zip and self.locate_zip:
            centre = self.locate_zip(query.zip)
            if centre:
                return centre
        if query.radius_km is not None:
            raise UnknownLocation(
                f"Cannot search within {query.radius_km:g} km: "
                f"ZIP {query.zip or '(none)'} is not one the directory knows."
            )
        return None

    def _filters(self, query: SearchQuery, centre) -> tuple[list[str], dict, list[str]]:
        where: list[str] = []
        params: dict = {}
        notes: list[str] = []
        if query.category:
            where.append("category_filter @> ARRAY[CAST(:category AS text)]")
            params["category"] = query.category.strip().lower()
            notes.append(f"category {query.category}")
        if query.serves:
            where.append("category_filter @> ARRAY[CAST(:serves AS text)]")
            params["serves"] = query.serves.strip().lower()
            notes.append(f"serves {query.serves}")
        keys = filter_keys(query.language)
        if keys:
            where.append("languages && CAST(:languages AS text[])")
            params["languages"] = keys
            notes.append(f"speaks {language_label(query.language)}")
        if query.city:
            city = closest_city(query.city, self._cities) or city_key(query.city)
            where.append("city = :city")
            params["city"] = city_key(city)
            notes.append(f"in {city.title()}")
        if query.age is not None:
            where.append("minimum_age <= :age AND maximum_age >= :age")
            params["age"] = age_months(query.age)
            notes.append(f"serves age {query.age:g}")
        if query.free:
            where.append("free")
            notes.append("free")
        if query.zip and query.in_service_area:
            zip_code = query.zip.strip()
            where.append("service_area && CAST(:areas AS text[])")
            params["areas"] = [zip_code, NO_SERVICE_AREA]
            notes.append(f"serves ZIP {zip_code}")
        if query.radius_km is not None and centre:
            x, y, z = earth_point(*centre)
            box = (f"earth OPERATOR({self.ext}.<@) {self.ext}.cube_enlarge("
                   f"{self.ext}.cube(ARRAY[:x, :y, :z]::float8[]), :radius, 3)")
            params.update(x=x, y=y, z=z, radius=query.radius_km)
            degrees = degree_box(*centre, query.radius_km)
            if degrees:
                # The same services, found by a latitude and longitude range the planner can
                # estimate (it takes a cube box to hold 0.1% of the directory, and reads every
                # service in it: 27% at 100,000 generated services), so it intersects the
                # range with the text matches; the cube box, not indexed, still decides.
                where.append(f"({box}) IS TRUE AND latitude BETWEEN :lat_low AND :lat_high "
                             "AND longitude BETWEEN :lon_low AND :lon_high")
                params.update(zip(("lat_low", "lat_high", "lon_low", "lon_high"), degrees,
                                  strict=True))
            else:
                where.append(box)
            notes.append(f"within {query.radius_km:g} km of {query.zip or 'the given point'}")
        if query.only_ids is not None:
            where.append("id = ANY(CAST(:only_ids AS text[]))")
            params["only_ids"] = sorted(query.only_ids)
        if query.open_now:
            where.append("open_week @> CAST(:minute AS integer)")
            params["minute"] = minute_of_week(self._moment(query), self.time_zone)
            notes.append(f"open {self._moment(query):%a %H:%M}")
        return where, params, notes

    def _moment(self, query: SearchQuery) -> datetime:
        zone = ZoneInfo(self.time_zone)
        return (
            query.at.astimezone(zone)
            if query.at and query.at.tzinfo
            else (query.at or datetime.now(zone))
        )

    @staticmethod
    def _page(ranked: RankedPage, concepts, notes, days, any_word, per_page, page):
        day_note = "open on " + " or ".join(DAY_NAMES[day].title() for day in sorted(days))
        hits = []
        for key, score, distance, on_day, fields, card in ranked.hits:
            explanation = Explanation(
                matches=explain_fields(field_terms(fields), concepts),
                filters=list(notes) + ([day_note] if on_day else []),
                any_word=any_word,
            )
            if distance is not None:
                explanation.filters.append(f"{distance:.1f} km away")
            hits.append(SearchHit(id=key, score=score, distance_km=distance,
                                  explanation=explanation, **card))
        return SearchResults(
            total=ranked.total, hits=hits, page=page, per_page=per_page,
            category_facets=ranked.facets["c"],
            language_facets=ranked.facets["l"],
            audience_facets=ranked.facets["a"],
            any_word=any_word,
        )


def degree_box(lat: float, lon: float, radius_km: float):
    """(lowest, highest latitude, lowest, highest longitude) holding every point of the cube
    box of ``radius_km`` around a centre (each of its points is within a chord of r·√3, a
    little more along the surface); None near a pole, the date line, or for a radius so wide
    the box's curvature matters."""
    reach = radius_km * math.sqrt(3) * 1.01
    if reach > 500:
        return None
    half = math.degrees(reach / EARTH_RADIUS_KM)
    low, high = lat - half, lat + half
    if low <= -89 or high >= 89:
        return None
    # Along a great circle within this reach, longitude moves at most asin(sin(d/R)/cos φ).
    stretch = math.sin(reach / EARTH_RADIUS_KM) / math.cos(math.radians(max(abs(low), abs(high))))
    if stretch >= 1:
        return None
    across = math.degrees(math.asin(stretch))
    if lon - across < -180 or lon + across > 180:
        return None
    return low, high, lon - across, lon + across


def analyze_words(text_: str) -> list[str]:
    from resource_directory.search.query_analysis import words_of

    return words_of(text_)


def tsquery_text(words: Iterable[str], phrase: bool) -> str | None:
    """A tsquery in PostgreSQL's syntax built from folded words (letters and digits only, so
    nothing a user types can break it); stemming is left to ``to_tsquery`` at the server."""
    from resource_directory.search.query_analysis import words_of

    parts = [w for raw in words for w in words_of(raw.replace("&", " ").replace("/", " "))]
    parts = [p.replace("-", " ").split() for p in parts]
    flat = [w for group in parts for w in group if w.isalnum()]
    if not flat:
        return None
    return (" <-> " if phrase else " & ").join(flat)


def concept_tsqueries(concept: Concept) -> tuple[list[str], list[str], str | None]:
    """(typed-or-corrected alternatives, synonym alternatives, categories) as tsquery texts,
    to be parsed by the server with ``to_tsquery``."""
    direct, synonym, category = [], [], []
    for alternative in concept.alternatives:
        if alternative.via == "category":
            found = tsquery_text([alternative.text], phrase=True)
            if found:
                category.append(f"({found})")
            continue
        found = tsquery_text([alternative.text], phrase=alternative.via == "synonym")
        if found:
            (synonym if alternative.via == "synonym" else direct).append(found)
    return direct, synonym, " | ".join(category) or None


def field_terms(fields: dict[str, str]) -> dict[str, set[str]]:
    """Each stored field's index terms (the text analyzed as the Whoosh index does, by its one
    regular-expression pass: Whoosh's token chain cost a search 12 ms for a page of 20)."""
    return {name: stems(value) for name, value in fields.items()}


def explain_fields(fields: dict[str, set[str]], concepts: list[Concept]) -> list[TermMatch]:
    """Which concepts a document matched, through which alternative, in which fields (a field
    matches when it has every term of the alternative); ``fields`` holds each field's terms."""
    analyzed = {name: set(terms) for name, terms in fields.items()}
    matched = []
    for concept in concepts:
        for alternative in concept.alternatives:
            names = ("categories", "audiences") if alternative.via == "category" else analyzed
            where = tuple(
                name for name in names
                if name in analyzed and set(alternative.terms) <= analyzed[name]
            )
            if where:
                matched.append(TermMatch(concept.words, alternative.text, alternative.via, where))
    return matched
