"""Relay and consumers against real PostgreSQL and NATS JetStream."""

from __future__ import annotations

import asyncio
import json
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import nats
import pytest
from eventsourcing.domain import Aggregate, event
from nats.js.api import StreamConfig

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.devstack.nats import EmbeddedNats
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.records import RecordedEvent
from chorus.eventstore.store import EventStore
from chorus.identity.v1.events_pb2 import CustomerRegistered
from chorus.messaging import relay as relay_module
from chorus.messaging.batches import ATOMIC_MIN
from chorus.messaging.consumer import Consumer, Poison, Subscription
from chorus.messaging.relay import Relay
from chorus.messaging.streams import ensure_stream
from chorus.privacy.keys import SubjectKeys
from chorus.supervision import Supervisor
from tests.servers import Servers


class Customer(Aggregate):
    @event("Registered")
    def __init__(self, customer_code: str) -> None:
        self.customer_code = customer_code


def translate(e: Any, record: RecordedEvent) -> CustomerRegistered | None:
    if isinstance(e, Customer.Registered):
        return CustomerRegistered(customer_id=str(e.originator_id),
                                  customer_code=e.customer_code)
    return None


@pytest.fixture
async def js(stack: Servers):  # type: ignore[no-untyped-def]
    nc = await nats.connect(stack.nats_url)
    yield nc.jetstream()
    await nc.close()


@pytest.fixture
def service() -> str:
    return "svc" + uuid.uuid4().hex[:8]


async def register(store: EventStore, n: int, tenant: str = "acme") -> list[Customer]:
    customers = [Customer(f"C-{i}") for i in range(n)]
    for c in customers:
        await store.save(c, metadata=EventMetadata(tenant=tenant, actor="crm"))
    return customers


async def received(consumer: Consumer, count: int) -> None:
    deadline = asyncio.get_running_loop().time() + 10.0
    while consumer.handled < count:
        assert asyncio.get_running_loop().time() < deadline, f"only {consumer.handled}/{count}"
        await asyncio.sleep(0.05)


def make_store(recorder: Recorder) -> EventStore:
    return EventStore(recorder, SubjectKeys(recorder.pool, recorder.schema, b"m" * 32))


async def test_relay_crash_between_publish_and_save_delivers_exactly_once(
        recorder: Recorder, js: Any, service: str) -> None:
    store = make_store(recorder)
    await ensure_stream(js, service)
    customers = await register(store, 5)

    first = Relay(store, js, service, translate)
    records = await recorder.read_records(0, 100)
    assert await first.publish(records) == 5
    # ... the relay dies here, before saving its position.
    assert await recorder.max_tracking_id("relay") is None

    second = Relay(store, js, service, translate)
    await second.load_position()
    assert await second.run_once() == 5
    assert await recorder.max_tracking_id("relay") == 5
    info = await js.stream_info(f"CHORUS_{service.upper()}")
    assert info.state.messages == 5, "JetStream dropped the repeats by Nats-Msg-Id"

    seen: list[str] = []

    async def handler(conn: Any, env: EventEnvelope, pending: Any) -> None:
        seen.append(CustomerRegistered.FromString(env.payload).customer_code)

    consumer = Consumer(name=f"{service}-reader", pool=recorder.pool, schema=recorder.schema,
                        js=js, subscription=Subscription(service, (f"chorus.{service}.>",)),
                        handler=handler)
    task = asyncio.create_task(consumer.run())
    await received(consumer, 5)
    # Even a re-publish outside JetStream's dedupe (new message id) is handled only once.
    env = EventEnvelope.FromString((await js.get_last_msg(
        f"CHORUS_{service.upper()}", f"chorus.{service}.acme.CustomerRegistered")).data)
    await js.publish(f"chorus.{service}.acme.CustomerRegistered", env.SerializeToString(),
                     headers={"Nats-Msg-Id": "another"})
    await asyncio.sleep(1.0)
    task.cancel()
    assert seen == [c.customer_code for c in customers]
    envelope = env
    assert envelope.event_type == "chorus.identity.v1.CustomerRegistered"
    assert envelope.tenant == "acme" and envelope.actor.subject == "crm"
    assert envelope.aggregate_version == 1 and envelope.position == 5


async def test_the_relay_publishes_atomic_batches_in_log_order_and_once_after_a_crash(
        recorder: Recorder, js: Any, service: str) -> None:
    """2,500 events: atomic batches of at most 1,000 messages, split evenly; fewer than
    ATOMIC_MIN go alone. A relay that died after publishing the first 1,500 and more leaves a
    successor whose first batch JetStream refuses whole (ids it has) and whose second mixes
    old and new: published alone instead, the stream still holds each event once, in the
    log's order."""
    store = make_store(recorder)
    await ensure_stream(js, service)
    customers = [Customer(f"C-{i}") for i in range(2500)]
    await store.save_each(*[(c, EventMetadata(tenant="acme", actor="crm")) for c in customers])

    first = Relay(store, js, service, translate)
    sent = await first.send(await recorder.read_records(0, 1500))
    assert [len(s.batch) for s in sent] == [750], "the second of two batches (750 + 750)"
    assert (await sent[0].ack).batch_size == 750
    assert await first.confirm(sent) == 750
    alone = await first.send(await recorder.read_records(1500, ATOMIC_MIN - 1))
    assert [s.batch for s in alone] == [()] * (ATOMIC_MIN - 1), "fewer than ATOMIC_MIN: alone"
    assert await first.confirm(alone) == ATOMIC_MIN - 1
    # ... the relay dies here, before saving its position.

    second = Relay(store, js, service, translate)
    await second.load_position()
    assert await second.run_once() == 2500
    stream = f"CHORUS_{service.upper()}"
    assert (await js.stream_info(stream)).state.messages == 2500
    sub = await js.pull_subscribe(f"chorus.{service}.>", stream=stream)
    positions: list[int] = []
    while len(positions) < 2500:
        for m in await sub.fetch(500, timeout=5):
            positions.append(EventEnvelope.FromString(m.data).position)
            await m.ack()
    assert positions == list(range(1, 2501))


async def test_under_a_steady_write_load_the_relay_publishes_atomic_batches(
        recorder: Recorder, js: Any, service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that keeps appending, one event every few milliseconds, while its relay
    runs: the relay lets a batch's worth pile up between rounds, so that most messages go in
    atomic batches (one disk sync each) rather than one by one (a sync each)."""
    # The relay gathers from 48 messages/s: the test's writer is that fast on any machine.
    monkeypatch.setattr(relay_module, "GATHER_S", 0.5)
    store = make_store(recorder)
    stream = await ensure_stream(js, service)
    sizes: list[int] = []  # each publish: an atomic batch's messages, 0 for a message alone

    class Watched(Relay):
        async def send(self, records: list[RecordedEvent]) -> list[Any]:
            sent = await super().send(records)
            sizes.extend(len(s.batch) for s in sent)
            return sent

    task = asyncio.create_task(Watched(store, js, service, translate).run())
    try:
        async with asyncio.timeout(60):  # a hang fails here, with where it hung
            for i in range(600):
                await store.save(Customer(f"C-{i}"),
                                 metadata=EventMetadata(tenant="acme", actor="crm"))
                await asyncio.sleep(0.003)  # slower than the process's readers batch at
            for _ in range(1200):
                if (await js.stream_info(stream)).state.messages == 600:
                    break
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    batched, alone = sum(sizes), sizes.count(0)
    assert batched + alone == 600
    assert batched >= 480, f"{alone} of 600 published alone ({len(sizes)} publishes)"


async def test_a_stream_made_before_atomic_batches_is_upgraded_by_its_publisher(
        recorder: Recorder, js: Any, service: str) -> None:
    """A stream an earlier version created (no `allow_atomic`): its relay still publishes
    (one by one), and the service's next start lets it take batches."""
    stream = f"CHORUS_{service.upper()}"
    await js.add_stream(StreamConfig(name=stream, subjects=[f"chorus.{service}.>"]))
    store = make_store(recorder)
    customers = [Customer(f"C-{i}") for i in range(ATOMIC_MIN)]
    await store.save_each(*[(c, EventMetadata(tenant="acme", actor="crm")) for c in customers])
    old = Relay(store, js, service, translate)
    sent = await old.send(await recorder.read_records(0, ATOMIC_MIN))
    assert [s.batch for s in sent] == [()] * ATOMIC_MIN, "the stream takes no batches"
    assert await old.confirm(sent) == ATOMIC_MIN

    await ensure_stream(js, service, owner=False)  # a consumer leaves it as it is
    assert not (await js.stream_info(stream)).config.allow_atomic
    await ensure_stream(js, service)  # its publisher starts
    assert (await js.stream_info(stream)).config.allow_atomic
    await store.save_each(*[(Customer(f"D-{i}"), EventMetadata(tenant="acme", actor="crm"))
                            for i in range(ATOMIC_MIN)])
    relay = Relay(store, js, service, translate)
    await relay.load_position()
    sent = await relay.send(await recorder.read_records(ATOMIC_MIN, ATOMIC_MIN))
    assert [len(s.batch) for s in sent] == [ATOMIC_MIN]
    assert await relay.confirm(sent) == ATOMIC_MIN
    assert (await js.stream_info(stream)).state.messages == 2 * ATOMIC_MIN


async def test_outages_and_transient_failures_are_retried_and_poison_is_dead_lettered(
        recorder: Recorder, js: Any, service: str) -> None:
    """A batch is handled in one transaction; a failure in it (here every time: the poison)
    sends its messages one at a time, so a handler may run again for a message, but only its
    database writes of the attempt that committed remain."""
    store = make_store(recorder)
    await ensure_stream(js, service)
    await register(store, 3)
    await Relay(store, js, service, translate).run_once()
    attempts: dict[str, int] = {}
    await recorder.pool.execute(
        f"CREATE TABLE {recorder.schema}.seen (n serial PRIMARY KEY, code text)")

    async def handler(conn: Any, env: EventEnvelope, pending: Any) -> None:
        code = CustomerRegistered.FromString(env.payload).customer_code
        attempts[code] = attempts.get(code, 0) + 1
        await conn.execute(f"INSERT INTO {recorder.schema}.seen (code) VALUES ($1)", code)
        if code == "C-0" and attempts[code] < 3:
            raise ConnectionError("database hiccup")  # an outage: the supervisor restarts
        if code == "C-1":
            raise Poison("customer code rejected")
        if code == "C-2" and attempts[code] < 2:
            raise RuntimeError("handler hiccup")  # the handler's own failure: retried in place

    consumer = Consumer(name=f"{service}-flaky", pool=recorder.pool, schema=recorder.schema,
                        js=js, subscription=Subscription(service, (f"chorus.{service}.>",)),
                        handler=handler, backoff=(0.1, 0.1))
    supervisor = Supervisor(service, initial_backoff=0.05)
    supervisor.spawn("consumer", lambda heartbeat: consumer.run(beat=heartbeat.beat))
    await received(consumer, 2)
    await supervisor.stop()
    assert attempts["C-0"] >= 3 and attempts["C-2"] >= 2
    assert supervisor.components["consumer"].restarts == 2
    rows = await recorder.pool.fetch(f"SELECT code FROM {recorder.schema}.seen ORDER BY n")
    assert [r[0] for r in rows] == ["C-0", "C-2"], \
        "in order, and failed attempts left no partial write"
    (dead,) = await recorder.pool.fetch(f"SELECT * FROM {recorder.schema}.dead_letters")
    assert "customer code rejected" in dead["error"], "an outage never dead-letters"
    assert dead["subject"] == f"chorus.{service}.acme.CustomerRegistered"


async def test_a_batch_is_handled_in_one_transaction_once_per_event(
        recorder: Recorder, js: Any, service: str) -> None:
    store = make_store(recorder)
    await ensure_stream(js, service)
    customers = await register(store, 60)
    await Relay(store, js, service, translate).run_once()
    # The same event again under another message id, inside the first fetched batch.
    again = await js.get_msg(f"CHORUS_{service.upper()}", 3)
    await js.publish(again.subject, again.data, headers={"Nats-Msg-Id": "again"})
    await recorder.pool.execute(
        f"CREATE TABLE {recorder.schema}.seen (n serial PRIMARY KEY, code text,"
        " tx xid8 DEFAULT pg_current_xact_id())")

    queued = []

    async def handler(conn: Any, env: EventEnvelope, pending: Any) -> None:
        # A batch's handlers may queue their writes (ctx.later): sent before its commit.
        code = CustomerRegistered.FromString(env.payload).customer_code
        if pending is not None:
            queued.append(code)
        await (pending.on(code) if pending is not None else conn).execute(
            f"INSERT INTO {recorder.schema}.seen (code) VALUES ($1)", code)

    consumer = Consumer(name=f"{service}-batch", pool=recorder.pool, schema=recorder.schema,
                        js=js, subscription=Subscription(service, (f"chorus.{service}.>",)),
                        handler=handler)
    task = asyncio.create_task(consumer.run(batch=100))
    await received(consumer, 60)
    await asyncio.sleep(0.5)
    task.cancel()
    rows = await recorder.pool.fetch(f"SELECT code, tx FROM {recorder.schema}.seen ORDER BY n")
    assert [r[0] for r in rows] == [c.customer_code for c in customers]
    assert len({r[1] for r in rows}) < 10, "batches, not a transaction per message"
    assert len(queued) == 60, "every message of the batches queued its write"
    assert consumer.handled == 60
    info = await js.consumer_info(f"CHORUS_{service.upper()}", f"{service}-batch")
    assert info.num_ack_pending == 0 and info.num_pending == 0, "every message acked"


async def test_dead_letter_replay_handles_the_message(
        recorder: Recorder, js: Any, service: str) -> None:
    store = make_store(recorder)
    await ensure_stream(js, service)
    await register(store, 1)
    await Relay(store, js, service, translate).run_once()
    broken = True
    handled: list[str] = []

    async def handler(conn: Any, env: EventEnvelope, pending: Any) -> None:
        if broken:
            raise Poison("bug in handler")
        handled.append(env.event_id)

    consumer = Consumer(name=f"{service}-dl", pool=recorder.pool, schema=recorder.schema,
                        js=js, subscription=Subscription(service, (f"chorus.{service}.>",)),
                        handler=handler)
    task = asyncio.create_task(consumer.run())
    for _ in range(100):
        if await recorder.pool.fetchval(f"SELECT count(*) FROM {recorder.schema}.dead_letters"):
            break
        await asyncio.sleep(0.05)
    task.cancel()
    broken = False
    from chorus.messaging.dead_letters import list_dead_letters, request_replay

    (row,) = await list_dead_letters(recorder.pool, recorder.schema)
    assert await request_replay(recorder.pool, recorder.schema, row.id)
    assert await consumer.replay_dead_letters() == 1
    assert len(handled) == 1
    (after,) = await list_dead_letters(recorder.pool, recorder.schema, include_replayed=True)
    assert after.replayed_at is not None


def test_the_embedded_nats_fsyncs_every_write(tmp_path: Path) -> None:
    """What `chorus up` and the tests run acknowledges a publish once it is on disk."""
    server = EmbeddedNats(tmp_path / "nats").start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.monitor_port}/varz") as r:
            config = json.load(r)["jetstream"]["config"]
        assert config["sync_always"] is True
    finally:
        server.stop()
