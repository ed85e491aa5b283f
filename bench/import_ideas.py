"""IdeaStorm's community brought in through ImportIdeas, until every projection has it.

    python bench/import_ideas.py [--quick] [--scale 1.0] [--streams 2]

Starts the whole system (durable embedded PostgreSQL and NATS), defines a category, then
streams 16,000 ideas carrying 95,000 votes and 700,000 comments (IdeaStorm's volume; --quick:
1/20 of it) over `--streams` concurrent ImportIdeas streams, up to 50 ideas a request. Votes
and comments are spread unevenly (a few ideas draw most of them), a third of the comments are
replies. Measures the time to import, then until ideas' relay, projections and policy have
handled all of it: the target is both within 10 minutes. Then how long identity (which counts
each contribution for its 360° view, from ideas' events) takes to catch up, reported apart.
Sends the first request again to check that nothing is copied, and checks one popular idea's
counts on the board. Watches each service's peak memory.

Last lines: RESULT import_total_s (import and every ideas projection caught up),
RESULT import_items_per_s, RESULT import_settled_s (the part after the last reply),
RESULT import_identity_settled_s, RESULT import_ideas_cpu_ms_per_item (CPU time of the ideas
process, import and projections), RESULT max_rss_mb_<service>.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grpc

from bench.common import (
    bearer,
    consumers_settled,
    everything_settled,
    load_args,
    scratch,
    ts,
)
from bench.ideas import text
from bench.processes import MemoryWatch
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import DevStack
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc

IDEAS, VOTES, COMMENTS = 16_000, 95_000, 700_000
IDEAS_A_REQUEST, ITEMS_A_REQUEST = 50, 4_000
PER_IDEA_MAX = 4_000  # the most popular idea's votes (or comments), so it fits a request
START = datetime(2007, 2, 1, tzinfo=UTC)  # IdeaStorm opened in February 2007


def spread(rng: random.Random, total: int, ideas: int, cap: int) -> list[int]:
    """`total` contributions over the ideas, unevenly (Pareto weights), at most `cap` each
    (what would go over goes to other ideas)."""
    weights = [rng.paretovariate(1.2) for _ in range(ideas)]
    counts = [0] * ideas
    placed = 0
    while placed < total:
        for i in rng.choices(range(ideas), weights, k=total - placed):
            if counts[i] < cap:
                counts[i] += 1
                placed += 1
        weights = [0.0 if c >= cap else w for c, w in zip(counts, weights, strict=True)]
    return counts


class Community:
    """The synthetic community, made idea by idea as the streams send it."""

    def __init__(self, scale: float, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.ideas = max(int(IDEAS * scale), 10)
        self.people = [str(uuid.uuid4()) for _ in range(max(int(60_000 * scale), 100))]
        cap = min(PER_IDEA_MAX, len(self.people))
        self.votes = spread(rng, int(VOTES * scale), self.ideas, cap)
        self.comments = spread(rng, int(COMMENTS * scale), self.ideas, PER_IDEA_MAX)
        self.seed = seed

    def idea(self, i: int) -> pb.ImportedIdea:
        rng = random.Random(self.seed * 1_000_003 + i)
        submitted = START + timedelta(days=rng.uniform(0, 5 * 365))
        idea = pb.ImportedIdea(
            source_id=str(i), author_id=rng.choice(self.people),
            title=f"{text(rng, 5)} {i}", body=text(rng, 30), category="products",
            submitted_at=ts(submitted),
            status=rng.choice((pb.IDEA_STATUS_NEW,) * 6 + (
                pb.IDEA_STATUS_UNDER_REVIEW, pb.IDEA_STATUS_PLANNED,
                pb.IDEA_STATUS_IMPLEMENTED, pb.IDEA_STATUS_DECLINED)))
        for voter in rng.sample(self.people, self.votes[i]):
            idea.votes.append(pb.ImportedVote(
                voter_id=voter, vote=ev.VOTE_UP if rng.random() < 0.8 else ev.VOTE_DOWN,
                voted_at=ts(submitted + timedelta(days=rng.uniform(0, 90)))))
        posted = submitted
        for j in range(self.comments[i]):
            posted += timedelta(minutes=rng.uniform(1, 600))
            reply = j > 0 and rng.random() < 0.33
            idea.comments.append(pb.ImportedComment(
                source_id=f"{i}.{j}", parent_source_id=f"{i}.{rng.randrange(j)}" if reply else "",
                author_id=rng.choice(self.people), body=text(rng, 15), posted_at=ts(posted)))
        return idea

    async def requests(self, ideas: range) -> AsyncIterator[pb.ImportIdeasRequest]:
        batch: list[pb.ImportedIdea] = []
        items = 0
        for i in ideas:
            size = self.votes[i] + self.comments[i]
            if batch and (len(batch) == IDEAS_A_REQUEST or items + size > ITEMS_A_REQUEST):
                yield pb.ImportIdeasRequest(source="ideastorm", ideas=batch)
                batch, items = [], 0
            batch.append(self.idea(i))
            items += size
            await asyncio.sleep(0)  # let the replies be read while requests are made
        if batch:
            yield pb.ImportIdeasRequest(source="ideastorm", ideas=batch)


async def import_all(stub: pb_grpc.IdeasServiceStub, admin: list[tuple[str, str]],
                     community: Community, streams: int, ideas: range | None = None,
                     ids: dict[int, str] | None = None) -> tuple[int, int]:
    """Imports the community's `ideas` (all by default) over concurrent streams, noting each
    one's id in `ids`; returns (ideas imported, the last position written)."""
    ideas = ideas if ideas is not None else range(community.ideas)
    imported, last = [0], [0]
    started = time.perf_counter()

    async def stream(k: int) -> None:
        call = stub.ImportIdeas(community.requests(ideas[k::streams]), metadata=admin)
        async for reply in call:
            imported[0] += sum(not r.already_imported for r in reply.ideas)
            last[0] = max(last[0], reply.write.position)
            if ids is not None:
                ids.update((int(r.source_id), r.idea_id) for r in reply.ideas)
            if k == 0 and imported[0] % 1000 < len(reply.ideas):
                print(f"  {imported[0]} ideas at {time.perf_counter() - started:.0f}s",
                      flush=True)

    await asyncio.gather(*(stream(k) for k in range(streams)))
    return imported[0], last[0]


async def main(scale: float, streams: int) -> None:
    dev = DevStack(scratch("chorus-bench-import-"))
    state = await asyncio.to_thread(dev.start)
    community = Community(scale)
    items = community.ideas + sum(community.votes) + sum(community.comments)
    print(f"importing {community.ideas} ideas, {sum(community.votes)} votes,"
          f" {sum(community.comments)} comments over {streams} streams", flush=True)
    admin = bearer(state.jwt_secret, "admin")
    try:
        async with MemoryWatch(dev) as memory, grpc.aio.insecure_channel(
                f"127.0.0.1:{dev.ports['ideas']}") as channel:
            stub = pb_grpc.IdeasServiceStub(channel)
            await stub.DefineCategory(pb.DefineCategoryRequest(category="products"),
                                      metadata=admin)
            started = time.perf_counter()
            imported, last = await import_all(stub, admin, community, streams)
            sent = time.perf_counter() - started
            print(f"imported in {sent:.0f}s; waiting for ideas' projections", flush=True)
            settled = await everything_settled(dev, "ideas")
            total = time.perf_counter() - started
            print(f"ideas settled {settled:.0f}s later: {total:.0f}s in all"
                  f" ({items / total:.0f} items/s)", flush=True)
            assert imported == community.ideas, f"{imported} of {community.ideas} imported"
            await check_board(stub, admin, community, last)
            again = [r async for r in stub.ImportIdeas(
                community.requests(range(0, min(50, community.ideas))), metadata=admin)]
            assert all(r.already_imported and not r.votes_added and not r.comments_added
                       for reply in again for r in reply.ideas), "an import copied something"
            print("importing again changed nothing", flush=True)
            ideas_cpu = memory.cpu_s.get("ideas", 0.0)
            print(f"ideas used {ideas_cpu:.0f} s of CPU for the import:"
                  f" {1000 * ideas_cpu / items:.2f} ms an item", flush=True)
            identity = await consumers_settled(dev, "ideas", "identity-activity-ideas")
            print(f"identity caught up {identity:.0f}s after ideas", flush=True)
    finally:
        await asyncio.to_thread(dev.stop)
    print(f"RESULT import_total_s {total:.0f}")
    print(f"RESULT import_items_per_s {items / total:.0f}")
    print(f"RESULT import_settled_s {settled:.0f}")
    print(f"RESULT import_identity_settled_s {identity:.0f}")
    print(f"RESULT import_ideas_cpu_ms_per_item {1000 * ideas_cpu / items:.2f}")
    memory.report()


async def check_board(stub: pb_grpc.IdeasServiceStub, admin: list[tuple[str, str]],
                      community: Community, last: int) -> None:
    """The most voted idea shows every vote and comment it was imported with."""
    top = max(range(community.ideas), key=lambda i: community.votes[i])
    expected = community.idea(top)
    reply = await stub.ListIdeas(pb.ListIdeasRequest(
        order=pb.IDEA_ORDER_TOP, page_size=100, consistency=Consistency(min_position=last)),
        metadata=admin)
    (shown,) = [i for i in reply.ideas if i.title == expected.title]
    votes = (shown.votes_up + shown.votes_down, shown.comments)
    assert votes == (len(expected.votes), len(expected.comments)), votes
    print(f"the most voted idea shows its {votes[0]} votes and {votes[1]} comments",
          flush=True)


if __name__ == "__main__":
    args = load_args(__doc__, streams=2)
    asyncio.run(main(args.scale, args.streams))
