"""A replica of identity's customer ids, kept by every service that refers to customers.

Only what identity publishes is kept (id and customer code, no personal data), fed by its
`CustomerRegistered` events; `AnswersKnownCustomers` gives a servicer the `GetKnownCustomer`
RPC every such service declares."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

import asyncpg

from chorus.auth.principal import Role, caller
from chorus.db import Conn, checked_schema
from chorus.errors import NotFound
from chorus.grpc.messages import timestamp
from chorus.grpc.validation import Check
from chorus.handlers import Context, on
from chorus.identity.v1.events_pb2 import CustomerRegistered
from chorus.messaging.subscriptions import Subscribe
from chorus.service.spec import Feature


class CustomerReplica(Feature):
    def __init__(self, pool: asyncpg.Pool, schema: str, service: str) -> None:
        self.pool, self.service = pool, service
        self.table = f"{checked_schema(schema)}.known_customers"

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id uuid NOT NULL, customer_code text NOT NULL,
            known_since timestamptz NOT NULL, PRIMARY KEY (tenant, customer_id))""")

    def consumers(self) -> list[Subscribe]:
        return [Subscribe("customers", self.handlers())]

    @on(CustomerRegistered)
    async def registered(self, ctx: Context, event: CustomerRegistered) -> None:
        await ctx.later(event.customer_id).execute(  # with the rest of the consumer's batch
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            ctx.tenant, event.customer_id, event.customer_code, ctx.at)

    async def get(self, tenant: str, customer_id: UUID) -> tuple[str, datetime] | None:
        row = await self.pool.fetchrow(
            f"SELECT customer_code, known_since FROM {self.table}"
            " WHERE tenant = $1 AND customer_id = $2", tenant, customer_id)
        return (row[0], row[1]) if row else None

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        """Erasure: drops the customer from the replica."""
        deleted = await conn.fetchval(
            f"DELETE FROM {self.table} WHERE tenant = $1 AND customer_id = $2 RETURNING 1",
            tenant, UUID(customer_id))
        return [f"{self.table}/{customer_id}"] if deleted else []


class AnswersKnownCustomers:
    """Mixed into a servicer (before its generated base) whose proto declares
    `GetKnownCustomer`: (id, customer code, known since), for agents, admins and services of
    the caller's tenant."""

    known_customers: CustomerReplica
    ROLES: ClassVar[dict[str, tuple[Role, ...]]] = {
        "GetKnownCustomer": (Role.AGENT, Role.ADMIN, Role.SERVICE)}

    async def GetKnownCustomer(self, request: Any, context: Any) -> Any:
        p = caller()
        check = Check()
        cid = check.uuid("customer_id", request.customer_id)
        check.done()
        found = await self.known_customers.get(p.tenant, cid)
        if found is None:
            raise NotFound(f"customer {cid} is not known to {self.known_customers.service}")
        # The response type lives beside the request type in the service's generated module.
        reply = sys.modules[type(request).__module__].GetKnownCustomerResponse
        return reply(customer_id=str(cid), customer_code=found[0],
                     known_since=timestamp(found[1]))
