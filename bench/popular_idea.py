"""A vote on a popular idea against a vote on a new one, with and without the aggregate cache.

    python bench/popular_idea.py [--votes 10000] [--samples 200]

On a durable embedded PostgreSQL, ideas' own application code (`vote_on_idea`: load the
idea, decide, store the vote) casts --samples new votes on an idea that already has --votes
votes and on one that has 10, first with the store's aggregate cache (an idea is read once,
then only the votes recorded since), then with a store that has none (every vote replays the
idea's whole history, as before the cache). Last lines: RESULT vote_popular_vs_new_p50
(cached; the goal is ~1), RESULT vote_popular_vs_new_p50_uncached, RESULT
vote_popular_cached_p50_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from bench.common import durable_stack
from chorus.auth.principal import Principal, Role
from chorus.eventstore.cache import AggregateCache
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.privacy.keys import SubjectKeys
from chorus.schema import create_store_tables
from services.ideas.application import define_category, submit_idea, vote_on_idea
from services.ideas.domain.post import Vote

CM = Principal("bench-cm", "bench", frozenset({Role.COMMUNITY_MANAGER}))


async def idea_with(store: EventStore, votes: int) -> uuid.UUID:
    idea_id, _, _ = await submit_idea(store, CM, uuid.uuid4(), "Quieter keys", "Please.",
                                      "products", None)
    done = 0
    while done < votes:  # concurrent voters: conflicts are retried by vote_on_idea
        batch = min(50, votes - done)
        await asyncio.gather(*(vote_on_idea(store, CM, uuid.uuid4(), idea_id, Vote.UP)
                               for _ in range(batch)))
        done += batch
    return idea_id


async def p50_ms(store: EventStore, idea_id: uuid.UUID, samples: int) -> float:
    took = []
    for _ in range(samples):
        started = time.perf_counter()
        await vote_on_idea(store, CM, uuid.uuid4(), idea_id, Vote.UP)
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took)


async def main(votes: int, samples: int) -> None:
    pg, nats_server = durable_stack()
    try:
        pool = await asyncpg.create_pool(pg.dsn, min_size=4, max_size=8)
        await create_store_tables(pool, "bench_ideas")
        keys = SubjectKeys(pool, "bench_ideas", os.urandom(32))
        store = EventStore(Recorder(pool, "bench_ideas"), keys)
        await define_category(store, CM, "products", "")
        started = time.perf_counter()
        popular, new = await idea_with(store, votes), await idea_with(store, 10)
        print(f"ideas with {votes} and 10 votes recorded in {time.perf_counter() - started:.0f}s",
              flush=True)
        figures = {}
        for cached in (True, False):
            if not cached:
                store.cache = AggregateCache(size=0)  # every load replays the whole history
            for name, idea in (("popular", popular), ("new", new)):
                await p50_ms(store, idea, 5)  # warm up (and, cached, read it once)
                figures[(cached, name)] = await p50_ms(store, idea, samples)
                print(f"vote on the {name} idea, {'cached' if cached else 'no cache'}:"
                      f" p50 {figures[(cached, name)]:.2f} ms", flush=True)
        await pool.close()
    finally:
        nats_server.stop()
        pg.stop()
    print("RESULT vote_popular_vs_new_p50"
          f" {figures[(True, 'popular')] / figures[(True, 'new')]:.2f}")
    print("RESULT vote_popular_vs_new_p50_uncached"
          f" {figures[(False, 'popular')] / figures[(False, 'new')]:.2f}")
    print(f"RESULT vote_popular_cached_p50_ms {figures[(True, 'popular')]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--votes", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.votes, args.samples))
