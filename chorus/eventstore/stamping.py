"""Group stamping of positions after commit (see recorder.py): concurrent writers of one
process share each call of the store's `stamp_positions` function."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from uuid import UUID

import asyncpg
from eventsourcing.persistence import StoredEvent

from chorus.batching import Batched

EventKey = tuple[UUID, int]


def event_keys(events: Sequence[StoredEvent]) -> list[EventKey]:
    return [(e.originator_id if isinstance(e.originator_id, UUID)
             else UUID(str(e.originator_id)), e.originator_version) for e in events]


class Stamper:
    """Group stamping: each writer hands over its events' keys after its commit and awaits
    their positions; one stamp_positions call covers every writer waiting."""

    def __init__(self, pool: asyncpg.Pool, schema: str,
                 stamped: Callable[[], None] = lambda: None) -> None:
        self.pool, self.schema, self.stamped = pool, schema, stamped
        self._shared: Batched[list[EventKey], list[int]] = Batched(self._stamp_all)

    async def stamp(self, keys: list[EventKey]) -> list[int]:
        return await self._shared.submit(keys)

    async def _stamp_all(self, requests: list[list[EventKey]]) -> list[list[int] | BaseException]:
        positions = await self._call([k for keys in requests for k in keys])
        answers: list[list[int] | BaseException] = []
        for keys in requests:
            missing = [k for k in keys if k not in positions]
            answers.append(RuntimeError(f"events not stamped: {missing}") if missing
                           else sorted(positions[k] for k in keys))
        return answers

    async def _call(self, keys: list[EventKey]) -> dict[EventKey, int]:
        # The events are already committed: retry a passing failure rather than report a
        # stored write as failed (any later stamp, e.g. the relay's, would also cover them).
        for attempt in range(3):
            try:
                rows = await self.pool.fetch(
                    f"SELECT * FROM {self.schema}.stamp_positions($1::uuid[], $2::bigint[])",
                    [k[0] for k in keys], [k[1] for k in keys])
                self.stamped()  # positions given (ours, or rows a dead writer left)
                return {(r[0], r[1]): r[2] for r in rows if r[2] is not None}
            except (asyncpg.PostgresConnectionError, OSError):
                if attempt == 2:
                    raise
                await asyncio.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")
