"""Which customer each social profile is linked to, for services that attribute social
authors to customers (cases, reputation), from identity's `SocialProfileLinkChanged`. Every
link a profile ever had is kept (a past link still says whose words a mention was, so
erasing a customer erases what all their profiles wrote); only current ones attribute."""

from __future__ import annotations

import asyncpg

from chorus.db import Conn, checked_schema
from chorus.handlers import Context
from chorus.identity.v1.events_pb2 import SocialProfileLinkChanged


class ProfileLinks:
    def __init__(self, schema: str) -> None:
        self.table = f"{checked_schema(schema)}.profile_links"

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, profile_id text NOT NULL, customer_id text NOT NULL,
            linked boolean NOT NULL, PRIMARY KEY (tenant, profile_id, customer_id))""")

    async def record(self, ctx: Context, e: SocialProfileLinkChanged) -> None:
        if e.customer_id:
            await ctx.conn.execute(
                f"INSERT INTO {self.table} VALUES ($1, $2, $3, true) ON CONFLICT"
                " (tenant, profile_id, customer_id) DO UPDATE SET linked = true", ctx.tenant,
                e.profile_id, e.customer_id)
        if e.previous_customer_id:
            await ctx.conn.execute(
                f"UPDATE {self.table} SET linked = false WHERE tenant = $1 AND profile_id = $2"
                " AND customer_id = $3", ctx.tenant, e.profile_id, e.previous_customer_id)

    async def customers_of(self, conn: asyncpg.Pool | Conn, tenant: str,
                           profiles: list[str]) -> dict[str, str]:
        """The customer each of these profiles is linked to now (unlinked ones left out)."""
        rows = await conn.fetch(f"SELECT profile_id, customer_id FROM {self.table} WHERE"
                                " tenant = $1 AND profile_id = ANY($2::text[]) AND linked",
                                tenant, profiles)
        return {r[0]: r[1] for r in rows}

    async def customer_of(self, conn: asyncpg.Pool | Conn, tenant: str, profile: str) -> str:
        return (await self.customers_of(conn, tenant, [profile])).get(profile, "")

    async def profiles_of(self, conn: asyncpg.Pool | Conn, tenant: str,
                          customer_id: str) -> list[str]:
        """Every profile ever linked to the customer (erasure, export)."""
        rows = await conn.fetch(f"SELECT profile_id FROM {self.table} WHERE tenant = $1"
                                " AND customer_id = $2", tenant, customer_id)
        return [r[0] for r in rows]

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> int:
        """Erasure: the customer's links (returns how many there were)."""
        return int(await conn.fetchval(
            f"WITH d AS (DELETE FROM {self.table} WHERE tenant = $1 AND customer_id = $2"
            " RETURNING 1) SELECT count(*) FROM d", tenant, customer_id))
