"""The index follows the database: single services are added, replaced and removed in place."""

from __future__ import annotations

from dataclasses import replace

from resource_directory.search.backend import SearchQuery
from resource_directory.search.whoosh_backend import WhooshBackend

QUERIES = [
    SearchQuery(text="food"),
    SearchQuery(text="counseling", language="spanish"),
    SearchQuery(text="help paying the electric bill"),
    SearchQuery(zip="94063", radius_km=15, sort="distance"),
    SearchQuery(category="Housing"),
]


def outcome(backend, query):
    results = backend.search(query)
    return (
        results.total,
        [(hit.id, round(hit.score, 6), hit.distance_km) for hit in results.hits],
        results.category_facets,
        results.language_facets,
    )


def test_upsert_adds_a_new_service(backend, make_service):
    backend.upsert([make_service("diapers", "Diaper Bank", description="Free diapers for babies.")])
    assert [hit.id for hit in backend.search(SearchQuery(text="diapers")).hits] == ["diapers"]


def test_upsert_replaces_a_service_with_the_same_id(backend, documents):
    pantry = next(document for document in documents if document.id == "pantry")
    backend.upsert([replace(pantry, name="Harbor Food Closet", city="Pacifica")])
    assert len(backend) == len(documents)
    hit = backend.search(SearchQuery(text="food closet")).hits[0]
    assert (hit.id, hit.city) == ("pantry", "Pacifica")
    assert backend.search(SearchQuery(text="harvest")).total == 0


def test_delete_removes_services_by_id(backend, documents):
    backend.delete(["pantry", "meals"])
    assert len(backend) == len(documents) - 2
    assert backend.search(SearchQuery(text="food")).total == 0
    assert "Food Pantry" not in backend.search(SearchQuery()).category_facets


def test_reopening_the_directory_finds_the_same_index(backend, open_backend):
    again = open_backend()
    assert [outcome(again, query) for query in QUERIES] == [
        outcome(backend, query) for query in QUERIES
    ]


def test_rebuild_equals_incremental_updates(open_backend, make_service, documents):
    rebuilt = open_backend("rebuilt")
    rebuilt.rebuild(documents)

    incremental = open_backend("incremental")
    incremental.rebuild([])
    for document in documents:
        incremental.upsert([document])
    incremental.upsert([make_service("gone", "Closed Food Bank", description="Food.")])
    incremental.delete(["gone"])
    incremental.optimize()  # deleted documents still count in BM25 statistics until merged

    assert [outcome(incremental, query) for query in QUERIES] == [
        outcome(rebuilt, query) for query in QUERIES
    ]


def test_a_whoosh_rebuild_by_several_processes_equals_one_by_a_single_process(
    tmp_path, documents, locate_zip
):
    single = WhooshBackend(tmp_path / "single", locate_zip=locate_zip)
    single.rebuild(documents, procs=1)
    parallel = WhooshBackend(tmp_path / "parallel", locate_zip=locate_zip)
    parallel.parallel_from, parallel.parallel_batch = 3, 2  # as if the directory were large
    parallel.rebuild(documents, procs=2)
    assert len(parallel.index.reader().leaf_readers()) > 1  # one segment per process
    assert [outcome(parallel, query) for query in QUERIES] == [
        outcome(single, query) for query in QUERIES
    ]


def test_searches_after_an_edit_see_the_edit_not_what_they_saw_before(backend, documents):
    pantry = next(document for document in documents if document.id == "pantry")
    before = SearchQuery(text="harvest", language="spanish")
    assert [hit.id for hit in backend.search(before).hits] == ["pantry"]  # warms the caches
    backend.upsert([replace(pantry, name="Harbor Food Closet", languages=["english"])])
    assert backend.search(before).total == 0
    assert backend.search(SearchQuery(text="closet", language="spanish")).total == 0
    assert [hit.id for hit in backend.search(SearchQuery(text="closet")).hits] == ["pantry"]
    backend.delete(["pantry"])
    assert backend.search(SearchQuery(text="closet")).total == 0


def test_every_thread_sees_the_latest_index(backend, make_service):
    from concurrent.futures import ThreadPoolExecutor

    def diapers() -> int:
        return backend.search(SearchQuery(text="diapers")).total

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(lambda _: diapers(), range(4))) == [0] * 4
        backend.upsert([make_service("diapers", "Diaper Bank", description="Free diapers.")])
        assert list(pool.map(lambda _: diapers(), range(4))) == [1] * 4
