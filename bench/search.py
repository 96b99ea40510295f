"""Index build time and query latency: Whoosh and PostgreSQL beside SQLite FTS5, same data.

    python bench/search.py [--size 100000] [--repeat 3] [--backends whoosh,postgres]

Generates a directory from the real cip_2013 records (see synthetic_directory.py), indexes it
with every engine, runs the same mix of text-only, filtered and geo queries against each, and
prints build time and p50/p95 latency with each backend's ratio to FTS5, and how long
re-indexing one service takes in PostgreSQL at a tenth of the size and at the full size (the
ratio should be about 1: the work of one upsert must not grow with the index). PostgreSQL runs in a
scratch schema of $CAREBRIDGE_BENCH_POSTGRES_URL (or the test database; see
postgres_scratch.py). FTS5 gets the same filters (languages, city, ages, free, opening hours,
an R-tree for the map box) but does less text work: no synonyms, no spelling, no categories,
no coordination, no facets over languages beyond a GROUP BY.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_data import cip_documents, shared_folder  # noqa: E402
from fts5_directory import Fts5Directory  # noqa: E402
from postgres_scratch import scratch_engine  # noqa: E402
from synthetic_directory import ZIP_CENTROIDS, synthetic_documents  # noqa: E402

from resource_directory.search.backend import SearchQuery  # noqa: E402
from resource_directory.search.postgres_backend import PostgresBackend  # noqa: E402
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


def reindex_one(backend, documents, times: int = 15) -> float:
    """Median seconds to re-index one service (a changed description), after one warm-up."""
    changed = [replace(documents[i * 7 % len(documents)],
                       description=documents[i * 7 % len(documents)].description + " Updated.")
               for i in range(times + 1)]
    backend.upsert([changed[0]])
    spent = []
    for document in changed[1:]:
        started = time.perf_counter()
        backend.upsert([document])
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def postgres_reindex_small(documents, size: int) -> float | None:
    """Re-indexing one service in a PostgreSQL index of ``size`` services, in its own scratch
    schema (dropped afterwards)."""
    with scratch_engine() as engine:
        if engine is None:
            return None
        backend = PostgresBackend(engine, locate_zip=ZIP_CENTROIDS.get)
        backend.rebuild(documents[:size])
        return reindex_one(backend, documents[:size])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="services to generate")
    parser.add_argument("--repeat", type=int, default=3, help="times each query runs")
    parser.add_argument("--procs", type=int, default=None,
                        help="Whoosh writer processes (default: one per core, up to 4)")
    parser.add_argument("--backends", default="whoosh,postgres",
                        help="which backends to measure beside FTS5 (comma-separated)")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.backends.split(",") if name.strip()]
    documents = list(synthetic_documents(cip_documents(shared_folder()), args.size))
    queries = query_mix()
    builds: dict[str, float] = {}
    times: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp, scratch_engine() as engine:
        started = time.perf_counter()
        fts5 = Fts5Directory(Path(tmp) / "fts5.sqlite", locate_zip=ZIP_CENTROIDS.get)
        fts5.rebuild(documents)
        builds["FTS5"] = time.perf_counter() - started
        backends = {}
        if "whoosh" in wanted:
            started = time.perf_counter()
            backends["Whoosh"] = WhooshBackend(Path(tmp) / "whoosh", locate_zip=ZIP_CENTROIDS.get)
            backends["Whoosh"].rebuild(documents, procs=args.procs)
            builds["Whoosh"] = time.perf_counter() - started
        if "postgres" in wanted and engine is not None:
            started = time.perf_counter()
            backends["PostgreSQL"] = PostgresBackend(engine, locate_zip=ZIP_CENTROIDS.get)
            backends["PostgreSQL"].rebuild(documents)
            builds["PostgreSQL"] = time.perf_counter() - started
        for _kind, query in queries[:3]:  # warm every cache once
            fts5.search(query)
            for backend in backends.values():
                backend.search(query)
        times["FTS5"] = timed(fts5.search, queries, args.repeat)
        for name, backend in backends.items():
            times[name] = timed(backend.search, queries, args.repeat)
        reindex = {}
        if "PostgreSQL" in backends:
            reindex[args.size] = reindex_one(backends["PostgreSQL"], documents)
        if "Whoosh" in backends:  # after the queries: an edit starts a new index version
            whoosh_reindex = reindex_one(backends["Whoosh"], documents, times=5)
    if reindex:
        small = max(1, args.size // 10)
        reindex[small] = postgres_reindex_small(documents, small)

    names = list(backends)
    print(f"{args.size} services, {len(queries)} queries × {args.repeat}\n")
    header = "".join(f"{name:>12} {'ratio':>7}" for name in names)
    print(f"{'':<22} {'FTS5':>10}{header}")
    row = "".join(f"{builds[n]:>12.1f} {builds[n] / builds['FTS5']:>6.1f}x" for n in names)
    print(f"{'build (s)':<22} {builds['FTS5']:>10.1f}{row}")
    for kind in ("text", "filtered", "geo", "all"):
        for label, share in (("p50", 0.5), ("p95", 0.95)):
            base = percentile(times["FTS5"][kind], share) * 1000
            row = "".join(
                f"{percentile(times[n][kind], share) * 1000:>12.1f} "
                f"{percentile(times[n][kind], share) * 1000 / base:>6.1f}x"
                for n in names
            )
            print(f"{kind + ' ' + label + ' (ms)':<22} {base:>10.1f}{row}")
    means = ", ".join(f"{n} {statistics.mean(times[n]['all']) * 1000:.1f} ms"
                      for n in ["FTS5", *names])
    print(f"\nmean over all queries: {means}")
    if reindex:
        small, large = sorted(reindex)
        print(f"PostgreSQL re-index one service: {reindex[small] * 1000:.1f} ms at {small} "
              f"services, {reindex[large] * 1000:.1f} ms at {large}: "
              f"{reindex[large] / reindex[small]:.2f}x")
    if "Whoosh" in backends:
        print(f"Whoosh re-indexes one service in {whoosh_reindex * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
