"""Durable pull consumers with explicit ack.

Each message is handled in one PostgreSQL transaction together with a row in
`received_events` keyed by the publisher's event id, then acked after commit: a redelivered or
re-published message finds its row and is acked without being handled again, even with several
consumer instances. Transient failures are nak'ed with backoff; a poison message (undecodable,
or failing `max_deliver` times, or raising `Poison`) goes to `dead_letters` and is term'ed.
Messages are handled in stream order, a fetched batch in one transaction when it can be (one
dedupe statement and one commit for the lot); if any of them fails, nothing of the batch is
kept and its messages are handled one at a time. A transient failure is retried in place
with backoff (the message stays in progress), so the order of each aggregate's events is kept;
only when every in-place retry failed is the message nak'ed and the consumer paused, after
which order is best effort. An outage (database or NATS down) is not the message's fault: the
batch is handed back and the consumer stops, to be restarted by the supervisor with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from uuid import UUID

import asyncpg
from google.protobuf.message import DecodeError
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry import trace

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.db import Conn, PendingWrites, checked_schema
from chorus.messaging.streams import ensure_stream, nats_connected
from chorus.outage import Outage, is_outage
from chorus.telemetry import context_from, tracer

log = logging.getLogger(__name__)


def ddl(s: str) -> str:
    return f"""
-- Integration events already handled by a consumer, keyed by the publisher's event id.
CREATE TABLE IF NOT EXISTS {s}.received_events (
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);"""

# (transaction, message, the batch's pending writes: None when handled alone)
Handler = Callable[[Conn, EventEnvelope, PendingWrites | None], Awaitable[None]]


class Poison(Exception):
    """Raised by a handler for a message that can never be handled: dead-letter it."""


@dataclass(frozen=True)
class Subscription:
    """What a consumer listens to: a publisher's stream, filtered by subjects."""

    publisher: str
    subjects: tuple[str, ...]


class Consumer:
    def __init__(self, *, name: str, pool: asyncpg.Pool, schema: str, js: JetStreamContext,
                 subscription: Subscription, handler: Handler, max_deliver: int = 8,
                 backoff: tuple[float, ...] = (0.2, 1.0, 5.0, 15.0, 60.0),
                 replicas: int = 1) -> None:
        self.name = name
        self.replicas = replicas  # of the publisher's stream, if this consumer creates it
        self.pool = pool
        self.schema = checked_schema(schema)
        self.js = js
        self.subscription = subscription
        self.handler = handler
        self.max_deliver = max_deliver
        self.backoff = backoff
        self.handled = 0

    def _delay(self, attempt: int) -> float:
        return self.backoff[min(attempt, len(self.backoff)) - 1]

    async def _subscribe(self) -> JetStreamContext.PullSubscription:
        config = ConsumerConfig(
            name=self.name, durable_name=self.name, ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL, filter_subjects=list(self.subscription.subjects),
            # Unlimited redelivery: JetStream must never drop a message because a database
            # outage outlasted its attempts; dead-lettering is our decision (see `process`).
            ack_wait=30, max_deliver=-1, max_ack_pending=1000,
        )
        stream = await ensure_stream(self.js, self.subscription.publisher, self.replicas,
                                     owner=False)
        await self.js.add_consumer(stream, config=config)  # creates, or updates in place
        return await self.js.pull_subscribe_bind(durable=self.name, stream=stream)

    async def handle(self, envelope: EventEnvelope) -> bool:
        """Handles once per event id; returns False for a duplicate."""
        async with self.pool.acquire() as conn, conn.transaction():
            fresh = await conn.fetchval(
                f"INSERT INTO {self.schema}.received_events (consumer, event_id) VALUES ($1, $2)"
                " ON CONFLICT DO NOTHING RETURNING 1", self.name, UUID(envelope.event_id))
            if not fresh:
                return False
            await self.handler(conn, envelope, None)
        self.handled += 1
        return True

    async def handle_together(self, msgs: list[Msg]) -> bool:
        """Handles a fetched batch in one transaction (one dedupe statement, one commit) and
        acks it; returns False, having changed nothing, when a message is undecodable or a
        handler fails: the batch then goes one message at a time, with their retries and dead
        letters. Raises on an outage."""
        envelopes = []
        for msg in msgs:
            try:
                envelope = EventEnvelope.FromString(msg.data)
                envelopes.append((msg, envelope, UUID(envelope.event_id)))
            except (DecodeError, ValueError):
                return False
        try:
            async with self.pool.acquire() as conn, conn.transaction():
                fresh = {r[0] for r in await conn.fetch(
                    f"INSERT INTO {self.schema}.received_events (consumer, event_id)"
                    " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id",
                    self.name, [e[2] for e in envelopes])}
                handled = 0
                pending = PendingWrites()  # what handlers queued with ctx.later
                for msg, envelope, event_id in envelopes:
                    if event_id not in fresh:
                        continue
                    fresh.discard(event_id)  # the same event twice in the batch: once
                    with self._span(msg):
                        await self.handler(conn, envelope, pending)
                    handled += 1
                await pending.send(conn)
        except Exception as e:
            if is_outage(e):
                raise
            log.info("batch of %s on %s handled one by one: %s", len(msgs), self.name, e)
            return False
        self.handled += handled
        for msg in msgs:
            await msg.ack()
        return True

    @contextlib.contextmanager
    def _span(self, msg: Msg) -> Iterator[None]:
        with tracer.start_as_current_span(f"process {msg.subject}",
                                          context=context_from(msg.headers),
                                          kind=trace.SpanKind.CONSUMER) as span:
            span.set_attribute("messaging.consumer.group.name", self.name)
            yield

    async def dead_letter(self, msg: Msg, event_id: str, error: str) -> None:
        await self.pool.execute(
            f"INSERT INTO {self.schema}.dead_letters (consumer, subject, event_id, headers,"
            " payload, error) VALUES ($1, $2, $3, $4::jsonb, $5, $6)",
            self.name, msg.subject, event_id, json.dumps(dict(msg.headers or {})), msg.data,
            error[:4000])

    async def process(self, msg: Msg) -> bool:
        """Handles one message; returns False when the consumer should pause (after a nak)."""
        try:
            envelope = EventEnvelope.FromString(msg.data)
            UUID(envelope.event_id)
        except (DecodeError, ValueError) as e:
            await self.dead_letter(msg, "", f"undecodable message: {e}")
            await msg.term()
            return True
        with self._span(msg):
            for attempt in range(1, len(self.backoff) + 1):
                try:
                    await self.handle(envelope)
                except Poison as e:
                    await self.dead_letter(msg, envelope.event_id, f"poison: {e}")
                    await msg.term()
                    return True
                except Exception as e:
                    if is_outage(e):
                        raise  # not the message's fault: never counted towards dead-lettering
                    error = e
                    log.warning("transient failure on %s (delivery %s, attempt %s): %s",
                                envelope.event_id, msg.metadata.num_delivered, attempt, e)
                    if attempt < len(self.backoff):
                        # Retry in place (the message stays ours, so order is kept).
                        await msg.in_progress()
                        await asyncio.sleep(self._delay(attempt))
                else:
                    await msg.ack()
                    return True
            if msg.metadata.num_delivered >= self.max_deliver:
                log.error("dead-lettering %s after %s deliveries", envelope.event_id,
                          msg.metadata.num_delivered)
                await self.dead_letter(msg, envelope.event_id, f"{type(error).__name__}: {error}")
                await msg.term()
                return True
            # Still failing after the in-place retries: hand it back and pause.
            await msg.nak(delay=self.backoff[-1])
            return False

    async def replay_dead_letters(self) -> int:
        """Handles the dead letters an operator asked to replay (`chorus dead-letters replay`)."""
        rows = await self.pool.fetch(
            f"SELECT id, payload FROM {self.schema}.dead_letters WHERE consumer = $1"
            " AND replay_requested_at IS NOT NULL AND replayed_at IS NULL ORDER BY id", self.name)
        done = 0
        for row in rows:
            try:
                await self.handle(EventEnvelope.FromString(row["payload"]))
            except Exception as e:
                await self.pool.execute(
                    f"UPDATE {self.schema}.dead_letters SET replay_requested_at = NULL,"
                    " error = $2 WHERE id = $1", row["id"], f"replay failed: {e}"[:4000])
                continue
            await self.pool.execute(
                f"UPDATE {self.schema}.dead_letters SET replayed_at = now() WHERE id = $1",
                row["id"])
            done += 1
        return done

    async def run(self, beat: Callable[[], None] = lambda: None, batch: int = 100) -> None:
        """Consumes forever, calling `beat` after each round that worked; raises on an outage
        (the supervisor restarts it; unacked messages are delivered again)."""
        sub = await self._subscribe()
        try:
            await self._loop(sub, batch, beat)
        finally:
            with contextlib.suppress(Exception):
                await sub.unsubscribe()

    async def _loop(self, sub: JetStreamContext.PullSubscription, batch: int,
                    beat: Callable[[], None]) -> None:
        ticks = 0
        while True:
            ticks += 1
            if ticks % 20 == 0:
                await self.replay_dead_letters()
            try:
                msgs = await sub.fetch(batch, timeout=0.5)
            except (TimeoutError, NatsTimeout):
                if not nats_connected(self.js):
                    raise Outage("NATS is not connected") from None
                beat()
                continue
            try:
                together = len(msgs) > 1 and await self.handle_together(msgs)
            except BaseException:
                await _hand_back(msgs)
                raise
            for i, msg in enumerate([] if together else msgs):
                try:
                    handled = await self.process(msg)
                except BaseException:
                    # Hand this one and the rest back at once, in order, for the next run.
                    await _hand_back(msgs[i:])
                    raise
                if not handled:
                    # Keep order: hand the rest back and wait for the redelivery.
                    for rest in msgs[i + 1:]:
                        await rest.nak(delay=self._delay(msg.metadata.num_delivered))
                    await asyncio.sleep(self._delay(msg.metadata.num_delivered))
                    break
            beat()


async def _hand_back(msgs: list[Msg]) -> None:
    for msg in msgs:
        with contextlib.suppress(Exception):
            await msg.nak()
