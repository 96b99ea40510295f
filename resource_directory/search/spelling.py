"""Spelling: real words are never changed; unknown ones are split, joined or corrected.

A word in the directory, or in a dictionary of English or Spanish (the word-frequency lists of
``pyspellchecker``, read offline, whose Spanish holds singulars: "muebles" is the plural of a
word it has), is a word someone meant: "comida" is Spanish, not a misspelled "coming". Only a
word in none of them is changed, and only towards words that mean something here: split into
two directory words ("foodbank" → "food bank"), or the nearest word by edit distance among the
directory's words and the words people say for their needs (the needs lexicon's, ``Lexicon``):
a word that names a need on its own beats one that is only part of a phrase, which beats a word
only services use ("rentl" → "rent", not "rental"); then the directory's own order. A
three-letter word is corrected only one letter away into a word people say ("fod" → "food").
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from resource_directory.geography import edit_distance
from resource_directory.languages import fold

DICTIONARY_LANGUAGES = ("en", "es")
# Words shorter than this are corrected only into a word people say for a need, one edit away;
# shorter still, never (too many real words lie one edit away).
MIN_CORRECTABLE = 4
MIN_SAID_CORRECTABLE = 3
# A word the directory does not use is two edits from a word people say only when the word is
# this long: shorter ones are other words ("baratos" is not "zapatos").
MIN_TWO_EDITS_INTO_SAID = 8
# A compound part must be at least this long ("a" + "id" is no split).
MIN_PART = 3


class Vocabulary(Protocol):
    """The directory's own words, as an index knows them."""

    def frequency(self, word: str) -> int:
        """How many services use ``word`` (0 when none does)."""

    def near(self, word: str, maxdist: int) -> list[str]:
        """Directory words within ``maxdist`` edits of ``word``, best first."""


class Lexicon(Protocol):
    """The words people say for their needs (what the needs lexicon and synonyms list)."""

    def is_said(self, word: str) -> bool:
        """Whether ``word`` is part of a phrase people say for a need."""

    def says_alone(self, word: str) -> bool:
        """Whether ``word`` alone names a need ("rent", "food")."""

    def said_near(self, word: str, maxdist: int) -> list[str]:
        """The words people say within ``maxdist`` edits of ``word``."""


class Dictionaries:
    """The words of real languages, folded (lower case, no accents); loaded once per process."""

    _lock = threading.Lock()
    _words: dict[str, frozenset[str]] = {}

    @classmethod
    def words(cls, language: str) -> frozenset[str]:
        found = cls._words.get(language)
        if found is None:
            with cls._lock:
                found = cls._words.get(language)
                if found is None:
                    path = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
                    frequencies = json.loads(gzip.decompress(path.read_bytes()))
                    found = frozenset(fold(word) for word in frequencies)
                    cls._words[language] = found
        return found

    @classmethod
    def languages_of(cls, word: str) -> tuple[str, ...]:
        """The dictionary languages that have ``word`` ("luz" → ("en", "es"))."""
        folded = fold(word)
        return tuple(lang for lang in DICTIONARY_LANGUAGES if folded in cls.words(lang))


@dataclass(frozen=True)
class Fix:
    """What an unknown word became: one or more directory words, and how."""

    words: tuple[str, ...]
    how: str  # "split" | "spelling"


def is_real_word(word: str, vocabulary: Vocabulary) -> bool:
    return (vocabulary.frequency(word) > 0 or bool(Dictionaries.languages_of(word))
            or is_spanish_plural(word))


def is_spanish_plural(word: str) -> bool:
    """A Spanish plural of a dictionary word ("muebles", "baratos"): the word lists hold
    singulars, and a plural is no typo."""
    folded = fold(word)
    singulars = [folded[:-1]] if folded.endswith("s") else []
    if folded.endswith("es"):
        singulars.append(folded[:-2])
    return any(len(s) > 2 and s in Dictionaries.words("es") for s in singulars)


def split_compound(word: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The best two-part split of ``word`` into directory words ("foodbank" → food, bank),
    scored by the rarer part's frequency so both halves are real directory words."""
    best, best_score = None, 0
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        score = min(vocabulary.frequency(left), vocabulary.frequency(right))
        if score > best_score:
            best, best_score = (left, right), score
    return best


def fix_word(word: str, vocabulary: Vocabulary, lexicon: Lexicon | None = None) -> Fix | None:
    """How to read a word: None when it is a real word (left alone) or nothing fits."""
    if not word.isalpha() or is_real_word(word, vocabulary):
        return None
    if lexicon is not None and lexicon.is_said(word):
        return None  # a word people say for a need ("raite"), even if no dictionary has it
    if len(word) < MIN_CORRECTABLE:
        if lexicon is None or len(word) < MIN_SAID_CORRECTABLE:
            return None
        said = [w for w in lexicon.said_near(word, 1) if vocabulary.frequency(w) > 0]
        return Fix((best_of(said, word, vocabulary, lexicon),), "spelling") if said else None
    parts = split_compound(word, vocabulary)
    if parts:
        return Fix(parts, "split")
    maxdist = 1 if len(word) < 6 else 2
    candidates = [w for w in vocabulary.near(word, maxdist) if w != word]
    if lexicon is not None:
        said_maxdist = 1 if len(word) < MIN_TWO_EDITS_INTO_SAID else 2
        candidates += [w for w in lexicon.said_near(word, said_maxdist)
                       if w != word and w not in candidates]
    if not candidates:
        return None
    return Fix((best_of(candidates, word, vocabulary, lexicon),), "spelling")


def best_of(candidates: list[str], word: str, vocabulary: Vocabulary,
            lexicon: Lexicon | None) -> str:
    """The candidate ``word`` most likely meant: fewest edits; then one naming a need alone,
    then one people say; then the vocabulary's order (its best first)."""
    order = {w: i for i, w in enumerate(candidates)}

    def key(candidate: str) -> tuple:
        said = lexicon is not None and lexicon.is_said(candidate)
        alone = lexicon is not None and lexicon.says_alone(candidate)
        return (edit_distance(candidate, word), not alone, not said, order[candidate])

    return min(candidates, key=key)


def joined_pairs(words: Iterable[str], vocabulary: Vocabulary) -> dict[int, str]:
    """Adjacent words the directory also writes as one word ("child care" → "childcare"), by
    the position of the first."""
    words = list(words)
    joins = {}
    for i in range(len(words) - 1):
        joined = words[i] + words[i + 1]
        if vocabulary.frequency(joined) > 0:
            joins[i] = joined
    return joins
