"""Group commit: concurrent writers of one process share a transaction, each writer's
events stored whole or not at all, with the positions and hash chains of separate appends."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import asyncpg
import pytest
from eventsourcing.persistence import StoredEvent

from chorus.audit.verify import verify
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import ConcurrencyConflict, Recorder
from chorus.eventstore.records import record_from_row
from tests.integration.fetches import pool_fetches

META = EventMetadata(tenant="acme", actor="agent-7", purpose="service", correlation_id="c")


def ev(oid: uuid.UUID, v: int) -> StoredEvent:
    return StoredEvent(originator_id=oid, originator_version=v, topic="t", state=b"{}")


async def versions(recorder: Recorder, oid: uuid.UUID) -> list[int]:
    return [e.originator_version for e in await recorder.select_events(oid)]


async def test_concurrent_writers_share_transactions_with_separate_chains(
        recorder: Recorder) -> None:
    calls: list[str] = []
    original = asyncpg.pool.Pool.fetchrow

    async def counted(self, query, *args, **kw):  # type: ignore[no-untyped-def]
        calls.append(query)
        return await original(self, query, *args, **kw)

    streams = [uuid.uuid4() for _ in range(12)]
    asyncpg.pool.Pool.fetchrow = counted  # type: ignore[method-assign]
    try:
        for version in (1, 2, 3):  # each stream grows by two events per append
            results = await asyncio.gather(*(recorder.insert_events(
                [ev(oid, 2 * version - 1), ev(oid, 2 * version)],
                metadata=META) for oid in streams))
            for positions in results:  # one writer's events stay contiguous
                assert positions == list(range(positions[0], positions[0] + 2))
    finally:
        asyncpg.pool.Pool.fetchrow = original  # type: ignore[method-assign]
    combined = [q for q in calls if "append_positioned" in q]
    assert combined and len(combined) < 3 * 11, "concurrent appends were not combined"
    assert [p.id for p in await recorder.select_notifications(1, 100)] == list(range(1, 73))
    report = await verify(recorder, [])
    assert report.events == 72 and report.ok, report.problems


async def test_a_conflicting_writer_is_left_out_and_the_others_commit(
        recorder: Recorder) -> None:
    taken, contested, mine, theirs = (uuid.uuid4() for _ in range(4))
    await recorder.insert_events([ev(taken, 1)], metadata=META)
    bystanders = [uuid.uuid4() for _ in range(5)]
    results = await asyncio.gather(
        *(recorder.insert_events([ev(oid, 1)], metadata=META) for oid in bystanders),
        # Against a stored event: the writer's other aggregate must not be stored either.
        recorder.insert_events([ev(mine, 1), ev(taken, 1)], metadata=META),
        # Two writers of one call take the same version: the first one wins.
        recorder.insert_events([ev(contested, 1)], metadata=META),
        recorder.insert_events([ev(theirs, 1), ev(contested, 1)], metadata=META),
        return_exceptions=True)
    assert all(isinstance(r, list) and len(r) == 1 for r in results[:5]), results
    assert isinstance(results[5], ConcurrencyConflict), results[5]
    assert isinstance(results[6], list) and len(results[6]) == 1
    assert isinstance(results[7], ConcurrencyConflict), results[7]
    assert await versions(recorder, mine) == [] and await versions(recorder, theirs) == []
    assert await versions(recorder, taken) == [1] and await versions(recorder, contested) == [1]
    assert [p.id for p in await recorder.select_notifications(1, 100)] == list(range(1, 8))
    report = await verify(recorder, [])
    assert report.ok, report.problems


async def test_what_a_writer_hands_its_readers_is_each_row_as_stored(
        recorder: Recorder) -> None:
    """The records an append gives its process's readers (so that they need not read them
    back) are the rows as stored, field for field: hash links to events stored before,
    each writer's metadata, no rejected writer's events. Only for a process that has
    readers: one that only writes holds nothing."""
    taken, contested = uuid.uuid4(), uuid.uuid4()
    await recorder.insert_events([ev(uuid.uuid4(), 1)], metadata=META)
    assert len(recorder._recent.by_position) == 0
    assert len(await recorder.read_records(0, 10)) == 1  # a reader: read from the database
    await recorder.insert_events([ev(taken, 1)], metadata=META)
    about = dataclasses.replace(META, subject_id="cust-3", trace_context={"traceparent": "x"})
    await asyncio.gather(
        *(recorder.insert_events([ev(oid, 1), ev(oid, 2)], metadata=about)
          for oid in (uuid.uuid4() for _ in range(4))),
        recorder.insert_events([ev(taken, 2)], metadata=META),  # follows a stored event
        recorder.insert_events([ev(uuid.uuid4(), 1), ev(taken, 1)], metadata=META),
        recorder.insert_events([ev(contested, 1)], metadata=META),
        recorder.insert_events([ev(contested, 1)], metadata=about),
        return_exceptions=True)
    await recorder.insert_groups([([ev(uuid.uuid4(), 1)], META), ([ev(taken, 3)], about)])
    stored = [record_from_row(r) for r in await recorder.pool.fetch(
        f"SELECT * FROM {recorder.schema}.events ORDER BY position")]
    assert [r.position for r in stored] == list(range(1, 15))
    handed = dict(recorder._recent.by_position)
    assert sorted(handed) == list(range(1, 15))
    for record in stored:
        assert handed[record.position] == record
    assert handed[stored[-1].position].prev_hash is not None


async def test_an_error_in_one_writers_events_reaches_that_writer_only(
        recorder: Recorder) -> None:
    """PostgreSQL refuses the whole shared call (a NUL byte in text): each append is then
    written on its own, so only the writer whose events hold it gets the error."""
    good = [uuid.uuid4() for _ in range(6)]
    bad = uuid.uuid4()
    refused = StoredEvent(originator_id=bad, originator_version=1, topic="t\x00nul",
                          state=b"{}")
    results = await asyncio.gather(
        *(recorder.insert_events([ev(oid, 1)], metadata=META) for oid in good),
        recorder.insert_events([refused], metadata=META), return_exceptions=True)
    assert all(isinstance(r, list) and len(r) == 1 for r in results[:6]), results
    assert isinstance(results[6], Exception) and not isinstance(results[6], list)
    assert await versions(recorder, bad) == []
    assert sorted(p for r in results[:6] for p in r) == list(range(1, 7))  # type: ignore[union-attr]


async def test_a_shared_call_cut_after_its_commit_reports_nothing_lost(
        recorder: Recorder) -> None:
    original = asyncpg.pool.Pool.fetchrow
    cut = ["after"]

    async def cut_after(self, query, *args, **kw):  # type: ignore[no-untyped-def]
        if "append_positioned" in query and cut:
            cut.pop()
            await original(self, query, *args, **kw)
            raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle")
        return await original(self, query, *args, **kw)

    streams = [uuid.uuid4() for _ in range(8)]
    asyncpg.pool.Pool.fetchrow = cut_after  # type: ignore[method-assign]
    try:
        results = await asyncio.gather(*(
            recorder.insert_events([ev(oid, 1)], metadata=META) for oid in streams))
    finally:
        asyncpg.pool.Pool.fetchrow = original  # type: ignore[method-assign]
    assert not cut, "no call was combined"
    assert sorted(p for r in results for p in r) == list(range(1, 9))
    for oid in streams:
        assert await versions(recorder, oid) == [1]


@pytest.mark.parametrize("writers", [40])
async def test_many_writers_of_many_events(recorder: Recorder, writers: int) -> None:
    results = await asyncio.gather(*(recorder.insert_events(
        [ev(oid, v) for v in range(1, 51)], metadata=META)
        for oid in (uuid.uuid4() for _ in range(writers))))
    for positions in results:
        assert positions == list(range(positions[0], positions[0] + 50))
    assert sorted(p for r in results for p in r) == list(range(1, 50 * writers + 1))


async def test_groups_of_one_append_are_stored_all_or_none(recorder: Recorder) -> None:
    taken, other = uuid.uuid4(), uuid.uuid4()
    assert await recorder.insert_groups([([ev(taken, 1)], META)]) == [1]
    with pytest.raises(ConcurrencyConflict):
        await recorder.insert_groups([([ev(other, 1)], META), ([ev(taken, 1)], META)])
    assert await versions(recorder, other) == []
    assert await recorder.insert_groups(
        [([ev(other, 1), ev(other, 2)], META), ([ev(taken, 2)], META)]) == [2, 3, 4]
    # One aggregate's events spread over groups (each about its own person) chain as one.
    idea = uuid.uuid4()
    about = [dataclasses.replace(META, subject_id=f"voter-{n}") for n in range(3)]
    await recorder.insert_groups([([ev(idea, 1)], about[0]), ([ev(other, 3)], META),
                                  ([ev(idea, 2), ev(idea, 3)], about[1]),
                                  ([ev(idea, 4)], about[2])])
    report = await verify(recorder, [])
    assert report.events == 9 and report.ok, report.problems


async def test_replicas_appending_at_once_never_show_a_reader_a_gap(stack) -> None:  # type: ignore[no-untyped-def]
    """Two processes' recorders (two pools) append at once while a reader tails: every read
    continues exactly where the last one stopped, so no position is ever seen before a lower
    one is committed."""
    from chorus.pooling import create_pool
    from tests.servers import fresh_schema

    schema = fresh_schema()
    pools = [await create_pool(stack.database_url, min_size=1, max_size=8) for _ in range(2)]
    replicas = [Recorder(pool, schema) for pool in pools]
    await replicas[0].setup()
    done = asyncio.Event()
    seen: list[int] = []

    async def tail() -> None:
        while not (done.is_set() and len(seen) == 2 * 8 * 15 * 2):
            batch = [n.id for n in await replicas[0].select_notifications(
                len(seen), 500, inclusive_of_start=False)]
            assert batch == list(range(len(seen) + 1, len(seen) + 1 + len(batch))), batch
            seen.extend(batch)
            await asyncio.sleep(0)

    async def writer(recorder: Recorder) -> None:
        for _ in range(15):
            await recorder.insert_events([ev(uuid.uuid4(), 1), ev(uuid.uuid4(), 1)],
                                         metadata=META)

    try:
        reader = asyncio.create_task(tail())
        await asyncio.wait_for(asyncio.gather(*(writer(r) for r in replicas
                                                for _ in range(8))), timeout=60)
        done.set()
        await asyncio.wait_for(reader, timeout=30)
        assert seen == list(range(1, 2 * 8 * 15 * 2 + 1))
    finally:
        await pools[0].execute(f"DROP SCHEMA {schema} CASCADE")
        for pool in pools:
            await pool.close()


async def test_concurrent_reads_of_aggregates_share_statements_and_get_their_own_events(
        recorder: Recorder) -> None:
    streams = [uuid.uuid4() for _ in range(10)]
    for n, oid in enumerate(streams):
        await recorder.insert_events([ev(oid, v) for v in range(1, n + 2)], metadata=META)
    unknown = uuid.uuid4()
    # Loads, freshness checks after a version, the same aggregate twice, one never stored.
    asked = ([(oid, 0) for oid in streams] + [(oid, n // 2) for n, oid in enumerate(streams)]
             + [(streams[-1], 10), (streams[-1], 4), (unknown, 0)])
    with pool_fetches() as statements:
        found = await asyncio.gather(*(recorder.stream_records(oid, gt=after)
                                       for oid, after in asked))
    for (oid, after), records in zip(asked, found, strict=True):
        stored = streams.index(oid) + 1 if oid in streams else 0
        assert [(r.originator_id, r.originator_version) for r in records] == [
            (oid, v) for v in range(after + 1, stored + 1)], (oid, after)
    assert 0 < len(statements) < len(asked) / 2, statements
    # A read alone, and one up to a version (never shared), read as before.
    assert [r.originator_version for r in await recorder.stream_records(streams[2], gt=1)] \
        == [2, 3]
    assert [r.originator_version for r in await recorder.stream_records(streams[5], lte=3)] \
        == [1, 2, 3]


async def test_a_store_whose_append_returned_no_links_is_upgraded_in_place(
        recorder: Recorder) -> None:
    """Before December 2026 `append_positioned` returned neither `prevs` nor `hashes`, and a
    function's result cannot be replaced: setting the store up again drops and remakes it."""
    s = recorder.schema
    await recorder.pool.execute(f"""
        DROP FUNCTION {s}.append_positioned(uuid[], uuid[], bigint[], text[], bytea[],
            bytea[], text[], text[], jsonb[], int[], timestamptz, boolean);
        CREATE FUNCTION {s}.append_positioned(
            eids uuid[], oids uuid[], vers bigint[], topics text[], states bytea[],
            contents bytea[], tenants text[], subjects text[], metadatas jsonb[], grps int[],
            p_recorded_at timestamptz, whole boolean, OUT rejected int[],
            OUT first_position bigint) LANGUAGE sql AS 'SELECT NULL::int[], 0::bigint'""")
    await recorder.setup()
    await recorder.setup()  # and once it has them, leaves it be
    await recorder.read_records(0, 10)  # a reader in this process
    oid = uuid.uuid4()
    assert await recorder.insert_events([ev(oid, 1), ev(oid, 2)], metadata=META) == [1, 2]
    first, second = (recorder._recent.by_position[p] for p in (1, 2))
    assert second.prev_hash == first.hash and len(first.hash) == 32
