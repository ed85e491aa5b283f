"""Gap-free, commit-ordered positions without a table lock across writers' commits."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import pytest
from eventsourcing.persistence import StoredEvent

from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import ConcurrencyConflict, Recorder
from tests.integration.fetches import pool_fetches

META = EventMetadata(tenant="acme", actor="agent-7", purpose="service",
                     correlation_id="corr-1", causation_id="cause-1",
                     trace_context={"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"})


def ev(oid: uuid.UUID, v: int, topic: str = "t") -> StoredEvent:
    return StoredEvent(originator_id=oid, originator_version=v, topic=topic, state=b"{}")


async def tail(recorder: Recorder, after: int) -> list[int]:
    return [n.id for n in await recorder.select_notifications(after, 100, inclusive_of_start=False)]


async def test_out_of_order_commits_are_neither_skipped_nor_repeated(recorder: Recorder) -> None:
    s = recorder.schema
    a, b, c = (uuid.uuid4() for _ in range(3))
    await recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=META)  # position 1
    seen: list[int] = await tail(recorder, 0)
    assert seen == [1]

    # Transaction A starts first and holds its rows uncommitted; B starts later and commits
    # first; C rolls back. A tailing reader polls throughout.
    conn_a = await recorder.pool.acquire()
    conn_c = await recorder.pool.acquire()
    tx_a, tx_c = conn_a.transaction(), conn_c.transaction()
    await tx_a.start()
    await tx_c.start()
    await recorder._insert_rows(conn_a, [ev(a, 1), ev(a, 2)], META)
    await recorder._insert_rows(conn_c, [ev(c, 1)], META)
    positions_b = await recorder.insert_events([ev(b, 1)], metadata=META)
    assert positions_b == [2], "B committed first, so it is next in the log"
    seen += await tail(recorder, seen[-1])
    assert seen == [1, 2]
    await tx_c.rollback()
    seen += await tail(recorder, seen[-1])
    assert seen == [1, 2]
    await tx_a.commit()
    rows = await conn_a.fetch(f"SELECT * FROM {s}.stamp_positions('{{}}', '{{}}')")
    assert rows == []
    seen += await tail(recorder, seen[-1])
    assert seen == [1, 2, 3, 4]
    by_position = {n.id: (n.originator_id, n.originator_version)
                   for n in await recorder.select_notifications(1, 10)}
    assert by_position[3] == (a, 1) and by_position[4] == (a, 2)
    await recorder.pool.release(conn_a)
    await recorder.pool.release(conn_c)


async def test_writers_do_not_wait_for_each_others_commit(recorder: Recorder) -> None:
    """An open writer transaction does not block another writer's append and stamping."""
    conn = await recorder.pool.acquire()
    tx = conn.transaction()
    await tx.start()
    await recorder._insert_rows(conn, [ev(uuid.uuid4(), 1)], META)
    positions = await asyncio.wait_for(
        recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=META), timeout=5)
    assert positions == [1]
    await tx.rollback()
    await recorder.pool.release(conn)


async def test_concurrent_appends_get_dense_unique_positions(recorder: Recorder) -> None:
    async def writer(n: int) -> list[int]:
        out: list[int] = []
        for _ in range(n):
            out += await recorder.insert_events([ev(uuid.uuid4(), 1), ev(uuid.uuid4(), 1)],
                                                metadata=META)
        return out

    results = await asyncio.gather(*(writer(10) for _ in range(8)))
    everything = sorted(p for r in results for p in r)
    assert everything == list(range(1, 161))


async def test_same_version_twice_is_a_concurrency_conflict(recorder: Recorder) -> None:
    oid = uuid.uuid4()
    await recorder.insert_events([ev(oid, 1)], metadata=META)
    with pytest.raises(ConcurrencyConflict):
        await recorder.insert_events([ev(oid, 1), ev(oid, 2)], metadata=META)
    assert [e.originator_version for e in await recorder.select_events(oid)] == [1]


async def test_every_event_carries_its_metadata(recorder: Recorder) -> None:
    meta = dataclasses.replace(META, subject_id="cust-9")
    await recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=meta)
    (record,) = await recorder.read_records(0, 10)
    assert record.metadata == meta
    assert record.recorded_at.tzinfo is not None
    assert record.position == 1 and len(record.hash) == 32 and record.prev_hash is None


async def test_more_writers_than_pooled_connections_do_not_deadlock(stack) -> None:  # type: ignore[no-untyped-def]
    import asyncpg

    from tests.servers import fresh_schema

    pool = await asyncpg.create_pool(stack.database_url, min_size=1, max_size=3)
    recorder = Recorder(pool, fresh_schema())
    await recorder.setup()
    try:
        results = await asyncio.wait_for(asyncio.gather(*(
            recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=META) for _ in range(40))),
            timeout=30)
        assert sorted(p for r in results for p in r) == list(range(1, 41))
    finally:
        await pool.execute(f"DROP SCHEMA {recorder.schema} CASCADE")
        await pool.close()


async def test_a_lone_writer_whose_call_is_cut_after_commit_still_gets_its_positions(
        recorder: Recorder) -> None:
    """The one-round-trip append commits, then stamps: a connection lost in between must
    not report a stored write as failed (the positions come from the next stamping), and
    one lost before the commit must (nothing was stored)."""
    import asyncpg

    original = asyncpg.connection.Connection.fetchrow
    cut: list[str] = []

    async def cut_after(self, query, *args, **kw):  # type: ignore[no-untyped-def]
        if "append_positioned" in query and cut:
            if cut.pop() == "after":
                await original(self, query, *args, **kw)
            raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle")
        return await original(self, query, *args, **kw)

    asyncpg.connection.Connection.fetchrow = cut_after  # type: ignore[method-assign]
    try:
        oid = uuid.uuid4()
        cut.append("after")
        positions = await recorder.insert_events([StoredEvent(oid, 1, "T", b"{}")])
        assert len(positions) == 1 and positions[0] > 0
        cut.append("before")
        with pytest.raises(asyncpg.ConnectionDoesNotExistError):
            await recorder.insert_events([StoredEvent(oid, 2, "T", b"{}")])
    finally:
        asyncpg.connection.Connection.fetchrow = original  # type: ignore[method-assign]
    stored = await recorder.pool.fetchval(
        f"SELECT count(*) FROM {recorder.schema}.events WHERE originator_id = $1", oid)
    assert stored == 1


async def test_a_reader_of_its_own_writes_reads_them_from_memory_and_others_next(
        recorder: Recorder) -> None:
    """A process's readers take its own appends from memory, without a query, up to its last
    one; another process's write is read too: at once when it lies before an append of ours
    (a hole), else in the reader's next round."""
    other = Recorder(recorder.pool, recorder.schema)  # another process on the same store
    assert await recorder.read_records(0, 100) == []  # this one has a reader
    with pool_fetches() as queries:
        await recorder.insert_events([ev(uuid.uuid4(), 1), ev(uuid.uuid4(), 1)], metadata=META)
        assert [r.position for r in await recorder.read_records(0, 100)] == [1, 2]
        assert queries == []
        await other.insert_events([ev(uuid.uuid4(), 1)], metadata=META)
        await recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=META)
        assert [r.position for r in await recorder.read_records(2, 100)] == [3, 4]
        assert len(queries) == 1  # the hole at 3
        await recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=META)
        await other.insert_events([ev(uuid.uuid4(), 1)], metadata=META)
        wanted, through = await recorder.read_wanted(4, 100, lambda topic: True)
        assert [r.position for r in wanted] == [5] and through == 5  # 6: the next round
        assert len(queries) == 1
        wanted, through = await recorder.read_wanted(5, 100, lambda topic: True)
        assert [r.position for r in wanted] == [6] and through == 6
        # Records held because a reader read them (7 and 8 of three written elsewhere) may
        # end short of the log's head: a read does not stop at them.
        await other.insert_events([ev(uuid.uuid4(), 1) for _ in range(3)], metadata=META)
        assert [r.position for r in await recorder.read_records(6, 2)] == [7, 8]
        assert [r.position for r in await recorder.read_records(6, 100)] == [7, 8, 9]
