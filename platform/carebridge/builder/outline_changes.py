"""Which question cards an edit changed: the few swaps that bring the page's outline up to date.

The builder's outline is a list of question cards per section, and a group's card holds the
list of its own questions. Given the cards as the page shows them (before an edit) and as they
are now, ``swaps`` returns what htmx must do to turn one into the other: delete a card, insert
a card after another (or first in its list), or replace a card whose drawing changed. A card
that neither moved nor changed is not sent, so an edit answers with only what it touched.
Nothing here knows about Flask or templates: cards are already drawn.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    """One question's card: ``id`` of its ``<li>``; ``own`` its drawing without the questions
    it holds (what tells whether it changed); ``html`` its whole drawing; a group's questions
    in ``children``, in the list with the id ``list_id``."""

    id: str
    own: str
    html: str
    children: tuple[Card, ...] = ()
    list_id: str = ""


@dataclass(frozen=True)
class Swap:
    """``how`` is "delete", "replace" (the card at ``target``), "after" (insert ``html`` after
    the card ``target``) or "first" (insert ``html`` first in the list ``target``)."""

    how: str
    target: str
    html: str = ""


def kept_in_order(before: list[str], after: list[str]) -> set[str]:
    """The longest run of ids that keeps its order from ``before`` to ``after`` (the cards
    that need not move); the others are taken out and put back where they now belong."""
    rows, cols = len(before), len(after)
    length = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            length[i][j] = (length[i + 1][j + 1] + 1 if before[i] == after[j]
                            else max(length[i + 1][j], length[i][j + 1]))
    kept, i, j = set(), 0, 0
    while i < rows and j < cols:
        if before[i] == after[j]:
            kept.add(before[i])
            i, j = i + 1, j + 1
        elif length[i + 1][j] >= length[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


def swaps(before: dict[str, list[Card]], after: dict[str, list[Card]]) -> list[Swap]:
    """The swaps from the lists ``before`` to the lists ``after`` (both keyed by list id, the
    same lists). Deletions come first, so a card that moves between lists is never on the
    page twice; insertions follow in each list's order, so each lands after a card in place."""
    if set(before) != set(after):
        raise ValueError("the lists themselves changed")
    deleted: list[Swap] = []
    placed: list[Swap] = []
    for list_id in after:
        _compare(list_id, before[list_id], after[list_id], deleted, placed)
    return deleted + placed


def _compare(list_id: str, before: list[Card], after: list[Card], deleted: list[Swap],
             placed: list[Swap]) -> None:
    kept = kept_in_order([c.id for c in before], [c.id for c in after])
    was = {c.id: c for c in before}
    deleted.extend(Swap("delete", c.id) for c in before if c.id not in kept)
    previous = ""
    for card in after:
        if card.id not in kept:
            placed.append(Swap("after", previous, card.html) if previous
                          else Swap("first", list_id, card.html))
        elif was[card.id].own != card.own or was[card.id].list_id != card.list_id:
            placed.append(Swap("replace", card.id, card.html))
        elif card.list_id:
            _compare(card.list_id, list(was[card.id].children), list(card.children),
                     deleted, placed)
        previous = card.id
