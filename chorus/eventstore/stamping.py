"""Group stamping of positions after commit (see recorder.py): concurrent writers of one
process share each call of the store's `stamp_positions` function."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from uuid import UUID

import asyncpg

EventKey = tuple[UUID, int]


class Stamper:
    """Group stamping: concurrent writers of this process share one stamp_positions call.

    Each writer enqueues its events' keys after its commit and awaits their positions; one
    call at a time runs, covering every request queued while the previous call ran."""

    def __init__(self, pool: asyncpg.Pool, schema: str,
                 stamped: Callable[[], None] = lambda: None) -> None:
        self.pool, self.schema, self.stamped = pool, schema, stamped
        self._queue: list[tuple[list[EventKey], asyncio.Future[list[int]]]] = []
        self._running = False
        self._task: asyncio.Task[None] | None = None  # a strong reference: see _drain

    async def stamp(self, keys: list[EventKey]) -> list[int]:
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._queue.append((keys, future))
        if not self._running:
            self._running = True
            # Keep the task referenced: the loop holds tasks weakly, and a collected drain
            # would leave every writer waiting forever.
            self._task = asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[list[EventKey], asyncio.Future[list[int]]]] = []
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    positions = await self._call([k for keys, _ in batch for k in keys])
                except Exception as e:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(e)
                    continue
                for keys, future in batch:
                    if future.done():
                        continue
                    missing = [k for k in keys if k not in positions]
                    if missing:
                        future.set_exception(RuntimeError(f"events not stamped: {missing}"))
                    else:
                        future.set_result(sorted(positions[k] for k in keys))
        finally:
            self._running = False
            for _, future in batch:  # never leave a writer waiting (e.g. on cancellation)
                if not future.done():
                    future.set_exception(RuntimeError("stamping was interrupted"))

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
