"""JetStream atomic batches (nats-server 2.12+, ADR-50) for the relay.

With `sync_interval: always` a message published alone costs the server a disk sync of its
own (measured here: 143-187 us of its CPU a message, at most ~3,000 messages/s); a batch's
messages are written together, synced once, and acknowledged once when the last arrives
(40 us a message in batches of 100). All of a batch is stored or none of it. Staging a
batch has a cost of its own, so small ones go message by message (ATOMIC_MIN).

A batch holding a message id the stream already has is refused whole (JetStream 2.15), where
a message published alone would be dropped as a repeat: the relay then publishes that batch's
messages one by one (see `Relay.confirm`)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from nats.js import JetStreamContext
from nats.js.api import Header, PubAck
from nats.js.errors import APIError

ATOMIC_MAX = 1000  # the server's default limit on a batch's messages
# The server stages a batch on disk (a directory and files of its own), ~2 ms of its CPU a
# batch: fewer messages go alone (measured, server CPU a message, alone / batched: 16 ->
# 153 / 203 us, 32 -> 187 / 103 us, 100 -> 177 / 40 us).
ATOMIC_MIN = 24
DUPLICATE_IN_BATCH = 10201  # a message id the stream has already: the batch is refused whole
BATCHES_NOT_ENABLED = 10174  # the stream does not allow atomic batches
COMMIT_WAIT_S = 30.0


@dataclass(frozen=True)
class Outgoing:
    subject: str
    payload: bytes
    headers: dict[str, str]


async def publish_alone(js: JetStreamContext, m: Outgoing) -> asyncio.Future[PubAck]:
    return await js.publish_async(m.subject, m.payload, headers=m.headers)


async def publish_batch(js: JetStreamContext, messages: Sequence[Outgoing]
                        ) -> asyncio.Future[PubAck]:
    """Sends `messages` (at most ATOMIC_MAX) as one atomic batch; the future holds the
    batch's PubAck, or the server's refusal (`APIError`: nothing of the batch is stored)."""
    batch_id = uuid.uuid4().hex
    for n, m in enumerate(messages[:-1], 1):
        # No reply asked: the commit's PubAck answers for the whole batch.
        await js._nc.publish(m.subject, m.payload, headers={
            **m.headers, Header.BATCH_ID: batch_id, Header.BATCH_SEQUENCE: str(n)})
    last = messages[-1]
    return asyncio.ensure_future(_commit(js, last, {
        **last.headers, Header.BATCH_ID: batch_id,
        Header.BATCH_SEQUENCE: str(len(messages)), Header.BATCH_COMMIT: "1"}))


async def _commit(js: JetStreamContext, m: Outgoing, headers: dict[str, str]) -> PubAck:
    # A request of our own, not `publish_async`: nats-py 2.16 raises a refusal inside its
    # reply callback, which leaves that future pending forever.
    reply = await js._nc.request(m.subject, m.payload, headers=headers, timeout=COMMIT_WAIT_S)
    answer = json.loads(reply.data)
    if "error" in answer:
        raise APIError(**answer["error"])
    return PubAck.from_response(answer)
