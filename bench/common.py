"""Shared helpers of the benchmarks: a durable embedded stack, rate measurement, concurrent
loading, and latency at a fixed request rate (open loop: calls are sent on schedule whether or
not earlier ones returned, so a saturated service shows as queueing latency and errors, not
as a politely lower rate)."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import asyncpg
import grpc
import nats
from google.protobuf.timestamp_pb2 import Timestamp

from chorus.auth.tokens import mint
from chorus.devstack.nats import EmbeddedNats
from chorus.devstack.postgres import EmbeddedPostgres
from chorus.devstack.stack import DevStack, admin_database_url
from chorus.messaging.subjects import stream_name
from chorus.projections.runner import request_rebuild


def scratch(prefix: str) -> Path:
    """A fresh directory for a bench's servers, removed when the bench exits (a full run
    leaves gigabytes) unless CHORUS_BENCH_KEEP=1 asks to keep it for a look."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    if os.environ.get("CHORUS_BENCH_KEEP") != "1":
        atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def durable_stack() -> tuple[EmbeddedPostgres, EmbeddedNats]:
    """Fresh servers with production durability (fsync on), unlike the test stack."""
    root = scratch("chorus-bench-")
    return (EmbeddedPostgres(root / "pg", durable=True).start(),
            EmbeddedNats(root / "nats").start())


async def rate_async(writers: int, seconds: float, events_per_call: int,
                     call: Callable[[], Awaitable[None]]) -> float:
    """Events per second with `writers` concurrent tasks calling `call` for `seconds`."""
    stop_at = time.perf_counter() + seconds
    done = 0

    async def writer() -> None:
        nonlocal done
        while time.perf_counter() < stop_at:
            await call()
            done += events_per_call

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    return done / (time.perf_counter() - started)


def rate_threads(writers: int, seconds: float, events_per_call: int,
                 call: Callable[[], None]) -> float:
    from concurrent.futures import ThreadPoolExecutor

    stop_at = time.perf_counter() + seconds
    counts = [0] * writers

    def writer(i: int) -> None:
        while time.perf_counter() < stop_at:
            call()
            counts[i] += events_per_call

    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(writer, range(writers)))
    return sum(counts) / (time.perf_counter() - started)


def median(values: list[float]) -> float:
    return statistics.median(values)


async def in_parallel(n: int, one: Callable[[int], Awaitable[None]], clients: int = 32) -> None:
    """Runs one(0) .. one(n - 1) from `clients` concurrent clients."""
    todo = iter(range(n))

    async def client() -> None:
        for i in todo:
            await one(i)

    await asyncio.gather(*(client() for _ in range(clients)))


Call = Callable[[int], Awaitable[object]]


async def open_loop(call: Call, rate: float, seconds: float,
                    spread: int = 1) -> tuple[list[float], dict[str, int]]:
    """Latencies (ms) of `call(n * spread)` sent `rate` times a second for `seconds`, and the
    errors by gRPC code; a call returning False counts as a WRONG_ANSWER error."""
    latencies: list[float] = []
    errors: dict[str, int] = {}

    async def one(i: int) -> None:
        t = time.perf_counter()
        try:
            ok = await call(i)
        except grpc.aio.AioRpcError as e:
            errors[e.code().name] = errors.get(e.code().name, 0) + 1
            return
        latencies.append((time.perf_counter() - t) * 1000)
        if ok is False:
            errors["WRONG_ANSWER"] = errors.get("WRONG_ANSWER", 0) + 1

    calls = []
    # What this load generator holds (its run's ids, the last phase's replies) is kept out of
    # its own collector's full passes: one such pass (17-19 ms here) was counted as the
    # latency of the calls it delayed.
    gc.collect()
    gc.freeze()
    start = time.perf_counter()
    try:
        for n in range(int(rate * seconds)):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            calls.append(asyncio.ensure_future(one(n * spread)))
        await asyncio.gather(*calls)
    finally:
        gc.unfreeze()
    return latencies, errors


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """(p50, p99) of the latencies (sorted in place)."""
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


def report(name: str, rate: float, seconds: float, latencies: list[float],
           errors: dict[str, int]) -> tuple[float, float]:
    """Prints and returns (p50, p99) in ms."""
    p50, p99 = percentiles(latencies)
    print(f"{name} at {rate:.0f}/s for {seconds:.0f}s: {len(latencies)} answered,"
          f" p50 {p50:.2f} ms, p99 {p99:.2f} ms, errors {errors or 'none'}", flush=True)
    return p50, p99


async def caught_up(query: Callable[[], Awaitable[object]], attempts: int = 720) -> float:
    """Seconds until `query` (a read with the last write's consistency position) stops
    answering UNAVAILABLE: how long the read model took to catch up after a load."""
    started = time.perf_counter()
    for _ in range(attempts):  # each call waits up to 5 s
        try:
            await query()
            break
        except grpc.aio.AioRpcError as e:
            if e.code() != grpc.StatusCode.UNAVAILABLE:
                raise
    return time.perf_counter() - started


def ts(at: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(at)
    return t


def bearer(secret: str, role: str, tenant: str = "bench") -> list[tuple[str, str]]:
    """gRPC metadata of a caller with one role, in the benchmarks' tenant."""
    return [("authorization", "Bearer " + mint(secret, subject=f"bench-{role}",
                                              tenant=tenant, roles=[role]))]


def load_args(doc: str | None, rate: float | None = None, **counts: int) -> argparse.Namespace:
    """--quick (1/20 of the volume) or --scale; with a `rate`, the rate and length of latency
    runs; and an integer option for each of `counts` (name: default). `scale` holds the
    resulting fraction."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1/20 of the volume")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the volume")
    if rate is not None:
        parser.add_argument("--rate", type=float, default=rate)
        parser.add_argument("--seconds", type=float, default=10.0)
    for name, default in counts.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    if args.quick:
        args.scale = 0.05
    return args


async def everything_settled(dev: DevStack, service: str, schema: str = "") -> float:
    """Seconds until the service's relay and every projection have handled the whole log
    (of its store in `schema`, its main store by default): measuring queries while it still
    publishes and projects a backlog would measure that."""
    assert dev.pg is not None
    schema = schema or service
    conn = await asyncpg.connect(admin_database_url(dev.pg.dsn, service))
    started = time.perf_counter()
    try:
        while True:
            lag = await conn.fetchval(
                f"SELECT (SELECT max(position) FROM {schema}.events)"
                f" - min(notification_id) FROM {schema}.tracking")
            if not lag or lag <= 0:
                return time.perf_counter() - started
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


async def consumers_settled(dev: DevStack, publisher: str, consumer: str = "") -> float:
    """Seconds until every consumer of the publisher's stream (the other services' replicas
    and policies), or the one named, has handled all of it."""
    assert dev.nats is not None
    nc = await nats.connect(dev.nats.url)
    started = time.perf_counter()
    try:
        js = nc.jetstream()
        while True:
            infos = ([await js.consumer_info(stream_name(publisher), consumer)] if consumer
                     else await js.consumers_info(stream_name(publisher)))
            if all(not i.num_pending and not i.num_ack_pending for i in infos):
                return time.perf_counter() - started
            await asyncio.sleep(1)
    finally:
        await nc.close()


async def rebuild_rate(dsn: str, schema: str, projection: str) -> tuple[float, int]:
    """(events replayed per second, events) for a rebuild of a service's read model from
    scratch (what `chorus rebuild-projection` starts), timed until it reaches the log's head."""
    conn = await asyncpg.connect(dsn)
    try:
        head = int(await conn.fetchval(f"SELECT max(position) FROM {schema}.events"))
        started = time.perf_counter()
        await request_rebuild(conn, schema, projection)
        # Polling another process's database: no event to wait on.
        while await conn.fetchval(  # noqa: ASYNC110 - until the runner takes the request
                f"SELECT count(*) FROM {schema}.rebuild_requests"):
            await asyncio.sleep(0.05)
        while (await conn.fetchval(  # noqa: ASYNC110 - until the replay reaches the head
                f"SELECT notification_id FROM {schema}.tracking WHERE application_name = $1",
                f"projection:{projection}") or 0) < head:
            await asyncio.sleep(0.1)
        return head / (time.perf_counter() - started), head
    finally:
        await conn.close()


def without_quotas() -> None:
    """For the services a bench starts next: it measures capacity, and its one caller at full
    speed would otherwise meet its quota (CHORUS_CALLER_CALLS_PER_SECOND, 1,000 by default)
    and be refused, not measured."""
    for quota in ("TENANT_CALLS_PER_SECOND", "CALLER_CALLS_PER_SECOND",
                  "TENANT_CALLS_IN_FLIGHT"):
        os.environ[f"CHORUS_{quota}"] = "0"  # no limit
