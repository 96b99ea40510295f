"""From what someone typed to concepts: the words that matter, each with its ways to match.

A concept is one need in the query ("electric bill", "grief"); services are ranked by how much
of the query's concepts they match (see ``ranking``). Everyday words, in English or Spanish,
meet the directory's vocabulary through data: the shipped ``data/synonyms.json`` and
``data/needs_lexicon.json`` plus any files an agency adds. A lexicon entry adds the phrases
services use ("means") and the taxonomy terms that serve the need ("terms").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.lang.porter import stem

from resource_directory.geography import edit_distance
from resource_directory.languages import fold

DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED_SYNONYMS = DATA / "synonyms.json"
SHIPPED_LEXICON = DATA / "needs_lexicon.json"

# Letters and digits, keeping "pg&e", "hiv/aids" and "medi-cal" whole; apostrophes vanish.
# Accented letters are folded first, so "inglés" and "ingles" are one word.
WORD = re.compile(r"[a-z0-9]+(?:[&/+-][a-z0-9]+)*")

Analyze = Callable[[str], tuple[str, ...]]


@dataclass(frozen=True)
class Alternative:
    """One way a concept can match: the query's own words, a synonym, a taxonomy category,
    or a spelling fix."""

    text: str
    terms: tuple[str, ...]  # index terms, from the same analyzer the index uses
    via: str = "query"  # "query" | "synonym" | "category" | "spelling"


@dataclass
class Concept:
    words: str  # as typed (normalised), for explanations
    alternatives: list[Alternative] = field(default_factory=list)
    optional: bool = False  # lifts matching services but excludes none ("seniors", "free")


def words_of(text: str) -> list[str]:
    return WORD.findall(fold(text).replace("'", "").replace("\u2019", ""))


def phrase_key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


def spanish_key(words: Iterable[str]) -> tuple[str, ...]:
    """Spanish words compared without accents or a plural s ("clases" meets "clase")."""
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@dataclass
class SynonymGroup:
    means: list[str]
    optional: bool = False
    terms: list[str] = field(default_factory=list)  # taxonomy term names that serve it


class SynonymMap:
    """Everyday phrases → directory vocabulary, matched on word stems, longest phrase first."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, ...], list[SynonymGroup]] = {}
        self.spanish: dict[tuple[str, ...], list[SynonymGroup]] = {}
        self.ignore: set[str] = set()
        self.ignore_spanish: set[str] = set()
        self.days: dict[str, tuple[int, ...]] = {}  # word stem → weekdays (0 = Monday)
        self.longest = 1
        # The words people say for needs, as typed (folded), and those that name one alone:
        # what spelling corrects towards.
        self.said: set[str] = set()
        self.said_alone: set[str] = set()

    @classmethod
    def load(
        cls, extra_paths: Sequence[str | Path] = (), lexicon_paths: Sequence[str | Path] = ()
    ) -> SynonymMap:
        synonyms = cls()
        for path in [SHIPPED_SYNONYMS, *extra_paths]:
            synonyms.add_data(json.loads(Path(path).read_text(encoding="utf-8")))
        for path in [SHIPPED_LEXICON, *lexicon_paths]:
            synonyms.add_lexicon(json.loads(Path(path).read_text(encoding="utf-8")))
        return synonyms

    def add_data(self, data: dict) -> None:
        self.ignore.update(word for text in data.get("ignore", []) for word in words_of(text))
        for word, weekdays in data.get("days", {}).items():
            self.days[stem(word.lower())] = tuple(sorted(set(weekdays)))
        for entry in data.get("synonyms", []):
            group = SynonymGroup(list(entry["means"]), bool(entry.get("optional", False)))
            for phrase in entry["say"]:
                self._add(self.groups, phrase_key(self._said(phrase)), group)

    def add_lexicon(self, data: dict) -> None:
        """A needs lexicon: per need, what people say (by language), the phrases services use
        and the taxonomy terms that serve it."""
        ignore = data.get("ignore", {})
        self.ignore_spanish.update(w for text in ignore.get("es", []) for w in words_of(text))
        self.ignore.update(w for text in ignore.get("en", []) for w in words_of(text))
        for entry in data.get("needs", []):
            group = SynonymGroup(list(entry.get("means", [])), bool(entry.get("optional", False)),
                                 list(entry.get("terms", [])))
            say = entry.get("say", {})
            for phrase in say.get("en", []):
                self._add(self.groups, phrase_key(self._said(phrase)), group)
            for phrase in say.get("es", []):
                self._add(self.spanish, spanish_key(self._said(phrase)), group)

    def _said(self, phrase: str) -> list[str]:
        words = words_of(phrase)
        self.said.update(words)
        if len(words) == 1 and words[0].isalpha():
            self.said_alone.add(words[0])
        return words

    def is_said(self, word: str) -> bool:
        return word in self.said

    def says_alone(self, word: str) -> bool:
        return word in self.said_alone

    def said_near(self, word: str, maxdist: int) -> list[str]:
        """The words people say within ``maxdist`` edits of ``word``, nearest first."""
        near = [(edit_distance(word, said), said) for said in self.said
                if abs(len(said) - len(word)) <= maxdist]
        return [said for distance, said in sorted(near) if distance <= maxdist]

    def _add(self, table, key: tuple[str, ...], group: SynonymGroup) -> None:
        if key:
            table.setdefault(key, []).append(group)
            self.longest = max(self.longest, len(key))

    def weekdays(self, text: str) -> set[int]:
        """The days of the week ``text`` names ("open saturday", "weekends")."""
        return {day for word in words_of(text) for day in self.days.get(stem(word), ())}

    def _groups_at(self, words, keys, spanish_keys, i) -> tuple[int, list[SynonymGroup]]:
        """The longest phrase starting at word ``i`` (English or Spanish) and its groups, as a
        span of the query's words. Words that carry no need may stand between a phrase's
        words: "donde puedo dormir" is the phrase "donde dormir", "out of all food" is "out
        of food"."""
        best: tuple[int, int] = (0, 0)  # (phrase words, -span)
        found: list[SynonymGroup] = []
        for table, table_keys, filler in ((self.groups, keys, self.ignore),
                                          (self.spanish, spanish_keys, self.ignore_spanish)):
            for key, end in _phrases_from(words, table_keys, filler, i, self.longest):
                groups = table.get(key)
                if not groups:
                    continue
                rank = (len(key), i - end)
                if rank > best:
                    best, found = rank, list(groups)
                elif rank == best:
                    found += [group for group in groups if group not in found]
        return (-best[1], found) if found else (0, [])

    def concepts(self, text: str, analyze: Analyze) -> list[Concept]:
        """Split ``text`` into concepts; ``analyze`` turns text into index terms. Words for
        days are not concepts: they ask when a service opens (see ``weekdays``)."""
        words = [word for word in words_of(text) if stem(word) not in self.days]
        keys = [stem(word) for word in words]
        spanish_keys = list(spanish_key(words))
        concepts: list[Concept] = []
        i = 0
        while i < len(words):
            size, groups = self._groups_at(words, keys, spanish_keys, i)
            if groups:
                concepts.append(self._expanded(" ".join(words[i : i + size]), groups, analyze))
                i += size
                continue
            word = words[i]
            terms = analyze(word)
            if word not in self.ignore and word not in self.ignore_spanish and terms:
                concepts.append(Concept(word, [Alternative(word, terms)]))
            i += 1
        return merge_duplicates(concepts)

    @staticmethod
    def _expanded(phrase: str, groups: list[SynonymGroup], analyze: Analyze) -> Concept:
        concept = Concept(phrase, optional=all(group.optional for group in groups))
        # The same words twice ("grief" typed and "grief" as a synonym) are one alternative, the
        # first (strongest) kind kept; a category is matched in other fields, so it stays apart.
        seen: set[tuple[bool, tuple[str, ...]]] = set()
        candidates = (
            [(phrase, "query")]
            + [(meaning, "synonym") for group in groups for meaning in group.means]
            + [(term, "category") for group in groups for term in group.terms]
        )
        for text, via in candidates:
            terms = analyze(text.split(">")[-1])
            key = (via == "category", terms)
            if terms and key not in seen:
                seen.add(key)
                concept.alternatives.append(Alternative(text.split(">")[-1].strip(), terms, via))
        return concept


# At most this many filler words are skipped between two words of a phrase.
MAX_FILLER = 2


def _phrases_from(words, keys, filler, i, longest):
    """Every phrase key that starts at word ``i`` (up to ``longest`` words), each word followed
    by the next or by one after filler words only, with where its span ends."""
    pending = [(i + 1, (keys[i],))]
    while pending:
        end, key = pending.pop()
        yield key, end
        if len(key) >= longest:
            continue
        for k in range(end, min(len(words), end + MAX_FILLER + 1)):
            pending.append((k + 1, (*key, keys[k])))
            if words[k] not in filler:
                break


def merge_duplicates(concepts: list[Concept]) -> list[Concept]:
    """Drop a concept already asked for ("free clothes free") and ones left with nothing."""
    kept: list[Concept] = []
    seen: set[frozenset[tuple[str, tuple[str, ...]]]] = set()
    for concept in concepts:
        key = frozenset((a.via, a.terms) for a in concept.alternatives)
        if key and key not in seen:
            seen.add(key)
            kept.append(concept)
    return kept
