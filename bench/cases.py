"""cases under load, through its gRPC API.

    python bench/cases.py [--quick] [--rate 200] [--seconds 10] [--replicas 2] [--clients 64]

Starts cases (durable embedded PostgreSQL and NATS) as `--replicas` processes (two by
default: a Python process works on one core at a time, and this machine has two; the
replicas share the readers, see chorus/projections/leases.py), opens 100,000 cases with 3
messages each (--quick: 1/20) from `--clients` concurrent clients (a channel gateway and
agents; each case's calls go to one replica, as over one client's connection; each client
sends its next call when the last is answered, so the clients are the calls in flight: the
more, the more each shared statement carries, see chorus/batching.py, and the longer each
call waits), printing the calls' latency under that load. Then it measures at a fixed rate
(open loop) a team's queue and the "which breach before T" query, the delay between SLA
deadlines and their breach events with those cases open, and finally how fast the `cases`
read model is rebuilt from the log (`chorus rebuild-projection`). It also prints the CPU a
write cost in each process of the stack (bench/processes.py `CpuPerWrite`: from the load's
start until everything it started is done) and the rate this machine's cores allow at that
cost.
Last lines: RESULT cases_writes_per_s, RESULT write_p99_ms (under the load), RESULT
cpu_ms_per_write, RESULT queue_p99_ms, RESULT breach_query_p99_ms, RESULT
breach_delay_p99_ms, RESULT cases_rebuild_events_per_s.
Then RESULT max_rss_mb_<service>: each service's peak resident memory (process tree).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import grpc
from google.protobuf.duration_pb2 import Duration

from bench.common import (
    bearer,
    caught_up,
    everything_settled,
    in_parallel,
    load_args,
    open_loop,
    percentiles,
    rebuild_rate,
    report,
    scratch,
    ts,
    without_quotas,
)
from bench.processes import CpuPerWrite, MemoryWatch
from chorus.cases.v1 import cases_pb2 as pb
from chorus.cases.v1 import cases_pb2_grpc as pb_grpc
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import DevStack, admin_database_url

CLIENTS, TEAMS, BREACHING = 32, 10, 300  # CLIENTS: the breach measure's (the load's: --clients)
CHANNELS = [pb.CHANNEL_EMAIL, pb.CHANNEL_CHAT, pb.CHANNEL_PHONE, pb.CHANNEL_WEB_FORM]


async def load(stubs: list[pb_grpc.CasesServiceStub], gateway: list[tuple[str, str]],
               agent: list[tuple[str, str]], cases: int,
               clients: int) -> tuple[float, int, list[float]]:
    """Opens the cases (each with an agent's reply and the customer's answer), each case on one
    of the replicas' `stubs` in turn; returns writes (commands) per second, the last position
    written and each write's latency (ms)."""
    rng = random.Random(3)
    written = [0]
    latencies: list[float] = []
    clock = time.perf_counter

    async def one(i: int) -> None:
        stub = stubs[i % len(stubs)]
        sent = clock()
        opened = await stub.OpenCase(pb.OpenCaseRequest(
            channel=rng.choice(CHANNELS), subject=f"Order {i} late",
            body="My parcel has not arrived and tracking says nothing.",
            customer_id=str(uuid.uuid4()), team=f"team-{i % TEAMS}"), metadata=gateway)
        replied = clock()
        await stub.AddMessage(pb.AddMessageRequest(
            case_id=opened.case_id, author_kind=pb.AUTHOR_KIND_AGENT,
            body="Sorry about that: can you confirm the address?", awaiting_customer=True),
            metadata=agent)
        answered_at = clock()
        answered = await stub.AddMessage(pb.AddMessageRequest(
            case_id=opened.case_id, author_kind=pb.AUTHOR_KIND_CUSTOMER,
            body="Yes, 10 rue de la Paix."), metadata=gateway)
        latencies.extend(((replied - sent) * 1000, (answered_at - replied) * 1000,
                          (clock() - answered_at) * 1000))
        written[0] = max(written[0], answered.write.position)

    started = clock()
    await in_parallel(cases, one, clients)
    return 3 * cases / (clock() - started), written[0], latencies


async def breach_delays(stub: pb_grpc.CasesServiceStub, gateway: list[tuple[str, str]],
                        admin: list[tuple[str, str]], dsn: str) -> list[float]:
    """Opens cases whose first-response target (one minute) falls due over the next seconds,
    and measures how late their breach events are recorded (ms)."""
    minute = Duration()
    minute.FromTimedelta(timedelta(minutes=1))
    await stub.DefineSlaPolicy(pb.DefineSlaPolicyRequest(policy=pb.SlaPolicy(
        policy="fast", precedence=1, conditions=pb.SlaConditions(teams=["fast"]),
        first_response=minute)), metadata=admin)
    await asyncio.sleep(2)  # the settings read model (policies are chosen from it)
    due: dict[str, datetime] = {}

    async def one(i: int) -> None:
        written_at = datetime.now(UTC) - timedelta(seconds=55) + timedelta(
            seconds=10 * i / BREACHING)
        opened = await stub.OpenCase(pb.OpenCaseRequest(
            channel=pb.CHANNEL_EMAIL, subject="Urgent", body="Call me back",
            customer_id=str(uuid.uuid4()), team="fast", received_at=ts(written_at)),
            metadata=gateway)
        due[opened.case_id] = written_at + timedelta(minutes=1)

    await in_parallel(BREACHING, one, CLIENTS)
    conn = await asyncpg.connect(dsn)
    try:
        for _ in range(120):
            rows = await conn.fetch("SELECT originator_id::text AS case_id, recorded_at FROM"
                                    " cases.events WHERE topic LIKE '%:Case.SlaBreached'")
            found = {r["case_id"]: r["recorded_at"] for r in rows if r["case_id"] in due}
            if len(found) == len(due):
                break
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
    missing = len(due) - len(found)
    if missing:
        print(f"  {missing} breaches never recorded", flush=True)
    return sorted((found[c] - due[c]) / timedelta(milliseconds=1) for c in found)


async def main(scale: float, rate: float, seconds: float, replicas: int,
               clients: int) -> None:
    without_quotas()
    dev = DevStack(scratch("chorus-bench-cases-"), services=("cases",))
    state = await asyncio.to_thread(dev.start)
    try:
        names = ["cases"] + [await asyncio.to_thread(dev.add_replica, "cases")
                             for _ in range(replicas - 1)]
        gateway, agent, admin = (bearer(state.jwt_secret, r)
                                 for r in ("service", "agent", "admin"))
        channels = [grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports[n]}") for n in names]
        async with MemoryWatch(dev) as memory, contextlib.AsyncExitStack() as closing:
            for ch in channels:
                await closing.enter_async_context(ch)
            stubs = [pb_grpc.CasesServiceStub(ch) for ch in channels]
            stub = stubs[0]
            cases = int(100_000 * scale)
            cpu = CpuPerWrite(dev)
            cpu.start()
            per_s, last, latencies = await load(stubs, gateway, agent, cases, clients)
            write_p50, write_p99 = percentiles(latencies)
            print(f"opened {cases} cases with 3 messages each through {len(names)}"
                  f" replica(s) from {clients} clients: {per_s:.0f} writes/s, a write's"
                  f" latency p50 {write_p50:.1f} ms, p99 {write_p99:.1f} ms", flush=True)
            behind = await caught_up(lambda: stub.ListCases(pb.ListCasesRequest(
                page_size=1, consistency=Consistency(min_position=last)), metadata=agent))
            print(f"read model caught up {behind:.0f}s after", flush=True)
            settled = await everything_settled(dev, "cases")
            print(f"relay and every reader at the log's head {settled:.0f}s after that"
                  " (queries are measured at rest)", flush=True)
            cpu_ms = cpu.report(cases * 3)  # the writes' whole cost
            rng = random.Random(5)

            async def queue(i: int) -> object:
                return await stub.GetQueue(pb.GetQueueRequest(
                    team=f"team-{rng.randrange(TEAMS)}", page_size=20), metadata=agent)

            async def breaches(i: int) -> object:
                return await stub.ListSlaBreaches(pb.ListSlaBreachesRequest(
                    before=ts(datetime.now(UTC) + timedelta(hours=rng.randrange(1, 72))),
                    page_size=20), metadata=agent)

            await open_loop(queue, rate, 2)  # warm up
            _, queue_p99 = report("team queue", rate, seconds,
                                  *await open_loop(queue, rate, seconds))
            _, breach_p99 = report("breaches before T", rate, seconds,
                                   *await open_loop(breaches, rate, seconds))
            admin_dsn = admin_database_url(dev.pg.dsn, "cases") if dev.pg else ""
            delays = await breach_delays(stub, gateway, admin, admin_dsn)
            delay_p99 = delays[int(len(delays) * 0.99) - 1] if delays else float("nan")
            print(f"breach events: {len(delays)} of {BREACHING}, delay after the deadline"
                  f" p50 {delays[len(delays) // 2]:.0f} ms, p99 {delay_p99:.0f} ms",
                  flush=True)
            rebuilt, events = await rebuild_rate(admin_dsn, "cases", "cases")
            print(f"cases read model rebuilt at {rebuilt:.0f} events/s ({events} events)",
                  flush=True)
    finally:
        await asyncio.to_thread(dev.stop)
    print(f"RESULT cases_writes_per_s {per_s:.0f}")
    print(f"RESULT write_p99_ms {write_p99:.1f}")
    print(f"RESULT cpu_ms_per_write {cpu_ms:.3f}")
    print(f"RESULT queue_p99_ms {queue_p99:.2f}")
    print(f"RESULT breach_query_p99_ms {breach_p99:.2f}")
    print(f"RESULT breach_delay_p99_ms {delay_p99:.0f}")
    print(f"RESULT cases_rebuild_events_per_s {rebuilt:.0f}")
    memory.report()


if __name__ == "__main__":
    args = load_args(__doc__, rate=200.0, replicas=2, clients=64)
    asyncio.run(main(args.scale, args.rate, args.seconds, args.replicas, args.clients))
