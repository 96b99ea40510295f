"""What a query asks for, as a plan any backend can run: concepts, days, fixes, ignored words.

Everything here is data-driven. Phrases come from the synonym and needs files
(``query_analysis``); a query word that names a taxonomy term, or that the services tagged
with a term use far more than others do (``CategoryHints``, learnt from the indexed documents),
also matches that category, so a word no file lists still finds its services. Spelling never
changes a real word (``spelling``): a word no service uses and no dictionary knows is split,
joined or corrected towards the directory's words.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from resource_directory.search.document import ServiceDocument
from resource_directory.search.query_analysis import (
    Alternative,
    Analyze,
    Concept,
    SynonymMap,
    words_of,
)
from resource_directory.search.spelling import Vocabulary, fix_word, joined_pairs
from resource_directory.search.whoosh_indexing import cached_stem as stem

# A word hints at a category when at least this share of the services using it carry the
# category, and at least HINT_MIN_SERVICES of them do (a rare word proves nothing).
HINT_MIN_SHARE = 0.4
HINT_MIN_SERVICES = 3
HINTS_PER_WORD = 2
# Words in more than this share of services say nothing about a category, and a category
# holding more than HINT_MAX_CATEGORY_SHARE of them is too broad to hint at.
HINT_MAX_DF_SHARE = 0.05
HINT_MAX_CATEGORY_SHARE = 0.06


@dataclass
class CategoryHints:
    """Word stem → categories the services using it carry unusually often, from the documents."""

    hints: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    names: dict[tuple[str, ...], str] = field(default_factory=dict)  # term name stems → name

    @classmethod
    def learn(cls, documents: Iterable[ServiceDocument]) -> CategoryHints:
        learner = HintLearner()
        for document in documents:
            learner.add(document)
        return learner.hints()

    def to_json(self) -> dict:
        return {"hints": self.hints, "names": [[list(k), v] for k, v in self.names.items()]}

    @classmethod
    def from_json(cls, data: dict) -> CategoryHints:
        return cls(
            {word: [(c, float(s)) for c, s in found] for word, found in data["hints"].items()},
            {tuple(key): name for key, name in data.get("names", [])},
        )

    def add_names(self, names: Iterable[str]) -> bool:
        """Know these category names too; True when one was new."""
        before = len(self.names)
        for name in names:
            self.names.setdefault(tuple(stem(w) for w in words_of(name)), name)
        return len(self.names) != before

    def categories_for(self, words: str) -> list[str]:
        """The categories a concept's words name or hint at, best first."""
        stems = tuple(stem(w) for w in words_of(words))
        found = [self.names[stems]] if stems in self.names else []
        if len(stems) == 1:
            found += [c for c, _share in self.hints.get(stems[0], []) if c not in found]
        return found


class HintLearner:
    """Counts, one document at a time, which words the services of each category use."""

    def __init__(self) -> None:
        self.with_word: Counter[str] = Counter()
        self.together: dict[str, Counter[str]] = defaultdict(Counter)
        self.per_category: Counter[str] = Counter()
        self.total = 0
        self.names: dict[tuple[str, ...], str] = {}

    def add(self, document: ServiceDocument) -> None:
        self.total += 1
        categories = set(document.categories)
        self.per_category.update(categories)
        for name in categories:
            self.names[tuple(stem(w) for w in words_of(name))] = name
        text = " ".join([document.name, " ".join(document.keywords), document.description])
        for word in {stem(w) for w in words_of(text) if len(w) > 2}:
            self.with_word[word] += 1
            if categories:
                self.together[word].update(categories)

    def hints(self) -> CategoryHints:
        hints: dict[str, list[tuple[str, float]]] = {}
        most = max(HINT_MIN_SERVICES, self.total * HINT_MAX_DF_SHARE)
        for word, count in self.with_word.items():
            if count < HINT_MIN_SERVICES or count > most:
                continue
            found = [
                (category, n / count)
                for category, n in self.together[word].most_common()
                if n >= HINT_MIN_SERVICES and n / count >= HINT_MIN_SHARE
                and self.per_category[category] <= HINT_MAX_CATEGORY_SHARE * self.total
            ][:HINTS_PER_WORD]
            if found:
                hints[word] = found
        return CategoryHints(hints, dict(self.names))


@dataclass
class QueryPlan:
    concepts: list[Concept]
    weekdays: frozenset[int]
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → what was searched


def understand(
    text: str,
    synonyms: SynonymMap,
    analyze: Analyze,
    vocabulary: Vocabulary,
    hints: CategoryHints | None = None,
) -> QueryPlan:
    fixed, corrections = _corrected(text, synonyms, vocabulary)
    concepts = _join_pairs(synonyms.concepts(fixed, analyze), vocabulary, analyze)
    typed = {word: typo for typo, fix in corrections.items() for word in fix.split()}
    for concept in concepts:
        if any(word in typed for word in concept.words.split()):
            _mark_spelling(concept, typed)
        _add_categories(concept, hints, analyze)
    return QueryPlan(concepts, frozenset(synonyms.weekdays(text)), corrections)


def _corrected(text: str, synonyms: SynonymMap, vocabulary: Vocabulary
               ) -> tuple[str, dict[str, str]]:
    """The query with each unknown word read as the word it was meant to be, before phrases
    are looked up: "fod bank" is then the phrase "food bank", and "rentl" is "rent", a need
    the lexicon knows (its synonyms and categories come with it). Two words people write with
    a hyphen are one ("medi cal", "ex offender")."""
    words, corrections = [], {}
    typed = words_of(text)
    i = 0
    while i < len(typed):
        word = typed[i]
        hyphenated = f"{word}-{typed[i + 1]}" if i + 1 < len(typed) else ""
        if hyphenated and synonyms.is_said(hyphenated):  # "medi cal" is "medi-cal"
            words.append(hyphenated)
            corrections[f"{word} {typed[i + 1]}"] = hyphenated
            i += 2
            continue
        skip = word in synonyms.ignore or word in synonyms.ignore_spanish or (
            stem(word) in synonyms.days)
        fix = None if skip else fix_word(word, vocabulary, synonyms)
        if fix is None:
            words.append(word)
        else:
            words.extend(fix.words)
            corrections[word] = " ".join(fix.words)
        i += 1
    return " ".join(words), corrections


def _mark_spelling(concept: Concept, typed: dict[str, str]) -> None:
    """Say a concept was found through a spelling fix: its words as typed, its own words
    matched "via spelling"."""
    words = concept.words.split()
    as_typed = [typed.get(word, word) for word in words]
    concept.words = " ".join(w for i, w in enumerate(as_typed) if i == 0 or w != as_typed[i - 1])
    concept.alternatives = [
        Alternative(a.text, a.terms, "spelling") if a.via == "query" else a
        for a in concept.alternatives
    ]


def _join_pairs(concepts: list[Concept], vocabulary: Vocabulary, analyze: Analyze) -> list[Concept]:
    """Two plain words the directory also writes as one ("child care", "childcare") become one
    concept that matches either way."""
    plain = [len(c.alternatives) == 1 and " " not in c.words for c in concepts]
    joins = joined_pairs([c.words for c in concepts], vocabulary)
    out, i = [], 0
    while i < len(concepts):
        if i in joins and plain[i] and plain[i + 1]:
            words = f"{concepts[i].words} {concepts[i + 1].words}"
            joined = analyze(joins[i])
            alternatives = [Alternative(words, analyze(words))]
            if joined:
                alternatives.append(Alternative(joins[i], joined, "spelling"))
            out.append(Concept(words, alternatives))
            i += 2
            continue
        out.append(concepts[i])
        i += 1
    return out


def _add_categories(concept: Concept, hints: CategoryHints | None, analyze: Analyze,
                    words: str | None = None) -> None:
    if hints is None:
        return
    have = {a.terms for a in concept.alternatives if a.via == "category"}
    for category in hints.categories_for(words or concept.words):
        terms = analyze(category)
        if terms and terms not in have:
            have.add(terms)
            concept.alternatives.append(Alternative(category, terms, "category"))


def concept_weight(matching: int, total: int) -> float:
    """How much a concept counts in coordination: rarer concepts say more (an idf)."""
    return math.log(1 + total / (1 + matching))
