"""Helpers of the e2e tests: channels to the running services, tokens, test events."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import grpc
from google.protobuf.message import Message
from nats.js import JetStreamContext
from nats.js.errors import NoStreamResponseError

from chorus.auth.tokens import mint
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.devstack.stack import DevStack, DevState
from chorus.grpc.messages import timestamp as ts
from chorus.messaging.streams import ensure_stream
from chorus.messaging.subjects import subject
from tests.grpc_client import bearer

T = TypeVar("T")


def channel(dev: DevStack, service: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports[service]}")


def token(state: DevState, *roles: str, tenant: str = "acme",
          subject_id: str = "tester") -> list[tuple[str, str]]:
    return bearer(mint(state.jwt_secret, subject=subject_id, tenant=tenant, roles=list(roles)))


async def publish_event(js: JetStreamContext, service: str, payload: Message, *,
                        tenant: str = "acme", at: datetime | None = None) -> str:
    """Publishes an integration event as `service` would (for services whose events do not
    exist yet, or to control their times)."""
    event_id = str(uuid.uuid4())
    name = payload.DESCRIPTOR.name
    env = EventEnvelope(event_id=event_id, event_type=payload.DESCRIPTOR.full_name,
                        tenant=tenant, occurred_at=ts(at or datetime.now(UTC)),
                        payload=payload.SerializeToString())
    publish = lambda: js.publish(subject(service, tenant, name),  # noqa: E731
                                 env.SerializeToString(), headers={"Nats-Msg-Id": event_id})
    try:
        await publish()
    except NoStreamResponseError:  # no service made the publisher's stream yet: as it would
        await ensure_stream(js, service)
        await publish()
    return event_id


async def eventually(read: Callable[[], Awaitable[T]], ok: Callable[[T], bool],
                     seconds: float = 10.0) -> T:
    """`read()` once `ok` holds of it (consumers and projections apply events
    asynchronously); fails after about `seconds`."""
    value = await read()
    for _ in range(int(seconds / 0.05)):
        if ok(value):
            return value
        await asyncio.sleep(0.05)
        value = await read()
    raise AssertionError(f"never got there: {value}")
