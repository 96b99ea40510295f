"""The worker caches' store: bounded by count and by bytes, least recently used out first."""

from carebridge.sized_lru import SizedLru


def test_the_least_recently_used_goes_first_when_the_count_is_passed():
    store = SizedLru(max_items=2, max_bytes=100)
    store.put("a", 1, 10)
    store.put("b", 2, 10)
    assert store.get("a") == 1  # "b" is now the least recently used
    store.put("c", 3, 10)
    assert store.get("b") is None
    assert (store.get("a"), store.get("c")) == (1, 3)
    assert store.usage() == (2, 20)


def test_bytes_bound_the_store_and_a_value_larger_than_the_bound_is_not_kept():
    store = SizedLru(max_items=10, max_bytes=25)
    assert store.put("a", "x", 10) and store.put("b", "y", 10)
    assert store.put("c", "z", 10)  # 30 bytes: "a" goes
    assert store.get("a") is None and store.usage() == (2, 20)
    assert not store.put("huge", "w", 26)
    assert store.get("huge") is None and store.usage() == (2, 20)


def test_a_kept_value_is_not_replaced_and_drop_and_clear_give_back_their_bytes():
    store = SizedLru(max_items=10, max_bytes=100)
    store.put("a", 1, 10)
    assert not store.put("a", 2, 10)
    assert store.get("a") == 1
    store.put("b", 2, 20)
    store.put("c", 3, 30)
    assert store.drop(lambda key, value: value >= 2) == 2
    assert store.usage() == (1, 10)
    store.clear()
    assert store.usage() == (0, 0) and store.get("a") is None
