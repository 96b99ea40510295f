"""Coordination ranking inside PostgreSQL: one statement scans the matching services once and
returns only the page, the total and the facets, so no candidate leaves the server.

The sums are those of ``ranking.rank_arrays`` (and of the Whoosh backend): per concept the best
weighted ``ts_rank`` of its alternatives plus a tie-break share of the others, a credit of 1 for
the words or a synonym and ``CATEGORY_CREDIT`` for the category alone, coverage as the share of
the required concepts' weight a service's credits cover, services covering less than
``KEEP_FROM_SHARE`` of the best coverage dropped. Profiles showed where the time went before:
not in ``ts_rank`` (a statement returning only ids costs as much as one returning every rank)
but in sending every candidate to Python and reading the kept ones again for the facets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from resource_directory.search.geo import EARTH_RADIUS_KM
from resource_directory.search.postgres_schema import TEXT_CONFIG
from resource_directory.search.ranking import (
    COORDINATION_POWER,
    KEEP_FROM_SHARE,
    OPTIONAL_SHARE,
)
from resource_directory.search.whoosh_backend import (
    ALTERNATIVE_WEIGHT,
    CATEGORY_CREDIT,
    TIEBREAK,
)

# ts_rank is a small number (about 0.1 for one match); scale it to BM25-like magnitudes so
# scores read alike across backends.
RANK_SCALE = 100.0
KINDS = (("d", "document", ALTERNATIVE_WEIGHT["query"]),
         ("s", "document", ALTERNATIVE_WEIGHT["synonym"]),
         ("c", "category_tsv", ALTERNATIVE_WEIGHT["category"]))
assert COORDINATION_POWER == 2.0  # written as coverage * coverage below


@dataclass
class RankedPage:
    """What one search statement returns: the page (id, score, distance, opens on a day asked
    for, stored fields, card), how many services matched, the facets, and whether some
    service matched every concept."""

    hits: list[tuple] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(
        default_factory=lambda: {"c": {}, "l": {}, "a": {}})
    every: bool = False


def tsq(name: str) -> str:
    """SQL for a bound tsquery text, parsed and stemmed by the server."""
    return f"to_tsquery('{TEXT_CONFIG}', :{name})"


def either(values: list[str]) -> str:
    return " | ".join(f"({value})" for value in values)


def keepable(required: list[int], weights: list[float], matches: dict) -> str | None:
    """When some service passing the filters matches every required concept by its words or
    synonyms (so the best coverage is 1), the condition a kept service meets: its credits
    cover at least ``KEEP_FROM_SHARE`` of the required weight. Written as the index can answer
    it, an OR of ANDs of concept matches (each the least credits that keep), so rows that
    cannot be kept are never read; the ranking still checks the coverage of those it reads.
    None when every candidate would be kept (one concept, or credits too even to drop any).
    ``matches`` holds each concept's (kind, condition) pairs."""
    total = sum(weights[i] for i in required)
    levels = []  # per required concept, its ways to count, least first: (credit, condition)
    for i in required:
        present = [condition for _kind, condition in matches.get(i, [])]
        by_words = [condition for kind, condition in matches.get(i, []) if kind != "c"]
        ways = [(0.0, None)]
        if len(by_words) < len(present):
            ways.append((weights[i] * CATEGORY_CREDIT, "(" + " OR ".join(present) + ")"))
        if by_words:
            ways.append((weights[i], "(" + " OR ".join(by_words) + ")"))
        levels.append(ways)
    floor = KEEP_FROM_SHARE * total - 1e-6 * max(total, 1.0)  # below the exact floor, never above
    keeping = [combo for combo in product(*(range(len(ways)) for ways in levels))
               if sum(levels[k][level][0] for k, level in enumerate(combo)) >= floor]
    least = [combo for combo in keeping if not any(
        other != combo and all(o <= c for o, c in zip(other, combo, strict=True))
        for other in keeping)]
    if all(sorted(combo) == [0] * (len(combo) - 1) + [1] for combo in least):
        return None  # any one concept at its least credit keeps: every candidate is kept
    return "(" + " OR ".join(
        "(" + " AND ".join(levels[k][level][1] for k, level in enumerate(combo) if level) + ")"
        for combo in least) + ")"


def ranking_statement(tsqueries, optional: list[bool], weights: list[float], where: list[str],
                      params: dict, *, centre, radius_km, days, by_distance: bool, limit: int,
                      offset: int, complete: bool = False) -> tuple[str, dict]:
    """The statement (and its parameters) ranking the services that pass ``where`` and match
    some concept; ``tsqueries`` are each concept's (words, synonyms, category) tsquery texts,
    ``weights`` each required concept's weight (ignored for optional ones); ``complete``: some
    service passing ``where`` matches every required concept by its words or synonyms."""
    params = dict(params)
    ranks, matches = [], {}
    required = [i for i, flag in enumerate(optional) if not flag]
    for i, alternatives in enumerate(tsqueries):
        for (kind, column, weight), values in zip(KINDS, alternatives, strict=True):
            if values:
                params[f"{kind}{i}"] = values if isinstance(values, str) else either(values)
                q = tsq(f"{kind}{i}")
                ranks.append(f"CASE WHEN {column} @@ {q} THEN "
                             f"{RANK_SCALE} * ts_rank({column}, {q})::float8 * {weight!r} "
                             f"END AS k{kind}{i}")
                matches.setdefault(i, []).append((kind, f"{column} @@ {q}"))
            else:
                ranks.append(f"NULL::float8 AS k{kind}{i}")
    # The index finds the services matching some required concept (any concept when none is
    # required): one matching only an optional concept is never a candidate, so its row is not
    # read (text "senior meals": 4,967 kept of 18,000 rows read before).
    finding = [m for i in (required or range(len(tsqueries))) for _, m in matches.get(i, [])]
    found = "(" + " OR ".join(finding) + ")" if finding else None
    if complete and found:
        found = keepable(required, weights, matches) or found
    conditions = list(where) + ([found] if found else [])
    if centre:
        params.update(centre_lat=centre[0], centre_lon=centre[1])
        distance = (  # haversine, as geo.haversine_km
            f"2 * {EARTH_RADIUS_KM!r} * asin(least(1.0, sqrt("
            "power(sin((radians(latitude) - radians(:centre_lat)) / 2), 2) "
            "+ cos(radians(:centre_lat)) * cos(radians(latitude)) "
            "* power(sin(radians(longitude - :centre_lon) / 2), 2))))"
        )
    else:
        distance = "NULL::float8"
    if days:
        params["days"] = sorted(days)
    on_day = "open_days && CAST(:days AS integer[])" if days else "false"

    scores, covered, lifts, present = {}, [], [], {}
    for i in range(len(tsqueries)):
        d, s, c = (f"k{kind}{i}" for kind, _, _ in KINDS)
        best = f"GREATEST({d}, {s}, {c})"
        present[i] = f"({d} IS NOT NULL OR {s} IS NOT NULL OR {c} IS NOT NULL)"
        rest = f"(COALESCE({d}, 0) + COALESCE({s}, 0) + COALESCE({c}, 0) - {best})"
        scores[i] = f"COALESCE({best} + {TIEBREAK!r} * {rest}, 0)"
        if i in required:
            params[f"w{i}"] = weights[i]
            covered.append(f"CASE WHEN {d} IS NOT NULL OR {s} IS NOT NULL THEN :w{i} "
                           f"WHEN {c} IS NOT NULL THEN :w{i} * {CATEGORY_CREDIT!r} ELSE 0 END")
        else:
            lifts.append(scores[i])
    total_weight = sum(weights[i] for i in required)
    params["total_weight"] = total_weight
    if not tsqueries:
        candidate, coverage, score = "true", "1.0", "0.0"
    else:
        candidate = " OR ".join(present[i] for i in (required or range(len(tsqueries))))
        coverage = (f"({' + '.join(covered)}) / :total_weight" if covered and total_weight
                    else "1.0")
        summed = " + ".join(scores[i] for i in required) or "0"
        score = f"({summed}) * coverage * coverage"
        if lifts:
            score += f" + {OPTIONAL_SHARE!r} * ({' + '.join(lifts)})"
    radius = ""
    if radius_km is not None:
        params["radius_km"] = radius_km
        radius = " AND distance IS NOT NULL AND distance <= :radius_km"
    if by_distance:
        # Nearest first when some kept service has a place; by score otherwise.
        near = "(SELECT bool_or(distance IS NOT NULL) FROM kept)"
        order = (f"({near} AND distance IS NULL), CASE WHEN {near} THEN distance END, "
                 f"CASE WHEN {near} THEN -score END, CASE WHEN {near} THEN id COLLATE \"C\" END, ")
    else:
        order = ""
    # Scores equal to 9 decimals tie (then by id), rounded in float8: as numeric, the
    # conversion and rounding cost 25 ms for 22,000 kept services (EXPLAIN ANALYZE).
    order += "NOT on_day, round(score * 1e9) DESC, id COLLATE \"C\""
    params.update(limit=limit, offset=offset)
    sql = f"""
WITH scored AS MATERIALIZED (
    SELECT id, distance, on_day, facet_codes, coverage, {score} AS score
    FROM (SELECT *, {coverage} AS coverage FROM (
        SELECT id, {distance} AS distance, {on_day} AS on_day, facet_codes,
            {', '.join(ranks) if ranks else 'NULL AS none'}
        FROM search_document{' WHERE ' + ' AND '.join(conditions) if conditions else ''}
        OFFSET 0  -- not flattened: each rank computed once, however often it is used above
    ) AS matched WHERE {candidate}) AS c
), best AS (
    SELECT max(coverage) AS coverage FROM scored
), kept AS MATERIALIZED (
    SELECT scored.* FROM scored, best
    WHERE scored.coverage >= {KEEP_FROM_SHARE!r} * best.coverage - 1e-9{radius}
), page AS (  -- a top-N sort: only the page is ordered in full, then numbered in that order
    SELECT *, row_number() OVER () AS position FROM (
        SELECT id, score, distance, on_day FROM kept ORDER BY {order} LIMIT :limit OFFSET :offset
    ) AS ordered
), facets AS (  -- counted by code, named after
    SELECT left(f.tagged, 1) AS kind, substr(f.tagged, 3) AS value, counted.n
    FROM (SELECT code, count(*) AS n FROM (SELECT unnest(facet_codes) AS code FROM kept) AS u
          GROUP BY code) AS counted JOIN search_facet f ON f.code = counted.code
)
SELECT 0 AS part, p.position, p.id, p.score, p.distance, p.on_day,
    NULL AS kind, NULL AS value, NULL::bigint AS n, d.fields, d.card
FROM page p JOIN search_document d ON d.id = p.id
UNION ALL
SELECT 1, row_number() OVER (ORDER BY n DESC, value), NULL, NULL, NULL, NULL, kind, value, n,
    NULL, NULL FROM facets
UNION ALL
SELECT 2, 0, NULL, (SELECT coverage FROM best), NULL, NULL, NULL, NULL,
    (SELECT count(*) FROM kept), NULL, NULL"""
    return sql, params


def read_ranked(rows) -> RankedPage:
    """The statement's rows as a ``RankedPage``."""
    page = RankedPage()
    for part, _position, key, score, distance, on_day, kind, value, n, fields, card in sorted(
        rows, key=lambda row: (row[0], row[1])
    ):
        if part == 0:
            page.hits.append((key, score, distance, on_day, fields, card))
        elif part == 1:
            page.facets[kind][value] = n
        else:
            page.total = n
            page.every = score is not None and score >= 1.0 - 1e-9
    return page
