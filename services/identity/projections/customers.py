"""identity's customers read model (verified store), for GetCustomer and ListCustomers."""

from __future__ import annotations

from typing import Any

import asyncpg

from chorus.db import Conn, SqlParams
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from services.identity.domain.customer import Customer

WHERE = " WHERE tenant = $1 AND customer_id = $2"


class Customers(Projection):
    """Current customers. Names, emails and phones stay encrypted under each customer's key
    (sealed events), so erasure needs no purge here. A run's statements go when it ends
    (each customer's in order)."""

    name = "customers"
    sealed = True

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.customers"
        self.consents = f"{schema}.customer_consents"
        self.tables = [self.table, self.consents]
        self.merge_generation = 0  # merges and unmerges this process applied

    async def setup(self, conn: Conn) -> None:
        t = self.table
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {t} (
            tenant text NOT NULL, customer_id uuid NOT NULL, customer_code text NOT NULL,
            legal_name text NOT NULL, email text NOT NULL, phone text NOT NULL DEFAULT '',
            country text NOT NULL DEFAULT '', language text NOT NULL DEFAULT '',
            verification text NOT NULL DEFAULT 'none', segments text[] NOT NULL DEFAULT '{{}}',
            tier text NOT NULL DEFAULT '', tags text[] NOT NULL DEFAULT '{{}}',
            closed boolean NOT NULL DEFAULT false, merged_into uuid,
            PRIMARY KEY (tenant, customer_id));
            CREATE UNIQUE INDEX IF NOT EXISTS customers_by_code ON {t} (tenant, customer_code);
            CREATE INDEX IF NOT EXISTS customers_segments ON {t} USING gin (segments);
            CREATE TABLE IF NOT EXISTS {self.consents} (
                tenant text NOT NULL, customer_id uuid NOT NULL, purpose text NOT NULL,
                channel text NOT NULL, given boolean NOT NULL,
                PRIMARY KEY (tenant, customer_id, purpose, channel));
            CREATE INDEX IF NOT EXISTS customers_merged ON {t} (tenant, customer_id)
                WHERE merged_into IS NOT NULL""")

    @on(Customer.Registered)
    async def registered(self, ctx: Context, event: Customer.Registered) -> None:
        await ctx.later(event.originator_id).execute(
            f"INSERT INTO {self.table} (tenant, customer_id, customer_code, legal_name,"
            " email, phone, country, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            " ON CONFLICT (tenant, customer_id) DO NOTHING",
            ctx.tenant, event.originator_id, event.customer_code, event.legal_name,
            event.email, event.phone, event.country, event.language)

    @on(Customer.DetailsChanged)
    async def details_changed(self, ctx: Context, event: Customer.DetailsChanged) -> None:
        await ctx.later(event.originator_id).execute(
            f"UPDATE {self.table} SET legal_name = $3, email = $4, phone = $5, country = $6,"
            " language = $7" + WHERE, ctx.tenant, event.originator_id, event.legal_name,
            event.email, event.phone, event.country, event.language)

    @on(Customer.Closed)
    async def closed(self, ctx: Context, event: Customer.Closed) -> None:
        await ctx.later(event.originator_id).execute(
            f"UPDATE {self.table} SET closed = true" + WHERE, ctx.tenant, event.originator_id)

    @on(Customer.IdentityVerified)
    async def verified(self, ctx: Context, event: Customer.IdentityVerified) -> None:
        await ctx.later(event.originator_id).execute(
            f"UPDATE {self.table} SET verification = $3" + WHERE, ctx.tenant,
            event.originator_id, event.level)

    @on(Customer.Classified)
    async def classified(self, ctx: Context, event: Customer.Classified) -> None:
        await ctx.later(event.originator_id).execute(
            f"UPDATE {self.table} SET segments = $3, tier = $4, tags = $5" + WHERE, ctx.tenant,
            event.originator_id, event.segments, event.tier, event.tags)

    @on(Customer.MergedInto, Customer.Unmerged)
    async def merged(self, ctx: Context, event: Any) -> None:
        survivor = event.survivor_id if isinstance(event, Customer.MergedInto) else None
        await ctx.later(event.originator_id).execute(
            f"UPDATE {self.table} SET merged_into = $3" + WHERE, ctx.tenant,
            event.originator_id, survivor)

    @on(Customer.ConsentGiven, Customer.ConsentWithdrawn)
    async def consent(self, ctx: Context, event: Any) -> None:
        await ctx.later(event.originator_id).execute(
            f"INSERT INTO {self.consents} VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (tenant, customer_id, purpose, channel)"
            " DO UPDATE SET given = excluded.given", ctx.tenant, event.originator_id,
            event.purpose, event.channel, isinstance(event, Customer.ConsentGiven))

    def committed(self, events: list[Any]) -> None:
        if any(isinstance(e, Customer.MergedInto | Customer.Unmerged) for e in events):
            self.merge_generation += 1

    async def list(self, pool: asyncpg.Pool, tenant: str, filters: dict[str, Any],
                   after: str | None, limit: int) -> list[asyncpg.Record]:
        """Customers ordered by customer code, after the keyset cursor `after`."""
        where, args = ["c.tenant = $1"], SqlParams([tenant])
        arg = args

        if after is not None:
            where.append(f"c.customer_code > {arg(after)}")
        if not filters.get("include_closed"):
            where.append("NOT c.closed")
        where.append("c.merged_into IS NULL")  # merged customers are listed as their survivor
        if filters.get("segment"):
            where.append(f"c.segments @> ARRAY[{arg(filters['segment'])}]::text[]")
        if filters.get("tier"):
            where.append(f"c.tier = {arg(filters['tier'])}")
        if filters.get("verification"):
            where.append(f"c.verification = {arg(filters['verification'])}")
        if filters.get("consent"):
            purpose, channel, given = filters["consent"]
            match = (f"EXISTS (SELECT 1 FROM {self.consents} k WHERE k.tenant = c.tenant"
                     f" AND k.customer_id = c.customer_id AND k.purpose = {arg(purpose)}"
                     f" AND k.channel = {arg(channel)} AND k.given)")
            where.append(match if given else f"NOT {match}")
        return await pool.fetch(
            f"SELECT c.* FROM {self.table} c WHERE {' AND '.join(where)}"
            f" ORDER BY c.customer_code LIMIT {arg(limit)}", *args)

    async def get(self, pool: asyncpg.Pool, tenant: str, customer_id: Any) -> asyncpg.Record | None:
        return await pool.fetchrow(
            f"SELECT * FROM {self.table} WHERE tenant = $1 AND customer_id = $2",
            tenant, customer_id)
