"""reputation under load, through its gRPC API.

    python bench/reputation.py [--quick] [--rate 100] [--seconds 10]

Starts reputation (durable embedded PostgreSQL and NATS) and ingests 1,000,000 mentions
(--quick: 1/20) in English and French, enriched as they are recorded, through streamed
`RecordMentions` batches from 8 concurrent collectors; the reference measured in the same
run is the enrichment alone (in-process, one core), so the ratio says how much of the
analysis ceiling the service reaches. Then, at a fixed rate (open loop), full-text search
and hourly timelines over the week, and finally the delay between the close of a one-minute
bucket with a burst of angry mentions and its alert being listed. It also prints the CPU a
mention cost in each process of the stack (bench/processes.py `CpuPerWrite`: from the load's
start until everything it started is done) and the rate this machine's cores allow at that
cost.
Last lines: RESULT ingest_per_s (acknowledged), RESULT ingest_settled_per_s (until every
read model and the relay are done with the last mention), RESULT cpu_ms_per_mention,
RESULT search_p99_ms, RESULT timeline_p99_ms, RESULT alert_delay_ms,
RESULT sentiment_macro_f1_en, RESULT sentiment_macro_f1_fr (accuracy on public labelled data
that packages ship: see bench/sentiment.py for the corpora and caveats).
Then RESULT max_rss_mb_<service>: each service's peak resident memory (process tree).
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grpc
from google.protobuf.duration_pb2 import Duration

from bench import sentiment
from bench.common import (
    bearer,
    caught_up,
    everything_settled,
    in_parallel,
    load_args,
    open_loop,
    report,
    scratch,
    ts,
    without_quotas,
)
from bench.processes import CpuPerWrite, MemoryWatch
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import DevStack
from chorus.reputation.v1 import reputation_pb2 as pb
from chorus.reputation.v1 import reputation_pb2_grpc as pb_grpc
from services.reputation.domain.analysis import analyse

COLLECTORS, BATCH, BATCHES_PER_STREAM = 8, 500, 4
NETWORKS = [pb.NETWORK_X, pb.NETWORK_FACEBOOK, pb.NETWORK_INSTAGRAM, pb.NETWORK_FORUM]
SAID = [
    "My Acme X1 arrived with a cracked screen and support never answers",
    "Love the new Acme X1, the battery lasts forever",
    "Is the Acme X1 better than the Globex Z?",
    "Ordered an Acme blender last week, delivery was quick",
    "Worst customer service ever, I want a refund for my Acme order",
    "Mon Acme X1 est arrivé cassé, le service client ne répond pas",
    "J'adore mon Acme X1, l'écran est superbe",
    "Quelqu'un sait si Acme livre le dimanche ?",
    "Globex ou Acme pour un premier ordinateur portable ?",
    "Remboursement toujours pas reçu, c'est inadmissible",
]
WORDS = ["today", "again", "honestly", "wow", "hmm", "ok", "vraiment", "encore", "bon",
         "enfin", "lol", "seriously"]
TERMS = ["Acme", "Acme X1", "Globex", "benchburst"]


def text(rng: random.Random) -> str:
    return f"{rng.choice(SAID)} {rng.choice(WORDS)} {rng.randrange(10_000)}"


def enrichment_alone(n: int) -> float:
    """Mentions a second the analysis alone reaches in this process (the reference)."""
    rng = random.Random(1)
    texts = [text(rng) for _ in range(n)]
    started = time.perf_counter()
    for t in texts:
        analyse(t, TERMS)
    return n / (time.perf_counter() - started)


async def ingest(stub: pb_grpc.ReputationServiceStub, ingester: list[tuple[str, str]],
                 mentions: int) -> tuple[float, int]:
    """Records the mentions over the past week; returns mentions a second and the last
    position written."""
    per_stream = BATCH * BATCHES_PER_STREAM
    now = datetime.now(UTC) - timedelta(minutes=10)
    last = [0]

    async def stream(i: int) -> None:
        rng = random.Random(i)

        def batches() -> Iterator[pb.RecordMentionsRequest]:
            for b in range(BATCHES_PER_STREAM):
                yield pb.RecordMentionsRequest(mentions=[pb.MentionInput(
                    network=rng.choice(NETWORKS), post_id=f"{i}-{b}-{n}", text=text(rng),
                    author=pb.Author(external_id=f"author-{rng.randrange(50_000)}",
                                     followers=rng.randrange(20_000)),
                    published_at=ts(now - timedelta(seconds=rng.uniform(0, 7 * 86_400))),
                    engagement=pb.Engagement(likes=rng.randrange(50)))
                    for n in range(BATCH)])

        reply = await stub.RecordMentions(batches(), metadata=ingester)
        last[0] = max(last[0], reply.write.position)

    started = time.perf_counter()
    await in_parallel(mentions // per_stream, stream, COLLECTORS)
    return mentions // per_stream * per_stream / (time.perf_counter() - started), last[0]


async def alert_delay(stub: pb_grpc.ReputationServiceStub, ingester: list[tuple[str, str]],
                      admin: list[tuple[str, str]], analyst: list[tuple[str, str]]) -> float:
    """ms from the close of the minute with an angry burst to its alert being listed."""
    if datetime.now(UTC).second > 45:
        await asyncio.sleep(61 - datetime.now(UTC).second)
    await stub.DefineAlertPolicy(pb.DefineAlertPolicyRequest(policy=pb.AlertPolicy(
        term="benchburst", bucket=Duration(seconds=60), min_volume=20)), metadata=admin)
    burst_at = datetime.now(UTC)
    # Three days of the term's history in the same minute: the baseline volume alarms against.
    await stub.RecordMentions(iter([pb.RecordMentionsRequest(mentions=[pb.MentionInput(
        network=pb.NETWORK_X, post_id=f"calm-{d}", text="benchburst shop is open",
        author=pb.Author(external_id=f"calm-{d}"),
        published_at=ts(burst_at - timedelta(days=d))) for d in (1, 2, 3)])]),
        metadata=ingester)
    await stub.RecordMentions(iter([pb.RecordMentionsRequest(mentions=[pb.MentionInput(
        network=pb.NETWORK_X, post_id=f"burst-{n}",
        text="benchburst is terrible, worst service ever, I want a refund",
        author=pb.Author(external_id=f"angry-{n}"), published_at=ts(burst_at))
        for n in range(60)])]), metadata=ingester)
    closes = burst_at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while True:
        listed = await stub.ListAlerts(pb.ListAlertsRequest(term="benchburst"),
                                       metadata=analyst)
        if listed.alerts:
            return (datetime.now(UTC) - closes) / timedelta(milliseconds=1)
        if datetime.now(UTC) > closes + timedelta(minutes=2):
            return float("nan")
        await asyncio.sleep(0.05)


async def main(scale: float, rate: float, seconds: float) -> None:
    reference = enrichment_alone(5_000)
    print(f"enrichment alone: {reference:.0f} mentions/s (one core, in-process)", flush=True)
    without_quotas()
    dev = DevStack(scratch("chorus-bench-reputation-"),
                   services=("reputation",))
    state = await asyncio.to_thread(dev.start)
    try:
        ingester, admin, analyst = (bearer(state.jwt_secret, r)
                                    for r in ("service", "admin", "analyst"))
        async with MemoryWatch(dev) as memory, grpc.aio.insecure_channel(
                f"127.0.0.1:{dev.ports['reputation']}") as ch:
            stub = pb_grpc.ReputationServiceStub(ch)
            await stub.DefineTrackedTerms(pb.DefineTrackedTermsRequest(terms=[
                pb.TrackedTerm(term=t, kind=pb.TERM_KIND_PRODUCT) for t in TERMS]),
                metadata=admin)
            mentions = int(1_000_000 * scale)
            cpu = CpuPerWrite(dev)
            cpu.start()
            started = time.perf_counter()
            per_s, last = await ingest(stub, ingester, mentions)
            print(f"ingested {mentions} mentions: {per_s:.0f} mentions/s, "
                  f"{per_s / reference:.2f}x the enrichment alone", flush=True)
            behind = await caught_up(lambda: stub.SearchMentions(pb.SearchMentionsRequest(
                query="refund", page_size=1, consistency=Consistency(min_position=last)),
                metadata=analyst))
            print(f"read models caught up {behind:.0f}s after", flush=True)
            settled = await everything_settled(dev, "reputation")
            print(f"relay and every reader at the log's head {settled:.0f}s after that"
                  " (queries are measured at rest)", flush=True)
            settled_per_s = mentions / (time.perf_counter() - started)
            print(f"{settled_per_s:.0f} mentions/s from the first write until every reader"
                  " and the relay were done with the last", flush=True)
            cpu_ms = cpu.report(mentions, "mention")
            rng = random.Random(5)
            queries = ["refund", "écran", "battery", "livre dimanche", "cracked screen",
                       "Globex", "service client"]
            week_ago = datetime.now(UTC) - timedelta(days=7)

            async def search(i: int) -> object:
                return await stub.SearchMentions(pb.SearchMentionsRequest(
                    query=rng.choice(queries), page_size=20), metadata=analyst)

            async def timeline(i: int) -> object:
                return await stub.GetTimeline(pb.GetTimelineRequest(
                    **{"from": ts(week_ago)}, bucket=Duration(seconds=3600),
                    term=rng.choice(TERMS[:3])), metadata=analyst)

            await open_loop(search, rate, 2)  # warm up
            _, search_p99 = report("search", rate, seconds,
                                   *await open_loop(search, rate, seconds))
            _, timeline_p99 = report("timeline", rate, seconds,
                                     *await open_loop(timeline, rate, seconds))
            delay = await alert_delay(stub, ingester, admin, analyst)
            print(f"alert listed {delay:.0f} ms after its bucket closed", flush=True)
    finally:
        await asyncio.to_thread(dev.stop)
    print(f"RESULT ingest_per_s {per_s:.0f}")
    print(f"RESULT ingest_settled_per_s {settled_per_s:.0f}")
    print(f"RESULT cpu_ms_per_mention {cpu_ms:.3f}")
    print(f"RESULT search_p99_ms {search_p99:.2f}")
    print(f"RESULT timeline_p99_ms {timeline_p99:.2f}")
    print(f"RESULT alert_delay_ms {delay:.0f}")
    for name, value in sentiment.measure().items():
        if name in ("sentiment_macro_f1_en", "sentiment_macro_f1_fr"):
            print(f"RESULT {name} {value:.3f}")
    memory.report()


if __name__ == "__main__":
    args = load_args(__doc__, rate=100.0)
    asyncio.run(main(args.scale, args.rate, args.seconds))
