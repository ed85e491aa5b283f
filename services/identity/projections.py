"""Read models of identity."""

from __future__ import annotations

from typing import Any

import asyncpg

from chorus.db import Conn
from chorus.eventstore.recorder import RecordedEvent
from services.identity.domain import Customer


class Customers:
    """Current customers, for GetCustomer."""

    name = "customers"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.customers"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id uuid NOT NULL, customer_code text NOT NULL,
            legal_name text NOT NULL, email text NOT NULL, PRIMARY KEY (tenant, customer_id))""")

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None:
        if isinstance(event, Customer.Registered):
            await conn.execute(
                f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (tenant, customer_id) DO NOTHING",
                event.tenant, event.originator_id, event.customer_code, event.legal_name,
                event.email)

    async def get(self, pool: asyncpg.Pool, tenant: str, customer_id: Any) -> asyncpg.Record | None:
        return await pool.fetchrow(
            f"SELECT * FROM {self.table} WHERE tenant = $1 AND customer_id = $2",
            tenant, customer_id)
