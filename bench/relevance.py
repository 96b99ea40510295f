"""Ranking quality on the graded dev queries: Carebridge's ranking beside plain BM25.

    python bench/relevance.py [--show d01]

Both rankings index the same documents in this run (cip_2013.json through the product's
importer, tagged with Open Eligibility terms); the query's filters (language, city) are hard
constraints for both. Prints nDCG@10 and Recall@20 per query and on average.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print both rankings of this query id, with grades")
    args = parser.parse_args()
    shared = shared_folder()
    dev = json.loads((shared / "data/ohana-san-mateo/relevance_dev.json").read_text())
    documents = cip_documents(shared)
    positions = {d.id: d.source_id for d in documents}
    names = {d.source_id: d.name for d in documents}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        backend = WhooshBackend(Path(tmp) / "carebridge")
        backend.rebuild(documents)
        baseline = PlainBM25(Path(tmp), documents)
        print(f"indexed {len(documents)} documents twice in "
              f"{time.perf_counter() - started:.1f}s\n")
        print(f"{'query':<42} {'nDCG@10':>16} {'Recall@20':>16}")
        print(f"{'':<42} {'BM25':>7} {'ours':>8} {'BM25':>7} {'ours':>8}")
        scores = {"ndcg": ([], []), "recall": ([], [])}
        for item in dev["queries"]:
            judged = {doc_id: int(grade) for doc_id, grade in item["relevant"].items()}
            filters = item.get("filters") or {}
            rankings = (
                by_position(baseline.ranking(item["text"], filters), positions),
                by_position(carebridge_ranking(backend, item["text"], filters), positions),
            )
            row = []
            for side, ranking in enumerate(rankings):
                scores["ndcg"][side].append(ndcg_at(10, ranking, judged))
                scores["recall"][side].append(recall_at(20, ranking, judged))
            row = [scores["ndcg"][0][-1], scores["ndcg"][1][-1],
                   scores["recall"][0][-1], scores["recall"][1][-1]]
            label = f"{item['id']} {item['text']}" + (f" {filters}" if filters else "")
            print(f"{label[:42]:<42} {row[0]:>7.3f} {row[1]:>8.3f} {row[2]:>7.3f} {row[3]:>8.3f}")
            if args.show == item["id"]:
                for name, ranking in zip(("BM25", "ours"), rankings, strict=True):
                    print(f"  {name}:")
                    for doc_id in ranking[:10]:
                        print(f"    {judged.get(doc_id, 0)} {doc_id:>5} {names[doc_id][:70]}")
        print()
        for metric, label in (("ndcg", "nDCG@10"), ("recall", "Recall@20")):
            base, ours = (mean(values) for values in scores[metric])
            ratio = f"{ours / base:.2f}x" if base else "n/a"
            print(f"mean {label:<10} baseline BM25 {base:.3f}   Carebridge {ours:.3f}   "
                  f"ratio {ratio}")


if __name__ == "__main__":
    main()
