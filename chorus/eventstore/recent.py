"""What the readers of one process read last from their log (see Recorder.read_records)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, Protocol, TypeVar


class Positioned(Protocol):
    @property
    def position(self) -> int: ...


R = TypeVar("R", bound=Positioned)


class RecentRecords(Generic[R]):
    """The last records read, by position. Exact: a position, once given, always names the
    same record (rows are never updated once positioned; erasure shreds keys, not rows), so
    consecutive positions held here are the log as any reader would read it.

    Bounded by count and by the bytes of the records' stored state (an import's large
    events would otherwise hold many megabytes of a process's memory)."""

    def __init__(self, size: int = 10_000, max_bytes: int = 6 << 20) -> None:
        self.size, self.max_bytes = size, max_bytes
        # Oldest first (insertion order): the oldest leaves in O(1), however many are held.
        self.by_position: OrderedDict[int, R] = OrderedDict()
        self.bytes = 0

    def after(self, position: int, limit: int) -> list[R]:
        """Up to `limit` records held that follow `position` without a hole."""
        found: list[R] = []
        while len(found) < limit:
            record = self.by_position.get(position + 1 + len(found))
            if record is None:
                break
            found.append(record)
        return found

    def keep(self, records: list[R]) -> list[R]:
        for record in records:
            if record.position not in self.by_position:
                self.bytes += _weight(record)
            self.by_position[record.position] = record
        while len(self.by_position) > self.size or self.bytes > self.max_bytes:
            self.bytes -= _weight(self.by_position.popitem(last=False)[1])
        return records


def _weight(record: object) -> int:
    """A record's stored state and a rough allowance for the rest of it."""
    return len(getattr(record, "state", b"")) + 300
