"""Statements queued through a run of events and sent when it ends (chorus.db.PendingWrites,
`ctx.later`): each key's statements keep their order, phases run in order, and statements of
the same text across keys go in one round trip."""

from __future__ import annotations

import os
from typing import Any

from chorus.db import Conn, PendingWrites
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.handlers import Context, on
from chorus.privacy.keys import SubjectKeys
from chorus.projections.readers import Projection
from chorus.projections.runner import ProjectionRunner
from tests.integration.ideas_sample import Idea


async def test_statements_keep_their_order_per_key_and_phases_run_in_order(
        recorder: Recorder) -> None:
    t = f"{recorder.schema}.counters"
    async with recorder.pool.acquire() as conn:
        await conn.execute(f"CREATE TABLE {t} (k text PRIMARY KEY, n integer NOT NULL,"
                           " doubled integer)")
        pending = PendingWrites()
        for key in ("a", "b", "c"):
            pending.add(key, f"INSERT INTO {t} (k, n) VALUES ($1, 1)", key)
            pending.add(key, f"UPDATE {t} SET n = n * 10 WHERE k = $1", key)
            pending.add(key, f"UPDATE {t} SET n = n + 1 WHERE k = $1", key)
        pending.add("a", f"UPDATE {t} SET n = n + 5 WHERE k = $1", "a")
        # Phase 1 reads what phase 0 wrote, whatever key it was queued under.
        pending.add("all", f"UPDATE {t} SET doubled = n * 2", phase=1)
        async with conn.transaction():
            trips = await pending.send(conn)
        rows = {r["k"]: (r["n"], r["doubled"]) for r in await conn.fetch(f"SELECT * FROM {t}")}
    # Insert, multiply, add (the order of each key), then "a" alone, then phase 1.
    assert rows == {"a": (16, 32), "b": (11, 22), "c": (11, 22)}
    assert trips == 5  # three keys' three statements in three trips, then "a", then phase 1
    assert await PendingWrites().send(conn) == 0


class Titles(Projection):
    name = "titles_later"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.titles"
        self.history = f"{schema}.title_history"
        self.tables = [self.table, self.history]
        self.trips: list[int] = []

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (idea_id uuid PRIMARY"
                           " KEY, title text NOT NULL, versions integer NOT NULL)")
        await conn.execute(f"CREATE TABLE IF NOT EXISTS {self.history} (idea_id uuid,"
                           " version integer, title text NOT NULL)")

    @on(Idea.Submitted)
    async def submitted(self, ctx: Context, e: Any) -> None:
        await ctx.later(e.originator_id).execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, 1)", e.originator_id, e.title)

    @on(Idea.Retitled)
    async def retitled(self, ctx: Context, e: Any) -> None:
        await ctx.later(e.originator_id).execute(
            f"UPDATE {self.table} SET title = $2, versions = versions + 1 WHERE idea_id = $1",
            e.originator_id, e.title)
        # Phase 1: after every row of the run exists.
        await ctx.later((e.originator_id, e.originator_version), phase=1).execute(
            f"INSERT INTO {self.history} SELECT idea_id, $2, title FROM {self.table}"
            " WHERE idea_id = $1", e.originator_id, e.originator_version)


async def test_a_run_of_many_aggregates_is_written_in_a_few_round_trips(
        recorder: Recorder) -> None:
    store = EventStore(recorder, SubjectKeys(recorder.pool, recorder.schema, os.urandom(32)))
    titles = Titles(recorder.schema)
    runner = ProjectionRunner(store, titles)
    await runner.setup()
    ideas = []
    for i in range(40):
        idea = Idea(f"idea {i}")
        for j in range(i % 3):
            idea.retitle(f"idea {i}, take {j + 2}")
        ideas.append(idea)
        await store.save(idea, metadata=EventMetadata(tenant="acme"))

    retitles = sum(i % 3 for i in range(40))
    sent: list[int] = []
    original = PendingWrites.send

    async def counted(self: PendingWrites, conn: Conn) -> int:
        trips = await original(self, conn)
        sent.append(trips)
        return trips

    PendingWrites.send = counted  # type: ignore[method-assign]
    try:
        assert await runner.run_once() == 40 + retitles  # one run
    finally:
        PendingWrites.send = original  # type: ignore[method-assign]

    rows = {r["idea_id"]: (r["title"], r["versions"])
            for r in await recorder.pool.fetch(f"SELECT * FROM {titles.table}")}
    assert rows == {idea.id: (idea.title, 1 + i % 3) for i, idea in enumerate(ideas)}
    # Phase 1 ran after every statement of phase 0: each history row saw the final title.
    history = await recorder.pool.fetch(f"SELECT * FROM {titles.history}")
    assert len(history) == retitles
    assert all(r["title"] == rows[r["idea_id"]][0] for r in history)
    # 40 inserts and the updates in 3 waves (an idea has up to three), phase 1 in one.
    assert sent == [4]
