"""Runs a reader of the log (a projection or a policy): tails the store by position and hands
each event it handles to it, with its tracking position written in the same transaction.

One replica at a time runs a reader when the runner is given leases (leases.py); the others
stand by. Should two run it anyway (a lease lost unnoticed), a batch whose tracking insert
conflicts was already handled by another replica and is rolled back whole (a policy's new
events with it). A rebuild empties the reader's tables and tracking in one transaction; it
then replays the log from the start. Records of types the reader does not handle are skipped
undecoded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import resolve_topic

from chorus.db import (
    Conn,
    Executes,
    PendingWrites,
    checked_schema,
    setup_transaction,
    take_setup_turn,
)
from chorus.errors import BeyondTheLog, ReadModelBehind
from chorus.eventstore.news import SMALL_ROUND
from chorus.eventstore.store import EventStore
from chorus.handlers import Context
from chorus.outage import Outage
from chorus.projections.leases import LEASE_RETRY_S, ReaderLeases, reader_lease
from chorus.projections.readers import LogReader

log = logging.getLogger(__name__)


def ddl(s: str) -> str:
    return f"""
-- Projections an operator asked to rebuild (`chorus rebuild-projection`).
CREATE TABLE IF NOT EXISTS {s}.rebuild_requests (
    projection   text PRIMARY KEY,
    requested_at timestamptz NOT NULL DEFAULT now()
);"""


class ProjectionRunner:
    def __init__(self, store: EventStore, reader: LogReader, batch_size: int = 1000,
                 actor: str = "", leases: ReaderLeases | None = None) -> None:
        self.store = store
        self.recorder = store.recorder
        self.reader = reader
        self.batch_size = batch_size
        self.actor = actor or reader.name
        self._handled_topics: dict[str, bool] = {}
        self._types = set(reader.handled_types())
        self._progress = asyncio.Condition()
        self.known = 0  # the highest position seen tracked or committed (see Progress.known)
        self._asked = 0  # the highest position a read waited for (see wait_for, _gather)
        # The position this runner last committed or read at the start of a round: any other
        # tracked position means another replica (or a rebuild) changed the read model.
        self.exact = -1
        # The last round committed: the tracked position is `exact` unless another replica
        # moved it since, which the commit's compare-and-set finds (so it is not read again).
        self._committed_last = False
        self._hurry: asyncio.Future[None] | None = None  # resolved to end a gathering early
        self.leases = leases
        self.lease = reader_lease(reader.name)
        if leases is not None:
            leases.on_wake(self.lease, self._asked_for)
        reader.bind(self)

    @property
    def projection(self) -> LogReader:
        return self.reader

    @property
    def standby(self) -> bool:
        """Whether this process leaves the reader to the replica holding its lease."""
        return self.leases is not None and not self.leases.holds(self.lease)

    @property
    def tracking_name(self) -> str:
        return f"projection:{self.reader.name}"

    async def setup(self) -> None:
        async with setup_transaction(self.recorder.pool) as conn:
            await self.reader.setup(conn)

    async def position(self) -> int:
        position = await self.recorder.max_tracking_id(self.tracking_name) or 0
        self.known = position  # what the database says now (lower after a rebuild's reset)
        return position

    def _handles(self, topic: str) -> bool:
        found = self._handled_topics.get(topic)
        if found is None:
            found = self._handled_topics[topic] = resolve_topic(topic) in self._types
        return found

    async def run_once(self) -> int:
        trusted = self._committed_last
        position = self.exact if trusted else await self._learn_position()
        self._committed_last = False
        wanted, through = await self.recorder.read_wanted(position, self.batch_size,
                                                          self._handles)
        if through == position:
            return 0
        events = await self.store.decode(wanted, sealed=self.reader.sealed, shared=True)
        store = self.store if self.reader.records_events else None
        pending = PendingWrites()  # what handlers queued with ctx.later: sent after the run
        try:
            async with self.recorder.pool.acquire() as conn, conn.transaction():
                await self.reader.handle_run([
                    (Context.of_record(conn, record, store=store, actor=self.actor,
                                       pending=pending), event)
                    for event, record in zip(events, wanted, strict=True)])
                await pending.send(conn)
                await self.recorder.insert_tracking(
                    Tracking(self.tracking_name, through), conn=conn, expected=position)
        except IntegrityError:
            # Another replica (or a rebuild) moved the position: with the position this
            # runner trusted, try again from the one tracked now; else the batch was theirs.
            if trusted:
                return await self.run_once()
            return 0
        self.known = self.exact = through
        self._committed_last = True
        self.reader.committed(events)
        async with self._progress:
            self._progress.notify_all()
        return through - position  # positions covered (they have no gaps)

    async def _learn_position(self) -> int:
        """The tracked position now; a change this runner did not make (another replica's
        batches, a rebuild) tells the reader its caches are stale."""
        position = await self.position()
        if position != self.exact:
            self.reader.changed_elsewhere()
            self.exact = position
        return position

    async def rebuild_if_requested(self) -> bool:
        s = self.recorder.schema
        async with self.recorder.pool.acquire() as conn, conn.transaction():
            requested = await conn.fetchval(
                f"DELETE FROM {s}.rebuild_requests WHERE projection = $1 RETURNING 1",
                self.reader.name)
            if requested:
                await _reset(conn, s, self.reader)
                self.known = 0
                self._committed_last = False
        return bool(requested)

    async def run(self, beat: Callable[[], None] = lambda: None,
                  idle_sleep: float = 0.2, max_idle_sleep: float = 1.0,
                  rebuild_check_s: float = 1.0) -> None:
        """Follows the log forever, calling `beat` after each round that worked; raises on any
        failure (the supervisor restarts it; it resumes from its tracked position). A rebuild
        an operator asked for is picked up within `rebuild_check_s`, busy or idle.

        A write of this process wakes it at once (news); writes of other processes are
        polled for, every `idle_sleep` after work and less often as the log stays still (up
        to `max_idle_sleep`): an idle service does not query its database five times a
        second per reader. A read asking for a position this process has not seen wakes it
        too (`wait_for`)."""
        loop = asyncio.get_running_loop()
        if self.leases is not None:
            await self._stand_by(beat, idle_sleep, max_idle_sleep)
        await self.rebuild_if_requested()
        checked = loop.time()
        wait = idle_sleep
        while True:
            if self.leases is not None and not self.leases.holds(self.lease):
                raise Outage(f"reader {self.reader.name} lost its lease (database session)")
            if loop.time() - checked >= rebuild_check_s:
                await self.rebuild_if_requested()
                checked = loop.time()
            told = self.recorder.news.told
            handled = await self.run_once()
            beat()
            if handled:
                wait = idle_sleep
                if handled < SMALL_ROUND:
                    await self._gather(told)
            elif not await self.recorder.news.wait(wait, told):  # or sooner: a write of ours
                wait = min(wait * 2, max_idle_sleep)

    async def _stand_by(self, beat: Callable[[], None], idle_sleep: float,
                        max_idle_sleep: float) -> None:
        """Until this process holds the reader's lease: follows the tracked position as an
        idle reader polls the log (every `idle_sleep` after a change, less often while none
        comes), so that the reader's caches drop what the holder's batches changed and local
        reads waiting for a position see it reached; tries the lease every LEASE_RETRY_S, and
        at once when a holder says it gave leases up."""
        assert self.leases is not None
        loop = asyncio.get_running_loop()
        tried, wait = -LEASE_RETRY_S, idle_sleep
        while True:
            if loop.time() - tried >= LEASE_RETRY_S:
                if await self.leases.take(self.lease):
                    return
                tried = loop.time()
            before = self.exact
            await self._learn_position()
            self._committed_last = False
            async with self._progress:
                self._progress.notify_all()
            beat()  # a standby is healthy
            wait = idle_sleep if self.exact != before else min(wait * 2, max_idle_sleep)
            if await self.leases.freed(min(wait, LEASE_RETRY_S)):
                tried = -LEASE_RETRY_S  # its holder gave it up: try at once

    @property
    def asked(self) -> int:
        """The highest position a read waited for, here or (told through the lease) in
        another process."""
        return self._asked

    def _asked_for(self, position: int) -> None:
        """A read in another process waits for `position` of this reader (see leases.py): no
        gathering until it is handled, and the round now."""
        self._asked = max(self._asked, position)
        self._hurry_up()
        self.recorder.news.announce()

    async def _gather(self, told: int) -> None:
        """Lets a busy process's appends pile up before the next round (see news.py);
        a read waiting for this reader cuts it short (`wait_for`)."""
        if self._asked > self.known:  # a read waits: no gathering
            return
        self._hurry = asyncio.get_running_loop().create_future()
        try:
            await self.recorder.news.gather(told, self._hurry)
        finally:
            self._hurry = None

    def _hurry_up(self) -> None:
        if self._hurry is not None and not self._hurry.done():
            self._hurry.set_result(None)

    async def wait_for(self, min_position: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Read-your-writes: returns once the reader includes `min_position`. A position
        beyond the log's head (no write returned it) is refused at once. A position this
        process already saw handled costs no round trip (every query after the first that
        carries the same consistency token, for one)."""
        if min_position <= 0 or self.known >= min_position:
            return
        self._hurry_up()
        if await self.position() >= min_position:
            return
        head = await self.recorder.max_notification_id() or 0
        if min_position > head:
            raise BeyondTheLog(
                f"position {min_position} is beyond the log's head ({head}): no write"
                " returned it")
        # Written by another process (a replica): this process's readers, idle, may be
        # polling slowly; the log grew, so they look now (once per position asked: many
        # reads waiting for one write wake them once).
        if min_position > self._asked:
            self._asked = min_position
            if self.standby and self.leases is not None:  # the holder is in another process
                await self.leases.wake(self.lease, min_position)
            else:
                self.recorder.news.announce()
        self._hurry_up()  # a gathering begun while this read looked: none begins from now on
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        step = 0.02 if self.standby else 0.05  # a standby's progress comes only from polling
        while await self.position() < min_position:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise ReadModelBehind(
                    f"read model {self.reader.name} has not reached position {min_position}")
            async with self._progress:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._progress.wait(), min(remaining, step))


async def _reset(conn: Conn, schema: str, reader: LogReader) -> None:
    """Empties the reader's tables and tracking in one transaction; the runner then replays."""
    await take_setup_turn(conn)
    await reader.setup(conn)
    for table in reader.tables:
        await conn.execute(f"TRUNCATE {table}")
    await conn.execute(f"DELETE FROM {schema}.tracking WHERE application_name = $1",
                       f"projection:{reader.name}")


async def request_rebuild(pool: Executes, schema: str, projection: str) -> None:
    """Asks the service running `projection` to rebuild it (`chorus rebuild-projection`)."""
    await pool.execute(
        f"INSERT INTO {checked_schema(schema)}.rebuild_requests (projection) VALUES ($1)"
        " ON CONFLICT (projection) DO UPDATE SET requested_at = now()", projection)

