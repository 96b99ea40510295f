"""A concept's BM25F scores by array arithmetic over cached per-term scores, not matcher trees.

Query understanding gives each concept many alternatives (the words, synonyms, lexicon phrases,
categories), each an ``Or`` over up to ten fields. Whoosh scores such a query by walking a tree
of matchers document by document in Python, which dominated the search profile. Every score in
that tree is a sum of one term's BM25F score in one field, times a boost; so each (field, term)
is scored once per index version, for every document that has it, with numpy (its postings'
frequencies and the documents' field lengths read in blocks), and each alternative is a few
array operations. Phrases need positions: the documents holding a phrase in a field are those
holding all its words (an intersection of document-number arrays), checked position by
position as Whoosh's ``SpanNear2`` does, once per index version (Whoosh's own phrase matcher
walked a tree of span matchers per document: 37% of the first-run search profile at 20,000
services). The scores are exactly those Whoosh's matchers give ``BestOf`` over
``whoosh_backend.alternative_query`` (tests compare). Filter terms' documents are read the same
way, as boolean arrays (``docs``).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import OrderedDict
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh import formats
from whoosh import query as q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from resource_directory.search.query_analysis import Alternative

# Memory for the (field, term) score arrays and phrase document sets of an index version (a
# dense array is 8 bytes a document: 0.8 MB at 100,000 services); least recently used go first.
CACHE_BYTES = 256 * 2**20
# A field length is stored as one byte; this is its decoding.
LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)

Scores = tuple[np.ndarray, np.ndarray]  # (matches: bool[n], score: float[n])


class TermScores:
    """Per-term BM25F scores and phrase document sets of one index version (a searcher)."""

    def __init__(self, size: int, weighting: BM25F) -> None:
        self.weighting = weighting
        self.size = size
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._cached_bytes = 0
        self._lengths: dict[tuple[int, str], np.ndarray] = {}
        # What a term or phrase no document has scores: one shared, read-only array each.
        self._nothing = np.zeros(size)
        self._nowhere = np.zeros(size, dtype=bool)
        self._nothing.flags.writeable = self._nowhere.flags.writeable = False
        self.postings_read = 0  # postings scored so far (work a test can count)

    def _cached(self, key: tuple, compute) -> np.ndarray:
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = compute()
        with self._lock:
            if key not in self._cache:
                self._cache[key] = found
                self._cached_bytes += self._size_of(found)
            while self._cached_bytes > CACHE_BYTES and len(self._cache) > 1:
                _key, dropped = self._cache.popitem(last=False)
                self._cached_bytes -= self._size_of(dropped)
        return found

    def _size_of(self, array: np.ndarray) -> int:
        return 0 if array is self._nothing or array is self._nowhere else array.nbytes

    def term(self, searcher, fieldname: str, text: str) -> np.ndarray:
        """Every document's BM25F score for ``text`` in ``fieldname`` (0 where absent),
        with a query boost of 1, exactly as Whoosh's scorer computes it."""
        return self._cached(("t", fieldname, text),
                            lambda: self._score_term(searcher, fieldname, text))

    def phrase(self, searcher, fieldname: str, terms: tuple[str, ...], slop: int) -> np.ndarray:
        """Which documents hold the phrase in ``fieldname`` (as ``whoosh.query.Phrase``)."""
        return self._cached(("p", fieldname, terms, slop),
                            lambda: self._phrase_docs(searcher, fieldname, terms, slop))

    def docs(self, searcher, fieldname: str, text) -> np.ndarray:
        """Which live documents have the term (as ``whoosh.query.Term`` matches them)."""
        return self._cached(("d", fieldname, text),
                            lambda: self._term_docs(searcher, fieldname, text))

    def _term_docs(self, searcher, fieldname: str, text) -> np.ndarray:
        if fieldname not in searcher.schema:
            return self._nowhere
        try:
            btext = searcher.schema[fieldname].to_bytes(text)
        except ValueError:
            return self._nowhere
        having = np.zeros(self.size, dtype=bool)
        for subsearcher, offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            if (fieldname, btext) in reader:
                docnums = self._postings(reader, fieldname, btext)[0]
                self.postings_read += len(docnums)
                having[docnums + offset] = True
        return having if having.any() else self._nowhere

    def _score_term(self, searcher, fieldname: str, text: str,
                    read: dict | None = None) -> np.ndarray:
        """``read``: segment offset → (document numbers, frequencies) already read."""
        if fieldname not in searcher.schema:
            return self._nothing
        btext = searcher.schema[fieldname].to_bytes(text)
        if (fieldname, btext) not in searcher.reader():
            return self._nothing
        scores = np.zeros(self.size)
        idf = searcher.idf(fieldname, btext)
        avgfl = searcher.avg_field_length(fieldname) or 1
        b = self.weighting._field_B.get(fieldname, self.weighting.B)
        k1 = self.weighting.K1
        for subsearcher, offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            if (fieldname, btext) not in reader:
                continue
            if read and offset in read:
                docnums, weights = read[offset]
            else:
                docnums, weights = self._postings(reader, fieldname, btext)
                self.postings_read += len(docnums)
            lengths = self._field_lengths(reader, offset, fieldname)[docnums]
            scores[docnums + offset] = idf * (
                (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))
            )
        return scores

    @staticmethod
    def _postings(reader, fieldname: str, btext: bytes, *, values: bool = False):
        """(document numbers, term frequencies, and with ``values`` the encoded posting
        values) of a segment's live postings, a block at a time where the codec allows it."""
        matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
        ids: list[int] = []
        weights: list[float] = []
        encoded: list[bytes] = []
        if isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():
                matcher._read_ids()
                matcher._read_weights()
                ids.extend(matcher._ids)
                weights.extend(matcher._weights)
                if values:
                    matcher._read_values()
                    encoded.extend(matcher._values)
                matcher._next_block()
        else:
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if values:
                    encoded.append(matcher.value())
                matcher.next()
        docnums = np.array(ids, dtype=np.int64)
        frequencies = np.array(weights, dtype=np.float64)
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        if deleted:
            live = np.array([d not in deleted for d in ids], dtype=bool)
            docnums, frequencies = docnums[live], frequencies[live]
            encoded = [v for v, keep in zip(encoded, live.tolist(), strict=False) if keep]
        if values:
            return docnums, frequencies, encoded
        return docnums, frequencies

    def _field_lengths(self, reader, offset: int, fieldname: str) -> np.ndarray:
        key = (offset, fieldname)
        found = self._lengths.get(key)
        if found is None:
            count = reader.doc_count_all()
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            raw = np.zeros(count, dtype=np.uint8)
            if column is not None:
                stored = min(column._count, count)
                raw[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored),
                                             dtype=np.uint8)
            found = LENGTH_OF_BYTE[raw]
            with self._lock:
                self._lengths[key] = found
        return found

    def _phrase_docs(self, searcher, fieldname: str, terms: tuple[str, ...],
                     slop: int) -> np.ndarray:
        field = searcher.schema[fieldname] if fieldname in searcher.schema else None
        if field is None or not terms:
            return self._nowhere
        if not field.format or not field.format.supports("positions"):
            raise q.QueryError(f"Phrase search: {fieldname!r} field has no positions")
        try:
            btexts = [field.to_bytes(term) for term in terms]
        except ValueError:
            return self._nowhere
        decode = (positions_of if type(field.format) is formats.Positions
                  else field.format.decode_positions)
        having = np.zeros(self.size, dtype=bool)
        # The words' scores in the field are wanted next (``phrase_in_fields``): scored from
        # the postings read here rather than read again.
        read: dict[bytes, dict] = {btext: {} for btext in btexts}
        for subsearcher, offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            if any((fieldname, btext) not in reader for btext in btexts):
                continue
            postings = {}
            for btext in dict.fromkeys(btexts):
                docnums, weights, encoded = self._postings(reader, fieldname, btext,
                                                           values=True)
                self.postings_read += len(docnums)
                postings[btext] = (docnums, encoded)
                read[btext][offset] = (docnums, weights)
            candidates = postings[btexts[0]][0]
            for docnums, _encoded in postings.values():
                candidates = np.intersect1d(candidates, docnums, assume_unique=True)
            rows = {btext: np.searchsorted(docnums, candidates)
                    for btext, (docnums, _encoded) in postings.items()}
            for index, docnum in enumerate(candidates.tolist()):
                positions = [decode(postings[b][1][rows[b][index]]) for b in btexts]
                if phrase_holds(positions, slop):
                    having[offset + docnum] = True
        for term, btext in zip(terms, btexts, strict=True):
            self._cached(("t", fieldname, term),
                         lambda term=term, btext=btext: self._score_term(
                             searcher, fieldname, term, read[btext]))
        return having if having.any() else self._nowhere

    # Combining ---------------------------------------------------------------------------

    def every_term(self, searcher, terms: tuple[str, ...], boosts: dict[str, float],
                   weight: float) -> Scores:
        """``And`` over the terms of ``Or`` over the fields: each term somewhere."""
        matches = np.ones(self.size, dtype=bool)
        total = np.zeros(self.size)
        for term in terms:
            having = np.zeros(self.size, dtype=bool)
            for fieldname, boost in boosts.items():
                scores = self.term(searcher, fieldname, term)
                having |= scores > 0
                total += boost * weight * scores
            matches &= having
        return matches, np.where(matches, total, 0.0)

    def phrase_in_fields(self, searcher, terms: tuple[str, ...], boosts: dict[str, float],
                         weight: float, slop: int) -> Scores:
        """``Or`` over the fields of the phrase: each field holding it adds its terms' scores."""
        matches = np.zeros(self.size, dtype=bool)
        total = np.zeros(self.size)
        for fieldname, boost in boosts.items():
            having = self.phrase(searcher, fieldname, terms, slop)
            if not having.any():
                continue
            field_total = sum(self.term(searcher, fieldname, term) for term in terms)
            matches |= having
            total += np.where(having, boost * weight * field_total, 0.0)
        return matches, total


def positions_of(value: bytes) -> list[int]:
    """``whoosh.formats.Positions.decode_positions``, with the running sum done in C: a
    frequency (4 bytes), then the pickled gaps between positions."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(loads(value[_INT_SIZE:])))


def phrase_holds(positions: list[list[int]], slop: int) -> bool:
    """Whether the words' positions (ascending, one list per word of the phrase) hold the
    phrase: ``whoosh.query.SpanNear2(ordered=True, mindist=1, slop=slop)``, the matcher Whoosh's
    ``Phrase`` builds, span by span — each next word 1 to ``slop`` positions after the end of
    the span matched so far, the span growing to it."""
    spans = [(position, position) for position in positions[0]]
    for following in positions[1:]:
        if not spans:
            return False
        grown = set()
        for start, end in spans:
            for position in following[bisect_left(following, start):]:
                if position > end + slop:
                    break
                if position > end:  # overlapping spans are at distance 0 (< mindist 1)
                    grown.add((start, position))
        spans = sorted(grown)
    return bool(spans)


def best_of(parts: list[Scores], tiebreak: float) -> Scores:
    """``BestOf`` as Whoosh builds it: a balanced binary tree whose every node scores
    max(a, b) + tiebreak × min(a, b) where both sides match."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    (a_matches, a), (b_matches, b) = best_of(parts[:half], tiebreak), best_of(parts[half:],
                                                                                tiebreak)
    both = a_matches & b_matches
    combined = np.where(both, np.maximum(a, b) + tiebreak * np.minimum(a, b),
                        np.where(a_matches, a, b))
    return a_matches | b_matches, combined


def alternative_scores(searcher, scores: TermScores, alternative: Alternative, weight: float,
                       field_boosts: dict[str, float], category_boosts: dict[str, float],
                       phrase_fields: tuple[str, ...], phrase_slop: int) -> Scores:
    """One alternative, as ``whoosh_backend.alternative_query`` asks Whoosh to score it."""
    terms = alternative.terms
    if alternative.via == "category":
        if len(terms) == 1:
            return scores.every_term(searcher, terms, category_boosts, weight)
        return scores.phrase_in_fields(searcher, terms, category_boosts, weight, slop=1)
    if len(terms) == 1 or alternative.via in ("query", "spelling"):
        return scores.every_term(searcher, terms, field_boosts, weight)
    return scores.phrase_in_fields(
        searcher, terms, {f: field_boosts[f] for f in phrase_fields}, weight, slop=phrase_slop
    )
