"""ideas at IdeaStorm's volume, through the gRPC API of a running system.

    python bench/ideas.py [--quick] [--rate 100] [--seconds 10]

Starts the whole system (durable embedded PostgreSQL and NATS), loads a community of 16,000
ideas, 95,000 votes and 700,000 comments (--quick: 1/20 of it) with 32 concurrent clients
(the brand's front end, service role, acting for customers). Once the relay, every reader and
identity's consumer are done with the load, and the planner's statistics are up to date (an
ANALYZE, as autovacuum runs within a minute), it calls ListIdeas ranked by top and by
trending, full-text searches, and then SubmitIdea (which looks for likely duplicates among the
community's titles) at 20/s, each at a fixed rate (open loop), and reports p50/p99 latency.
It also prints the CPU a write cost in each process of the stack (bench/processes.py
`CpuPerWrite`: from the load's start until everything it started is done) and the rate this
machine's cores allow at that cost.
Last lines: RESULT load_writes_per_s, RESULT cpu_ms_per_write, RESULT ranking_p99_ms,
RESULT search_p99_ms, RESULT submit_p99_ms (and the p50s).
Then RESULT max_rss_mb_<service>: each service's peak resident memory (process tree).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import grpc

from bench.common import (
    caught_up,
    consumers_settled,
    everything_settled,
    in_parallel,
    load_args,
    open_loop,
    report,
    scratch,
    without_quotas,
)
from bench.processes import CpuPerWrite, MemoryWatch
from chorus.auth.tokens import mint
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import DevStack, admin_database_url
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc

CLIENTS = 32
SUBMIT_RATE = 20.0  # new ideas a second, once the community is loaded
WORDS = [
    "keyboard", "battery", "screen", "laptop", "linux", "driver", "support", "warranty",
    "repair", "shipping", "price", "design", "colour", "weight", "speaker", "camera", "fan",
    "noise", "port", "usb", "charger", "dock", "monitor", "store", "clavier", "batterie",
    "écran", "portable", "pilote", "garantie", "livraison", "prix", "couleur", "poids",
    "caméra", "ventilateur", "bruit", "chargeur", "moniteur", "magasin", "réparation",
    "service"]


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


async def load(stub: pb_grpc.IdeasServiceStub, md: list[tuple[str, str]],
               cm: list[tuple[str, str]], ideas: int, votes: int,
               comments: int) -> tuple[float, int]:
    """Loads the community; returns writes per second and the last position written."""
    rng = random.Random(7)
    await stub.DefineCategory(pb.DefineCategoryRequest(category="products"), metadata=cm)
    people = [str(uuid.uuid4()) for _ in range(max(ideas // 2, 10))]
    idea_ids: list[str] = []
    written = [0]

    async def submit(i: int) -> None:
        reply = await stub.SubmitIdea(pb.SubmitIdeaRequest(
            title=f"{text(rng, 5)} {i}", body=text(rng, 30), category="products",
            author_id=rng.choice(people)), metadata=md)
        idea_ids.append(reply.idea_id)
        written[0] = max(written[0], reply.write.position)

    async def vote(i: int) -> None:
        await stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=rng.choice(idea_ids), voter_id=rng.choice(people),
            vote=rng.choice((ev.VOTE_UP, ev.VOTE_UP, ev.VOTE_DOWN))), metadata=md)

    async def comment(i: int) -> None:
        reply = await stub.PostComment(pb.PostCommentRequest(
            idea_id=rng.choice(idea_ids), body=text(rng, 15), author_id=rng.choice(people)),
            metadata=md)
        written[0] = max(written[0], reply.write.position)

    started = time.perf_counter()
    await in_parallel(ideas, submit, CLIENTS)
    print(f"  {ideas} ideas in {time.perf_counter() - started:.0f}s", flush=True)
    await in_parallel(votes, vote, CLIENTS)
    print(f"  + {votes} votes at {time.perf_counter() - started:.0f}s", flush=True)
    await in_parallel(comments, comment, CLIENTS)
    elapsed = time.perf_counter() - started
    print(f"  + {comments} comments at {elapsed:.0f}s", flush=True)
    return (ideas + votes + comments) / elapsed, written[0]


async def analysed(dev: DevStack) -> None:
    """The planner's statistics of ideas' tables brought up to date, as autovacuum does within
    a minute of a change this size: queries are measured as a live system runs them, not as
    the first minute after a bulk load plans them."""
    assert dev.pg is not None
    conn = await asyncpg.connect(admin_database_url(dev.pg.dsn, "ideas"))
    try:
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def main(scale: float, rate: float, seconds: float) -> None:
    without_quotas()
    dev = DevStack(scratch("chorus-bench-ideas-"))
    state = await asyncio.to_thread(dev.start)
    try:
        md = [("authorization", "Bearer " + mint(state.jwt_secret, subject="front-end",
                                                  tenant="bench", roles=["service"]))]
        cm = [("authorization", "Bearer " + mint(state.jwt_secret, subject="cm",
                                                  tenant="bench", roles=["community_manager"]))]
        async with MemoryWatch(dev) as memory, grpc.aio.insecure_channel(
                f"127.0.0.1:{dev.ports['ideas']}") as ch:
            stub = pb_grpc.IdeasServiceStub(ch)
            ideas, votes, comments = (int(16_000 * scale), int(95_000 * scale),
                                      int(700_000 * scale))
            cpu = CpuPerWrite(dev)
            cpu.start()
            per_s, last = await load(stub, md, cm, ideas, votes, comments)
            print(f"loaded {ideas} ideas, {votes} votes, {comments} comments:"
                  f" {per_s:.0f} writes/s", flush=True)
            behind = await caught_up(lambda: stub.ListIdeas(pb.ListIdeasRequest(
                page_size=1, consistency=Consistency(min_position=last)), metadata=md))
            print(f"board caught up {behind:.0f}s after the load", flush=True)
            settled = await everything_settled(dev, "ideas") + await consumers_settled(
                dev, "ideas")
            print(f"relay, readers and identity's consumer at the head {settled:.0f}s after"
                  " that (queries are measured at rest)", flush=True)
            cpu_ms = cpu.report(ideas + votes + comments)  # the writes' whole cost
            await analysed(dev)
            rng = random.Random(11)

            def listing(order: int) -> Callable[[int], Awaitable[object]]:
                return lambda i: stub.ListIdeas(pb.ListIdeasRequest(
                    order=order, page_size=20), metadata=md)

            async def search(i: int) -> object:
                return await stub.ListIdeas(pb.ListIdeasRequest(
                    query=f"{rng.choice(WORDS)} {rng.choice(WORDS)}", page_size=20),
                    metadata=md)

            await open_loop(listing(pb.IDEA_ORDER_TOP), rate, 2)  # warm up
            _, top = report("top", rate, seconds, *await open_loop(
                listing(pb.IDEA_ORDER_TOP), rate, seconds))
            _, trending = report("trending", rate, seconds, *await open_loop(
                listing(pb.IDEA_ORDER_TRENDING), rate, seconds))
            _, searched = report("search", rate, seconds,
                                 *await open_loop(search, rate, seconds))

            async def new_idea(i: int) -> object:
                return await stub.SubmitIdea(pb.SubmitIdeaRequest(
                    title=f"{text(rng, 5)} new {i}", body=text(rng, 30), category="products",
                    author_id=str(uuid.uuid4())), metadata=md)

            _, submitted = report("new ideas (each looks for likely duplicates)", SUBMIT_RATE,
                                  seconds, *await open_loop(new_idea, SUBMIT_RATE, seconds))
    finally:
        await asyncio.to_thread(dev.stop)
    print(f"RESULT load_writes_per_s {per_s:.0f}")
    print(f"RESULT cpu_ms_per_write {cpu_ms:.3f}")
    print(f"RESULT ranking_p99_ms {max(top, trending):.2f}")
    print(f"RESULT search_p99_ms {searched:.2f}")
    print(f"RESULT submit_p99_ms {submitted:.2f}")
    memory.report()


if __name__ == "__main__":
    args = load_args(__doc__, rate=100.0)
    asyncio.run(main(args.scale, args.rate, args.seconds))
