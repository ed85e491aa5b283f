"""The asyncpg recorder: inserts and selects stored events, notifications and tracking.

Positions are gap-free and commit-ordered without a table lock: writers insert and commit
freely; right after commit, `stamp_positions()` (a short transaction serialised by an
advisory lock that no writer holds across its own commit) stamps every committed, unstamped
row with the next positions, in (transaction id, insertion) order. A transaction's events are
therefore contiguous, and an aggregate's events keep their order because the transaction that
appends version n+1 gets its id after the one that wrote version n committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
from eventsourcing.persistence import IntegrityError, Notification, StoredEvent, Tracking

from chorus.batching import Serving
from chorus.db import Conn, checked_schema, setup_transaction
from chorus.eventstore.combining import PositionedAppends
from chorus.eventstore.hashing import HashedRows
from chorus.eventstore.metadata import SYSTEM, EventMetadata
from chorus.eventstore.news import LogNews
from chorus.eventstore.recent import RecentRecords
from chorus.eventstore.records import RecordedEvent, _std, record_from_row
from chorus.eventstore.schema import ddl
from chorus.eventstore.stamping import EventKey, Stamper, event_keys
from chorus.eventstore.streams import StreamReads
from chorus.privacy.keys import ERASED_SQLSTATE, SubjectErased

# A process whose readers read nothing for this long has none (they poll every second at
# most, see ProjectionRunner.run): its appends are not held for them.
READERS_GONE_S = 10.0


class ConcurrencyConflict(IntegrityError):
    """Another writer stored the same aggregate version first (gRPC `ABORTED`)."""


@contextlib.contextmanager
def _conflicts() -> Iterator[None]:
    """A duplicate (aggregate, version) is a concurrency conflict; other duplicates are
    integrity errors; events about an erased subject are refused."""
    try:
        yield
    except asyncpg.UniqueViolationError as e:
        if e.constraint_name == "events_pkey":
            raise ConcurrencyConflict(str(e)) from e
        raise IntegrityError(str(e)) from e
    except asyncpg.PostgresError as e:
        if e.sqlstate == ERASED_SQLSTATE:  # refuse_erased: see privacy/keys.py
            tenant, subject = json.loads(e.detail or "[]")
            raise SubjectErased((tenant, subject)) from e
        raise


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


class Recorder:
    """One service's event store in one PostgreSQL schema."""

    def __init__(self, pool: asyncpg.Pool, schema: str = "eventstore") -> None:
        self.pool = pool
        self.schema = checked_schema(schema)
        self.news = LogNews()  # the log grew: this process's readers need not wait to poll
        self._stamper = Stamper(pool, self.schema, self.news.announce)
        self._recent: RecentRecords[RecordedEvent] = RecentRecords()
        self._appended_through = 0  # the last position of this process's appends held there
        self._read_at = -READERS_GONE_S  # when a reader of this process last read the log
        self._positioned = PositionedAppends(
            pool, self.schema, conflict=ConcurrencyConflict, stored=self._committed,
            stamp=self._stamper.stamp, recorded=self.news.announce, kept=self._appended)
        self._writing = 0  # appends in progress in this process
        self._streams = StreamReads(pool, self.schema)

    @property
    def recent(self) -> RecentRecords[RecordedEvent]:
        """What this process's readers read last and its appends stored (see recent.py)."""
        return self._recent

    async def setup(self) -> None:
        """Creates the event store's own tables and functions (chorus/schema.py creates every
        kernel table of a service's store)."""
        async with setup_transaction(self.pool) as conn:
            await conn.execute(ddl(self.schema))

    # -- writing ---------------------------------------------------------------------------

    async def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        metadata: EventMetadata = SYSTEM,
        tracking: Tracking | None = None,
        conn: Conn | None = None,
    ) -> list[int]:
        """Atomically records events (and a tracking position); returns their positions."""
        alone = not self._writing
        self._writing += 1
        try:
            if tracking is None and stored_events and (
                    conn is None or (alone and not conn.is_in_transaction())):
                with _conflicts():
                    # Concurrent writers share a statement (group commit), and so do those
                    # that may come: the process serves other requests (batching.py).
                    if conn is None and (not alone or Serving.calls > 1):
                        return await self._positioned.together(stored_events, metadata)
                    return await self._positioned.alone(stored_events, metadata, conn)
            if conn is None:
                async with self.pool.acquire() as own:
                    keys = await self._write(own, stored_events, metadata, tracking)
            else:
                keys = await self._write(conn, stored_events, metadata, tracking)
            # Stamp after giving the connection back: the stamper needs one too, and writers
            # holding every pooled connection while waiting for it would deadlock.
            return await self._stamper.stamp(keys) if keys else []
        finally:
            self._writing -= 1

    def _appended(self, stored: Callable[[], list[RecordedEvent]]) -> None:
        """Holds what an append stored for this process's readers, if it has any (a process
        that only writes, such as an import tool, would make and hold them for nobody:
        11-12 % of `bench/eventstore.py`'s 50-event appends)."""
        if time.monotonic() - self._read_at > READERS_GONE_S:
            return
        records = stored()
        if records:
            self._recent.keep(records)
            self._appended_through = max(self._appended_through, records[-1].position)

    def _enough_held(self, held: list[RecordedEvent], limit: int) -> bool:
        """Whether a read may answer with the records held, without asking the database for
        more: when they are `limit`, or end with this process's last append held (a reader
        of its own writes at the head of the log; held records that end anywhere else, read
        by another reader, say nothing of what follows). A later write of another process is
        then read next time: a hole before this process's next append, or an empty hand (the
        reader's next round, or its poll)."""
        return len(held) == limit or (
            bool(held) and held[-1].position == self._appended_through)

    async def _committed(self, event_id: UUID, originator_id: UUID, version: int) -> bool:
        return bool(await self.pool.fetchval(
            f"SELECT count(*) FROM {self.schema}.events WHERE originator_id = $1"
            " AND originator_version = $2 AND event_id = $3", originator_id, version, event_id))

    async def insert_groups(
        self, groups: Sequence[tuple[Sequence[StoredEvent], EventMetadata]],
        conn: Conn | None = None,
    ) -> list[int]:
        """Atomically records several groups of events, each with its own metadata (e.g. one
        command changing two data subjects, an import: each vote about its voter); returns
        the positions of all of them (none when joining the caller's transaction `conn`:
        they are stamped after it commits). One statement, however many groups."""
        groups = [(events, meta) for events, meta in groups if events]
        if not groups:
            return []
        with _conflicts():
            if conn is None:
                return await self._positioned.whole(groups)
            now = datetime.now(UTC)
            rows = HashedRows(now)
            tenants: list[str] = []
            subjects: list[str | None] = []
            metas: list[str] = []
            for n, (events, meta) in enumerate(groups, 1):
                meta_json = rows.add(events, meta)
                tenants += [meta.tenant] * len(events)
                subjects += [meta.subject_id] * len(events)
                metas += [meta_json] * len(events)
                if n % 200 == 0:
                    await asyncio.sleep(0)  # a big batch: let the process's other tasks run
            async with conn.transaction():  # a savepoint inside the caller's transaction
                await conn.execute(self._grouped_sql, *rows.columns, tenants, subjects,
                                   metas, now)
            return []

    async def _write(
        self,
        conn: Conn,
        stored_events: Sequence[StoredEvent],
        metadata: EventMetadata,
        tracking: Tracking | None,
    ) -> list[EventKey]:
        """Inserts; returns the keys to stamp (none inside the caller's transaction)."""
        outer = conn.is_in_transaction()
        with _conflicts():
            if tracking is None and not outer:
                # One statement, so atomic without a transaction block: one round trip.
                await self._insert_rows(conn, stored_events, metadata)
            else:
                async with conn.transaction():
                    await self._insert_rows(conn, stored_events, metadata)
                    if tracking is not None:
                        await self._insert_tracking(conn, tracking)
        # Inside the caller's transaction nothing is committed yet: the rows are stamped after
        # that commit, by the next stamping (any writer's, or the relay's).
        return [] if outer else event_keys(stored_events)

    @property
    def _grouped_sql(self) -> str:
        return (f"SELECT {self.schema}.append_grouped($1::uuid[], $2::uuid[], $3::bigint[],"
                " $4::text[], $5::bytea[], $6::bytea[], $7::text[], $8::text[], $9::jsonb[],"
                " $10)")

    @property
    def _append_sql(self) -> str:
        return (f"SELECT {self.schema}.append_events($1::uuid[], $2::uuid[], $3::bigint[],"
                " $4::text[], $5::bytea[], $6::bytea[], $7, $8, $9::jsonb, $10)")

    def _row_args(self, events: Sequence[StoredEvent], meta: EventMetadata) -> tuple[Any, ...]:
        rows = HashedRows(datetime.now(UTC))
        meta_json = rows.add(events, meta)
        return (*rows.columns, meta.tenant, meta.subject_id, meta_json, rows.recorded_at)

    async def _insert_rows(
        self, conn: Conn, events: Sequence[StoredEvent], meta: EventMetadata
    ) -> None:
        if events:
            await conn.execute(self._append_sql, *self._row_args(events, meta))

    async def _insert_tracking(self, conn: Conn, tracking: Tracking,
                               expected: int | None = None) -> None:
        """Moves the tracked position forward; with `expected`, only from that position
        (compare and set, 0 meaning not tracked yet): a reader that read its batch from
        `expected` must not commit it once another replica has moved the position at all,
        even to a position below the batch's end (it would apply the other's events a
        second time), nor once a rebuild has reset it (it would skip the replay)."""
        name, position = tracking.application_name, tracking.notification_id
        if expected:
            done = await conn.fetchval(
                f"UPDATE {self.schema}.tracking SET notification_id = $2"
                " WHERE application_name = $1 AND notification_id = $3 RETURNING 1",
                name, position, expected)
        else:
            guard = "t.notification_id < excluded.notification_id" if expected is None \
                else "t.notification_id = 0"
            done = await conn.fetchval(
                f"INSERT INTO {self.schema}.tracking AS t (application_name, notification_id)"
                " VALUES ($1, $2) ON CONFLICT (application_name) DO UPDATE"
                f" SET notification_id = excluded.notification_id WHERE {guard} RETURNING 1",
                name, position)
        if done is None:
            raise IntegrityError(
                f"{name} already tracked at or past {position}" if expected is None else
                f"{name} moved from {expected} meanwhile")

    async def insert_tracking(
        self, tracking: Tracking, conn: Conn | None = None, expected: int | None = None
    ) -> None:
        if conn is not None:
            # In the caller's transaction, no savepoint: a conflict is raised here, never by
            # the database, so the transaction stays usable (and a savepoint would cost two
            # more round trips on every batch every reader commits).
            await self._insert_tracking(conn, tracking, expected)
            return
        async with self.pool.acquire() as own, own.transaction():
            await self._insert_tracking(own, tracking, expected)

    async def stamp(self) -> None:
        """Stamps rows whose writer died between commit and stamping (relay calls it)."""
        await self._stamper.stamp([])

    # -- reading ---------------------------------------------------------------------------

    async def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        q = (f"SELECT originator_id, originator_version, topic, state FROM {self.schema}.events"
             " WHERE originator_id = $1")
        args: list[Any] = [_uuid(originator_id)]
        if gt is not None:
            args.append(gt)
            q += f" AND originator_version > ${len(args)}"
        if lte is not None:
            args.append(lte)
            q += f" AND originator_version <= ${len(args)}"
        q += " ORDER BY originator_version" + (" DESC" if desc else "")
        if limit is not None:
            args.append(limit)
            q += f" LIMIT ${len(args)}"
        rows = await self.pool.fetch(q, *args)
        return [StoredEvent(_std(r[0]), r[1], r[2], bytes(r[3])) for r in rows]

    async def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        args: list[Any] = [start or 0, limit]
        op = ">=" if inclusive_of_start else ">"
        q = (f"SELECT position, originator_id, originator_version, topic, state"
             f" FROM {self.schema}.events WHERE position {op} $1")
        if stop is not None:
            args.append(stop)
            q += f" AND position <= ${len(args)}"
        if topics:
            args.append(list(topics))
            q += f" AND topic = ANY(${len(args)}::text[])"
        q += " ORDER BY position LIMIT $2"
        rows = await self.pool.fetch(q, *args)
        return [Notification(id=r[0], originator_id=_std(r[1]), originator_version=r[2],
                             topic=r[3], state=bytes(r[4])) for r in rows]

    async def stream_records(
        self, originator_id: UUID, lte: int | None = None, gt: int = 0
    ) -> list[RecordedEvent]:
        """An aggregate's events, up to version `lte` (all by default), after version `gt`."""
        if lte is None:
            return await self._streams.after(_uuid(originator_id), gt)
        rows = await self.pool.fetch(
            f"SELECT * FROM {self.schema}.events WHERE originator_id = $1"
            " AND originator_version <= $2 AND originator_version > $3"
            " ORDER BY originator_version", originator_id, lte, gt,
        )
        return [record_from_row(r) for r in rows]

    async def subject_records(self, tenant: str, subject_id: str) -> list[RecordedEvent]:
        """Every event recorded about a data subject (right of access), oldest first."""
        rows = await self.pool.fetch(
            f"SELECT * FROM {self.schema}.events WHERE tenant = $1 AND subject_id = $2"
            " ORDER BY recorded_at, originator_id, originator_version", tenant, subject_id)
        return [record_from_row(r) for r in rows]

    async def read_records(self, after: int, limit: int) -> list[RecordedEvent]:
        """The log after a position. The readers of one process (projections, policies, the
        relay) read the same stretch of it: what one read recently is not read again."""
        self._read_at = time.monotonic()
        cached = self._recent.after(after, limit)
        if self._enough_held(cached, limit):
            return cached
        rows = await self.pool.fetch(
            f"SELECT * FROM {self.schema}.events WHERE position > $1 ORDER BY position LIMIT $2",
            cached[-1].position if cached else after, limit - len(cached),
        )
        return cached + self._recent.keep([record_from_row(r) for r in rows])

    async def read_wanted(self, after: int, limit: int, wanted: Callable[[str], bool]
                          ) -> tuple[list[RecordedEvent], int]:
        """The records of the topics a reader handles among the `limit` positions after
        `after`, and the last of those positions (`after` at the log's head). Other rows are
        seen by position and topic only: a reader of a few kinds of events skips a flood of
        others without fetching and building them."""
        self._read_at = time.monotonic()
        cached = self._recent.after(after, limit)
        found = [r for r in cached if wanted(r.topic)]
        through = cached[-1].position if cached else after
        if self._enough_held(cached, limit):
            return found, through
        heads = await self.pool.fetch(
            f"SELECT position, topic FROM {self.schema}.events WHERE position > $1"
            " ORDER BY position LIMIT $2", through, limit - len(cached))
        if not heads:
            return found, through
        positions = [h["position"] for h in heads if wanted(h["topic"])]
        if positions:
            rows = await self.pool.fetch(
                f"SELECT * FROM {self.schema}.events WHERE position = ANY($1::bigint[])"
                " ORDER BY position", positions)
            found += self._recent.keep([record_from_row(r) for r in rows])
        return found, heads[-1]["position"]

    async def existing_ids(self, originator_ids: Sequence[UUID],
                           conn: Conn | None = None) -> set[UUID]:
        """Which of these aggregate ids have events recorded (as `conn` sees them)."""
        query = (f"SELECT DISTINCT originator_id FROM {self.schema}.events"
                 " WHERE originator_id = ANY($1::uuid[])")
        rows = await (conn or self.pool).fetch(query, list(originator_ids))
        return {_std(r[0]) for r in rows}

    async def max_notification_id(self) -> int | None:
        value = await self.pool.fetchval(
            f"SELECT max(position) FROM {self.schema}.events WHERE position IS NOT NULL")
        return int(value) if value is not None else None

    async def max_tracking_id(self, application_name: str) -> int | None:
        value = await self.pool.fetchval(
            f"SELECT notification_id FROM {self.schema}.tracking WHERE application_name = $1",
            application_name,
        )
        return int(value) if value is not None else None
