"""Matching quality on a graded set of needs × San Mateo services, beside two baselines.

    python bench/matching.py [--show m01] [--split dev|held_out]

The directory is cip_2013.json through the product's importer (as bench/relevance.py). Each
case is a need for one client (ZIP, age, household, language); its judgements are the need's
grades, adjusted for the client as bench/data/matching_judgements.json describes. Rankings:
  - matching: ``resource_directory.matching.Matcher`` (what the client file uses: each need's
              queries asked once, a client's ranking computed from them) with the need's
              vocabulary entry; ``--exact`` also ranks with ``match_services`` (every query
              asked with the client's filters) and counts the cases whose top 10 differ;
  - search:   the product's search over the need's label, with the client's ZIP and age;
  - BM25:     plain BM25 over the need's label (no synonyms, no categories, no context).
Prints nDCG@10 and Recall@20 per case, and their means for the dev and held-out cases.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_data import cip_documents, shared_folder  # noqa: E402
from relevance import PlainBM25  # noqa: E402

from carebridge.assessments.vocabulary import shipped_vocabulary  # noqa: E402
from resource_directory.geography import haversine_km, locate  # noqa: E402
from resource_directory.matching import (  # noqa: E402
    ClientContext,
    Matcher,
    match_services,
    service_reach,
)
from resource_directory.search.backend import SearchQuery  # noqa: E402
from resource_directory.search.document import ServiceDocument  # noqa: E402
from resource_directory.search.evaluation import mean, ndcg_at, recall_at  # noqa: E402
from resource_directory.search.whoosh_backend import WhooshBackend  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
DEPTH = 20
FAR_KM = 30.0
SYSTEMS = ("BM25", "search", "matching")


@dataclass(frozen=True)
class Case:
    id: str
    need: str
    context: ClientContext
    split: str


def load_cases() -> tuple[dict, list[Case]]:
    data = json.loads((DATA / "matching_judgements.json").read_text())
    cases = [
        Case(item["id"], item["need"], ClientContext(
            zip=item["context"].get("zip"),
            age=item["context"].get("age"),
            household_ages=tuple(item["context"].get("household_ages", ())),
            language=item["context"].get("language"),
        ), item["split"])
        for item in data["cases"]
    ]
    return data["judgements"], cases


def vocabulary():
    """The shipped needs and the held-out ones, added as an agency adds its own."""
    return shipped_vocabulary().extended(json.loads((DATA / "matching_needs.json").read_text()))


def case_judgements(
    grades: dict[str, int], context: ClientContext, documents: list[ServiceDocument]
) -> dict[str, int]:
    """The need's grades adjusted for this client (see the judgements file's notes)."""
    by_record: dict[str, list[ServiceDocument]] = {}
    for document in documents:
        by_record.setdefault(document.source_id, []).append(document)
    centre = locate(context.zip) if context.zip else None
    language = context.language_name()
    ages = [a for a in (context.age, *context.household_ages) if a is not None]
    adjusted = {}
    for record, grade in grades.items():
        document = by_record[record][0]
        low = document.minimum_age if document.minimum_age is not None else 0
        high = document.maximum_age if document.maximum_age is not None else 999
        if ages and not any(low <= age <= high for age in ages):
            grade = 0
        if language and language not in document.languages:
            grade = min(grade, 1)
        if centre and document.latitude is not None and document.longitude is not None:
            if haversine_km(centre, (document.latitude, document.longitude)) > FAR_KM:
                grade = min(grade, 1)
        adjusted[record] = grade
    return adjusted


def by_record(ranking: list[str], positions: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(positions[doc_id] for doc_id in ranking))


@dataclass
class Timing:
    """Seconds spent: gathering each need's evidence once, then each case's ranking."""

    evidence: list[float]
    ranking: list[float]
    exact: list[float]
    differing: int = 0


def rankings(case: Case, need, backend, baseline, positions, matcher: Matcher,
             timing: Timing, exact: bool = False) -> dict[str, list[str]]:
    context = case.context
    started = time.perf_counter()
    matcher.evidence(need)
    timing.evidence.append(time.perf_counter() - started)
    started = time.perf_counter()
    matched = matcher.match(need, context, limit=DEPTH)
    timing.ranking.append(time.perf_counter() - started)
    if exact:
        started = time.perf_counter()
        reference = match_services(backend, need, context, limit=DEPTH)
        timing.exact.append(time.perf_counter() - started)
        if [m.service_id for m in reference[:10]] != [m.service_id for m in matched[:10]]:
            timing.differing += 1
    searched = backend.search(SearchQuery(
        text=need.label, zip=context.zip, age=context.age, per_page=DEPTH))
    return {
        "BM25": by_record(baseline.ranking(need.label, {}), positions),
        "search": by_record([hit.id for hit in searched.hits], positions),
        "matching": by_record([m.hit.id for m in matched], positions),
    }


def evaluate(documents, backend, baseline, cases, judgements, needs, show=None, out=print,
             exact=False):
    """Score every case; return {split: {system: (mean nDCG@10, mean Recall@20)}}."""
    matcher = Matcher(backend, service_reach(documents))
    timing = Timing([], [], [])
    positions = {d.id: d.source_id for d in documents}
    names = {d.source_id: d.name for d in documents}
    scores: dict[str, dict[str, list[tuple[float, float]]]] = {}
    out(f"{'case':<34} {'nDCG@10':>24} {'Recall@20':>24}")
    out(f"{'':<34} " + " ".join(f"{s:>7}" for s in SYSTEMS) + "  "
        + " ".join(f"{s:>7}" for s in SYSTEMS))
    for case in cases:
        need = needs.get(case.need)
        judged = case_judgements(judgements[case.need], case.context, documents)
        ranked = rankings(case, need, backend, baseline, positions, matcher, timing, exact)
        row = {s: (ndcg_at(10, ranked[s], judged), recall_at(20, ranked[s], judged))
               for s in SYSTEMS}
        for system, value in row.items():
            scores.setdefault(case.split, {}).setdefault(system, []).append(value)
        label = f"{case.id} {case.need} ({case.split})"
        out(f"{label[:34]:<34} " + " ".join(f"{row[s][0]:>7.3f}" for s in SYSTEMS) + "  "
            + " ".join(f"{row[s][1]:>7.3f}" for s in SYSTEMS))
        if show == case.id:
            for match in matcher.match(need, case.context, limit=10):
                record = positions[match.hit.id]
                out(f"    {judged.get(record, 0)} {record:>5} {names[record][:40]:<40} "
                    f"{match.explanation}")
    summary = {
        split: {s: (mean([v[0] for v in values[s]]), mean([v[1] for v in values[s]]))
                for s in SYSTEMS}
        for split, values in scores.items()
    }
    out("")
    for split, by_system in summary.items():
        out(f"{split:<9} " + "   ".join(
            f"{s} nDCG@10 {v[0]:.3f} Recall@20 {v[1]:.3f}" for s, v in by_system.items()))
    gathered = sorted(t for t in timing.evidence if t > 0.001)  # first sight of each need
    out(f"\nspeed: each need's evidence gathered once in {median(gathered) * 1000:.0f} ms "
        f"median ({max(gathered) * 1000:.0f} ms max, {len(gathered)} needs); a client's "
        f"ranking for a need from it {median(timing.ranking) * 1000:.1f} ms median "
        f"({max(timing.ranking) * 1000:.1f} ms max)")
    if exact:
        out(f"       match_services asking every query with the client's filters: "
            f"{median(timing.exact) * 1000:.0f} ms median per case; top 10 differs from "
            f"Matcher's in {timing.differing} of {len(timing.exact)} cases")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print the matches of this case id, with grades")
    parser.add_argument("--split", choices=("dev", "held_out"))
    parser.add_argument("--exact", action="store_true",
                        help="also rank with match_services and compare (slow)")
    args = parser.parse_args()
    documents = cip_documents(shared_folder())
    judgements, cases = load_cases()
    cases = [c for c in cases if args.split in (None, c.split)]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        backend = WhooshBackend(Path(tmp) / "carebridge", locate_zip=locate)
        backend.rebuild(documents)
        baseline = PlainBM25(Path(tmp), documents)
        print(f"indexed {len(documents)} documents twice in "
              f"{time.perf_counter() - started:.1f}s\n")
        started = time.perf_counter()
        evaluate(documents, backend, baseline, cases, judgements, vocabulary(), args.show,
                 exact=args.exact)
        print(f"\n{len(cases)} cases in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
