"""Which cards an edit sends back: only those that moved or changed, deletions first."""

from __future__ import annotations

import pytest

from carebridge.builder.outline_changes import Card, Swap, kept_in_order, swaps


def card(name: str, look: str = "", children: tuple[Card, ...] = ()) -> Card:
    own = f"<li id={name}>{look}</li>"
    inner = "".join(c.html for c in children)
    return Card(name, own, own + inner, children, f"{name}-list" if children else "")


def test_nothing_changed_sends_nothing():
    lists = {"s0": [card("a"), card("b")], "s1": [card("c")]}
    assert swaps(lists, lists) == []


def test_a_card_drawn_differently_is_redrawn_alone():
    before = {"s0": [card("a"), card("b"), card("c")]}
    after = {"s0": [card("a"), card("b", "Shown when…"), card("c")]}
    assert swaps(before, after) == [Swap("replace", "b", after["s0"][1].html)]


def test_moving_up_takes_out_one_card_and_puts_it_back_beside_its_neighbour():
    before = {"s0": [card("a"), card("b"), card("c"), card("d")]}
    after = {"s0": [card("a"), card("c"), card("b"), card("d")]}
    found = swaps(before, after)
    assert len(found) == 2 and found[0].how == "delete"
    moved = found[0].target
    assert moved in ("b", "c")
    assert found[1] == (Swap("after", "c", card("b").html) if moved == "b"
                        else Swap("after", "a", card("c").html))


def test_a_card_moving_to_another_section_is_deleted_before_it_is_inserted():
    before = {"s0": [card("a"), card("b")], "s1": [card("c")]}
    after = {"s0": [card("a")], "s1": [card("b"), card("c")]}
    assert swaps(before, after) == [Swap("delete", "b"), Swap("first", "s1", card("b").html)]


def test_an_added_card_goes_after_the_one_before_it_or_first():
    before = {"s0": [card("a")], "s1": []}
    after = {"s0": [card("a"), card("new")], "s1": [card("x")]}
    assert swaps(before, after) == [Swap("after", "a", card("new").html),
                                    Swap("first", "s1", card("x").html)]


def test_inside_a_group_only_the_changed_question_is_sent():
    before = {"s0": [card("g", children=(card("g--a"), card("g--b"))), card("z")]}
    after = {"s0": [card("g", children=(card("g--a"), card("g--b", "required"))), card("z")]}
    assert swaps(before, after) == [Swap("replace", "g--b", card("g--b", "required").html)]
    added = {"s0": [card("g", children=(card("g--a"), card("g--b"), card("g--c"))),
                    card("z")]}
    assert swaps(before, added) == [Swap("after", "g--b", card("g--c").html)]


def test_a_group_whose_own_card_changed_is_sent_whole():
    before = {"s0": [card("g", children=(card("g--a"),))]}
    after = {"s0": [card("g", "renamed", children=(card("g--a"),))]}
    assert swaps(before, after) == [Swap("replace", "g", after["s0"][0].html)]


def test_deleting_and_bringing_back():
    before = {"s0": [card("a"), card("b"), card("c")]}
    after = {"s0": [card("a"), card("c")]}
    assert swaps(before, after) == [Swap("delete", "b")]
    assert swaps(after, before) == [Swap("after", "a", card("b").html)]


def test_sections_that_changed_are_not_a_card_level_change():
    with pytest.raises(ValueError):
        swaps({"s0": []}, {"s0": [], "s1": []})


@pytest.mark.parametrize(("before", "after", "kept"), [
    ("abcd", "abcd", "abcd"), ("abcd", "acbd", "abd"), ("abcd", "dabc", "abc"),
    ("abc", "", ""), ("", "ab", ""), ("abcde", "aecdb", "acd"),
])
def test_the_cards_kept_in_place_are_the_longest_run_in_order(before, after, kept):
    found = kept_in_order(list(before), list(after))
    assert len(found) == len(kept)
    assert [c for c in after if c in found] == [c for c in before if c in found]
