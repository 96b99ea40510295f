"""Matching a client's need to directory services: ranked, near them, open to them, explained.

Built only on the public search API (``SearchBackend.search`` and its result objects). A need
comes from the needs vocabulary: its taxonomy terms and the phrases directories use for it.
Each term is searched as a category filter and each phrase as a query, for every age in the
client's household; the evidence is fused by rank (a service found by several queries, or by
a category, is more surely what the need asks for), then weighed by how far the service is
and whether it speaks the client's language. Each match says why in words a care manager reads:
"food pantry · 2.1 km · speaks Spanish · open Saturdays".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .languages import normalize_language
from .opening_hours import parse_weekly_hours
from .search.backend import SearchBackend, SearchHit, SearchQuery

# How many results each query contributes; a county's directory rarely has more per need.
PER_QUERY = 60
# Rank fusion: a hit at rank r of a phrase query adds PHRASE_WEIGHT / (RANK_OFFSET + r).
RANK_OFFSET = 8
PHRASE_WEIGHT = 1.0
LABEL_WEIGHT = 1.0
# Being filed under one of the need's categories is evidence worth up to a phrase match at
# rank 0; a broad category ("Health") that many services share is weaker evidence than a
# narrow one ("Food Pantry"), as a common word is in ranking (inverse document frequency).
CATEGORY_WEIGHT = PHRASE_WEIGHT / RANK_OFFSET
# Distance: full weight nearby, half at HALF_WEIGHT_KM, and a fixed share when unknown (a
# hotline or a county-wide programme often has no street address).
HALF_WEIGHT_KM = 25.0
UNKNOWN_DISTANCE_WEIGHT = 0.7
# A service that does not list the client's (non-English) language keeps this share.
OTHER_LANGUAGE_WEIGHT = 0.6
ENGLISH = "english"
DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_PLURALS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
               "Sundays")


class ServedNeed(Protocol):
    """What matching needs to know of a need (``NeedEntry`` of the needs vocabulary)."""

    code: str
    label: str

    @property
    def term_names(self) -> Sequence[str]: ...

    @property
    def search_words(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class ClientContext:
    """Where the client is and who the service must be open to. ``household_ages``: the ages
    of the people the need is for besides the client (children, for childcare)."""

    zip: str | None = None
    lat: float | None = None
    lon: float | None = None
    age: float | None = None
    household_ages: tuple[float, ...] = ()
    language: str | None = None  # "Spanish", "spanish" or "es"

    def ages(self) -> list[float | None]:
        """The distinct ages to search for (a service open to any of them is open to the
        household); [None] when no age is known."""
        ages = [a for a in (self.age, *self.household_ages) if a is not None]
        return list(dict.fromkeys(ages)) or [None]

    def language_name(self) -> str | None:
        """The preferred language as the index spells it ("spanish"); None for English or
        when unknown."""
        return language_name(self.language)


def language_name(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    found = normalize_language(value)  # a name, a native name or a code; None when unknown
    name = found[0].lower() if found else None
    return None if name == ENGLISH else name


@dataclass
class Match:
    """One service for the need: the search result, its place in the ranking and why."""

    hit: SearchHit
    relevance: float
    rank_weight: float
    what: str  # the kind of service, in the directory's words ("food pantry")
    distance_km: float | None = None
    speaks: bool | None = None  # the client's language; None when it is English or unknown
    language: str | None = None
    open_days: tuple[int, ...] = ()
    found_by: list[str] = field(default_factory=list)

    @property
    def service_id(self) -> str:
        return self.hit.service_id

    @property
    def reasons(self) -> list[str]:
        parts = [self.what]
        if self.distance_km is not None:
            parts.append(f"{self.distance_km:.1f} km")
        if self.language and self.speaks:
            parts.append(f"speaks {self.language.title()}")
        elif self.language:
            parts.append(f"{self.language.title()} not listed")
        days = describe_days(self.open_days)
        if days:
            parts.append(days)
        if self.hit.free:
            parts.append("free")
        return parts

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


def describe_days(days: Sequence[int]) -> str:
    """"open daily", "open Mon–Fri", "open Saturdays", "open Tue, Thu" from weekdays."""
    days = sorted(set(days))
    if not days:
        return ""
    if days == list(range(7)):
        return "open daily"
    if len(days) == 1:
        return f"open {DAY_PLURALS[days[0]]}"
    if days == list(range(days[0], days[-1] + 1)) and len(days) >= 3:
        return f"open {DAY_ABBREVIATIONS[days[0]]}–{DAY_ABBREVIATIONS[days[-1]]}"
    return "open " + ", ".join(DAY_ABBREVIATIONS[day] for day in days)


def open_days(hit: SearchHit) -> tuple[int, ...]:
    """The weekdays the service's hours text names (weekly or monthly)."""
    return tuple(sorted({day for rule in parse_weekly_hours(hit.hours_text)
                         for day in rule.weekdays}))


@dataclass
class _Evidence:
    hit: SearchHit
    score: float = 0.0
    categories: list[str] = field(default_factory=list)
    category_weight: float = 0.0
    phrases: list[tuple[int, str]] = field(default_factory=list)  # (rank, phrase)


def match_services(
    backend: SearchBackend, need: ServedNeed, context: ClientContext, *, limit: int = 10
) -> list[Match]:
    """The ``limit`` services that best serve ``need`` for the client in ``context``, best
    first. Services closed to every age in the household, or whose declared service area
    leaves out the client's ZIP, are never returned."""
    evidence: dict[str, _Evidence] = {}
    everyone = max(backend.search(SearchQuery(per_page=1)).total, 2)
    for age in context.ages():
        base = dict(zip=context.zip, lat=context.lat, lon=context.lon, age=age,
                    per_page=PER_QUERY)
        for term in need.term_names:
            results = backend.search(SearchQuery(category=term, **base))
            weight = CATEGORY_WEIGHT * specificity(results.total, everyone)
            for hit in results.hits:
                found = evidence.setdefault(hit.id, _Evidence(hit))
                if term in found.categories:
                    continue
                if weight > found.category_weight:
                    # The most specific of the need's categories names what the service is.
                    found.category_weight = weight
                    found.categories.insert(0, term)
                else:
                    found.categories.append(term)
        phrases = [(need.label, LABEL_WEIGHT)] + [(p, PHRASE_WEIGHT) for p in need.search_words]
        for phrase, weight in phrases:
            results = backend.search(SearchQuery(text=phrase, **base))
            if results.any_word or results.ignored_words:
                continue  # only part of the phrase was found: not evidence for the need
            for rank, hit in enumerate(results.hits):
                found = evidence.setdefault(hit.id, _Evidence(hit))
                if all(p != phrase for _, p in found.phrases):
                    found.phrases.append((rank, phrase))
                    found.score += weight / (RANK_OFFSET + rank)
    language = context.language_name()
    matches = [_match(found, language) for found in evidence.values()]
    matches.sort(key=lambda m: (-m.relevance * m.rank_weight, m.hit.id))
    return _one_per_service(matches)[:limit]


def specificity(services: int, everyone: int) -> float:
    """1 for a category only one service has, falling to 0 for one that every service has."""
    return math.log(everyone / max(services, 1)) / math.log(everyone)


def _match(found: _Evidence, language: str | None) -> Match:
    hit = found.hit
    relevance = found.score + found.category_weight
    distance = hit.distance_km
    weight = (
        UNKNOWN_DISTANCE_WEIGHT if distance is None
        else 1.0 / (1.0 + distance / HALF_WEIGHT_KM)
    )
    speaks = None
    if language:
        speaks = language in {spoken.lower() for spoken in hit.languages}
        weight *= 1.0 if speaks else OTHER_LANGUAGE_WEIGHT
    own = [name for name in hit.categories if name in found.categories]
    what = (
        own[0] if own
        else found.categories[0] if found.categories
        else min(found.phrases)[1] if found.phrases
        else hit.name
    )
    return Match(
        hit=hit,
        relevance=relevance,
        rank_weight=weight,
        what=what.lower(),
        distance_km=distance,
        speaks=speaks,
        language=language,
        open_days=open_days(hit),
        found_by=[*found.categories, *(phrase for _, phrase in sorted(found.phrases))],
    )


def _one_per_service(matches: list[Match]) -> list[Match]:
    """A service at several locations is listed once, at its best-placed location."""
    seen: set[str] = set()
    kept = []
    for match in matches:
        key = match.hit.service_id or match.hit.id
        if key not in seen:
            seen.add(key)
            kept.append(match)
    return kept
