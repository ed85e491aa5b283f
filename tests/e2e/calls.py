"""Helpers of the e2e tests: channels to the running services, tokens, test events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from nats.js import JetStreamContext

from chorus.auth.tokens import mint
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.devstack.stack import DevStack, DevState
from chorus.messaging.subjects import subject
from tests.grpc_client import bearer


def channel(dev: DevStack, service: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports[service]}")


def token(state: DevState, *roles: str, tenant: str = "acme",
          subject_id: str = "tester") -> list[tuple[str, str]]:
    return bearer(mint(state.jwt_secret, subject=subject_id, tenant=tenant, roles=list(roles)))


def ts(at: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(at)
    return t


async def publish_event(js: JetStreamContext, service: str, payload: Message, *,
                        tenant: str = "acme", at: datetime | None = None) -> str:
    """Publishes an integration event as `service` would (for services whose events do not
    exist yet, or to control their times)."""
    event_id = str(uuid.uuid4())
    name = payload.DESCRIPTOR.name
    env = EventEnvelope(event_id=event_id, event_type=payload.DESCRIPTOR.full_name,
                        tenant=tenant, occurred_at=ts(at or datetime.now(UTC)),
                        payload=payload.SerializeToString())
    await js.publish(subject(service, tenant, name), env.SerializeToString(),
                     headers={"Nats-Msg-Id": event_id})
    return event_id
