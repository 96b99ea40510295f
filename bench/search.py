"""Index build time and query latency: the Whoosh backend beside SQLite FTS5, same data.

    python bench/search.py [--size 100000] [--repeat 3]

Generates a directory from the real cip_2013 records (see synthetic_directory.py), indexes it
with both engines, runs the same mix of text-only, filtered and geo queries against each, and
prints build time and p50/p95 latency with the Whoosh/FTS5 ratio. FTS5 gets the same filters
(languages, city, ages, free, opening hours, an R-tree for the map box) but does less text work:
no synonyms, no spelling fixes, no facets over languages beyond a GROUP BY.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_data import cip_documents, shared_folder  # noqa: E402
from fts5_directory import Fts5Directory  # noqa: E402
from synthetic_directory import ZIP_CENTROIDS, synthetic_documents  # noqa: E402

from resource_directory.search.backend import SearchQuery  # noqa: E402
from resource_directory.search.whoosh_backend import WhooshBackend  # noqa: E402

AT = datetime(2024, 5, 15, 16, 0, tzinfo=ZoneInfo("America/Los_Angeles"))  # a Wednesday
WORDS = ["food pantry", "counseling", "hospice", "legal assistance", "child care",
         "emergency shelter", "dental", "employment", "senior meals", "substance abuse",
         "immigration", "tutoring", "housing", "domestic violence", "transportation"]


def query_mix() -> list[tuple[str, SearchQuery]]:
    mix: list[tuple[str, SearchQuery]] = []
    for number, text in enumerate(WORDS):
        zip_code = list(ZIP_CENTROIDS)[number % len(ZIP_CENTROIDS)]
        mix.append(("text", SearchQuery(text=text)))
        mix.append(("filtered", SearchQuery(
            text=text, language="spanish", age=30 if number % 2 else None,
            free=number % 3 == 0, open_now=number % 2 == 0, at=AT,
        )))
        mix.append(("geo", SearchQuery(text=text, zip=zip_code, radius_km=5, sort="distance")))
    return mix


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(run, queries, repeat):
    latencies: dict[str, list[float]] = {}
    for _ in range(repeat):
        for kind, query in queries:
            started = time.perf_counter()
            run(query)
            latencies.setdefault(kind, []).append(time.perf_counter() - started)
            latencies.setdefault("all", []).append(latencies[kind][-1])
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="services to generate")
    parser.add_argument("--repeat", type=int, default=3, help="times each query runs")
    parser.add_argument("--procs", type=int, default=None,
                        help="Whoosh writer processes (default: one per core, up to 4)")
    args = parser.parse_args()
    documents = list(synthetic_documents(cip_documents(shared_folder()), args.size))
    queries = query_mix()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        whoosh = WhooshBackend(Path(tmp) / "whoosh", locate_zip=ZIP_CENTROIDS.get)
        whoosh.rebuild(documents, procs=args.procs)
        whoosh_build = time.perf_counter() - started

        started = time.perf_counter()
        fts5 = Fts5Directory(Path(tmp) / "fts5.sqlite", locate_zip=ZIP_CENTROIDS.get)
        fts5.rebuild(documents)
        fts5_build = time.perf_counter() - started

        for _kind, query in queries[:3]:  # warm both caches once
            whoosh.search(query), fts5.search(query)
        whoosh_times = timed(whoosh.search, queries, args.repeat)
        fts5_times = timed(fts5.search, queries, args.repeat)

    print(f"{args.size} services, {len(queries)} queries × {args.repeat}\n")
    print(f"{'':<22} {'Whoosh':>10} {'FTS5':>10} {'ratio':>8}")
    print(f"{'build (s)':<22} {whoosh_build:>10.1f} {fts5_build:>10.1f} "
          f"{whoosh_build / fts5_build:>7.1f}x")
    for kind in ("text", "filtered", "geo", "all"):
        for label, share in (("p50", 0.5), ("p95", 0.95)):
            ours = percentile(whoosh_times[kind], share) * 1000
            theirs = percentile(fts5_times[kind], share) * 1000
            print(f"{kind + ' ' + label + ' (ms)':<22} {ours:>10.1f} {theirs:>10.1f} "
                  f"{ours / theirs:>7.1f}x")
    print(f"\nmean over all queries: Whoosh {statistics.mean(whoosh_times['all']) * 1000:.1f} ms, "
          f"FTS5 {statistics.mean(fts5_times['all']) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
