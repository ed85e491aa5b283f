"""identity's reactions that record events: the erasure saga collects each participating
service's confirmation (recorded in the transaction that tracks the confirmation message, so
each is counted once) and completes with the receipt once every service confirmed."""

from __future__ import annotations

from uuid import UUID

from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.handlers import Context, Handlers, on
from chorus.messaging.consumer import Poison
from services.identity.domain.erasure import Erasure


class ErasureSaga(Handlers):
    def __init__(self, store: EventStore) -> None:
        self.store = store

    @on(ErasureConfirmed)
    async def confirmed(self, ctx: Context, confirmed: ErasureConfirmed) -> None:
        try:
            erasure = await self.store.get(Erasure, UUID(confirmed.erasure_id),
                                           tenant=ctx.tenant)
        except (AggregateNotFound, ValueError):
            # An erasure is stored before it is requested: this confirmation can never
            # match one. Set it aside for an operator instead of retrying forever.
            raise Poison(f"confirmation of unknown erasure {confirmed.erasure_id!r}") from None
        erasure.confirm(confirmed.service, list(confirmed.erased), ctx.at)
        await ctx.save(erasure, purpose="erasure")
