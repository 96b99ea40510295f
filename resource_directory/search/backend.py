"""The search-backend interface: queries, results and the operations every index supports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from resource_directory.search.document import ServiceDocument

Sort = Literal["relevance", "distance"]


class UnknownLocation(ValueError):
    """Raised when a radius is asked for around a ZIP the directory cannot place."""


@dataclass
class SearchQuery:
    """What a social worker asked for; every filter is optional and they all combine (AND)."""

    text: str = ""
    category: str | None = None  # a taxonomy term name or id; its descendants match too
    serves: str | None = None  # whom the service is for: a situation term ("Seniors")
    language: str | None = None  # lower-case English name, "spanish"
    city: str | None = None
    zip: str | None = None  # the client's ZIP: centre for radius_km, and service-area check
    radius_km: float | None = None
    lat: float | None = None  # an explicit centre wins over the ZIP centroid
    lon: float | None = None
    open_now: bool = False
    at: datetime | None = None  # the moment "open now" refers to; None means now
    age: float | None = None  # the client's age, within the service's minimum/maximum age
    free: bool = False
    in_service_area: bool = True  # with a ZIP, drop services whose declared area excludes it
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    # Only these documents (by id): how semantic search asks which of its candidates pass the
    # filters. None: every document.
    only_ids: frozenset[str] | None = None


@dataclass
class TermMatch:
    """One query word (or phrase) and what it matched: itself, a synonym or a spelling fix."""

    query_words: str
    matched: str
    via: Literal["query", "synonym", "spelling", "category"]
    fields: tuple[str, ...]

    def __str__(self) -> str:
        how = "" if self.via == "query" else f" ({self.via} “{self.matched}”)"
        return f"“{self.query_words}”{how} in {', '.join(self.fields)}"


@dataclass
class Explanation:
    """Why a hit is in the results: the words it matched and the filters it passed."""

    matches: list[TermMatch] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    any_word: bool = False  # True when no service matched every word and the OR fallback ran
    similar: bool = False  # found by meaning (semantic search), not by the words typed

    def reasons(self) -> list[str]:
        """Why, in plain words for staff: what it matched, then the filters it passed ("matches
        “food pantry”", "open Saturdays", "2.1 km away"); no scores or field names."""
        return [english_reason(reason) for reason in self.reason_parts()]

    def reason_parts(self) -> list[Reason]:
        """The reasons as kinds and the words they name, for a reader's language to word them."""
        best: dict[str, TermMatch] = {}
        for match in self.matches:
            held = best.get(match.query_words)
            if held is None or PLAIN_ORDER[match.via] < PLAIN_ORDER[held.via]:
                best[match.query_words] = match
        said = [match_reason(match) for match in best.values()]
        if self.any_word:
            said.append(Reason("some_words"))
        if self.similar:
            said.append(Reason("similar"))
        return list(dict.fromkeys(said + [r for r in map(filter_reason, self.filters) if r]))

    def __str__(self) -> str:
        parts = [str(match) for match in self.matches]
        if self.any_word:
            parts.append("matched some of the words (no service matched all)")
        if self.similar:
            parts.append("similar in meaning to the query")
        if self.filters:
            parts.append("filters: " + "; ".join(self.filters))
        return ". ".join(parts)


# Which match explains a concept best to a person: the words as typed first.
PLAIN_ORDER = {"query": 0, "spelling": 1, "synonym": 2, "category": 3}
DAY_PLURALS = {"Monday": "Mondays", "Tuesday": "Tuesdays", "Wednesday": "Wednesdays",
               "Thursday": "Thursdays", "Friday": "Fridays", "Saturday": "Saturdays",
               "Sunday": "Sundays"}


@dataclass(frozen=True)
class Reason:
    """One reason a hit is shown: its kind and the words it names, as the query or the data has
    them (service words, category and city names are never translated)."""

    kind: Literal["matches", "listed_under", "offers", "some_words", "similar", "speaks",
                  "open_on", "open_now", "in_category", "note"]
    words: str = ""
    matched: str = ""
    days: tuple[str, ...] = ()  # English day names ("Saturday") for "open_on"


ENGLISH_REASONS = {
    "matches": "matches “{words}”",
    "listed_under": "listed under {matched}",
    "offers": "offers {matched} (for “{words}”)",
    "some_words": "matches some of the words",
    "similar": "similar in meaning",
    "speaks": "speaks {words}",
    "open_now": "open now",
    "in_category": "in {words}",
    "note": "{words}",
}


def english_reason(reason: Reason) -> str:
    if reason.kind == "open_on":
        return "open " + " or ".join(DAY_PLURALS.get(day, day) for day in reason.days)
    return ENGLISH_REASONS[reason.kind].format(words=reason.words, matched=reason.matched)


def match_reason(match: TermMatch) -> Reason:
    if match.via == "category":
        return Reason("listed_under", match.query_words, match.matched)
    if match.via == "synonym":
        return Reason("offers", match.query_words, match.matched)
    return Reason("matches", match.matched if match.via == "spelling" else match.query_words)


def filter_reason(note: str) -> Reason | None:
    """A filter note as a reason ("speaks spanish" → speaks Spanish), or None when the card
    already shows it (the radius: the distance says it)."""
    if note.startswith("within "):
        return None
    if note.startswith("speaks "):
        return Reason("speaks", note.removeprefix("speaks ").title())
    if note.startswith("open on "):
        return Reason("open_on", days=tuple(note.removeprefix("open on ").split(" or ")))
    if note.startswith("open ") and len(note) > 5:
        return Reason("open_now")
    if note.startswith("category "):
        return Reason("in_category", note.removeprefix("category "))
    return Reason("note", note)


@dataclass
class SearchHit:
    """One result card: the document's id, how it ranked, and the fields a card shows."""

    id: str
    score: float
    distance_km: float | None
    explanation: Explanation
    service_id: str = ""
    name: str = ""
    organization: str = ""
    description: str = ""
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    address: str = ""
    city: str = ""
    postal_code: str = ""
    phones: list[str] = field(default_factory=list)
    hours_text: str = ""
    fees_text: str = ""
    url: str = ""
    free: bool = False
    last_verified: str | None = None


@dataclass
class SearchResults:
    """One page of hits, the total across pages, and facet counts over all matching services."""

    total: int
    hits: list[SearchHit]
    page: int = 1
    per_page: int = 20
    category_facets: dict[str, int] = field(default_factory=dict)
    language_facets: dict[str, int] = field(default_factory=dict)
    audience_facets: dict[str, int] = field(default_factory=dict)  # "who it serves"
    corrections: dict[str, str] = field(default_factory=dict)  # misspelled word → used word
    ignored_words: list[str] = field(default_factory=list)  # asked for, but in no service
    any_word: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class SearchBackend(Protocol):
    """What the directory needs from a full-text index: Whoosh (embedded, files in the
    instance folder) or PostgreSQL (tables in the application's database)."""

    def rebuild(self, documents: Iterable[ServiceDocument]) -> int:
        """Replace the whole index with these documents; return how many were indexed."""

    def upsert(self, documents: Iterable[ServiceDocument]) -> int:
        """Add or replace documents by id; return how many were written."""

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; return how many ids were asked for."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Run a query and return one page of results with facets."""
