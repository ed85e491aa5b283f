"""Taking part in the erasure saga, for every service that holds data about customers: on
identity's `ErasureRequested`, shred the subject's key in each of the service's stores, let
the service delete what else it holds (its `forget` hooks), and confirm by recording an
`ErasureConfirmation`, published through the service's own outbox, in the transaction that
tracks the request (so it is confirmed once, whatever the redeliveries)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import register_topic

from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.db import Conn
from chorus.eventstore.store import EventStore
from chorus.handlers import Context, on
from chorus.identity.v1.events_pb2 import ErasureRequested
from chorus.messaging.subscriptions import Subscribe
from chorus.service.spec import Feature

CONFIRMATIONS = UUID("2f9d6c1e-7b43-4a8e-9c15-5e0b7d3a6f21")

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


# Confirmations recorded before this feature moved here name their class by its old module.
register_topic("chorus.privacy.erasure:ErasureConfirmation", ErasureConfirmation)


class ErasureParticipant(Feature):
    def __init__(self, service: str, stores: Mapping[str, EventStore],
                 forget: Sequence[Forget]) -> None:
        self.service, self.stores, self.forget = service, stores, forget

    def consumers(self) -> list[Subscribe]:
        return [Subscribe("erasure", self.handlers())]

    def translate(self, event: Any) -> ErasureConfirmed | None:
        if isinstance(event, ErasureConfirmation.Confirmed):
            return ErasureConfirmed(erasure_id=event.erasure_id, customer_id=event.customer_id,
                                    service=event.service, erased=event.erased)
        return None

    @on(ErasureRequested)
    async def requested(self, ctx: Context, request: ErasureRequested) -> None:
        confirmation_id = ErasureConfirmation.create_id(request.erasure_id, self.service)
        if not await ctx.unused([confirmation_id]):
            return  # confirmed already (a second request for the same erasure)
        erased = []
        for name, store in self.stores.items():
            if await store.keys.shred((ctx.tenant, request.customer_id)):
                erased.append(f"{self.service}/{name}/key/{request.customer_id}")
        for forget in self.forget:
            erased += await forget(ctx.conn, ctx.tenant, request.customer_id)
        confirmation = ErasureConfirmation(erasure_id=request.erasure_id, service=self.service,
                                           customer_id=request.customer_id, erased=erased)
        await ctx.save(confirmation, purpose="erasure")
