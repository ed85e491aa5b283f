"""A replica of identity's customer ids, kept by services that refer to customers.

Only what identity publishes is kept (id and customer code, no personal data), fed by a
consumer of `chorus.identity.*.CustomerRegistered`."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
from google.protobuf.timestamp_pb2 import Timestamp

from chorus.auth.principal import Role, require
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.db import Conn
from chorus.errors import NotFound
from chorus.eventstore.schema import checked_schema
from chorus.grpc.messages import timestamp
from chorus.grpc.validation import Check
from chorus.identity.v1.events_pb2 import CustomerRegistered
from chorus.messaging.consumer import Handler, Poison, Subscription

SUBSCRIPTION = Subscription("identity", ("chorus.identity.*.CustomerRegistered",))


class CustomerReplica:
    def __init__(self, schema: str) -> None:
        self.table = f"{checked_schema(schema)}.known_customers"

    async def create(self, pool: asyncpg.Pool) -> None:
        async with pool.acquire() as conn:
            await self.setup(conn)

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id uuid NOT NULL, customer_code text NOT NULL,
            known_since timestamptz NOT NULL, PRIMARY KEY (tenant, customer_id))""")

    def handler(self) -> Handler:
        async def on_event(conn: Conn, env: EventEnvelope) -> None:
            if env.event_type != CustomerRegistered.DESCRIPTOR.full_name:
                raise Poison(f"unexpected event type {env.event_type}")
            event = CustomerRegistered.FromString(env.payload)
            await conn.execute(
                f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                env.tenant, event.customer_id, event.customer_code,
                env.occurred_at.ToDatetime().astimezone())
        return on_event

    async def known(self, pool: asyncpg.Pool, service: str,
                    customer_id: str) -> tuple[str, str, Timestamp]:
        """The query every referring service exposes: (id, customer code, known since),
        for agents, admins and services of the caller's tenant."""
        p = require(Role.AGENT, Role.ADMIN, Role.SERVICE)
        check = Check()
        cid = check.uuid("customer_id", customer_id)
        check.done()
        found = await self.get(pool, p.tenant, cid)
        if found is None:
            raise NotFound(f"customer {cid} is not known to {service}")
        return str(cid), found[0], timestamp(found[1])

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        """Erasure: drops the customer from the replica."""
        deleted = await conn.fetchval(
            f"DELETE FROM {self.table} WHERE tenant = $1 AND customer_id = $2 RETURNING 1",
            tenant, UUID(customer_id))
        return [f"{self.table}/{customer_id}"] if deleted else []

    async def get(self, pool: asyncpg.Pool, tenant: str,
                  customer_id: object) -> tuple[str, datetime] | None:
        row = await pool.fetchrow(
            f"SELECT customer_code, known_since FROM {self.table}"
            " WHERE tenant = $1 AND customer_id = $2", tenant, customer_id)
        return (row[0], row[1]) if row else None
