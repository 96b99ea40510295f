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
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from .geography import haversine_km, locate
from .languages import normalize_language
from .opening_hours import parse_weekly_hours
from .search.backend import SearchBackend, SearchHit, SearchQuery
from .search.document import ServiceDocument

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
    #: Only services this near (a service with no known place, a hotline, is kept).
    radius_km: float | None = None

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


@dataclass(frozen=True)
class Reach:
    """Whom and where one indexed service (a document id) serves: what matching needs to keep a
    client's matches to services open to them without asking the index again."""

    minimum_age: float | None = None
    maximum_age: float | None = None
    service_area: frozenset[str] = frozenset()
    latitude: float | None = None
    longitude: float | None = None

    def open_to(self, age: float | None, zip_code: str | None) -> bool:
        """As the search filters say it: the age within the limits (compared in whole months,
        as the index stores them) and the ZIP in the declared service area, if any."""
        if age is not None:
            months = round(float(age) * 12)
            if self.minimum_age is not None and round(self.minimum_age * 12) > months:
                return False
            if self.maximum_age is not None and round(self.maximum_age * 12) < months:
                return False
        zip_code = (zip_code or "").strip()
        return not (zip_code and self.service_area and zip_code not in self.service_area)


def service_reach(documents: Iterable[ServiceDocument]) -> dict[str, Reach]:
    """Each document's ``Reach``, keyed by document id (what ``Matcher`` filters with)."""
    return {
        document.id: Reach(
            minimum_age=document.minimum_age,
            maximum_age=document.maximum_age,
            service_area=frozenset(document.service_area_postal_codes),
            latitude=document.latitude,
            longitude=document.longitude,
        )
        for document in documents
    }


@dataclass(frozen=True)
class QueryEvidence:
    """One query asked for a need and the services it found, best first: a category (its
    weight already reduced by how common it is) or a phrase."""

    kind: str  # "category" or "phrase"
    key: str
    weight: float
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True)
class NeedEvidence:
    """What the directory says about one need, for every client: each query's ranking."""

    code: str
    queries: tuple[QueryEvidence, ...]


def gather_evidence(backend: SearchBackend, need: ServedNeed, *, depth: int = PER_QUERY,
                    **filters) -> NeedEvidence:
    """Ask the index the need's queries: each category as a filter, its label and each phrase
    as text, with ``filters`` (a ZIP, an age) on every query. A phrase only partly found is
    no evidence for the need and is left out."""
    base = dict(filters, per_page=depth)
    everyone = max(backend.search(SearchQuery(per_page=1)).total, 2)
    queries = []
    for term in need.term_names:
        results = backend.search(SearchQuery(category=term, **base))
        queries.append(QueryEvidence("category", term,
                                     CATEGORY_WEIGHT * specificity(results.total, everyone),
                                     tuple(results.hits)))
    phrases = [(need.label, LABEL_WEIGHT)] + [(p, PHRASE_WEIGHT) for p in need.search_words]
    for phrase, weight in phrases:
        results = backend.search(SearchQuery(text=phrase, **base))
        if results.any_word or results.ignored_words:
            continue
        queries.append(QueryEvidence("phrase", phrase, weight, tuple(results.hits)))
    return NeedEvidence(need.code, tuple(queries))


@dataclass
class _Evidence:
    hit: SearchHit
    score: float = 0.0
    categories: list[str] = field(default_factory=list)
    category_weight: float = 0.0
    phrases: list[tuple[int, str]] = field(default_factory=list)  # (rank, phrase)

    def add(self, query: QueryEvidence, rank: int) -> None:
        if query.kind == "category":
            if query.key in self.categories:
                return
            if query.weight > self.category_weight:
                # The most specific of the need's categories names what the service is.
                self.category_weight = query.weight
                self.categories.insert(0, query.key)
            else:
                self.categories.append(query.key)
        elif all(p != query.key for _, p in self.phrases):
            self.phrases.append((rank, query.key))
            self.score += query.weight / (RANK_OFFSET + rank)


def match_services(
    backend: SearchBackend, need: ServedNeed, context: ClientContext, *, limit: int = 10
) -> list[Match]:
    """The ``limit`` services that best serve ``need`` for the client in ``context``, best
    first, asking the index every query with the client's ZIP and each age (the reference
    ranking; ``Matcher`` gives the same ranking from evidence gathered once per need).
    Services closed to every age in the household, or whose declared service area leaves out
    the client's ZIP, are never returned."""
    evidence: dict[str, _Evidence] = {}
    for age in context.ages():
        gathered = gather_evidence(backend, need, zip=context.zip, lat=context.lat,
                                   lon=context.lon, age=age)
        for query in gathered.queries:
            for rank, hit in enumerate(query.hits):
                evidence.setdefault(hit.id, _Evidence(hit)).add(query, rank)
    return _ranked(evidence, context, limit)


class Matcher:
    """Matching for many clients over one directory. Each need's queries are asked once,
    without a client's filters and deeper than a client needs; a client's ranking is then
    arithmetic on that evidence: each query's hits that are open to the client (``Reach``),
    ranked again among themselves, fused as ``match_services`` fuses them. Build a new one
    when the directory changes."""

    #: How deep each unfiltered query goes, so that PER_QUERY remain after a client's filters.
    DEPTH = 250

    def __init__(self, backend: SearchBackend, reach: Mapping[str, Reach],
                 locate_zip: Callable[[str], tuple[float, float] | None] | None = None) -> None:
        self.backend = backend
        self.reach = reach
        self.locate_zip = locate_zip or locate
        # Keyed by everything matching reads of a need: an agency's own need may reuse a code.
        self._evidence: dict[tuple, NeedEvidence] = {}
        self._gathering: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def evidence(self, need: ServedNeed) -> NeedEvidence:
        """The need's evidence, gathered on first use. Needs are gathered in parallel (a
        request and a warm-up thread), each once."""
        key = (need.code, need.label, tuple(need.term_names), tuple(need.search_words))
        found = self._evidence.get(key)
        if found is not None:
            return found
        with self._lock:
            lock = self._gathering.setdefault(key, threading.Lock())
        with lock:
            found = self._evidence.get(key)
            if found is None:
                found = gather_evidence(self.backend, need, depth=self.DEPTH)
                self._evidence[key] = found
        return found

    def warm(self, needs: Iterable[ServedNeed]) -> int:
        """Gather these needs' evidence now (so no client waits for it); return how many."""
        count = 0
        for need in needs:
            self.evidence(need)
            count += 1
        return count

    def match(self, need: ServedNeed, context: ClientContext, *, limit: int = 10) -> list[Match]:
        """What ``match_services`` answers, from the need's evidence."""
        gathered = self.evidence(need)
        centre = (
            (context.lat, context.lon) if context.lat is not None and context.lon is not None
            else self.locate_zip(context.zip) if context.zip else None
        )
        evidence: dict[str, _Evidence] = {}
        for age in context.ages():
            for query in gathered.queries:
                kept = [hit for hit in query.hits
                        if self._open(hit.id, age, context.zip)][:PER_QUERY]
                for rank, hit in enumerate(kept):
                    if hit.id not in evidence:
                        evidence[hit.id] = _Evidence(self._placed(hit, centre))
                    evidence[hit.id].add(query, rank)
        return _ranked(evidence, context, limit)

    def _open(self, document_id: str, age: float | None, zip_code: str | None) -> bool:
        reach = self.reach.get(document_id)
        return reach is None or reach.open_to(age, zip_code)

    def _placed(self, hit: SearchHit, centre: tuple[float, float] | None) -> SearchHit:
        reach = self.reach.get(hit.id)
        if centre is None or reach is None or reach.latitude is None or reach.longitude is None:
            return hit
        return replace(hit, distance_km=haversine_km(centre, (reach.latitude, reach.longitude)))


def _ranked(evidence: dict[str, _Evidence], context: ClientContext, limit: int) -> list[Match]:
    language = context.language_name()
    matches = [_match(found, language) for found in evidence.values()]
    if context.radius_km is not None:
        matches = [m for m in matches
                   if m.distance_km is None or m.distance_km <= context.radius_km]
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
