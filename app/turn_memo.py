"""What earlier turns of a conversation were about, remembered between questions.

A follow-up is read against the answers the earlier turns got (app/assistant.py ``_context``):
each earlier turn is answered again, itself against the turns before it. In a chat every turn is
such a follow-up of the ones before, so without a memory each new question would answer the whole
conversation again, a few turns deep with branches (pronouns, the conversation's document). Answers
are deterministic for one state of a collection, so a turn's context is kept per searcher (one
collection version), per answering mode and per conversation prefix.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
CAPACITY = 512  # conversation prefixes kept; the oldest go first


class TurnMemo:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], T]) -> T:
        """The remembered value for ``key``, else ``make()``'s (computed outside the lock: two threads
        may both compute it, and both get the same answer)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CONTEXTS = TurnMemo()
