"""Projection runner: tracking in the read model's transaction, read-your-writes, rebuild,
and several replicas applying the same projection."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event

from chorus.db import Conn
from chorus.errors import ReadModelBehind
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.handlers import Context, on
from chorus.privacy.keys import SubjectKeys
from chorus.projections.readers import Projection
from chorus.projections.runner import ProjectionRunner, request_rebuild
from tests.integration.ideas_sample import Idea


class Titles(Projection):
    name = "titles"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.titles"
        self.tables = [self.table]
        self.applied = 0

    async def setup(self, conn: Conn) -> None:
        # `applied` counts the committed applications of each idea's events.
        await conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (idea_id uuid PRIMARY"
                           " KEY, title text NOT NULL, applied integer NOT NULL DEFAULT 1)")

    @on(Idea.Submitted, Idea.Retitled)
    async def titled(self, ctx: Context, e: Any) -> None:
        self.applied += 1
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2) ON CONFLICT (idea_id)"
            f" DO UPDATE SET title = excluded.title, applied = {self.table}.applied + 1",
            e.originator_id, e.title)


@pytest.fixture
def store(recorder: Recorder) -> EventStore:
    return EventStore(recorder, SubjectKeys(recorder.pool, recorder.schema, os.urandom(32)))


async def titles(recorder: Recorder) -> dict[Any, str]:
    return dict(await recorder.pool.fetch(f"SELECT idea_id, title FROM {recorder.schema}.titles"))


async def test_read_your_writes_and_rebuild(store: EventStore, recorder: Recorder) -> None:
    projection = Titles(recorder.schema)
    runner = ProjectionRunner(store, projection)
    await runner.setup()
    meta = EventMetadata(tenant="acme", actor="u1")
    idea = Idea("Dark mode")
    await store.save(idea, metadata=meta)
    idea.retitle("Dark mode everywhere")
    (position,) = await store.save(idea, metadata=meta)

    with pytest.raises(ReadModelBehind):
        await runner.wait_for(position, timeout=0.2)
    task = asyncio.create_task(runner.run(idle_sleep=0.01))
    await runner.wait_for(position, timeout=5)
    assert await titles(recorder) == {idea.id: "Dark mode everywhere"}

    # Corrupt the read model, then rebuild: it is emptied and replayed from position 0.
    await recorder.pool.execute(f"UPDATE {projection.table} SET title = 'garbage'")
    applied_before = projection.applied
    await request_rebuild(recorder.pool, recorder.schema, "titles")
    assert await runner.rebuild_if_requested()
    await runner.wait_for(position, timeout=5)
    task.cancel()
    assert await titles(recorder) == {idea.id: "Dark mode everywhere"}
    assert projection.applied == applied_before + 2


async def test_replicas_apply_each_batch_once(store: EventStore, recorder: Recorder) -> None:
    projections = [Titles(recorder.schema) for _ in range(3)]
    runners = [ProjectionRunner(store, p, batch_size=7) for p in projections]
    await runners[0].setup()
    for i in range(50):
        await store.save(Idea(f"idea {i}"), metadata=EventMetadata(tenant="acme"))
    async def replica(runner: ProjectionRunner) -> None:
        for _ in range(12):  # 8 batches of 7 are needed; at least one replica wins each round
            await runner.run_once()

    await asyncio.gather(*(replica(r) for r in runners))
    assert await runners[0].position() == 50
    assert len(await titles(recorder)) == 50
    applied = await recorder.pool.fetch(f"SELECT applied FROM {recorder.schema}.titles")
    assert {r[0] for r in applied} == {1}, "every event applied once in what was committed"
    # Replicas raced for batches: some applications were rolled back, never committed twice.
    assert sum(p.applied for p in projections) >= 50


async def test_a_replica_that_read_before_another_committed_a_shorter_batch_applies_nothing(
        store: EventStore, recorder: Recorder) -> None:
    """Replica B reads 2 events and commits; replica A had read 5 from the same position
    and commits after: its batch ends further on, but starts where B already was, so it is
    rolled back (before, it was committed: B's 2 events applied twice)."""
    a, b = Titles(recorder.schema), Titles(recorder.schema)
    slow, quick = ProjectionRunner(store, a, batch_size=5), ProjectionRunner(store, b,
                                                                              batch_size=2)
    await slow.setup()
    idea = Idea("first")
    for i in range(4):
        idea.retitle(f"title {i}")
    await store.save(idea, metadata=EventMetadata(tenant="acme"))
    read_before = await slow.position()
    assert await quick.run_once() == 2

    async def stale() -> int:  # what A read before B committed
        return read_before
    slow.position = stale  # type: ignore[method-assign]
    assert await slow.run_once() == 0, "refused: the position moved meanwhile"
    del slow.position
    while await slow.run_once():
        pass
    applied = await recorder.pool.fetchval(f"SELECT applied FROM {recorder.schema}.titles")
    assert applied == 5


async def test_a_replica_that_read_before_a_rebuild_does_not_commit_after_it(
        store: EventStore, recorder: Recorder) -> None:
    """A replica's batch read before the projection was reset for a rebuild must not land
    after the reset: it would set the position past events the rebuild must replay."""
    a, b = Titles(recorder.schema), Titles(recorder.schema)
    rebuilding, racing = ProjectionRunner(store, a, batch_size=2), ProjectionRunner(store, b,
                                                                                   batch_size=2)
    await rebuilding.setup()
    for i in range(6):
        await store.save(Idea(f"idea {i}"), metadata=EventMetadata(tenant="acme"))
    while await rebuilding.run_once():
        pass
    await recorder.pool.execute(f"DELETE FROM {recorder.schema}.tracking")  # replay 1..6
    assert await rebuilding.run_once() == 2  # positions 1 and 2 replayed
    read_before = 2

    async def stale() -> int:  # the racing replica had read position 2 before a new reset
        return read_before
    await recorder.pool.execute(f"TRUNCATE {recorder.schema}.titles")
    await recorder.pool.execute(f"DELETE FROM {recorder.schema}.tracking")
    racing.position = stale  # type: ignore[method-assign]
    assert await racing.run_once() == 0, "refused: the projection was reset meanwhile"
    while await rebuilding.run_once():
        pass
    assert len(await titles(recorder)) == 6, "every idea replayed"


class WatchedTitles(Titles):
    """Counts what its runner tells it about changes made without it."""

    def __init__(self, schema: str) -> None:
        super().__init__(schema)
        self.elsewhere = 0

    def changed_elsewhere(self) -> None:
        self.elsewhere += 1


async def test_a_replica_learns_at_its_next_round_that_another_changed_the_read_model(
        store: EventStore, recorder: Recorder) -> None:
    """What a cache kept exact by `committed` builds on: the runner names every change it did
    not make (another replica's batch, a rebuild), and `exact_position` never runs ahead of
    what it made or saw."""
    a, b = WatchedTitles(recorder.schema), WatchedTitles(recorder.schema)
    ra, rb = ProjectionRunner(store, a), ProjectionRunner(store, b)
    await ra.setup()
    assert a.exact_position == -1, "nothing is exact before the first round"
    (first,) = await store.save(Idea("first"), metadata=EventMetadata(tenant="acme"))
    assert await ra.run_once() == 1
    assert (a.elsewhere, a.exact_position) == (1, first), "its first round: from scratch"
    (second,) = await store.save(Idea("second"), metadata=EventMetadata(tenant="acme"))
    assert await ra.run_once() == 1
    assert (a.elsewhere, a.exact_position) == (1, second), "its own batch is no news"

    (third,) = await store.save(Idea("third"), metadata=EventMetadata(tenant="acme"))
    assert await rb.run_once() == 1  # the other replica handles it
    await ra.wait_for(third, timeout=1)  # a read-your-writes wait sees the position...
    assert a.exact_position == second, "...but not which rows changed"
    assert await ra.run_once() == 0
    assert (a.elsewhere, a.exact_position) == (2, third)

    await request_rebuild(recorder.pool, recorder.schema, "titles")
    assert await ra.rebuild_if_requested()
    assert await ra.run_once() == 3
    assert (a.elsewhere, a.exact_position) == (3, third), "a rebuild empties the tables"


async def test_a_position_already_handled_here_is_waited_for_without_a_round_trip(
        store: EventStore, recorder: Recorder) -> None:
    runner = ProjectionRunner(store, Titles(recorder.schema))
    await runner.setup()
    (position,) = await store.save(Idea("first"), metadata=EventMetadata(tenant="acme"))
    assert await runner.run_once() == 1

    async def no_database() -> int:
        raise AssertionError("asked the database")
    runner.position = no_database  # type: ignore[method-assign]
    await runner.wait_for(position, timeout=0.1)
    with pytest.raises(AssertionError):  # beyond what it saw: it asks
        await runner.wait_for(position + 1, timeout=0.1)


class Vote(Aggregate):
    @event("Cast")
    def __init__(self, idea: str) -> None:
        self.idea = idea


async def test_a_reader_of_a_rare_event_skips_a_flood_of_others_unbuilt(
        store: EventStore, recorder: Recorder) -> None:
    """Records of types a reader does not handle are seen by position and topic only (not
    fetched whole nor built), and its position still moves past them, batch by batch."""
    projection = Titles(recorder.schema)
    runner = ProjectionRunner(store, projection, batch_size=10)
    await runner.setup()
    meta = EventMetadata(tenant="acme")
    await store.save_each(*((Vote(f"idea {i}"), meta) for i in range(25)))
    idea = Idea("between the votes")
    await store.save(idea, metadata=meta)
    await store.save_each(*((Vote(f"idea {i}"), meta) for i in range(14)))
    recorder._recent.by_position.clear()  # nothing read yet by anyone in this process

    covered = [await runner.run_once() for _ in range(5)]
    assert covered == [10, 10, 10, 10, 0]
    assert await runner.position() == 40
    assert await titles(recorder) == {idea.id: "between the votes"}
    built = recorder._recent.by_position.values()
    assert [r.position for r in built] == [26], "only the record the reader handles was built"


async def test_a_runner_that_just_committed_reads_on_without_asking_its_position(
        store: EventStore, recorder: Recorder) -> None:
    """Under load every round handles a batch: the position it committed is still its own
    (another replica's move would fail its next commit), so it is not read again."""
    a, b = Titles(recorder.schema), Titles(recorder.schema)
    runner, other = ProjectionRunner(store, a), ProjectionRunner(store, b)
    await runner.setup()
    await store.save(Idea("first"), metadata=EventMetadata(tenant="acme"))
    assert await runner.run_once() == 1
    asked = []
    original = runner.position

    async def counted() -> int:
        asked.append(1)
        return await original()
    runner.position = counted  # type: ignore[method-assign]
    await store.save(Idea("second"), metadata=EventMetadata(tenant="acme"))
    assert await runner.run_once() == 1 and asked == []
    # Another replica moves on meanwhile: the trusted round fails its compare-and-set and
    # goes again from the position tracked now, applying nothing twice.
    (third,) = await store.save(Idea("third"), metadata=EventMetadata(tenant="acme"))
    assert await other.run_once() == 1
    assert await runner.run_once() == 0 and asked == [1]
    assert runner.exact == third
    rows = await recorder.pool.fetch(f"SELECT title, applied FROM {recorder.schema}.titles")
    assert sorted(rows) == [("first", 1), ("second", 1), ("third", 1)]


class CountedRunner(ProjectionRunner):
    """Counts its rounds (each one a query of the log)."""
    rounds = 0

    async def run_once(self) -> int:
        self.rounds += 1
        return await super().run_once()


async def test_an_idle_runner_polls_less_and_less_and_a_read_of_another_process_write_wakes_it(
        store: EventStore, recorder: Recorder) -> None:
    runner = CountedRunner(store, Titles(recorder.schema))
    await runner.setup()
    task = asyncio.create_task(runner.run(idle_sleep=0.05, max_idle_sleep=30))
    try:
        await asyncio.sleep(3.4)
        # At 0.05 s a round, 68 rounds; waiting twice as long each time: 0, 0.05, 0.15,
        # 0.35, 0.75, 1.55 and 3.15 s.
        assert runner.rounds <= 8, runner.rounds
        # Another process (its own recorder: no news reaches this one) writes; the runner's
        # next look is at 6.35 s, after the read's timeout, but the read wakes it.
        elsewhere = EventStore(Recorder(recorder.pool, recorder.schema), store.keys)
        (position,) = await elsewhere.save(Idea("From a replica"),
                                           metadata=EventMetadata(tenant="acme"))
        started = asyncio.get_running_loop().time()
        await runner.wait_for(position, timeout=2.5)
        assert asyncio.get_running_loop().time() - started < 1.0
        assert list((await titles(recorder)).values()) == ["From a replica"]
    finally:
        task.cancel()


class BusyTitles(Titles):
    """Titles in a busy process: another writer appends while each round runs."""

    name = "titles"

    def __init__(self, schema: str, recorder: Recorder) -> None:
        super().__init__(schema)
        self.recorder = recorder

    @on(Idea.Submitted, Idea.Retitled)
    async def titled(self, ctx: Context, e: Any) -> None:
        await super().titled(ctx, e)
        self.recorder.news.announce()


async def test_a_busy_process_readers_gather_but_never_keep_a_read_waiting(
        store: EventStore, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    from chorus.eventstore import news

    monkeypatch.setattr(news, "GATHER_S", 30.0)  # only appends or a waiting read end it
    runner = ProjectionRunner(store, BusyTitles(recorder.schema, recorder))
    await runner.setup()
    meta = EventMetadata(tenant="acme", actor="u1")
    await store.save(Idea("first"), metadata=meta)
    task = asyncio.create_task(runner.run(idle_sleep=0.01))
    try:
        for _ in range(200):
            await asyncio.sleep(0.01)
            if runner._hurry is not None:
                break
        assert runner._hurry is not None, "after a round with appends meanwhile, it gathers"
        idea = Idea("second")
        (position,) = await store.save(idea, metadata=meta)  # one append: not a batch's worth
        started = asyncio.get_running_loop().time()
        await runner.wait_for(position, timeout=5)
        assert asyncio.get_running_loop().time() - started < 2.0
        assert (await titles(recorder))[idea.id] == "second"
    finally:
        task.cancel()
