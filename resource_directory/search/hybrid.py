"""Lexical and semantic search fused: a ``SearchBackend`` that wraps another and adds meaning.

Words miss what people mean ("somewhere to sleep tonight" → shelters); a sentence embedding
finds it. Each document's embedding is computed when the index is written and stored with it
(``embedding_store``); a query is embedded when it runs. The services nearest in meaning
(cosine, above a floor so that nonsense finds nothing) are asked of the lexical backend with
the query's filters and no words (``SearchQuery.only_ids``), so language, place, open-now and
eligibility filters hold for them exactly as for the lexical results. The two rankings are
fused by reciprocal rank fusion (Cormack et al. 2009, k = 60): a service's score is the sum of
weight / (k + rank) over the rankings it is in (the semantic side weighs half). Lexical results
keep their explanations; a result found only by meaning says so ("similar in meaning").
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from resource_directory.search.backend import SearchBackend, SearchQuery, SearchResults
from resource_directory.search.document import ServiceDocument
from resource_directory.search.embedding import Embedder, embedding_text
from resource_directory.search.embedding_store import Embeddings, EmbeddingStore, text_digest

RRF_K = 60
# How deep each side's ranking goes into the fusion. The semantic side is shallower than the
# lexical one, so a page past the fused pool holds only lexical results in their own order.
LEXICAL_DEPTH = 100
SEMANTIC_DEPTH = 50
# Below this cosine a service is not "similar in meaning" to the query at all. The model reads
# English only, and a Spanish query's nearest services sit around 0.3-0.4: noise.
SIMILARITY_FLOOR = 0.45
# The semantic ranking counts half as much as the lexical one: meaning reorders what the words
# found and adds what they missed after it. Chosen on the tuning queries of the everyday set
# (bench/relevance.py): an equal weight with a floor of 0.35 cost 0.04 nDCG@10 there, this
# costs 0.003; the held-out queries were not looked at.
SEMANTIC_WEIGHT = 0.5
QUERIES_REMEMBERED = 256


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K,
                           weights: Sequence[float] | None = None) -> dict[str, float]:
    """Each id's fused score: the sum of weight / (k + rank) over the rankings holding it (rank
    1 first; every weight 1 unless given)."""
    scores: dict[str, float] = {}
    for number, ranking in enumerate(rankings):
        weight = weights[number] if weights is not None else 1.0
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


class HybridBackend:
    """``lexical`` plus semantic retrieval by ``embedder``, embeddings kept in ``store``."""

    def __init__(self, lexical: SearchBackend, embedder: Embedder, store: EmbeddingStore,
                 *, similarity_floor: float = SIMILARITY_FLOOR) -> None:
        self.lexical = lexical
        self.embedder = embedder
        self.store = store
        self.similarity_floor = similarity_floor
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()  # recent queries' vectors
        self._lock = threading.Lock()

    # Writing ---------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[ServiceDocument]) -> int:
        read: list[tuple[str, str]] = []

        def reading(documents):  # the lexical index is written as the documents stream by
            for document in documents:
                read.append((document.id, embedding_text(document)))
                yield document

        count = self.lexical.rebuild(reading(documents))
        self.store.replace(self._embedded(read))
        return count

    def upsert(self, documents: Iterable[ServiceDocument]) -> int:
        documents = list(documents)
        count = self.lexical.upsert(documents)
        if documents:
            self.store.upsert(self._embedded([(d.id, embedding_text(d)) for d in documents]))
        return count

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        count = self.lexical.delete(ids)
        self.store.delete(ids)
        return count

    def embed_all(self, documents: Iterable[ServiceDocument]) -> int:
        """Bring every document's embedding in step, leaving the lexical index as it is (the
        extra was installed, or the model changed, after the index was built)."""
        embeddings = self._embedded([(d.id, embedding_text(d)) for d in documents])
        self.store.replace(embeddings)
        return len(embeddings)

    def embeddings_stale(self) -> bool:
        """Whether the stored embeddings are another model's or miss documents."""
        stored = self.store.load()
        return stored.model_id != self.embedder.model_id or len(stored) != len(self.lexical)

    def _embedded(self, read: Sequence[tuple[str, str]]) -> Embeddings:
        """Each (id, text)'s embedding; a text embedded before by this model is not again."""
        stored = self.store.load()
        known = stored.by_digest() if stored.model_id == self.embedder.model_id else {}
        digests = [text_digest(text) for _id, text in read]
        new = {digest: text for digest, (_id, text) in zip(digests, read, strict=True)
               if digest not in known}
        if new:
            known.update(zip(new, self.embedder.embed(list(new.values())), strict=True))
        rows = {doc_id: (known[digest], digest)
                for (doc_id, _text), digest in zip(read, digests, strict=True)}
        return Embeddings.of(self.embedder.model_id, rows, width=self.embedder.dimensions)

    def __len__(self) -> int:
        return len(self.lexical)

    def __getattr__(self, name: str):
        # What only one backend has (``optimize``, a Whoosh index's ``path``) is the lexical
        # backend's.
        if name == "lexical":
            raise AttributeError(name)
        return getattr(self.lexical, name)

    # Searching -------------------------------------------------------------------------

    def similar(self, text: str, depth: int = SEMANTIC_DEPTH) -> list[tuple[str, float]]:
        """The documents nearest in meaning to ``text`` (id, cosine), nearest first, above the
        similarity floor."""
        stored = self.store.load()
        if not len(stored) or stored.model_id != self.embedder.model_id:
            return []
        cosines = stored.matrix @ self._query_vector(text)
        depth = min(depth, len(cosines))
        top = np.argpartition(-cosines, depth - 1)[:depth]
        ranked = sorted(top, key=lambda row: (-cosines[row], stored.ids[row]))
        return [(stored.ids[row], float(cosines[row])) for row in ranked
                if cosines[row] >= self.similarity_floor]

    def _query_vector(self, text: str) -> np.ndarray:
        """A query's embedding; a page, a filter or a sort asked again does not embed again."""
        key = " ".join(text.lower().split())
        with self._lock:
            vector = self._queries.get(key)
        if vector is None:
            vector = self.embedder.embed([key])[0]
            with self._lock:
                self._queries[key] = vector
                while len(self._queries) > QUERIES_REMEMBERED:
                    self._queries.popitem(last=False)
        return vector

    def search(self, query: SearchQuery) -> SearchResults:
        if not query.text.strip() or query.only_ids is not None:
            return self.lexical.search(query)  # browsing by filters alone: nothing to mean
        depth = max(LEXICAL_DEPTH, query.page * query.per_page)
        lexical = self.lexical.search(replace(query, page=1, per_page=depth))
        in_lexical = {hit.id for hit in lexical.hits}
        nearest = [doc_id for doc_id, _cosine in self.similar(query.text)]
        others = [doc_id for doc_id in nearest if doc_id not in in_lexical]
        # The filters decide which of the others may be shown (and say what they passed).
        meaning = self.lexical.search(replace(
            query, text="", only_ids=frozenset(others), page=1, per_page=max(1, len(others))
        )) if others else SearchResults(total=0, hits=[])
        for hit in meaning.hits:
            hit.explanation.similar = True
        hits = {hit.id: hit for hit in meaning.hits} | {hit.id: hit for hit in lexical.hits}
        lexical_ranking = [hit.id for hit in lexical.hits]
        semantic_ranking = [doc_id for doc_id in nearest if doc_id in hits]
        fused = reciprocal_rank_fusion([lexical_ranking, semantic_ranking],
                                       weights=[1.0, SEMANTIC_WEIGHT])
        position = {doc_id: i for i, doc_id in enumerate(lexical_ranking)}
        order = sorted(hits, key=lambda i: (-fused[i], position.get(i, len(position)), i))
        if query.sort == "distance":
            order.sort(key=lambda i: (hits[i].distance_km is None, hits[i].distance_km or 0.0))
        for doc_id in order:
            hits[doc_id].score = fused[doc_id]
        per_page, page = max(1, query.per_page), max(1, query.page)
        return SearchResults(
            total=lexical.total + len(meaning.hits),
            hits=[hits[i] for i in order[(page - 1) * per_page : page * per_page]],
            page=page,
            per_page=per_page,
            category_facets=added(lexical.category_facets, meaning.category_facets),
            language_facets=added(lexical.language_facets, meaning.language_facets),
            audience_facets=added(lexical.audience_facets, meaning.audience_facets),
            corrections=lexical.corrections,
            ignored_words=lexical.ignored_words,
            any_word=lexical.any_word,
        )


def added(*counts: Mapping[str, int]) -> dict[str, int]:
    """Facet counts of disjoint result sets, together, most common first."""
    total: Counter[str] = Counter()
    for count in counts:
        total.update(count)
    return dict(total.most_common())
