"""Filters written into the query's words ("in Redwood City", "habla español") become filters.

People type where and in which language as words, the way they would say it: "food bank in
Daly City", "shelter near East Palo Alto", "rehab habla español", "Chinese speaking
counselor". Read as words, a place or a language only ranks the services that mention it; read
as filters they are the hard constraints the person meant. A phrase is read only when it is
unmistakable: a place after "in", "near" or "en" that is one of the directory's own cities
(spelt as the city filter accepts it: a typo or a ZIP code), a language after "habla",
"speaks" or "in", or before "speaking". The filters a search was given win over written ones;
English names no filter (services do not list it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from resource_directory.geography import city_key, closest_city
from resource_directory.languages import language_code, search_language
from resource_directory.search.backend import SearchQuery
from resource_directory.search.query_analysis import words_of

# Words that put a place after them: "in Redwood City", "near EPA", "en San Mateo", "cerca de".
BEFORE_PLACE = {"in", "near", "around", "en", "cerca", "por"}
# Words a place name may be followed by that make it something else ("San Mateo County").
NOT_A_CITY_AFTER = {"county", "condado", "library", "medical", "high", "college", "school"}
BEFORE_LANGUAGE = {"in", "en", "habla", "hablan", "hable", "hablen", "speaks", "speak",
                   "speaking"}
AFTER_LANGUAGE = {"speaking", "speaker", "speakers", "hablante", "hablantes"}
# Longest city name, in words ("South San Francisco", "Princeton by the Sea").
LONGEST_CITY = 4
# A language name is a word at least this long ("in" and "en" are codes, not names).
SHORTEST_LANGUAGE = 4


@dataclass
class WrittenFilters:
    """What a query's words say beyond its needs: the words left to search, and the filters."""

    words: list[str]
    city: str | None = None
    language: str | None = None
    read: list[str] = field(default_factory=list)  # the phrases read as filters

    @property
    def text(self) -> str:
        return " ".join(self.words)


def read_written_filters(text: str, cities: Iterable[str]) -> WrittenFilters:
    """The place and language ``text`` names in words; ``cities`` are the directory's own."""
    words = words_of(text)
    found = WrittenFilters(words)
    known = {city_key(city): city for city in cities if city}
    if known:
        _read_place(found, known)
    _read_language(found)
    return found


def with_written_filters(query: SearchQuery, cities: Iterable[str]) -> SearchQuery:
    """``query`` with the filters its text writes in words, and without those words; the
    filters it was given are kept as they are."""
    if not query.text.strip():
        return query
    found = read_written_filters(query.text, cities)
    city = None if query.city else found.city
    language = None if query.language else found.language
    if city is None and language is None:
        return query
    return replace(query, text=found.text, city=query.city or city,
                   language=query.language or language)


def _read_place(found: WrittenFilters, known: dict[str, str]) -> None:
    words = found.words
    for i, word in enumerate(words):
        if word not in BEFORE_PLACE:
            continue
        start = i + 2 if word == "cerca" and i + 1 < len(words) and words[i + 1] == "de" else i + 1
        for size in range(min(LONGEST_CITY, len(words) - start), 0, -1):
            end = start + size
            if end < len(words) and words[end] in NOT_A_CITY_AFTER:
                continue
            name = " ".join(words[start:end])
            city = known.get(city_key(name)) or closest_city(name, known.values())
            if city:
                found.city = city
                found.read.append(" ".join(words[i:end]))
                found.words = words[:i] + words[end:]
                return


def _language_of(word: str) -> str | None:
    """The language filter ``word`` names, as written ("cantonese" keeps its dialect)."""
    if len(word) < SHORTEST_LANGUAGE or language_code(word) is None:
        return None
    return word if search_language(word) != "english" else None


def _read_language(found: WrittenFilters) -> None:
    words = found.words
    for i, word in enumerate(words):
        spans = []
        if word in BEFORE_LANGUAGE and i + 1 < len(words):
            spans.append((i + 1, i, i + 2))
        if word in AFTER_LANGUAGE and i > 0:
            spans.append((i - 1, i - 1, i + 1))
        for at, start, end in spans:
            language = _language_of(words[at])
            if language:
                found.language = language
                found.read.append(" ".join(words[start:end]))
                found.words = words[:start] + words[end:]
                return
