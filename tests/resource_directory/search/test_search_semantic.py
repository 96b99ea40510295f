"""Semantic retrieval fused with the words: a tiny embedder stands in for the model, so the
fusion, the filters and the stored embeddings are tested without the ``semantic`` extra."""

from __future__ import annotations

import re
import socket

import numpy as np
import pytest

from resource_directory.search.backend import SearchQuery
from resource_directory.search.embedding import embedding_text, missing_modules, unit_rows
from resource_directory.search.embedding_store import (
    Embeddings,
    FileEmbeddings,
    PostgresEmbeddings,
    text_digest,
)
from resource_directory.search.hybrid import HybridBackend, reciprocal_rank_fusion

# Each word stands for one meaning; a text's vector counts its words' meanings. The query words
# below ("blue", "peckish", "grub") are in no service, no synonym and no lexicon: only meaning
# connects them to a service.
MEANINGS = {
    "mood": ("counseling", "depression", "anxiety", "grief", "blue", "gloomy"),
    "food": ("food", "groceries", "meals", "lunch", "produce", "peckish", "grub"),
    "sleep": ("shelter", "beds", "homelessness", "night"),
    "money": ("bill", "payments", "electricity", "charges"),
    "bikes": ("bicycle", "bike", "bikes", "repair"),
}


class MeaningEmbedder:
    """Bag of meanings: enough to tell food from feelings, and nothing from nonsense."""

    model_id = "test-meanings-v1"
    dimensions = len(MEANINGS)

    def __init__(self) -> None:
        self.calls = 0
        self.texts = 0

    def embed(self, texts):
        self.calls += 1
        self.texts += len(texts)
        rows = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                for column, words in enumerate(MEANINGS.values()):
                    rows[row, column] += word in words
        return unit_rows(rows)


@pytest.fixture
def open_store(search_backend_kind):
    def store_for(backend):
        return (FileEmbeddings(backend.path) if search_backend_kind == "whoosh"
                else PostgresEmbeddings(backend.engine))

    return store_for


@pytest.fixture
def hybrid(backend, documents, open_store):
    found = HybridBackend(backend, MeaningEmbedder(), open_store(backend))
    found.embed_all(documents)
    return found


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def test_reciprocal_rank_fusion_adds_one_over_k_plus_rank():
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60)
    assert fused == pytest.approx({"a": 1 / 61, "b": 1 / 62 + 1 / 61, "c": 1 / 62})
    assert max(fused, key=fused.get) == "b"
    weighted = reciprocal_rank_fusion([["a"], ["b"]], k=60, weights=[1.0, 0.5])
    assert weighted == pytest.approx({"a": 1 / 61, "b": 0.5 / 61})


def test_a_query_no_service_words_finds_services_similar_in_meaning(backend, hybrid):
    assert backend.search(SearchQuery(text="feeling blue")).total == 0
    results = hybrid.search(SearchQuery(text="feeling blue"))
    assert ids(results) == ["counseling"]
    assert results.total == 1
    assert results.hits[0].explanation.similar
    assert "similar in meaning" in results.hits[0].explanation.reasons()


def test_words_and_meaning_both_rank_and_lexical_explanations_are_kept(backend, hybrid):
    lexical = ids(backend.search(SearchQuery(text="lunch")))
    assert lexical == ["meals"]
    results = hybrid.search(SearchQuery(text="lunch"))
    # Found by the words and by meaning first; the pantry (food, other words) after it.
    assert ids(results) == ["meals", "pantry"]
    meals, pantry = results.hits
    assert not meals.explanation.similar
    assert "matches “lunch”" in meals.explanation.reasons()
    assert pantry.explanation.similar and not pantry.explanation.matches
    assert meals.score > pantry.score
    assert results.total == 2
    assert results.category_facets == {"Congregate Meals": 1, "Food Pantry": 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["counseling"]),
        ({"language": "spanish"}, ["counseling"]),
        ({"language": "chinese"}, []),
        ({"city": "San Mateo"}, []),
        ({"zip": "94063", "radius_km": 5.0}, ["counseling"]),
        ({"zip": "94401", "radius_km": 5.0}, []),
    ],
)
def test_filters_hold_for_results_found_by_meaning(hybrid, filters, expected):
    results = hybrid.search(SearchQuery(text="gloomy", **filters))
    assert ids(results) == expected
    assert results.total == len(expected)


def test_filter_notes_are_said_for_results_found_by_meaning(hybrid):
    (hit,) = hybrid.search(SearchQuery(text="peckish", language="tagalog")).hits
    assert hit.id == "pantry"
    assert hit.explanation.reasons() == ["similar in meaning", "speaks Filipino"]


def test_open_now_and_age_hold_for_results_found_by_meaning(hybrid):
    from datetime import datetime

    saturday_noon = datetime(2024, 6, 8, 12, 0)
    assert ids(hybrid.search(SearchQuery(text="grub", open_now=True, at=saturday_noon))) \
        == ["pantry"]
    assert ids(hybrid.search(SearchQuery(text="grub", age=30))) == ["pantry"]
    assert set(ids(hybrid.search(SearchQuery(text="grub", age=70)))) == {"pantry", "meals"}


def test_nonsense_finds_nothing_by_meaning_either(backend, hybrid):
    assert hybrid.search(SearchQuery(text="qwzx")).total == 0
    assert ids(hybrid.search(SearchQuery(text=""))) == ids(backend.search(SearchQuery(text="")))


def test_pages_of_fused_results_do_not_repeat(hybrid):
    first = hybrid.search(SearchQuery(text="grub food", per_page=1, page=1))
    second = hybrid.search(SearchQuery(text="grub food", per_page=1, page=2))
    both = hybrid.search(SearchQuery(text="grub food", per_page=2))
    assert ids(first) + ids(second) == ids(both)
    assert first.total == second.total == both.total == 2


def test_embeddings_follow_each_edit_and_outlive_the_process(
    hybrid, open_backend, open_store, make_service
):
    added = make_service("grief", "Bereavement Circle", description="A group for grief.")
    hybrid.upsert([added])
    assert set(ids(hybrid.search(SearchQuery(text="gloomy")))) == {"counseling", "grief"}
    hybrid.delete(["counseling"])
    assert ids(hybrid.search(SearchQuery(text="gloomy"))) == ["grief"]
    # Another worker opens the same index and its stored embeddings: nothing is embedded.
    lexical = open_backend()
    embedder = MeaningEmbedder()
    reopened = HybridBackend(lexical, embedder, open_store(lexical))
    assert not reopened.embeddings_stale()
    assert ids(reopened.search(SearchQuery(text="gloomy"))) == ["grief"]
    assert embedder.calls == 1  # the query only


def test_a_rebuild_embeds_every_document_once(open_backend, open_store, documents,
                                              make_service):
    lexical = open_backend("rebuilt")
    embedder = MeaningEmbedder()
    hybrid = HybridBackend(lexical, embedder, open_store(lexical))
    assert hybrid.rebuild(documents) == len(documents)
    stored = hybrid.store.load()
    assert sorted(stored.ids) == sorted(d.id for d in documents)
    assert stored.model_id == "test-meanings-v1" and embedder.calls == 1
    assert ids(hybrid.search(SearchQuery(text="bike"))) == ["bike"]
    # A rebuild embeds only the texts it has not embedded before (one new service here).
    before = embedder.calls, embedder.texts
    added = make_service("grub-club", "Grub Club", description="Community meals.")
    hybrid.rebuild([*documents, added])
    assert (embedder.calls, embedder.texts) == (before[0] + 1, before[1] + 1)
    assert len(hybrid.store.load()) == len(documents) + 1


def test_embeddings_of_another_model_are_stale_and_never_compared(hybrid, documents):
    other = Embeddings("another-model", [d.id for d in documents],
                       np.ones((len(documents), 5), dtype=np.float32),
                       [text_digest(embedding_text(d)) for d in documents])
    hybrid.store.replace(other)
    assert hybrid.embeddings_stale()
    assert hybrid.similar("gloomy") == []
    hybrid.embed_all(documents)
    assert not hybrid.embeddings_stale()
    assert [i for i, _ in hybrid.similar("gloomy")] == ["counseling"]


def test_the_model_reads_what_a_service_is_and_says(make_service):
    document = make_service("x", "Food Bank", categories=["Food Pantry"],
                            keywords=["groceries"], description="Free food on Fridays.")
    assert embedding_text(document) == "Food Bank. Food Pantry. groceries. Free food on Fridays."


@pytest.mark.skipif(bool(missing_modules()),
                    reason=f"the semantic extra is not installed (make semantic): "
                           f"missing {', '.join(missing_modules())}")
def test_the_shipped_model_loads_offline_and_knows_food_from_bicycles(monkeypatch):
    from resource_directory.search.embedding import MiniLMEmbedder

    def no_network(*args, **kwargs):
        raise AssertionError("the semantic model tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    embedder = MiniLMEmbedder()
    query, pantry, bikes = embedder.embed(
        ["where can I get something to eat", "Food pantry: free groceries",
         "Bicycle repair workshop"]
    )
    assert embedder.dimensions == len(query) == 384
    assert float(np.linalg.norm(query)) == pytest.approx(1.0, abs=1e-5)
    assert float(query @ pantry) > 0.45 > float(query @ bikes)


def test_only_ids_restricts_a_search_with_words_or_without(backend):
    assert ids(backend.search(SearchQuery(text="food", only_ids=frozenset({"meals"})))) \
        == ["meals"]
    assert ids(backend.search(SearchQuery(only_ids=frozenset({"bike", "nothing"})))) == ["bike"]
    assert backend.search(SearchQuery(text="food", only_ids=frozenset())).total == 0
