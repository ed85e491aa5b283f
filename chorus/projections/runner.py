"""Runs a projection: tails the store by position and applies events to a read model, with the
projection's tracking position written in the same transaction as its read-model changes.

Several replicas may run the same projection: a batch whose tracking insert conflicts was
already applied by another replica and is rolled back whole. `rebuild` empties the read model
and its tracking in one transaction; the runner then replays the log from the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import asyncpg
from eventsourcing.persistence import IntegrityError, Tracking

from chorus.db import Conn
from chorus.eventstore.recorder import RecordedEvent
from chorus.eventstore.schema import checked_schema
from chorus.eventstore.store import EventStore

log = logging.getLogger(__name__)


class Projection(Protocol):
    """A read model. One may set `sealed = True` to receive personal fields still encrypted
    under the data subject's key and keep them so: erasing the subject then erases them from
    the read model too, with nothing to purge (see privacy/fields.py `open_field`)."""

    name: str
    tables: Sequence[str]  # read-model tables (schema-qualified) emptied by a rebuild

    async def setup(self, conn: Conn) -> None: ...

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None: ...


class ReadModelBehind(Exception):
    """The read model did not reach the requested position in time (retry)."""


class ProjectionRunner:
    def __init__(self, store: EventStore, projection: Projection, batch_size: int = 500) -> None:
        self.store = store
        self.recorder = store.recorder
        self.projection = projection
        self.batch_size = batch_size
        self._progress = asyncio.Condition()

    @property
    def tracking_name(self) -> str:
        return f"projection:{self.projection.name}"

    async def setup(self) -> None:
        async with self.recorder.pool.acquire() as conn:
            await self.projection.setup(conn)

    async def position(self) -> int:
        return await self.recorder.max_tracking_id(self.tracking_name) or 0

    async def run_once(self) -> int:
        position = await self.position()
        records = await self.recorder.read_records(position, self.batch_size)
        if not records:
            return 0
        events = await self.store.decode(
            records, sealed=getattr(self.projection, "sealed", False))
        try:
            async with self.recorder.pool.acquire() as conn, conn.transaction():
                for event, record in zip(events, records, strict=True):
                    await self.projection.apply(conn, event, record)
                await self.recorder.insert_tracking(
                    Tracking(self.tracking_name, records[-1].position), conn=conn)
        except IntegrityError:
            return 0  # another replica applied this batch first
        committed = getattr(self.projection, "committed", None)
        if committed is not None:
            committed(events)  # an in-process hook, e.g. to refresh a cache
        async with self._progress:
            self._progress.notify_all()
        return len(records)

    async def rebuild_if_requested(self) -> bool:
        s = self.recorder.schema
        async with self.recorder.pool.acquire() as conn, conn.transaction():
            requested = await conn.fetchval(
                f"DELETE FROM {s}.rebuild_requests WHERE projection = $1 RETURNING 1",
                self.projection.name)
            if requested:
                await _reset(conn, s, self.projection)
        return bool(requested)

    async def run(self, beat: Callable[[], None] = lambda: None,
                  idle_sleep: float = 0.05) -> None:
        """Applies the log forever, calling `beat` after each round that worked; raises on any
        failure (the supervisor restarts it; it resumes from its tracked position)."""
        await self.rebuild_if_requested()
        idle = 0
        while True:
            idle += 1
            if idle % 20 == 0:
                await self.rebuild_if_requested()
            if await self.run_once():
                idle = 0
                beat()
                continue
            beat()
            await asyncio.sleep(idle_sleep)

    async def wait_for(self, min_position: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Read-your-writes: returns once the read model includes `min_position`."""
        if min_position <= 0:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while await self.position() < min_position:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise ReadModelBehind(
                    f"read model {self.projection.name} has not reached position {min_position}")
            async with self._progress:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._progress.wait(), min(remaining, 0.05))


async def _reset(conn: Conn, schema: str, projection: Projection) -> None:
    """Empties the read model and its tracking in one transaction; the runner then replays."""
    await projection.setup(conn)
    for table in projection.tables:
        await conn.execute(f"TRUNCATE {table}")
    await conn.execute(f"DELETE FROM {schema}.tracking WHERE application_name = $1",
                       f"projection:{projection.name}")


async def request_rebuild(pool: asyncpg.Pool, schema: str, projection: str) -> None:
    """Asks the service running `projection` to rebuild it (`chorus rebuild-projection`)."""
    await pool.execute(
        f"INSERT INTO {checked_schema(schema)}.rebuild_requests (projection) VALUES ($1)"
        " ON CONFLICT (projection) DO UPDATE SET requested_at = now()", projection)
