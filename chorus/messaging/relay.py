"""The outbox relay: tails the event table by position and publishes to JetStream.

Each event is published with `Nats-Msg-Id` = its stored event id (JetStream drops a repeat
inside the stream's duplicate window; consumers drop any later repeat by event id), with the
trace context of the command that stored it, and the relay's position is saved only after every
PubAck of the batch. Crashing between publish and save therefore repeats, never loses.
Where the stream allows it, a batch of 24 messages or more goes as JetStream atomic batches
(`batches.py`): one disk sync and one PubAck for up to a thousand messages instead of one each.
When messages come fast enough to fill such a batch within GATHER_S, the relay lets them pile
up between rounds (`Pace`): chasing the appends as they came, a few events a round, it published
nearly every message alone.
One relay per service is active at a time (a PostgreSQL advisory lock elects it); a relay
that loses its lock's session stops, and the supervisor runs the election again.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Tracking
from google.protobuf.message import Message
from nats.js import JetStreamContext
from nats.js.errors import APIError, NotFoundError
from opentelemetry import trace

from chorus.eventstore.news import SMALL_ROUND
from chorus.eventstore.records import RecordedEvent
from chorus.eventstore.store import EventStore
from chorus.messaging.batches import (
    ATOMIC_MAX,
    ATOMIC_MIN,
    BATCHES_NOT_ENABLED,
    DUPLICATE_IN_BATCH,
    Outgoing,
    publish_alone,
    publish_batch,
)
from chorus.messaging.envelope import envelope_for
from chorus.messaging.streams import nats_connected
from chorus.messaging.subjects import stream_name, subject
from chorus.outage import Outage
from chorus.projections.leases import LEASE_RETRY_S, RELAY_LEASE, ReaderLeases
from chorus.telemetry import context_from, inject_into, tracer

log = logging.getLogger(__name__)

# Maps a stored domain event to its public integration event, or None if it stays internal.
Translator = Callable[[Any, RecordedEvent], Message | None]
RELAY = "relay"
# A relay whose messages come at ATOMIC_MIN / GATHER_S a second or faster waits between rounds
# for GATHER_APPENDS appends or GATHER_S, whichever comes first: its integration events then
# leave up to that much later, and only under such a load.
GATHER_APPENDS = 2 * ATOMIC_MIN
GATHER_S = 0.1


class Pace:
    """How many messages a second the relay makes, smoothed over its recent rounds: each
    round's messages were stored between the previous round's read and its own."""

    def __init__(self) -> None:
        self.rate = 0.0
        self._read_at: float | None = None

    def round(self, messages: int, read_at: float) -> None:
        if self._read_at is not None and read_at > self._read_at:
            self.rate += 0.3 * (messages / (read_at - self._read_at) - self.rate)
        self._read_at = read_at

    def fills_a_batch(self) -> bool:
        """Whether GATHER_S brings an atomic batch's worth of messages at this rate."""
        return self.rate * GATHER_S >= ATOMIC_MIN


@dataclass(frozen=True)
class Sent:
    ack: asyncio.Future[Any]
    batch: Sequence[Outgoing] = ()  # an atomic batch's messages; () for a message alone


class Relay:
    def __init__(self, store: EventStore, js: JetStreamContext, service: str,
                 translate: Translator, batch_size: int = 2000, sealed: bool = True,
                 leases: ReaderLeases | None = None) -> None:
        self.store = store
        self.leases = leases
        self.recorder = store.recorder
        self.js = js
        self.service = service
        self.translate = translate
        self.batch_size = batch_size
        # Integration events carry ids and decisions, never personal data: the translator
        # gets events with their personal fields still sealed (no key lookup, no decryption).
        self.sealed = sealed
        self.position = 0
        self.stream = stream_name(service)
        self._subjects: dict[tuple[str, str], str] = {}
        self._batches: bool | None = None  # whether the stream takes atomic batches
        self.pace = Pace()
        self.made = 0  # messages made from stored events, all rounds together

    async def load_position(self) -> int:
        self._batches = None  # the stream's configuration is read again after a restart
        self.position = await self.recorder.max_tracking_id(RELAY) or 0
        return self.position

    def _subject(self, tenant: str, event_name: str) -> str:
        key = (tenant, event_name)
        found = self._subjects.get(key)
        if found is None:
            found = self._subjects[key] = subject(self.service, tenant, event_name)
        return found

    async def publish(self, records: list[RecordedEvent]) -> int:
        """Publishes a batch and waits for every PubAck; returns how many were published."""
        return await self.confirm(await self.send(records))

    async def send(self, records: list[RecordedEvent]) -> list[Sent]:
        """Sends a batch; returns what acknowledges it (nothing is acknowledged yet): one
        PubAck for each atomic batch of ATOMIC_MIN to ATOMIC_MAX messages where the stream
        allows them, else one a message."""
        outgoing = await self._messages(records)
        if len(outgoing) < ATOMIC_MIN or not await self._batches_allowed():
            return [Sent(await publish_alone(self.js, m)) for m in outgoing]
        # Split evenly, so that no batch is left with a few messages.
        size = math.ceil(len(outgoing) / math.ceil(len(outgoing) / ATOMIC_MAX))
        chunks = [outgoing[i:i + size] for i in range(0, len(outgoing), size)]
        for chunk in chunks[:-1]:
            # One at a time: a refused batch is published again before the next is sent,
            # so the stream keeps the log's order.
            await self.confirm([Sent(await publish_batch(self.js, chunk), chunk)])
        return [Sent(await publish_batch(self.js, chunks[-1]), chunks[-1])]

    async def _messages(self, records: list[RecordedEvent]) -> list[Outgoing]:
        events = await self.store.decode(records, sealed=self.sealed, shared=True)
        outgoing = []
        for record, event in zip(records, events, strict=True):
            message = self.translate(event, record)
            if message is None:
                continue
            # Events brought in from elsewhere say when they happened there (occurred_at).
            env = envelope_for(record, message, getattr(event, "occurred_at", None))
            subj = self._subject(record.metadata.tenant, message.DESCRIPTOR.name)
            span = tracer.start_span(
                f"publish {subj}", context=context_from(record.metadata.trace_context),
                kind=trace.SpanKind.PRODUCER,
                attributes={"messaging.system": "nats", "messaging.destination.name": subj})
            try:
                headers = inject_into({"Nats-Msg-Id": str(record.event_id)},
                                      trace.set_span_in_context(span))
                outgoing.append(Outgoing(subj, env.SerializeToString(), headers))
            finally:
                span.end()
        self.made += len(outgoing)
        return outgoing

    async def _batches_allowed(self) -> bool:
        if self._batches is None:
            try:
                info = await self.js.stream_info(self.stream)
                self._batches = bool(info.config.allow_atomic)
            except NotFoundError:
                return False  # publishing will say what is wrong
        return self._batches

    async def confirm(self, sent: list[Sent]) -> int:
        """Waits for every PubAck; returns how many messages they acknowledge."""
        results = await asyncio.wait_for(
            asyncio.gather(*(s.ack for s in sent), return_exceptions=True), timeout=30)
        published = 0
        for s, result in zip(sent, results, strict=True):
            if (isinstance(result, APIError) and s.batch
                    and result.err_code in (DUPLICATE_IN_BATCH, BATCHES_NOT_ENABLED)):
                if result.err_code == BATCHES_NOT_ENABLED:
                    self._batches = False
                # Some were published before (a relay that stopped before saving its
                # position): published alone, JetStream drops those by Nats-Msg-Id.
                published += await self.confirm(
                    [Sent(await publish_alone(self.js, m)) for m in s.batch])
            elif isinstance(result, BaseException):
                raise result
            elif result is None:
                raise RuntimeError("JetStream did not acknowledge a publish")
            else:
                published += len(s.batch) or 1
        return published

    async def save(self, position: int) -> None:
        await self.recorder.insert_tracking(Tracking(RELAY, position))
        self.position = position

    async def run_once(self) -> int:
        """Relays what is there, batch after batch; returns how many stored events it covered.

        Behind a backlog (a full batch), the next batch is read and sent while this one's
        PubAcks are awaited; a batch that is not full ends the round, so that the next round
        may gather first (`run`) rather than chase the appends a few events at a time. The
        position saved is always that of a fully acknowledged batch."""
        done = 0
        records = await self.recorder.read_records(self.position, self.batch_size)
        while records:
            following_task = asyncio.create_task(
                self.recorder.read_records(records[-1].position, self.batch_size)
            ) if len(records) >= self.batch_size else None
            try:
                acks = await self.send(records)
            except BaseException:
                if following_task is not None:
                    following_task.cancel()
                raise
            following = await following_task if following_task is not None else []
            await self.confirm(acks)
            await self.save(records[-1].position)
            done += len(records)
            records = following
        return done

    async def run(self, beat: Callable[[], None] = lambda: None,
                  idle_sleep: float = 0.2) -> None:
        """Relays while elected (it holds the relay's lease: `leases`, the process's, or one of
        its own), calling `beat` after each round that worked; raises on any failure (the
        supervisor restarts it, and it resumes from the saved position), giving the lease up
        for another replica to take."""
        leases = self.leases or ReaderLeases(self.recorder.pool, self.recorder.schema)
        try:
            while not await leases.take(RELAY_LEASE):
                beat()  # a standby replica is healthy
                await leases.freed(LEASE_RETRY_S)
            try:
                await self._loop(leases, beat, idle_sleep)
            finally:
                await leases.release(RELAY_LEASE)
        finally:
            if leases is not self.leases:
                await leases.close()

    async def _loop(self, leases: ReaderLeases, beat: Callable[[], None],
                    idle_sleep: float) -> None:
        await self.load_position()
        loop = asyncio.get_running_loop()
        idle = 0
        while True:
            # A restarted database forgets the lock with the session: another replica may
            # hold it now. Stop relaying and let the supervisor run the election again.
            if not leases.holds(RELAY_LEASE):
                raise Outage("the relay lock's database session was lost")
            if not nats_connected(self.js):
                raise Outage("NATS is not connected")
            told, made, read_at = self.recorder.news.told, self.made, loop.time()
            done = await self.run_once()
            self.pace.round(self.made - made, read_at)
            if done:
                idle = 0
                beat()
                if done < SMALL_ROUND:
                    await self._gather(told)
                continue
            idle += 1
            if idle % 10 == 0:
                await leases.confirm(RELAY_LEASE)  # the lock's session is still alive
                await self.recorder.stamp()  # rows of a writer that died before stamping
            beat()
            await self.recorder.news.wait(idle_sleep, told)  # or sooner: a write of ours

    async def _gather(self, told: int) -> None:
        """After a small round: lets messages pile up into an atomic batch when they come
        fast enough, else only as much as every reader of a busy process does."""
        if self.pace.fills_a_batch():
            # Also when nothing came during the round: a round quicker than the gap between
            # two appends would otherwise take each message alone as it comes.
            await self.recorder.news.gather(told, appends=GATHER_APPENDS, seconds=GATHER_S,
                                            busy=True)
        else:
            await self.recorder.news.gather(told)
