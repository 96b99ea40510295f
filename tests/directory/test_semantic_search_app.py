"""The app fuses semantic retrieval into directory search when it has an embedder, and is
exactly lexical when it has none (the ``semantic`` extra absent, or ``SEMANTIC`` off)."""

import re

import numpy as np
import pytest

from carebridge.db import database
from carebridge.directory import index
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from resource_directory.search.embedding import missing_modules, unit_rows
from resource_directory.search.hybrid import HybridBackend
from tests.conftest import test_app
from tests.directory.conftest import build_directory, ids

pytestmark = pytest.mark.postgres

FOOD = {"food", "groceries", "pantry", "bank", "peckish"}


class FoodWords:
    """A stand-in model: one dimension for food words, one for everything else."""

    model_id = "test-food-v1"
    dimensions = 2

    def embed(self, texts):
        rows = np.zeros((len(texts), 2), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"[a-z]+", text.lower())
            rows[row] = [sum(w in FOOD for w in words), 0.1 * sum(w not in FOOD for w in words)]
        return unit_rows(rows)


@pytest.fixture
def app(database_url, tmp_path):
    made = test_app(database_url, tmp_path / "instance", SEMANTIC_EMBEDDER=FoodWords())
    yield made
    database(made).engine.dispose()


@pytest.fixture
def make_app(database_url, tmp_path):
    """``make_app(**config)``: another app on this test's database and instance folder."""
    made = []

    def build(**config):
        made.append(test_app(database_url, tmp_path / "instance", **config))
        return made[-1]

    yield build
    for each in made:
        database(each).engine.dispose()


def test_a_word_no_service_uses_finds_services_by_meaning_with_the_reason(app, search):
    assert isinstance(index.backend(app), HybridBackend)
    answer = search(q="peckish")
    assert set(ids(answer)) == {"pantry", "foodbank"}
    assert all("similar in meaning" in result["why"] for result in answer["results"])


def test_filters_hold_for_services_found_by_meaning(search):
    assert ids(search(q="peckish", language="spanish")) == ["pantry"]
    assert ids(search(q="peckish", city="Half Moon Bay")) == ["foodbank"]


def test_words_still_rank_first_and_keep_their_explanation(search):
    results = search(q="groceries")["results"]
    assert results[0]["service_id"] == "pantry"
    assert "similar in meaning" not in results[0]["why"]


def test_embeddings_are_stored_with_the_index_and_follow_edits(app, directory):
    backend = index.backend(app)
    stored = backend.store.load()
    assert stored.model_id == "test-food-v1"
    assert sorted(stored.ids) == sorted(f"{s}@loc-{s}" for s in directory)
    with unit_of_work(app, ALL_AGENCIES) as session, app.app_context():
        index.refresh(session, "utility")
    assert len(backend.store.load()) == len(directory)


def test_an_index_built_without_meaning_gets_its_embeddings_when_reopened(make_app):
    plain = make_app(SEMANTIC=False)
    with unit_of_work(plain, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(plain, session)
    assert not isinstance(index.backend(plain), HybridBackend)
    reopened = make_app(SEMANTIC_EMBEDDER=FoodWords())
    backend = index.backend(reopened)
    assert isinstance(backend, HybridBackend) and not backend.embeddings_stale()
    assert len(backend.store.load()) == 5


def test_semantic_off_is_exactly_lexical(make_app):
    off = make_app(SEMANTIC="0", SEMANTIC_EMBEDDER=FoodWords())
    assert not isinstance(index.backend(off), HybridBackend)


@pytest.mark.skipif(not missing_modules(), reason="the semantic extra is installed here")
def test_without_the_extra_search_is_lexical(make_app):
    assert not isinstance(index.backend(make_app()), HybridBackend)


def test_the_reason_found_by_meaning_is_in_the_readers_language(app, auth, world, directory):
    auth.login(world.email("alpha", "care_manager"))
    page = auth.client.get("/directory/?q=peckish",
                           headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "parecido en significado" in page and "similar in meaning" not in page
