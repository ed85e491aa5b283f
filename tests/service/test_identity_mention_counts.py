"""The 360° view's mention counts on a real database read an author's own mentions, not every
mention of the network, even before the tables were ever analysed (right after a load)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from chorus.eventstore.recorder import Recorder
from services.identity.projections.activity import Mentions
from services.identity.projections.profiles import ProfileIndex

TENANT = "acme"
AUTHORS, MENTIONS = 2_000, 12_000


async def test_an_authors_mentions_are_counted_from_their_keys(recorder: Recorder) -> None:
    pool = recorder.pool
    index = ProfileIndex(recorder.schema, os.urandom(32))
    mentions = Mentions(recorder.schema, index)
    async with pool.acquire() as conn:
        await index.setup(conn)
        await mentions.setup(conn)
    now = datetime.now(UTC)
    # Rows as the two read models write them: keyed hashes of external ids and handles.
    await pool.executemany(
        f"INSERT INTO {index.table} VALUES ($1, $2, $3, $4, $5, $6)",
        [(TENANT, uuid4(), "x", index.lookup(f"x{i}"), index.lookup(f"fan{i}"), uuid4())
         for i in range(AUTHORS)])
    # Author a's mentions: every AUTHORS-th one, one day apart per round; half by external
    # id only, half by handle only, so both keys must be looked up.
    await pool.executemany(
        f"INSERT INTO {mentions.table} VALUES ($1, $2, $3, $4, $5, $6)",
        [(f"m{i}", TENANT, "x",
          index.lookup(f"x{i % AUTHORS}") if i % 2 == 0 else None,
          index.lookup(f"fan{i % AUTHORS}") if i % 2 else None,
          now - timedelta(days=i // AUTHORS * 30))
         for i in range(MENTIONS)])
    author = 1234
    profile = await pool.fetchval(f"SELECT profile_id FROM {index.table}"
                                  " WHERE external_id = $1", index.lookup(f"x{author}"))
    since = now - timedelta(days=90)

    assert await mentions.counts(pool, TENANT, [profile], since, now) == (
        MENTIONS // AUTHORS, 3)  # rounds 0, 1 and 2 are within 90 days (0, 30, 60 days old)
    plan = json.loads(await pool.fetchval(
        "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + mentions.counts_query,
        TENANT, [profile], since, now))[0]["Plan"]
    assert plan["Shared Hit Blocks"] + plan["Shared Read Blocks"] < 60, plan
