"""Every kernel table of one store, created together: each module owns and declares its own
DDL (the event store's events and tracking, projections' rebuild requests, consumers' dedupe
rows and dead letters, audit checkpoints and access log, privacy keys, durable deadlines)."""

from __future__ import annotations

import asyncpg

from chorus import scheduling
from chorus.audit import access_log, sealer
from chorus.db import checked_schema, setup_transaction
from chorus.eventstore import schema as eventstore
from chorus.messaging import consumer, dead_letters
from chorus.privacy import keys
from chorus.projections import runner

OWNERS = (eventstore, runner, consumer, dead_letters, sealer, access_log, keys, scheduling)


def ddl(schema: str) -> str:
    s = checked_schema(schema)
    return "\n".join(owner.ddl(s) for owner in OWNERS)


async def create_store_tables(pool: asyncpg.Pool, schema: str) -> None:
    """Creates (if missing) every kernel table in `schema`; concurrent first starts of several
    replicas are serialised."""
    async with setup_transaction(pool) as conn:
        await conn.execute(ddl(schema))
