"""The PostgreSQL backend's work per search: a fixed number of statements however large the
directory, ranked by the server, which sends back the page, one row per facet value and the
total (never a row per candidate), open-now decided by the server."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import event, text

from resource_directory.search.backend import SearchQuery

QUERIES = [
    SearchQuery(text="food", per_page=2),
    SearchQuery(text="counseling", language="spanish", per_page=2),
    SearchQuery(text="help paying the electric bill", open_now=True,
                at=datetime(2024, 5, 15, 10, 0), per_page=2),
    SearchQuery(text="meals", zip="94401", radius_km=10, sort="distance", per_page=2),
]


@pytest.fixture
def postgres(open_backend, search_backend_kind):
    if search_backend_kind != "postgres":
        pytest.skip("PostgreSQL only")
    return open_backend()


def copies(documents, times: int):
    return [replace(d, id=f"{d.id}-{n}", service_id=f"{d.id}-{n}")
            for n in range(times) for d in documents]


def work(backend, query) -> tuple[int, int, int]:
    """(statements, rows returned carrying facets or display data, rows in all) for one
    search."""
    counts = [0, 0, 0]

    def seen(_conn, cursor, statement, _parameters, _context, _executemany):
        counts[0] += 1
        rows = max(cursor.rowcount, 0)
        counts[2] += rows
        if any(column in statement for column in ("card", "facet_", "fields")):
            counts[1] += rows

    event.listen(backend.engine, "after_cursor_execute", seen)
    try:
        backend.search(query)
    finally:
        event.remove(backend.engine, "after_cursor_execute", seen)
    return tuple(counts)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.text)
def test_statements_per_search_do_not_grow_with_the_directory(postgres, documents, query):
    postgres.rebuild(copies(documents, 2))  # a full page either way
    small = work(postgres, query)
    postgres.rebuild(copies(documents, 6))
    large = work(postgres, query)
    assert large[0] == small[0]
    assert large[1] == small[1]  # the page, one row per facet value and the total
    assert large[2] == small[2]  # three times the candidates, not one more row
    assert postgres.search(query).total > 2  # more services matched than the page holds


def test_open_now_is_decided_by_the_server(postgres, documents):
    postgres.rebuild(documents)
    tuesday_night = SearchQuery(text="food meals counseling", open_now=True,
                                at=datetime(2024, 5, 14, 23, 0))
    assert postgres.search(tuesday_night).total == 0
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(postgres.engine, "before_cursor_execute", seen)
    postgres.search(tuesday_night)
    event.remove(postgres.engine, "before_cursor_execute", seen)
    assert any("open_week @>" in s for s in statements)


def writes(backend, action) -> list[tuple[str, int]]:
    """(statement's first words, rows it touched or returned) for everything ``action`` ran."""
    seen_statements = []

    def seen(_conn, cursor, statement, *_args):
        seen_statements.append((" ".join(statement.split()[:3]), max(cursor.rowcount, 0)))

    event.listen(backend.engine, "after_cursor_execute", seen)
    try:
        action()
    finally:
        event.remove(backend.engine, "after_cursor_execute", seen)
    return seen_statements


def test_reindexing_one_service_touches_one_row_however_large_the_directory(postgres, documents):
    changed = replace(documents[0], description=documents[0].description + " Open late.")
    postgres.rebuild(copies(documents, 2))
    small = writes(postgres, lambda: postgres.upsert([changed]))
    postgres.rebuild(copies(documents, 6))
    large = writes(postgres, lambda: postgres.upsert([changed]))
    assert large == small  # the same statements touching the same number of rows
    assert ("INSERT INTO search_document", 1) in large
    assert not any("hints" in statement for statement, _rows in large)


def test_a_rebuild_indexes_the_rows_after_loading_them(postgres, documents):
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()))

    event.listen(postgres.engine, "before_cursor_execute", seen)
    postgres.rebuild(copies(documents, 3))
    event.remove(postgres.engine, "before_cursor_execute", seen)
    loads = [i for i, s in enumerate(statements) if s.startswith("INSERT INTO search_document")]
    indexes = [i for i, s in enumerate(statements) if s.startswith("CREATE INDEX")]
    assert loads and indexes and max(loads) < min(indexes)
    assert len(loads) == 1  # one batched statement for every row, not one per service
    assert any(s.startswith("ANALYZE search_word") for s in statements)
    assert len(postgres) == 3 * len(documents)
    assert postgres.search(SearchQuery(text="food")).total > 0


def lexeme_counts(backend) -> tuple[dict[str, int], dict[str, int]]:
    """(the counts a search reads, the counts recomputed from every document now)."""
    with backend.engine.connect() as connection:
        kept = dict(connection.execute(
            text("SELECT lexeme, documents FROM search_lexeme WHERE documents > 0")).all())
        fresh = dict(connection.execute(
            text("SELECT word, ndoc FROM ts_stat('SELECT document FROM search_document')")).all())
    return kept, fresh


def test_lexeme_counts_stay_exact_through_upserts_and_deletes(postgres, documents):
    postgres.rebuild(documents)
    kept, fresh = lexeme_counts(postgres)
    assert kept == fresh and fresh["food"] > 1
    postgres.upsert([
        replace(documents[0], description="Volunteers mend bicycles and wheelchairs."),
        replace(documents[1], id="new", service_id="new", name="Wheelchair Loans"),
    ])
    postgres.upsert([replace(documents[0], description="Volunteers mend wheelchairs.")])
    postgres.delete([documents[2].id])
    kept, fresh = lexeme_counts(postgres)
    assert kept == fresh
    assert fresh["wheelchair"] == 2 and fresh["mend"] == 1


def test_facets_are_counted_from_codes_named_once(postgres, documents):
    postgres.rebuild(documents)
    food = postgres.search(SearchQuery(text="food"))
    postgres.upsert([replace(documents[0], id="extra", service_id="extra",
                             categories=["Brand New Category"], description="Free food.")])
    again = postgres.search(SearchQuery(text="food"))
    assert again.total == food.total + 1
    assert again.category_facets == {**food.category_facets, "Brand New Category": 1}
    with postgres.engine.connect() as connection:
        named = connection.execute(text("SELECT count(*) FROM search_facet "
                                        "WHERE tagged = 'c:Brand New Category'")).scalar()
    assert named == 1


def test_a_search_of_known_words_is_three_round_trips(postgres, documents):
    # The index version with the query's words (and their pairs written as one), which concepts
    # the directory knows, and the ranking.
    postgres.rebuild(documents)
    postgres.search(SearchQuery(text="warm up"))
    for query in (SearchQuery(text="food pantry"), SearchQuery(text="family counseling",
                                                               language="spanish")):
        assert work(postgres, query)[0] == 3


def test_only_required_concepts_find_the_rows_the_ranking_reads():
    # A service matching only an optional concept ("senior" in "senior meals") is never a
    # candidate: the index conditions leave it out, so its row is not read.
    from resource_directory.search.postgres_ranking import ranking_statement

    sql, _ = ranking_statement(
        [(["senior"], ["elderly"], None), (["meals"], ["hot <-> meals"], "(free <-> meals)")],
        [True, False], [1.0, 2.0], [], {}, centre=None, radius_km=None, days=set(),
        by_distance=False, limit=20, offset=0)
    scan = sql[sql.index("FROM search_document WHERE"):sql.index("OFFSET 0")]
    assert ":d1" in scan and ":s1" in scan and ":c1" in scan
    assert ":d0" not in scan and ":s0" not in scan
    assert ":d0" in sql  # still ranked, as a lift


def page_of(results):
    return (results.total, [(h.id, round(h.score, 9)) for h in results.hits],
            results.category_facets, results.language_facets, results.audience_facets,
            results.any_word)


def test_rows_that_cannot_be_kept_are_left_unread_with_the_same_results(
        postgres, documents, monkeypatch):
    """When some service matches every required concept, a service covering too little of the
    query is never read; the page, total and facets are those of reading every candidate."""
    from resource_directory.search import postgres_ranking

    postgres.rebuild(copies(documents, 3))
    queries = [SearchQuery(text=t) for t in (
        "family counseling", "food pantry groceries", "free lunch seniors", "energy bill help",
        "teen health clinic", "bicycle repair volunteers")]
    queries.append(SearchQuery(text="family counseling", language="spanish"))
    conditions = []
    keepable = postgres_ranking.keepable

    def seen(*args):
        conditions.append(keepable(*args))
        return conditions[-1]

    monkeypatch.setattr(postgres_ranking, "keepable", seen)
    pruned = [page_of(postgres.search(q)) for q in queries]
    assert any(conditions)  # some query left rows unread
    monkeypatch.setattr(postgres_ranking, "keepable", lambda *args: None)
    assert [page_of(postgres.search(q)) for q in queries] == pruned


def test_one_required_concept_counts_no_services(postgres, documents):
    # Its weight cancels out of its coverage: "food pantry" (one concept of two words) is not
    # counted service by service; two required concepts are weighed by their counts.
    postgres.rebuild(documents)

    def statements(query):
        seen = []
        event.listen(postgres.engine, "before_cursor_execute", hold := (
            lambda _conn, _cursor, statement, *_args: seen.append(statement)))
        postgres.search(query)
        event.remove(postgres.engine, "before_cursor_execute", hold)
        return " ".join(seen)

    assert "count(*) FROM search_document" not in statements(SearchQuery(text="food pantry"))
    assert "search_lexeme" in statements(SearchQuery(text="groceries bicycle"))


def test_the_degree_box_holds_every_point_of_the_cube_box():
    import math
    import random

    from resource_directory.search.postgres_backend import degree_box
    from resource_directory.search.postgres_schema import earth_point

    rng = random.Random(5)
    checked = 0
    for _ in range(300):
        lat, lon = rng.uniform(-85, 85), rng.uniform(-179, 179)
        radius = rng.choice([0.5, 5, 25, 100, 280])
        box = degree_box(lat, lon, radius)
        if box is None:
            continue
        centre = earth_point(lat, lon)
        for _ in range(200):  # points around the centre, some inside the cube box
            reach = radius * 2.2 / 111.19
            p_lat = lat + rng.uniform(-reach, reach)
            p_lon = lon + rng.uniform(-reach, reach) / max(math.cos(math.radians(p_lat)), 0.05)
            if not (-90 <= p_lat <= 90 and -180 <= p_lon <= 180):
                continue
            point = earth_point(p_lat, p_lon)
            if all(abs(a - b) <= radius for a, b in zip(point, centre, strict=True)):
                checked += 1
                assert box[0] <= p_lat <= box[1] and box[2] <= p_lon <= box[3]
    assert checked > 1000


def test_a_radius_search_finds_the_same_services_by_degrees(postgres, documents, monkeypatch):
    from resource_directory.search import postgres_backend

    postgres.rebuild(copies(documents, 3))
    queries = [SearchQuery(text=t, zip=z, radius_km=r, sort=s)
               for t in ("food", "counseling", "") for z in ("94401", "94063")
               for r in (2, 10) for s in ("distance", "relevance")]
    by_degrees = [page_of(postgres.search(q)) for q in queries]
    assert any(total for total, *_ in by_degrees)
    monkeypatch.setattr(postgres_backend, "degree_box", lambda *args: None)
    assert [page_of(postgres.search(q)) for q in queries] == by_degrees
