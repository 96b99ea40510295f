"""Spelling: real words are never changed; unknown ones are split, joined or corrected.

A word in the directory, or in a dictionary of English or Spanish (the word-frequency lists of
``pyspellchecker``, read offline), is a word someone meant: "comida" is Spanish, not a misspelled
"coming". Only a word in none of them is changed, and only towards the directory's own words:
split into two ("foodbank" → "food bank"), or the nearest directory word by edit distance
("foood" → "food"), preferring words more services use.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from resource_directory.languages import fold

DICTIONARY_LANGUAGES = ("en", "es")
# Words shorter than this are never corrected (too many real words lie one edit away).
MIN_CORRECTABLE = 4
# A compound part must be at least this long ("a" + "id" is no split).
MIN_PART = 3


class Vocabulary(Protocol):
    """The directory's own words, as an index knows them."""

    def frequency(self, word: str) -> int:
        """How many services use ``word`` (0 when none does)."""

    def near(self, word: str, maxdist: int) -> list[str]:
        """Directory words within ``maxdist`` edits of ``word``, best first."""


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
    return vocabulary.frequency(word) > 0 or bool(Dictionaries.languages_of(word))


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


def fix_word(word: str, vocabulary: Vocabulary) -> Fix | None:
    """How to read a word: None when it is a real word (left alone) or nothing fits."""
    if is_real_word(word, vocabulary) or len(word) < MIN_CORRECTABLE or not word.isalpha():
        return None
    parts = split_compound(word, vocabulary)
    if parts:
        return Fix(parts, "split")
    maxdist = 1 if len(word) < 6 else 2
    for suggestion in vocabulary.near(word, maxdist):
        if suggestion != word:
            return Fix((suggestion,), "spelling")
    return None


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
