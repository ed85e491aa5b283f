"""Event store and relay throughput, against references measured in the same run.

    python bench/eventstore.py [--seconds 2] [--rounds 3]

Appends: our asyncpg recorder vs the `eventsourcing` library's PostgresApplicationRecorder
(psycopg, table lock) vs raw asyncpg INSERTs into a table of the same shape, for 1- and
50-event transactions with 1 and 16 concurrent writers, on one durable embedded PostgreSQL.
Relay: events relayed to JetStream per second (in atomic batches, one disk sync each) vs raw
`publish_async` of the same payloads, each message alone (what a plain client gets).
Figures are medians of --rounds runs; the last lines are `RESULT <name> <ratio>`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import nats
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

from bench.common import durable_stack, median, rate_async, rate_threads, scratch
from chorus.devstack.nats import EmbeddedNats
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.messaging.relay import Relay
from chorus.messaging.streams import ensure_stream
from chorus.pooling import create_pool
from chorus.privacy.keys import SubjectKeys

STATE = b'{"customer_code":"C-000123","channel":"twitter","sentiment":-0.4}'
META = EventMetadata(tenant="bench", actor="bench", purpose="service", correlation_id="c")


def stored(n: int) -> list[StoredEvent]:
    oid = uuid.uuid4()
    return [StoredEvent(oid, v, "Bench.Event", STATE) for v in range(1, n + 1)]


async def ours(pool: asyncpg.Pool, writers: int, size: int, seconds: float) -> float:
    recorder = Recorder(pool, "bench_ours")
    return await rate_async(writers, seconds, size,
                            lambda: recorder.insert_events(stored(size), metadata=META))


async def raw(pool: asyncpg.Pool, writers: int, size: int, seconds: float) -> float:
    async def insert() -> None:
        rows = [(e.originator_id, e.originator_version, e.topic, e.state) for e in stored(size)]
        async with pool.acquire() as conn, conn.transaction():
            await conn.executemany(
                "INSERT INTO bench_raw.events VALUES ($1, $2, $3, $4)", rows)

    return await rate_async(writers, seconds, size, insert)


def library(dsn_port: int, writers: int, size: int, seconds: float) -> float:
    datastore = PostgresDatastore(dbname="postgres", host="127.0.0.1", port=dsn_port,
                                  user="postgres", password="", pool_size=writers,
                                  schema="bench_lib")
    recorder = PostgresApplicationRecorder(datastore, events_table_name="events")
    recorder.create_table()
    try:
        return rate_threads(writers, seconds, size, lambda: recorder.insert_events(stored(size)))
    finally:
        datastore.close()


async def relay_vs_publish(pool: asyncpg.Pool, nats_url: str, events: int,
                           schema: str = "bench_relay") -> tuple[float, float]:
    recorder = Recorder(pool, schema)
    await recorder.setup()
    store = EventStore(recorder, SubjectKeys(pool, schema, os.urandom(32)))
    for _ in range(events // 50):
        await recorder.insert_events(stored(50), metadata=META)
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await ensure_stream(js, "benchrelay")
    await ensure_stream(js, "benchraw")
    from chorus.identity.v1.events_pb2 import CustomerRegistered

    def translate(event: object, record: object) -> CustomerRegistered:
        return CustomerRegistered(customer_id=str(uuid.uuid4()), customer_code="C-000123")

    relay = Relay(store, js, "benchrelay", translate, batch_size=1000)

    class Opaque:
        def mutate(self, _: object) -> None: ...

    async def no_decode(records: list[object], **_: object) -> list[object]:
        return [Opaque() for _ in records]  # relay cost without domain decoding

    store.decode = no_decode  # type: ignore[method-assign,assignment]
    started = time.perf_counter()
    while await relay.run_once():
        pass
    relay_rate = events / (time.perf_counter() - started)

    payload = CustomerRegistered(customer_id=str(uuid.uuid4()),
                                 customer_code="C-000123").SerializeToString() + STATE
    started = time.perf_counter()
    for start in range(0, events, 1000):
        acks = [await js.publish_async("chorus.benchraw.bench.E", payload,
                                       headers={"Nats-Msg-Id": f"raw-{start + i}"})
                for i in range(1000)]
        await asyncio.gather(*acks)
    raw_rate = events / (time.perf_counter() - started)
    await nc.close()
    return relay_rate, raw_rate


async def main(seconds: float, rounds: int, relay_events: int) -> None:
    pg, nats_server = durable_stack()
    try:
        pool = await create_pool(pg.dsn, min_size=16, max_size=17)  # as services pool
        await Recorder(pool, "bench_ours").setup()
        await pool.execute("CREATE SCHEMA bench_raw; CREATE TABLE bench_raw.events ("
                           "originator_id uuid, originator_version bigint, topic text,"
                           " state bytea, PRIMARY KEY (originator_id, originator_version));"
                           " CREATE SCHEMA bench_lib")
        results: dict[tuple[str, int, int], float] = {}
        for writers, size in [(1, 1), (16, 1), (1, 50), (16, 50)]:
            samples: dict[str, list[float]] = {"ours": [], "library": [], "raw": []}
            for _ in range(rounds):
                samples["ours"].append(await ours(pool, writers, size, seconds))
                samples["library"].append(await asyncio.to_thread(
                    library, pg.port, writers, size, seconds))
                samples["raw"].append(await raw(pool, writers, size, seconds))
            for name, values in samples.items():
                results[(name, writers, size)] = median(values)
            o, lib, r = (results[(n, writers, size)] for n in ("ours", "library", "raw"))
            print(f"{size:>2}-event tx x {writers:>2} writers: ours {o:8.0f} ev/s | library "
                  f"{lib:8.0f} ev/s | raw INSERT {r:8.0f} ev/s | ours/library {o / lib:5.2f}"
                  f" | ours/raw {o / r:4.2f}", flush=True)
        relay_rate, raw_rate = await relay_vs_publish(pool, nats_server.url, relay_events)
        print(f"relay {relay_rate:8.0f} ev/s | raw publish_async {raw_rate:8.0f} msg/s"
              " (JetStream fsyncs every write, as shipped)")
        lazy_server = EmbeddedNats(scratch("chorus-bench-lazy-"),
                                   sync_always=False).start()
        try:
            lazy_rate, _ = await relay_vs_publish(pool, lazy_server.url, relay_events,
                                                  schema="bench_relay_lazy")
        finally:
            lazy_server.stop()
        print(f"relay {lazy_rate:8.0f} ev/s with JetStream's default lazy fsync: durable/lazy"
              f" {relay_rate / lazy_rate:.2f}")
        await pool.close()
    finally:
        nats_server.stop()
        pg.stop()

    def ratio(a: str, b: str, writers: int, size: int) -> float:
        return results[(a, writers, size)] / results[(b, writers, size)]

    print(f"RESULT append_1x1_vs_library {ratio('ours', 'library', 1, 1):.2f}")
    print(f"RESULT append_1x16_vs_library {ratio('ours', 'library', 16, 1):.2f}")
    print(f"RESULT append_1x16_vs_raw {ratio('ours', 'raw', 16, 1):.2f}")
    print(f"RESULT append_50x1_vs_library {ratio('ours', 'library', 1, 50):.2f}")
    print(f"RESULT append_50x16_vs_library {ratio('ours', 'library', 16, 50):.2f}")
    print(f"RESULT relay_vs_raw_publish {relay_rate / raw_rate:.2f}")
    print(f"RESULT relay_durable_vs_lazy_fsync {relay_rate / lazy_rate:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--relay-events", type=int, default=20_000)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.rounds, args.relay_events))
