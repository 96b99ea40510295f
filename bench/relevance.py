"""Ranking quality on graded queries: Carebridge's ranking beside plain BM25, in the same run.

    python bench/relevance.py [--show e03] [--quiet]

Three sets: the dev queries in ../shared (relevance_dev.json), the everyday queries of
bench/relevance_everyday.json (see everyday_judging.py) and the unseen queries of
bench/relevance_unseen.json (see unseen_judging.py: typos, Spanish, situations, filters in
words), the last two reported separately for their tuning and held-out parts. A query with no
good answer in the directory (no graded record) is not scored: the number of results each
search returns for it in its first ten is reported instead (fewer is better). Plain BM25,
the Whoosh backend and the PostgreSQL backend (when a database is given, see
postgres_scratch.py) index the same documents in this run (cip_2013.json through the product's
importer, tagged with Open Eligibility terms); a query's filters (language, city) are hard
constraints for all (the unseen set's filters are written in its words, for the search to
read). With the ``semantic`` extra installed (``make semantic``) it also reports semantic
retrieval alone (the services nearest in meaning that pass the filters) and the fused ranking
(lexical + semantic, reciprocal rank fusion) over the same documents. Prints nDCG@10 and
Recall@20 per query and the means per set.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from whoosh import fields, index
from whoosh import query as q
from whoosh.analysis import StandardAnalyzer
from whoosh.qparser import OrGroup, QueryParser
from whoosh.scoring import BM25F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_data import cip_documents, shared_folder  # noqa: E402
from postgres_scratch import scratch_engine  # noqa: E402

from resource_directory.search.backend import SearchQuery  # noqa: E402
from resource_directory.search.embedding import load_embedder  # noqa: E402
from resource_directory.search.embedding_store import (  # noqa: E402
    FileEmbeddings,
    PostgresEmbeddings,
)
from resource_directory.search.evaluation import mean, ndcg_at, recall_at  # noqa: E402
from resource_directory.search.hybrid import HybridBackend  # noqa: E402
from resource_directory.search.postgres_backend import PostgresBackend  # noqa: E402
from resource_directory.search.whoosh_backend import WhooshBackend  # noqa: E402

DEPTH = 20


class PlainBM25:
    """The baseline: one text field, lower-case words, stop words, BM25, any word matches."""

    def __init__(self, path: Path, documents) -> None:
        schema = fields.Schema(
            id=fields.ID(stored=True),
            text=fields.TEXT(analyzer=StandardAnalyzer()),
            languages=fields.KEYWORD(commas=True, lowercase=True),
            city=fields.ID(),
        )
        self.index = index.create_in(path, schema)
        with self.index.writer() as writer:
            for d in documents:
                text = " ".join([d.name, d.organization, d.description, d.eligibility, *d.keywords])
                writer.add_document(
                    id=d.id, text=text, languages=",".join(d.languages), city=d.city.lower()
                )
        self.parser = QueryParser("text", self.index.schema, group=OrGroup)

    def ranking(self, text: str, filters: dict) -> list[str]:
        clauses = []
        if "language" in filters:
            clauses.append(q.Term("languages", filters["language"].strip().lower()))
        if "city" in filters:
            clauses.append(q.Term("city", filters["city"].strip().lower()))
        with self.index.searcher(weighting=BM25F()) as searcher:
            hits = searcher.search(
                self.parser.parse(text), filter=q.And(clauses) if clauses else None, limit=DEPTH
            )
            return [hit["id"] for hit in hits]


class MeaningOnly:
    """Semantic retrieval alone: the documents nearest in meaning, filtered as the product
    filters them, nearest first."""

    def __init__(self, hybrid: HybridBackend) -> None:
        self.hybrid = hybrid

    def ranking(self, text: str, filters: dict) -> list[str]:
        nearest = [doc_id for doc_id, _ in self.hybrid.similar(text, depth=10 * DEPTH)]
        query = SearchQuery(language=filters.get("language"), city=filters.get("city"),
                            only_ids=frozenset(nearest), per_page=max(1, len(nearest)))
        passing = {hit.id for hit in self.hybrid.lexical.search(query).hits}
        return [doc_id for doc_id in nearest if doc_id in passing][:DEPTH]


def carebridge_ranking(backend, text: str, filters: dict) -> list[str]:
    query = SearchQuery(
        text=text, language=filters.get("language"), city=filters.get("city"), per_page=DEPTH
    )
    return [hit.id for hit in backend.search(query).hits]


def by_position(ranking: list[str], positions: dict[str, str]) -> list[str]:
    """Document ids → the records' positions in cip_2013.json (what the judgements name),
    keeping the first document of a record that has several locations."""
    return list(dict.fromkeys(positions[doc_id] for doc_id in ranking))


def query_sets(shared: Path) -> list[tuple[str, list[dict]]]:
    dev = json.loads((shared / "data/ohana-san-mateo/relevance_dev.json").read_text())
    here = Path(__file__).resolve().parent
    everyday = json.loads((here / "relevance_everyday.json").read_text())
    unseen = json.loads((here / "relevance_unseen.json").read_text())
    return [
        ("dev (shared)", dev["queries"]),
        ("everyday, tuning", [q for q in everyday["queries"] if q["split"] == "tuning"]),
        ("everyday, held-out", [q for q in everyday["queries"] if q["split"] == "held-out"]),
        ("unseen, tuning", [q for q in unseen["queries"] if q["split"] == "tuning"]),
        ("unseen, held-out", [q for q in unseen["queries"] if q["split"] == "held-out"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print the rankings of this query id, with grades")
    parser.add_argument("--quiet", action="store_true", help="print only the means")
    args = parser.parse_args()
    shared = shared_folder()
    documents = cip_documents(shared)
    positions = {d.id: d.source_id for d in documents}
    names = {d.source_id: d.name for d in documents}
    with tempfile.TemporaryDirectory() as tmp, scratch_engine() as engine:
        started = time.perf_counter()
        systems = {"BM25": PlainBM25(Path(tmp), documents)}
        whoosh = WhooshBackend(Path(tmp) / "carebridge")
        whoosh.rebuild(documents)
        systems["Whoosh"] = whoosh
        if engine is not None:
            postgres = PostgresBackend(engine)
            postgres.rebuild(documents)
            systems["PostgreSQL"] = postgres
        print(f"indexed {len(documents)} documents {len(systems)} times in "
              f"{time.perf_counter() - started:.1f}s")
        embedder = load_embedder()
        if embedder is None:
            print("semantic extra not installed (make semantic): lexical rankings only")
        else:
            started = time.perf_counter()
            store = FileEmbeddings(Path(tmp) / "carebridge")
            fused = HybridBackend(whoosh, embedder, store)
            fused.embed_all(documents)
            print(f"embedded {len(documents)} documents with {embedder.model_id} in "
                  f"{time.perf_counter() - started:.1f}s")
            systems["Semantic"] = MeaningOnly(fused)
            systems["Fused"] = fused
            if engine is not None:
                postgres_store = PostgresEmbeddings(engine)
                postgres_store.replace(store.load())
                systems["PostgreSQL fused"] = HybridBackend(postgres, embedder, postgres_store)
        summary = []
        for set_name, queries in query_sets(shared):
            scores = {name: {"ndcg": [], "recall": [], "returned": []} for name in systems}
            if not args.quiet:
                print(f"\n{set_name}: nDCG@10 then Recall@20, {' / '.join(systems)}")
            for item in queries:
                judged = {doc_id: int(grade) for doc_id, grade in item["relevant"].items()}
                filters = item.get("filters") or {}
                rankings = {}
                for name, system in systems.items():
                    found = (system.ranking(item["text"], filters) if hasattr(system, "ranking")
                             else carebridge_ranking(system, item["text"], filters))
                    rankings[name] = by_position(found, positions)
                    if not judged:  # nothing answers it: count what is returned instead
                        scores[name]["returned"].append(len(rankings[name][:10]))
                        continue
                    scores[name]["ndcg"].append(ndcg_at(10, rankings[name], judged))
                    scores[name]["recall"].append(recall_at(20, rankings[name], judged))
                label = f"{item['id']} {item['text']}" + (f" {filters}" if filters else "")
                if not judged:
                    if not args.quiet:
                        returned = " ".join(str(scores[n]["returned"][-1]) for n in systems)
                        print(f"{label[:44]:<44} no answer; results in top 10: {returned}")
                elif not args.quiet:
                    ndcg = " ".join(f"{scores[n]['ndcg'][-1]:.3f}" for n in systems)
                    recall = " ".join(f"{scores[n]['recall'][-1]:.3f}" for n in systems)
                    print(f"{label[:44]:<44} {ndcg}   {recall}")
                if args.show == item["id"]:
                    for name, ranking in rankings.items():
                        print(f"  {name}:")
                        for doc_id in ranking[:10]:
                            print(f"    {judged.get(doc_id, 0)} {doc_id:>5} {names[doc_id][:70]}")
            summary.append((set_name, len(queries), scores))
        print()
        for set_name, count, scores in summary:
            count -= len(scores["BM25"]["returned"])
            for metric, label in (("ndcg", "nDCG@10"), ("recall", "Recall@20")):
                base = mean(scores["BM25"][metric])
                ours = "   ".join(
                    f"{name} {mean(scores[name][metric]):.3f} "
                    f"({mean(scores[name][metric]) - base:+.3f})"
                    for name in systems if name != "BM25"
                )
                print(f"{set_name:<19} ({count:>2} queries) {label:<9} plain BM25 {base:.3f}   "
                      f"{ours}")
            if scores["BM25"]["returned"]:
                returned = "   ".join(f"{name} {mean(scores[name]['returned']):.1f}"
                                      for name in systems)
                print(f"{set_name:<19} ({len(scores['BM25']['returned']):>2} with no answer) "
                      f"results in their top 10: {returned}")


if __name__ == "__main__":
    main()
