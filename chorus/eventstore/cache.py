"""Aggregates kept in memory between commands, so that deciding on a popular aggregate (an
idea with thousands of votes) reads only the events recorded since it was last saved here,
instead of replaying its whole history.

An entry is taken out while a command works on it (one command at a time has it; another
loads from the store) and put back only once its new events are committed: an aggregate a
command changed but did not store never comes back. Events are never changed once stored, so
an entry at version v plus the stored events after v is the aggregate now, whichever replica
wrote them. Only classes that opt in (`cached_when_sealed = True`) are kept, and only as
loaded sealed: their personal fields stay encrypted in memory, so erasing a subject's key
leaves nothing readable here."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from uuid import UUID

Key = tuple[type, str, UUID]


class AggregateCache:
    def __init__(self, size: int = 2000) -> None:
        self.size = size
        self._entries: OrderedDict[Key, Any] = OrderedDict()
        self.hits = self.misses = 0

    def take(self, key: Key) -> Any | None:
        aggregate = self._entries.pop(key, None)
        if aggregate is None:
            self.misses += 1
        else:
            self.hits += 1
        return aggregate

    def put(self, key: Key, aggregate: Any) -> None:
        self._entries[key] = aggregate
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
