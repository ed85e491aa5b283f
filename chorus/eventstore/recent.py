"""What the readers of one process read last from their log (see Recorder.read_records)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar


class Positioned(Protocol):
    @property
    def position(self) -> int: ...


R = TypeVar("R", bound=Positioned)


class RecentRecords(Generic[R]):
    """The last records read, and those this process stored, by position. Exact: a position,
    once given, always names the same record (rows are never updated once positioned;
    erasure shreds keys, not rows), so consecutive positions held here are the log as any
    reader would read it.

    Bounded by count, by the bytes of the records' stored state (an import's large events
    would otherwise hold many megabytes of a process's memory), and by age: the readers of a
    process read the same stretch within milliseconds of each other, so a record nobody read
    for `max_age_s` serves no one. Held longer, a quiet process's last 10,000 records (with
    their ids and metadata, some 100,000 objects) were scanned by every full pass of the
    garbage collector, and each such pass stalled every request (38 ms in identity)."""

    def __init__(self, size: int = 10_000, max_bytes: int = 6 << 20, max_age_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic, max_decoded: int = 2_000) -> None:
        self.size, self.max_bytes, self.max_age_s, self.clock = size, max_bytes, max_age_s, clock
        self.max_decoded = max_decoded
        # Oldest first (insertion order): the oldest leaves in O(1), however many are held.
        self.by_position: OrderedDict[int, R] = OrderedDict()
        self.bytes = 0
        # The domain events decoded from held records, for the process's other readers of
        # them (see EventStore.decode): dropped with their records, and fewer (a decoded
        # event weighs several times its record, and ideas' import runs close to its memory
        # limit; readers share what they read within milliseconds of each other).
        self.decoded: dict[int, Any] = {}
        # When each keep's records came, as (time, records added until then counted from the
        # first): leaving oldest first, the n-th record added is the n-th to leave.
        self._kept: deque[tuple[float, int]] = deque()
        self._added = 0
        self._sweep: asyncio.TimerHandle | None = None

    def after(self, position: int, limit: int) -> list[R]:
        """Up to `limit` records held that follow `position` without a hole."""
        found: list[R] = []
        while len(found) < limit:
            record = self.by_position.get(position + 1 + len(found))
            if record is None:
                break
            found.append(record)
        return found

    def decoded_of(self, record: R) -> Any | None:
        """The event a reader of this process decoded from this very record, if held."""
        if self.by_position.get(record.position) is not record:
            return None
        return self.decoded.get(record.position)

    def share_decoded(self, record: R, event: Any) -> None:
        """Holds an event decoded from a held record (one not held is not kept: this holds
        nothing its records do not)."""
        if self.by_position.get(record.position) is not record:
            return
        if len(self.decoded) >= self.max_decoded:
            del self.decoded[next(iter(self.decoded))]  # the first shared
        self.decoded[record.position] = event

    def keep(self, records: list[R]) -> list[R]:
        added = self._added
        for record in records:
            if record.position not in self.by_position:
                self.bytes += _weight(record)
                self._added += 1
            self.by_position[record.position] = record
        if self._added > added:
            self._kept.append((self.clock(), self._added))
        while len(self.by_position) > self.size or self.bytes > self.max_bytes:
            self._drop_oldest()
        while self._kept and self._kept[0][1] <= self._dropped():
            self._kept.popleft()  # gone already, by count or bytes
        self._sweep_later()
        return records

    def forget_old(self) -> None:
        """Drops what was kept `max_age_s` ago or earlier."""
        cutoff = self.clock() - self.max_age_s
        while self._kept and self._kept[0][0] <= cutoff:
            through = self._kept.popleft()[1]
            while self._dropped() < through:
                self._drop_oldest()

    def _dropped(self) -> int:
        return self._added - len(self.by_position)

    def _drop_oldest(self) -> None:
        position, record = self.by_position.popitem(last=False)
        self.bytes -= _weight(record)
        self.decoded.pop(position, None)

    def _sweep_later(self) -> None:
        """Old records leave even when no one reads any more (a process gone quiet)."""
        if self._sweep is not None or not self._kept:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # kept outside a loop (a tool, a test): `forget_old` is called instead
        # A sweep takes whatever came of age since the last (not one per keep: under load a
        # process keeps hundreds of runs a second); records then live at most a tenth longer.
        due = max(self.max_age_s / 10, self._kept[0][0] + self.max_age_s - self.clock())
        self._sweep = loop.call_later(due, self._swept)

    def _swept(self) -> None:
        self._sweep = None
        self.forget_old()
        self._sweep_later()


def _weight(record: object) -> int:
    """A record's stored state and a rough allowance for the rest of it."""
    return len(getattr(record, "state", b"")) + 300
