"""Statements a read model's run of events asks for, sent together when the run ends.

A runner hands a read model runs of up to a thousand events (a catch-up, or a busy moment's
commands): a handler's statement sent at once costs a round trip and its driver's work every
time, most of a projection's CPU. A read model whose handlers only write (they never read
their own tables back) can instead queue them here: when the run ends they go as one pipelined
`executemany` per statement text (a round trip for a hundred cases' clocks).

Statements queued under one key (a row, or rows that must change in order) run in the order
they were queued; statements under different keys must not depend on each other. Phases run in
order: everything of phase 0 before anything of phase 1 (e.g. rows before the updates that
read them).
"""

from __future__ import annotations

from collections.abc import Hashable
from itertools import zip_longest
from typing import Any, Protocol

from chorus.db import Conn

Statement = tuple[str, tuple[Any, ...]]


class Executes(Protocol):
    """Where a statement goes: a connection, or a key of pending writes."""

    async def execute(self, query: str, *args: Any) -> Any: ...


class PendingWrites:
    def __init__(self) -> None:
        self._phases: dict[int, dict[Hashable, list[Statement]]] = {}

    def add(self, key: Hashable, query: str, *args: Any, phase: int = 0) -> None:
        self._phases.setdefault(phase, {}).setdefault(key, []).append((query, args))

    def on(self, key: Hashable, phase: int = 0) -> Executes:
        """An executor that queues under `key` (for code written against a connection)."""
        return _Queued(self, key, phase)

    async def send(self, conn: Conn) -> int:
        """Runs what was queued, in waves: the first statement of every key, grouped by text,
        then the second, and so on. Returns the number of round trips it took."""
        phases, self._phases = self._phases, {}
        trips = 0
        for phase in sorted(phases):
            for wave in zip_longest(*phases[phase].values()):
                grouped: dict[str, list[tuple[Any, ...]]] = {}
                for statement in wave:
                    if statement is not None:
                        grouped.setdefault(statement[0], []).append(statement[1])
                for query, args in grouped.items():
                    if len(args) == 1:
                        await conn.execute(query, *args[0])
                    else:
                        await conn.executemany(query, args)
                    trips += 1
        return trips


class _Queued:
    def __init__(self, writes: PendingWrites, key: Hashable, phase: int) -> None:
        self.writes, self.key, self.phase = writes, key, phase

    async def execute(self, query: str, *args: Any) -> None:
        self.writes.add(self.key, query, *args, phase=self.phase)


class WritesAtRunEnd:
    """For a read model (mixed in before `Projection`) whose handlers only write: within a
    run, `self.later(ctx, key)` queues a statement; outside one (a single event handled) it
    is the handler's connection. The run's statements are sent after its last event."""

    _pending: PendingWrites | None = None

    def later(self, ctx: Any, key: Hashable, phase: int = 0) -> Executes:
        if self._pending is None:
            return ctx.conn  # type: ignore[no-any-return]
        return self._pending.on(key, phase)

    async def handle_run(self, items: list[tuple[Any, Any]]) -> None:
        if self._pending is not None or not items:
            await super().handle_run(items)  # type: ignore[misc]
            return
        self._pending = pending = PendingWrites()
        try:
            self.run_starting()
            await super().handle_run(items)  # type: ignore[misc]
            await self.run_ending(pending)
        finally:
            self._pending = None
        await pending.send(items[0][0].conn)

    def run_starting(self) -> None:
        """Before the run's first event: the place to forget what a failed run left."""

    async def run_ending(self, pending: PendingWrites) -> None:
        """After the run's last event is handled, before its statements are sent: the place
        to queue what the run's events together decided (e.g. one update per row)."""
