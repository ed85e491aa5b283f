"""Appends that take their positions as they are stored (the store's `append_positioned`):
one statement, one round trip and one transaction per append, no stamping afterwards; and
group commit, where the appends of concurrent writers of one process share the statement."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
from eventsourcing.persistence import StoredEvent

from chorus.batching import Batched
from chorus.db import Conn
from chorus.eventstore.hashing import HashedRows
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.records import RecordedEvent, _std
from chorus.eventstore.stamping import EventKey, event_keys

Append = tuple[Sequence[StoredEvent], EventMetadata]
Answer = list[int] | BaseException
_LOST = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError)


class PositionedAppends:
    """`alone` stores one writer's append; `together` queues it with the appends of the
    process's other writers, and one statement stores every append queued while the previous
    one ran, each whole or not at all. A writer whose append takes an (aggregate, version)
    already stored gets `conflict`, the others their positions.

    A call that fails without saying whether it committed is looked into: appends found
    stored get their positions (the stamper's lookup), none is reported lost. When a shared
    call fails, each append not stored is written again alone, so that an error belonging to
    one writer's events reaches that writer only.

    What a call stored is offered to `kept` (as a function making the records, as readers
    would read them: the process's readers then need not read their own writes back), before
    `recorded` tells them."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        *,
        conflict: Callable[[str], BaseException],
        stored: Callable[[UUID, UUID, int], Awaitable[bool]],
        stamp: Callable[[list[EventKey]], Awaitable[list[int]]],
        recorded: Callable[[], None],
        kept: Callable[[Callable[[], list[RecordedEvent]]], object],
    ) -> None:
        self.pool = pool
        self._conflict, self._stored, self._stamp, self._recorded, self._kept = (
            conflict, stored, stamp, recorded, kept)
        # One shared statement at a time: every append takes the position lock, so a second
        # one in flight mostly waits on it inside PostgreSQL. Measured on the services' loads
        # (probes alternating, 2 runs each): ideas 752-784 -> 825-848 writes/s, cases 668-685
        # -> 732-742 (PostgreSQL's CPU a write 0.76 -> 0.62 ms). Appends alone from 16 tasks
        # doing nothing else (bench/eventstore.py) lose by it: 13.2x the library's -> 9.6x.
        self._shared: Batched[Append, list[int]] = Batched(self._together, gathers=True)
        self._sql = (f"SELECT * FROM {schema}.append_positioned($1::uuid[], $2::uuid[],"
                     " $3::bigint[], $4::text[], $5::bytea[], $6::bytea[], $7::text[],"
                     " $8::text[], $9::jsonb[], $10::int[], $11, $12)")

    async def alone(self, events: Sequence[StoredEvent], metadata: EventMetadata,
                    conn: Conn | None = None) -> list[int]:
        return await self.whole([(events, metadata)], conn)

    async def whole(self, appends: Sequence[Append], conn: Conn | None = None) -> list[int]:
        """Stores these appends all together or none of them (a conflict raises)."""
        args, _ = await _columns(appends, one_writer=True)
        try:
            row = await (conn or self.pool).fetchrow(self._sql, *args, True)
        except _LOST:
            first = appends[0][0]
            if not await self._stored(args[0][0], *event_keys(first[:1])[0]):
                raise
            return await self._stamp([k for events, _ in appends for k in event_keys(events)])
        assert row is not None
        self._kept(lambda: _stored(appends, args, row, set()))
        self._recorded()
        return list(range(row["first_position"], row["first_position"] + len(args[0])))

    async def together(self, events: Sequence[StoredEvent],
                       metadata: EventMetadata) -> list[int]:
        return await self._shared.submit((events, metadata))

    async def _together(self, appends: list[Append]) -> list[Answer]:
        args, firsts = await _columns(appends)
        try:
            row = await self.pool.fetchrow(self._sql, *args, False)
        except Exception:
            return await self._recover(appends, [args[0][i] for i in firsts])
        assert row is not None
        rejected = set(row["rejected"] or ())
        self._kept(lambda: _stored(appends, args, row, rejected))
        self._recorded()
        position = row["first_position"]
        answers: list[Answer] = []
        for n, (events, _) in enumerate(appends):
            if n in rejected:
                answers.append(self._conflict(
                    "another writer stored one of these aggregate versions first"))
            else:
                answers.append(list(range(position, position + len(events))))
                position += len(events)
        return answers

    async def _recover(self, appends: list[Append], first_ids: list[UUID]) -> list[Answer]:
        answers: list[Answer] = []
        for (events, meta), event_id in zip(appends, first_ids, strict=True):
            keys = event_keys(events)
            try:
                if await self._stored(event_id, *keys[0]):
                    answers.append(await self._stamp(keys))
                else:
                    answers.append(await self.alone(events, meta))
            except Exception as error:
                answers.append(error)
        return answers


async def _columns(appends: Sequence[Append], one_writer: bool = False,
                   ) -> tuple[tuple[Any, ...], list[int]]:
    """The statement's arguments but the last (`whole`), and each append's first row. The
    appends of `one_writer` are one group: an aggregate's events may be spread over them
    (each about its own data subject), and link to each other."""
    rows = HashedRows(datetime.now(UTC))
    tenants: list[str] = []
    subjects: list[str | None] = []
    metas: list[str] = []
    groups: list[int] = []
    firsts: list[int] = []
    for n, (events, meta) in enumerate(appends):
        firsts.append(len(groups))
        meta_json = rows.add(events, meta)
        tenants += [meta.tenant] * len(events)
        subjects += [meta.subject_id] * len(events)
        metas += [meta_json] * len(events)
        groups += [0 if one_writer else n] * len(events)
        if n % 200 == 199:
            await asyncio.sleep(0)  # a big batch: let the process's other tasks run
    return (*rows.columns, tenants, subjects, metas, groups, rows.recorded_at), firsts


def _stored(appends: Sequence[Append], args: tuple[Any, ...], row: asyncpg.Record,
            rejected: set[int]) -> list[RecordedEvent]:
    """The rows a call stored, as record_from_row reads them (the rejected appends' left
    out): positions follow each other in the order of the appends."""
    eids, oids, versions, topics, states = args[:5]
    recorded_at = args[-1]
    prevs, hashes = row["prevs"], row["hashes"]
    position, i = row["first_position"], 0
    records = []
    for n, (events, meta) in enumerate(appends):
        if n in rejected:
            i += len(events)
            continue
        for _ in events:
            records.append(RecordedEvent(position, eids[i], _std(oids[i]), versions[i], topics[i],
                                         bytes(states[i]), meta, recorded_at, prevs[i],
                                         hashes[i]))
            position += 1
            i += 1
    return records
