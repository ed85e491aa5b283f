"""Reactions of identity to other services' integration events: erasure confirmations."""

from __future__ import annotations

from uuid import UUID

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.db import Conn
from chorus.messaging.consumer import Handler, Subscription
from chorus.runtime import ConsumerSpec, Runtime
from services.identity import application


def on_confirmation(rt: Runtime) -> Handler:
    async def handle(conn: Conn, env: EventEnvelope) -> None:
        confirmed = ErasureConfirmed.FromString(env.payload)
        await application.confirm_erasure(
            rt.store, env.tenant, UUID(confirmed.erasure_id), confirmed.service,
            list(confirmed.erased), env.occurred_at.ToDatetime().astimezone())
    return handle


def consumers(participants: list[str]) -> list[ConsumerSpec]:
    return [ConsumerSpec(f"erasure-{service}",
                         Subscription(service, (f"chorus.{service}.*.ErasureConfirmed",)),
                         on_confirmation) for service in participants]
