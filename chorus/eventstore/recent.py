"""What the readers of one process read last from their log (see Recorder.read_records)."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar


class Positioned(Protocol):
    @property
    def position(self) -> int: ...


R = TypeVar("R", bound=Positioned)


class RecentRecords(Generic[R]):
    """The last records read, by position. Exact: a position, once given, always names the
    same record (rows are never updated once positioned; erasure shreds keys, not rows), so
    consecutive positions held here are the log as any reader would read it."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self.by_position: dict[int, R] = {}

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
            self.by_position[record.position] = record
        if len(self.by_position) > self.size:  # forget the oldest (insertion order)
            for position in list(self.by_position)[:len(self.by_position) - self.size]:
                del self.by_position[position]
        return records
