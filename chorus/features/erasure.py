"""Taking part in the erasure saga, for every service that holds data about customers: on
identity's `ErasureRequested`, shred the subject's key in each of the service's stores, let
the service delete what else it holds (its `forget` hooks), and confirm by recording an
`ErasureConfirmation`, published through the service's own outbox (so it is confirmed once,
whatever the redeliveries).

Deleting or overwriting a row leaves its old version in the table's (and its indexes')
files until the table is rewritten: a service whose read models held the subject's words in
clear names those tables (`scrub`), and then confirms only after a scrubber has rewritten them
into new files (chorus.features.rewrite: readers go on meanwhile, unlike under VACUUM FULL;
it cannot run inside the handler's transaction), from a durable queue of erasures to scrub.
What remains in WAL and in backups taken before then is stated on the
receipt with the time the configured retention expires it."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import register_topic

from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.config import env
from chorus.db import Conn
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.store import MAIN, EventStore
from chorus.features.rewrite import rewrite, rewrite_statistics
from chorus.handlers import Context, on
from chorus.identity.v1.events_pb2 import ErasureRequested
from chorus.messaging.subscriptions import Subscribe
from chorus.service.spec import Feature
from chorus.supervision import Work

log = logging.getLogger(__name__)

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


def residual_copies(at: datetime) -> str:
    """What the receipt says of copies the service cannot reach: WAL not yet recycled and
    backups taken before the erasure, gone once the platform's backup retention passes."""
    days = int(env("CHORUS_BACKUP_RETENTION_DAYS") or "30")
    return (f"copies in WAL and backups made before {at.isoformat(timespec='seconds')}"
            f" expire by {(at + timedelta(days=days)).isoformat(timespec='seconds')}"
            f" ({days}-day retention)")


class ErasureParticipant(Feature):
    def __init__(self, service: str, stores: Mapping[str, EventStore],
                 forget: Sequence[Forget], scrub: Sequence[str] = ()) -> None:
        self.service, self.stores, self.forget = service, stores, forget
        self.scrub = list(scrub)  # tables whose old row versions held the subject's words
        self.queue = f"{stores[MAIN].recorder.schema}.erasure_scrubs"

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.queue} (
            erasure_id text PRIMARY KEY, tenant text NOT NULL, customer_id text NOT NULL,
            erased jsonb NOT NULL, queued_at timestamptz NOT NULL DEFAULT now())""")

    def consumers(self) -> list[Subscribe]:
        return [Subscribe("erasure", self.handlers())]

    def translate(self, event: Any) -> ErasureConfirmed | None:
        if isinstance(event, ErasureConfirmation.Confirmed):
            return ErasureConfirmed(erasure_id=event.erasure_id, customer_id=event.customer_id,
                                    service=event.service, erased=event.erased)
        return None

    def background(self) -> list[tuple[str, Work]]:
        return [("erasure-scrubber", lambda heartbeat: self.run_scrubber(heartbeat.beat))] \
            if self.scrub else []

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
        if self.scrub:  # confirmed by the scrubber, once the old row versions are gone
            await ctx.conn.execute(
                f"INSERT INTO {self.queue} (erasure_id, tenant, customer_id, erased)"
                " VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING", request.erasure_id,
                ctx.tenant, request.customer_id, json.dumps(erased))
            return
        erased.append(residual_copies(datetime.now(UTC)))
        confirmation = ErasureConfirmation(erasure_id=request.erasure_id, service=self.service,
                                           customer_id=request.customer_id, erased=erased)
        await ctx.save(confirmation, purpose="erasure")

    async def scrub_pending(self) -> int:
        """Rewrites the scrubbed tables once for every queued erasure, then confirms each;
        returns how many it confirmed. Safe to repeat after a crash at any point."""
        store = self.stores[MAIN]
        pool = store.recorder.pool
        queued = await pool.fetch(f"SELECT * FROM {self.queue} ORDER BY queued_at")
        if not queued:
            return 0
        for table in self.scrub:
            await rewrite(pool, table)  # old row versions and index entries
        scrubbed = f"{self.service}: old row versions of {', '.join(self.scrub)}"
        if await rewrite_statistics(pool):  # and what ANALYZE sampled of the old tables
            scrubbed += " and of the planner's statistics rewritten"
        else:
            log.error("%s may not rewrite pg_statistic: words ANALYZE sampled may stay in its"
                      " files until VACUUM FULL pg_catalog.pg_statistic", self.service)
            scrubbed += (" rewritten; the planner's statistics (pg_statistic) not rewritten:"
                         " words sampled by ANALYZE may remain until an administrator runs"
                         " VACUUM FULL pg_catalog.pg_statistic")
        now = datetime.now(UTC)
        for row in queued:
            erased = [*json.loads(row["erased"]), scrubbed, residual_copies(now)]
            confirmation_id = ErasureConfirmation.create_id(row["erasure_id"], self.service)
            async with pool.acquire() as conn, conn.transaction():
                if confirmation_id not in await store.recorder.existing_ids(
                        [confirmation_id], conn=conn):
                    await store.save(
                        ErasureConfirmation(erasure_id=row["erasure_id"], service=self.service,
                                            customer_id=row["customer_id"], erased=erased),
                        conn=conn, metadata=EventMetadata(tenant=row["tenant"],
                                                          actor=self.service,
                                                          purpose="erasure"))
                await conn.execute(f"DELETE FROM {self.queue} WHERE erasure_id = $1",
                                   row["erasure_id"])
        return len(queued)

    async def run_scrubber(self, beat: Callable[[], None], every: float = 1.0) -> None:
        while True:
            await self.scrub_pending()
            beat()
            await asyncio.sleep(every)
