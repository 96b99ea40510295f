"""A least-recently-used store bounded by count and by bytes, the shape of a worker's caches."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class SizedLru:
    """Values by key with the bytes each holds, least recently used out first once either
    ``max_items`` or ``max_bytes`` is passed; a value larger than ``max_bytes`` is not kept.
    Safe to share between a worker's threads."""

    def __init__(self, max_items: int, max_bytes: int):
        self.max_items = max_items
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        """The value kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            self._kept.move_to_end(key)
            return kept[0]

    def put(self, key: Hashable, value: object, size: int) -> bool:
        """Keep ``value`` under ``key`` unless a value is already kept there or it is larger
        than the whole bound; returns whether it was kept."""
        with self._lock:
            if key in self._kept or size > self.max_bytes:
                return False
            self._kept[key] = (value, size)
            self._bytes += size
            while len(self._kept) > self.max_items or self._bytes > self.max_bytes:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._bytes -= dropped
            return True

    def drop(self, unwanted: Callable[[Hashable, object], bool]) -> int:
        """Drop every entry for which ``unwanted(key, value)`` holds; returns how many."""
        with self._lock:
            gone = [key for key, (value, _) in self._kept.items() if unwanted(key, value)]
            for key in gone:
                self._bytes -= self._kept.pop(key)[1]
            return len(gone)

    def clear(self) -> None:
        """Keep nothing."""
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def usage(self) -> tuple[int, int]:
        """How many values are kept and the bytes they hold."""
        with self._lock:
            return len(self._kept), self._bytes
