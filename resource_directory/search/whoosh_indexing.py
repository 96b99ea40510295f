"""What makes writing a Whoosh index cheap: text fields without a token chain, a lean codec.

The build profile (3,000 generated services, one writer) spent a quarter of its time in
Whoosh's analyzer chain: each word becomes a Token that passes through four generator filters.
These fields give the same postings — the same terms, frequencies, weights and encoded
positions, in the same order (tests compare with Whoosh's own ``TEXT.index`` over the real
records) — from one regular expression pass and a cached stemmer. Queries still analyse
through the field's analyzer.

A fifth of the commit went to looking up each posting's field length (and, for fields without
lengths, asking the file system whether a lengths column exists) to store every term's
shortest and longest field: Whoosh uses those only to bound scores when it skips blocks, and
this backend scores from its own arrays (``whoosh_scores``), so the build's codec skips them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh import fields
from whoosh.analysis.filters import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.codec.whoosh3 import W3Codec
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

# Whoosh's tokenizer pattern, without its capturing group (findall then returns whole words).
WORD_PATTERN = default_pattern.pattern.replace("(\\.?", "(?:\\.?")
_words = re.compile(WORD_PATTERN, default_pattern.flags).findall
MIN_SIZE = 2  # StemmingAnalyzer(minsize=2): shorter words are dropped like stop words


@lru_cache(maxsize=200_000)
def cached_stem(word: str) -> str:
    return stem(word)


def stemmed_positions(text: str) -> dict[str, list[int]]:
    """Each stem of ``text`` with its positions, first occurrence first, as
    ``StemmingAnalyzer(minsize=2)`` numbers them: a stop word before the first kept word
    shifts the start; later stop words leave no gap (Whoosh's StopFilter renumbers)."""
    found: dict[str, list[int]] = {}
    position = None
    for index, word in enumerate(_words(text)):
        word = word.lower()
        if len(word) < MIN_SIZE or word in STOP_WORDS:
            continue
        position = index if position is None else position + 1
        found.setdefault(cached_stem(word), []).append(position)
    return found


def stems(text: str) -> set[str]:
    """The stems of ``text`` as ``stemmed_positions`` finds them, without their positions."""
    return {cached_stem(word) for word in map(str.lower, _words(text))
            if len(word) >= MIN_SIZE and word not in STOP_WORDS}


class StemmedText(fields.TEXT):
    """``TEXT(analyzer=StemmingAnalyzer(minsize=2))`` whose indexing skips the token chain."""

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        encode = self.format.encode
        boost = self.format.field_boost
        for word, positions in stemmed_positions(value).items():
            yield word.encode("utf-8"), len(positions), len(positions) * boost, encode(positions)


class WordCounts(fields.TEXT):
    """``TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False)`` (frequencies, no
    positions) whose indexing skips the token chain."""

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        counts: dict[str, int] = {}
        for word in _words(value):
            word = word.lower()
            counts[word] = counts.get(word, 0) + 1
        boost = self.format.field_boost
        for word, count in counts.items():
            yield word.encode("utf-8"), count, count * boost, pack_uint(count)


class LeanCodec(W3Codec):
    """Whoosh's codec without per-term field length bounds (a term's postings then claim the
    shortest length 0, so a score bound is only ever too high: block skipping stays safe), and
    without compressing posting blocks: a first search spent 9% of its time in ``zlib``
    decompressing them (each block records whether it is compressed, so segments written
    either way read alike)."""

    length_stats = False

    def __init__(self, blocklimit: int = 128, compression: int = 0, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)
