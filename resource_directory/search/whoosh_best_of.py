"""A Whoosh query scoring a document by its best-matching alternative (plus a tie-break share).

Whoosh 2.7's own ``DisjunctionMax`` reads the score of a sub-matcher that is not positioned on
the current document, so documents inherit each other's scores; this is the corrected form.
"""

from __future__ import annotations

from whoosh import query as q
from whoosh.matching import UnionMatcher


class BestOfMatcher(UnionMatcher):
    """The union of two matchers, scored max(a, b) + tiebreak × the other, where both match."""

    def __init__(self, a, b, tiebreak: float = 0.0):
        super().__init__(a, b)
        self.tiebreak = tiebreak

    def copy(self):
        return self.__class__(self.a.copy(), self.b.copy(), tiebreak=self.tiebreak)

    def supports_block_quality(self) -> bool:
        return False  # keeps the collector from skipping blocks on an additive bound

    def replace(self, minquality=0):
        a, b = self.a.replace(), self.b.replace()
        if not a.is_active():
            return b
        if not b.is_active():
            return a
        if a is not self.a or b is not self.b:
            return self.__class__(a, b, tiebreak=self.tiebreak)
        return self

    def score(self) -> float:
        current = self.id()
        scores = [m.score() for m in (self.a, self.b) if m.is_active() and m.id() == current]
        best = max(scores)
        return best + self.tiebreak * (sum(scores) - best)


class BestOf(q.DisjunctionMax):
    """Matches any subquery; scores by the best one (see ``BestOfMatcher``)."""

    def _matcher(self, subs, searcher, context):
        return self._tree_matcher(subs, BestOfMatcher, searcher, context, None,
                                  tiebreak=self.tiebreak)
