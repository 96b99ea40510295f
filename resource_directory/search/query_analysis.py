"""From what someone typed to concepts: the words that matter, each with its synonyms.

A concept is one need in the query ("electric bill", "grief"); a service must match every
required concept (any of its alternatives, in any field). Synonyms are data: the shipped
``resource_directory/data/synonyms.json`` plus any files an agency adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.lang.porter import stem

SHIPPED_SYNONYMS = Path(__file__).resolve().parents[1] / "data" / "synonyms.json"

# Letters and digits, keeping "pg&e", "hiv/aids" and "medi-cal" whole; apostrophes vanish.
WORD = re.compile(r"[a-z0-9]+(?:[&/+-][a-z0-9]+)*")

Analyze = Callable[[str], tuple[str, ...]]


@dataclass(frozen=True)
class Alternative:
    """One way a concept can match: the query's own words, a synonym, or a spelling fix."""

    text: str
    terms: tuple[str, ...]  # index terms, from the same analyzer the index uses
    via: str = "query"  # "query" | "synonym" | "spelling"


@dataclass
class Concept:
    words: str  # as typed (normalised), for explanations
    alternatives: list[Alternative] = field(default_factory=list)
    optional: bool = False  # lifts matching services but excludes none ("seniors", "free")


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))


def phrase_key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


@dataclass
class SynonymGroup:
    means: list[str]
    optional: bool = False


class SynonymMap:
    """Everyday phrases → directory vocabulary, matched on word stems, longest phrase first."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, ...], list[SynonymGroup]] = {}
        self.ignore: set[str] = set()
        self.days: dict[str, tuple[int, ...]] = {}  # word stem → weekdays (0 = Monday)
        self.longest = 1

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> SynonymMap:
        synonyms = cls()
        for path in [SHIPPED_SYNONYMS, *extra_paths]:
            synonyms.add_data(json.loads(Path(path).read_text(encoding="utf-8")))
        return synonyms

    def add_data(self, data: dict) -> None:
        self.ignore.update(word for text in data.get("ignore", []) for word in words_of(text))
        for word, weekdays in data.get("days", {}).items():
            self.days[stem(word.lower())] = tuple(sorted(set(weekdays)))
        for entry in data.get("synonyms", []):
            group = SynonymGroup(list(entry["means"]), bool(entry.get("optional", False)))
            for phrase in entry["say"]:
                key = phrase_key(words_of(phrase))
                if key:
                    self.groups.setdefault(key, []).append(group)
                    self.longest = max(self.longest, len(key))

    def weekdays(self, text: str) -> set[int]:
        """The days of the week ``text`` names ("open saturday", "weekends")."""
        return {day for word in words_of(text) for day in self.days.get(stem(word), ())}

    def concepts(self, text: str, analyze: Analyze) -> list[Concept]:
        """Split ``text`` into concepts; ``analyze`` turns text into index terms. Words for
        days are not concepts: they ask when a service opens (see ``weekdays``)."""
        words = [word for word in words_of(text) if stem(word) not in self.days]
        keys = [stem(word) for word in words]
        concepts: list[Concept] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                groups = self.groups.get(tuple(keys[i : i + size]))
                if groups:
                    concepts.append(self._expanded(" ".join(words[i : i + size]), groups, analyze))
                    i += size
                    break
            else:
                word = words[i]
                terms = analyze(word)
                if word not in self.ignore and terms:
                    concepts.append(Concept(word, [Alternative(word, terms)]))
                i += 1
        return merge_duplicates(concepts)

    @staticmethod
    def _expanded(phrase: str, groups: list[SynonymGroup], analyze: Analyze) -> Concept:
        concept = Concept(phrase, optional=all(group.optional for group in groups))
        seen: set[tuple[str, ...]] = set()
        for text, via in [(phrase, "query")] + [
            (meaning, "synonym") for group in groups for meaning in group.means
        ]:
            terms = analyze(text)
            if terms and terms not in seen:
                seen.add(terms)
                concept.alternatives.append(Alternative(text, terms, via))
        return concept


def merge_duplicates(concepts: list[Concept]) -> list[Concept]:
    """Drop a concept already asked for ("free clothes free") and ones left with nothing."""
    kept: list[Concept] = []
    seen: set[frozenset[tuple[str, ...]]] = set()
    for concept in concepts:
        key = frozenset(alternative.terms for alternative in concept.alternatives)
        if key and key not in seen:
            seen.add(key)
            kept.append(concept)
    return kept
