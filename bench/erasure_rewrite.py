"""What a reader of the ideas board waits while an erasure rewrites the board's comments.

    python bench/erasure_rewrite.py [--comments 700000 | --quick]

On a durable embedded PostgreSQL, ideas' own `board.comments` table (IdeaStorm's
700,000 comments; `--quick`: 70,000) is rewritten into new files twice, as the erasure
scrubber must do before confirming: once with VACUUM FULL (the reference, what the scrubber
did before) and once with chorus.features.rewrite (copy under a SHARE lock, swap at the end).
Meanwhile a reader lists one idea's comments 50 times a second (open loop) and a writer adds
a comment 20 times a second. Prints each rewrite's duration and the reader's and writer's
latencies during it. Last lines: RESULT rewrite_read_max_ms, RESULT vacuum_full_read_max_ms,
RESULT rewrite_read_p99_ms, RESULT rewrite_write_max_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from bench.common import median, scratch
from chorus.devstack.postgres import EmbeddedPostgres
from chorus.features.rewrite import rewrite
from services.ideas.projections.board import Board

TABLE = "board.comments"
IDEAS = 16_000


def idea(n: str) -> str:
    """SQL for the id of idea number n (of IDEAS)."""
    return f"('00000000-0000-4000-8000-' || lpad(to_hex({n} % {IDEAS}), 12, '0'))::uuid"


async def load(pool: asyncpg.Pool, comments: int) -> None:
    """ideas' own board tables, with `comments` comments over IDEAS ideas."""
    await pool.execute("CREATE SCHEMA board")
    async with pool.acquire() as conn:
        await Board("board").setup(conn)
    for start in range(0, comments, 100_000):
        await pool.execute(
            f"INSERT INTO {TABLE} (tenant, comment_id, idea_id, author_id, body, official,"
            f" posted_at) SELECT 'acme', gen_random_uuid(), {idea('n')},"
            " 'author-' || (n % 50000), repeat('a remark about idea ' || n || ' and why it"
            " matters. ', 4), false, now() - n * interval '1 second'"
            " FROM generate_series($1::int, $2::int) n",
            start, min(start + 100_000, comments) - 1)
    await pool.execute(f"VACUUM ANALYZE {TABLE}")


async def during(dsn: str, work: Callable[[], Awaitable[object]]
                 ) -> tuple[float, list[float], list[float]]:
    """Seconds `work` took, and the reader's and writer's latencies (ms) meanwhile (each with
    its own connections: writers held back must not starve the readers of connections, as
    in a service, where the projection is one writer)."""
    reading = await asyncpg.create_pool(dsn, min_size=10, max_size=40)
    writing = await asyncpg.create_pool(dsn, min_size=4, max_size=100)
    reads: list[float] = []
    writes: list[float] = []
    done = asyncio.Event()

    async def timed(into: list[float], call: Callable[[], Awaitable[object]]) -> None:
        started = time.perf_counter()
        await call()
        into.append((time.perf_counter() - started) * 1000)

    async def loop(rate: float, into: list[float],
                   call: Callable[[int], Awaitable[object]]) -> None:
        tasks, n, start = [], 0, time.perf_counter()
        while not done.is_set():
            n += 1
            tasks.append(asyncio.create_task(timed(into, functools.partial(call, n))))
            await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
        await asyncio.gather(*tasks)

    def read(n: int) -> Awaitable[object]:
        return reading.fetch(f"SELECT comment_id, body FROM {TABLE} WHERE idea_id = {idea('$1')}"
                             " ORDER BY posted_at, comment_id LIMIT 20", n)

    def write(n: int) -> Awaitable[object]:
        return writing.execute(f"INSERT INTO {TABLE} (tenant, comment_id, idea_id, author_id,"
                               f" body, official, posted_at) VALUES ('acme', gen_random_uuid(),"
                               f" {idea('$1')}, 'author-1', 'one more remark', false, now())",
                               n)

    readers = asyncio.create_task(loop(50, reads, read))
    writers = asyncio.create_task(loop(20, writes, write))
    await asyncio.sleep(1)  # latencies before the rewrite starts count too
    started = time.perf_counter()
    await work()
    took = time.perf_counter() - started
    done.set()
    await asyncio.gather(readers, writers)
    await reading.close()
    await writing.close()
    return took, reads, writes


def summary(name: str, took: float, reads: list[float], writes: list[float]) -> float:
    reads.sort()
    p99 = reads[int(len(reads) * 0.99) - 1]
    print(f"{name}: {took:.1f} s; reads p50 {median(reads):.1f} ms, p99 {p99:.1f} ms,"
          f" max {reads[-1]:.0f} ms; writes max {max(writes):.0f} ms", flush=True)
    return p99


async def main(comments: int) -> None:
    pg = EmbeddedPostgres(scratch("chorus-bench-rewrite-") / "pg", durable=True).start()
    try:
        async with asyncpg.create_pool(pg.dsn, min_size=1, max_size=4) as pool:
            await load(pool, comments)
            size = await pool.fetchval(f"SELECT pg_total_relation_size('{TABLE}')")
            print(f"{comments} comments, {size / 2**20:.0f} MB with indexes", flush=True)
            took, vreads, vwrites = await during(
                pg.dsn, lambda: pool.execute(f"VACUUM (FULL) {TABLE}"))
            summary("VACUUM FULL (reference)", took, vreads, vwrites)
            took, reads, writes = await during(pg.dsn, lambda: rewrite(pool, TABLE))
            p99 = summary("rewrite (copy, then swap)", took, reads, writes)
    finally:
        pg.stop()
    print(f"RESULT rewrite_read_max_ms {max(reads):.0f}")
    print(f"RESULT vacuum_full_read_max_ms {max(vreads):.0f}")
    print(f"RESULT rewrite_read_p99_ms {p99:.1f}")
    print(f"RESULT rewrite_write_max_ms {max(writes):.0f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1/10 of the volume")
    parser.add_argument("--comments", type=int, default=700_000)
    args = parser.parse_args()
    asyncio.run(main(args.comments // 10 if args.quick else args.comments))
