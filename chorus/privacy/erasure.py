"""The participant side of the erasure saga, shared by every service that holds data about
customers: on identity's ErasureRequested, shred the subject's key, let the service delete
what else it holds (its `forget` hook), and confirm through the service's own outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.db import Conn
from chorus.eventstore.metadata import EventMetadata
from chorus.identity.v1.events_pb2 import ErasureRequested
from chorus.messaging.consumer import Handler, Poison, Subscription

CONFIRMATIONS = UUID("2f9d6c1e-7b43-4a8e-9c15-5e0b7d3a6f21")
SUBSCRIPTION = Subscription("identity", ("chorus.identity.*.ErasureRequested",))

# Deletes what the service holds about (tenant, customer id) besides encrypted fields;
# returns descriptions of what it deleted.
Forget = Callable[[Conn, str, str], Awaitable[list[str]]]


class ErasureConfirmation(Aggregate):
    class Confirmed(Aggregate.Created):
        erasure_id: str
        service: str
        customer_id: str
        erased: list[str]

    @staticmethod
    def create_id(erasure_id: str, service: str, **_: object) -> UUID:
        return uuid5(CONFIRMATIONS, f"{service}/{erasure_id}")

    @event(Confirmed)
    def __init__(self, erasure_id: str, service: str, customer_id: str,
                 erased: list[str]) -> None:
        self.erasure_id, self.service = erasure_id, service
        self.customer_id, self.erased = customer_id, erased


def to_integration(event: Any) -> ErasureConfirmed | None:
    if isinstance(event, ErasureConfirmation.Confirmed):
        return ErasureConfirmed(erasure_id=event.erasure_id, customer_id=event.customer_id,
                                service=event.service, erased=event.erased)
    return None


def participant(runtime: Any, forget: Forget) -> Handler:
    """The consumer handler of a participating service (runtime: chorus.runtime.Runtime)."""
    service = runtime.spec.name

    async def on_request(conn: Conn, env: EventEnvelope) -> None:
        if env.event_type != ErasureRequested.DESCRIPTOR.full_name:
            raise Poison(f"unexpected event type {env.event_type}")
        request = ErasureRequested.FromString(env.payload)
        erased = []
        for name, store in runtime.stores.items():
            if await store.keys.shred((env.tenant, request.customer_id)):
                erased.append(f"{service}/{name}/key/{request.customer_id}")
        erased += await forget(conn, env.tenant, request.customer_id)
        confirmation = ErasureConfirmation(erasure_id=request.erasure_id, service=service,
                                           customer_id=request.customer_id, erased=erased)
        meta = EventMetadata(tenant=env.tenant, actor=service, purpose="erasure",
                             causation_id=env.event_id, correlation_id=env.correlation_id)
        stored = [runtime.store.mapper.seal(e, env.tenant, None, None)
                  for e in confirmation.collect_events()]
        await runtime.store.recorder.insert_events(stored, metadata=meta, conn=conn)

    return on_request
