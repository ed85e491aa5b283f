"""How cost grows with work: identity and ideas measured at three sizes of one growing system.

    python bench/scaling.py [--sizes 0.005,0.02,0.05] [--seconds 8] [--chart FILE]

Starts the whole system (durable embedded PostgreSQL and NATS) and grows it through the sizes,
fractions of the full volumes: identity's 100,000 customers (each with two linked social
profiles, through the API) and IdeaStorm's 16,000 ideas, 95,000 votes and 700,000 comments
(brought in with ImportIdeas). At each size, the same work is measured:

- write rate: votes and comments through the live API, 32 clients, 1,500 writes;
- Resolve p99 at --rate calls/s (open loop) and ranking p99 (ListIdeas top and trending,
  50 calls/s), for --seconds each;
- rebuild rate: events replayed per second when ideas' board is rebuilt from scratch.

Prints a table and writes a PNG chart (matplotlib) of the four against size, and its path.
Flat (or growing no faster than log(size)) is the goal.
Last lines: RESULT scaling_resolve_p99_growth, RESULT scaling_ranking_p99_growth (largest
size / smallest), RESULT scaling_write_rate_ratio, RESULT scaling_rebuild_rate_ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grpc
from matplotlib.figure import Figure

from bench.common import (
    bearer,
    consumers_settled,
    everything_settled,
    in_parallel,
    open_loop,
    rebuild_rate,
    report,
    scratch,
    without_quotas,
)
from bench.ideas import text
from bench.identity import SPREAD, resolve
from bench.identity import load as register
from bench.import_ideas import Community, import_all
from chorus.devstack.stack import DevStack, admin_database_url
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as ideas_grpc
from chorus.identity.v1 import identity_pb2_grpc as identity_grpc

CUSTOMERS = 100_000
WRITES = 1_500


@dataclass
class Figures:
    size: float
    customers: int
    ideas: int
    events: int
    write_rate: float = 0.0
    resolve_p99: float = 0.0
    ranking_p99: float = 0.0
    rebuild_rate: float = 0.0


async def live_writes(stub: ideas_grpc.IdeasServiceStub, md: list[tuple[str, str]],
                      community: Community, imported: dict[int, str]) -> float:
    """Votes and comments (two to one) on imported ideas still open to votes; returns writes
    per second."""
    rng = random.Random(len(imported))
    sample = rng.sample(sorted(imported), min(200, len(imported)))
    idea_ids = [imported[i] for i in sample
                if community.idea(i).status != pb.IDEA_STATUS_IMPLEMENTED]
    people = community.people

    async def write(i: int) -> None:
        idea, person = rng.choice(idea_ids), rng.choice(people)
        if i % 3:
            await stub.VoteOnIdea(pb.VoteOnIdeaRequest(
                idea_id=idea, voter_id=person, vote=ev.VOTE_UP), metadata=md)
        else:
            await stub.PostComment(pb.PostCommentRequest(
                idea_id=idea, author_id=person, body=text(rng, 15)), metadata=md)

    started = time.perf_counter()
    await in_parallel(WRITES, write, 32)
    return WRITES / (time.perf_counter() - started)


def ranking(stub: ideas_grpc.IdeasServiceStub, md: list[tuple[str, str]],
            order: pb.IdeaOrder) -> Callable[[int], Awaitable[object]]:
    return lambda i: stub.ListIdeas(pb.ListIdeasRequest(order=order, page_size=20),
                                    metadata=md)


async def settled(dev: DevStack) -> None:
    """Until ideas has handled its whole log and every other service every contribution it
    publishes: a backlog worked off during a measurement would be measured with it."""
    await everything_settled(dev, "ideas")
    await consumers_settled(dev, "ideas")


async def measure(dev: DevStack, secret: str, sizes: list[float], rate: float,
                  seconds: float) -> list[Figures]:
    service, admin = bearer(secret, "service"), bearer(secret, "admin")
    community = Community(max(sizes))
    assert dev.pg is not None
    dsn = admin_database_url(dev.pg.dsn, "ideas")
    customer_ids: list[str] = []
    idea_ids: dict[int, str] = {}
    figures = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports['identity']}") as id_ch, \
            grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports['ideas']}") as ideas_ch:
        identity, ideas = identity_grpc.IdentityServiceStub(id_ch), ideas_grpc.IdeasServiceStub(
            ideas_ch)
        await ideas.DefineCategory(pb.DefineCategoryRequest(category="products"),
                                   metadata=admin)
        for size in sizes:
            customers = int(CUSTOMERS * size)
            await register(identity, admin, customers - len(customer_ids), customer_ids,
                           first=len(customer_ids))
            upto = int(community.ideas * size / max(sizes))
            await import_all(ideas, admin, community, 2, range(len(idea_ids), upto), idea_ids)
            await settled(dev)
            f = Figures(size, customers, upto, 0)
            print(f"size {size}: {customers} customers, {upto} ideas", flush=True)
            f.write_rate = await live_writes(ideas, service, community, idea_ids)
            await settled(dev)
            _, f.resolve_p99 = report("Resolve", rate, seconds, *await open_loop(
                resolve(identity, admin, customers), rate, seconds, SPREAD))
            f.ranking_p99 = max([report(name, 50, seconds, *await open_loop(
                ranking(ideas, service, order), 50, seconds))[1]
                for name, order in (("top", pb.IDEA_ORDER_TOP),
                                    ("trending", pb.IDEA_ORDER_TRENDING))])
            f.rebuild_rate, f.events = await rebuild_rate(dsn, "ideas", "board")
            print(f"  {f.write_rate:.0f} writes/s, board rebuilt at {f.rebuild_rate:.0f}"
                  f" events/s ({f.events} events)", flush=True)
            figures.append(f)
    return figures


def chart(figures: list[Figures], path: Path) -> None:
    sizes = [f.events for f in figures]
    panels = (("write rate (writes/s)", [f.write_rate for f in figures]),
              ("Resolve p99 (ms)", [f.resolve_p99 for f in figures]),
              ("ranking p99 (ms)", [f.ranking_p99 for f in figures]),
              ("board rebuild (events/s)", [f.rebuild_rate for f in figures]))
    fig = Figure(figsize=(10, 7))
    axes = fig.subplots(2, 2)
    for ax, (title, values) in zip(axes.flat, panels, strict=True):
        ax.plot(sizes, values, marker="o")
        ax.set_xscale("log")
        ax.set_ylim(bottom=0)
        ax.set_title(title)
        ax.set_xlabel("events in ideas' log")
    fig.tight_layout()
    fig.savefig(path)


async def main(sizes: list[float], rate: float, seconds: float, path: Path) -> None:
    without_quotas()
    dev = DevStack(scratch("chorus-bench-scaling-"))
    state = await asyncio.to_thread(dev.start)
    try:
        figures = await measure(dev, state.jwt_secret, sizes, rate, seconds)
    finally:
        await asyncio.to_thread(dev.stop)
    print("\n| size | customers | ideas | events | writes/s | Resolve p99 ms | ranking p99 ms"
          " | rebuild events/s |\n|---|---|---|---|---|---|---|---|")
    for f in figures:
        print(f"| {f.size:g} | {f.customers} | {f.ideas} | {f.events} | {f.write_rate:.0f} |"
              f" {f.resolve_p99:.2f} | {f.ranking_p99:.2f} | {f.rebuild_rate:.0f} |")
    chart(figures, path)
    print(f"\nchart: {path}")
    first, last = figures[0], figures[-1]
    print(f"RESULT scaling_resolve_p99_growth {last.resolve_p99 / first.resolve_p99:.2f}")
    print(f"RESULT scaling_ranking_p99_growth {last.ranking_p99 / first.ranking_p99:.2f}")
    print(f"RESULT scaling_write_rate_ratio {last.write_rate / first.write_rate:.2f}")
    print(f"RESULT scaling_rebuild_rate_ratio {last.rebuild_rate / first.rebuild_rate:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.005,0.02,0.05",
                        help="fractions of the full volumes, smallest first")
    parser.add_argument("--rate", type=float, default=200.0, help="Resolve calls/s")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--chart", type=Path,
                        default=Path(tempfile.gettempdir()) / "chorus-scaling.png")
    args = parser.parse_args()
    asyncio.run(main([float(s) for s in args.sizes.split(",")], args.rate, args.seconds,
                     args.chart))
