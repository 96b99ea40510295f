"""Ranking quality on graded queries: Carebridge's ranking beside plain BM25, in the same run.

    python bench/relevance.py [--show e03] [--quiet]

Two sets: the dev queries in ../shared (relevance_dev.json) and the everyday queries of
bench/relevance_everyday.json (see everyday_judging.py), reported separately for its tuning and
held-out parts. Both rankings index the same documents in this run (cip_2013.json through the
product's importer, tagged with Open Eligibility terms); a query's filters (language, city) are
hard constraints for both. Prints nDCG@10 and Recall@20 per query and the means per set.
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

from resource_directory.search.backend import SearchQuery  # noqa: E402
from resource_directory.search.evaluation import mean, ndcg_at, recall_at  # noqa: E402
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


def carebridge_ranking(backend: WhooshBackend, text: str, filters: dict) -> list[str]:
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
    everyday = json.loads((Path(__file__).resolve().parent / "relevance_everyday.json").read_text())
    return [
        ("dev (shared)", dev["queries"]),
        ("everyday, tuning", [q for q in everyday["queries"] if q["split"] == "tuning"]),
        ("everyday, held-out", [q for q in everyday["queries"] if q["split"] == "held-out"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print both rankings of this query id, with grades")
    parser.add_argument("--quiet", action="store_true", help="print only the means")
    args = parser.parse_args()
    shared = shared_folder()
    documents = cip_documents(shared)
    positions = {d.id: d.source_id for d in documents}
    names = {d.source_id: d.name for d in documents}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        backend = WhooshBackend(Path(tmp) / "carebridge")
        backend.rebuild(documents)
        baseline = PlainBM25(Path(tmp), documents)
        print(f"indexed {len(documents)} documents twice in "
              f"{time.perf_counter() - started:.1f}s")
        summary = []
        for set_name, queries in query_sets(shared):
            scores = {"ndcg": ([], []), "recall": ([], [])}
            if not args.quiet:
                print(f"\n{set_name}\n{'query':<42} {'nDCG@10':>16} {'Recall@20':>16}")
                print(f"{'':<42} {'BM25':>7} {'ours':>8} {'BM25':>7} {'ours':>8}")
            for item in queries:
                judged = {doc_id: int(grade) for doc_id, grade in item["relevant"].items()}
                filters = item.get("filters") or {}
                rankings = (
                    by_position(baseline.ranking(item["text"], filters), positions),
                    by_position(carebridge_ranking(backend, item["text"], filters), positions),
                )
                for side, ranking in enumerate(rankings):
                    scores["ndcg"][side].append(ndcg_at(10, ranking, judged))
                    scores["recall"][side].append(recall_at(20, ranking, judged))
                row = [scores["ndcg"][0][-1], scores["ndcg"][1][-1],
                       scores["recall"][0][-1], scores["recall"][1][-1]]
                label = f"{item['id']} {item['text']}" + (f" {filters}" if filters else "")
                if not args.quiet:
                    print(f"{label[:42]:<42} {row[0]:>7.3f} {row[1]:>8.3f} "
                          f"{row[2]:>7.3f} {row[3]:>8.3f}")
                if args.show == item["id"]:
                    for name, ranking in zip(("BM25", "ours"), rankings, strict=True):
                        print(f"  {name}:")
                        for doc_id in ranking[:10]:
                            print(f"    {judged.get(doc_id, 0)} {doc_id:>5} {names[doc_id][:70]}")
            summary.append((set_name, len(queries), scores))
        print()
        for set_name, count, scores in summary:
            for metric, label in (("ndcg", "nDCG@10"), ("recall", "Recall@20")):
                base, ours = (mean(values) for values in scores[metric])
                print(f"{set_name:<19} ({count:>2} queries) {label:<9} plain BM25 {base:.3f}   "
                      f"Carebridge {ours:.3f}   difference {ours - base:+.3f}")


if __name__ == "__main__":
    main()
