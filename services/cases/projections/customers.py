"""What identity tells cases of customers, from its integration events: each customer's tier
and segments (SLA policies and priorities select by them), which customer stands for a merged
one (a customer's cases follow their survivor), and which social profiles are linked to which
customer (a case opened by a social author joins the customer; erasing a customer erases
what their profiles wrote)."""

from __future__ import annotations

import asyncpg

from chorus.batching import Batched
from chorus.db import Conn
from chorus.features.profile_links import ProfileLinks
from chorus.handlers import Context, on
from chorus.identity.v1 import events_pb2 as identity
from chorus.projections.readers import ReadModel

Facts = tuple[str, list[str]]  # a customer's tier and segments


class CustomerFacts(ReadModel):
    def __init__(self, schema: str, pool: asyncpg.Pool) -> None:
        self.table = f"{schema}.customer_facts"
        self.links = ProfileLinks(schema)
        self.pool = pool
        self._lookups: Batched[tuple[str, str], Facts] = Batched(self._facts, gathers=True)

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id text NOT NULL, tier text NOT NULL DEFAULT '',
            segments text[] NOT NULL DEFAULT '{{}}', merged_into text,
            PRIMARY KEY (tenant, customer_id));
            CREATE INDEX IF NOT EXISTS customer_facts_merged ON {self.table}
                (tenant, merged_into) WHERE merged_into IS NOT NULL""")
        await self.links.setup(conn)

    @on(identity.CustomerClassified)
    async def classified(self, ctx: Context, e: identity.CustomerClassified) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} (tenant, customer_id, tier, segments) VALUES ($1, $2,"
            " $3, $4) ON CONFLICT (tenant, customer_id) DO UPDATE SET tier = excluded.tier,"
            " segments = excluded.segments", ctx.tenant, e.customer_id, e.tier,
            list(e.segments))

    @on(identity.CustomersMerged)
    async def merged(self, ctx: Context, e: identity.CustomersMerged) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} (tenant, customer_id, merged_into) VALUES ($1, $2, $3)"
            " ON CONFLICT (tenant, customer_id) DO UPDATE SET merged_into = excluded"
            ".merged_into", ctx.tenant, e.merged_customer_id, e.survivor_customer_id)

    @on(identity.CustomerUnmerged)
    async def unmerged(self, ctx: Context, e: identity.CustomerUnmerged) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET merged_into = NULL WHERE tenant = $1"
                               " AND customer_id = $2", ctx.tenant, e.customer_id)

    async def record_link(self, ctx: Context, e: identity.SocialProfileLinkChanged) -> None:
        await self.links.record(ctx, e)

    async def of(self, tenant: str, customer_id: str) -> Facts:
        """A customer's tier and segments ("" and none when identity told nothing of them).
        Every case opening asks: concurrent openings ask in one statement (batching.py)."""
        return await self._lookups.submit((tenant, customer_id))

    async def _facts(self, customers: list[tuple[str, str]]) -> list[Facts | BaseException]:
        pool = self.pool
        if len(customers) == 1:
            row = await pool.fetchrow(f"SELECT tier, segments FROM {self.table} WHERE"
                                      " tenant = $1 AND customer_id = $2", *customers[0])
            return [(row["tier"], list(row["segments"])) if row else ("", [])]
        # Each through the primary key (OFFSET 0: not a join the planner may turn into a scan).
        rows = await pool.fetch(
            f"SELECT w.n, f.tier, f.segments FROM unnest($1::text[], $2::text[])"
            " WITH ORDINALITY AS w(tenant, customer_id, n), LATERAL (SELECT tier, segments"
            f" FROM {self.table} f WHERE f.tenant = w.tenant AND f.customer_id = w.customer_id"
            " OFFSET 0) f", [t for t, _ in customers], [c for _, c in customers])
        found = {r["n"]: (r["tier"], list(r["segments"])) for r in rows}
        return [found.get(n, ("", [])) for n in range(1, len(customers) + 1)]

    async def linked_customer(self, conn: asyncpg.Pool | Conn, tenant: str,
                              profile_id: str) -> str:
        return await self.links.customer_of(conn, tenant, profile_id)

    async def with_merged(self, conn: asyncpg.Pool | Conn, tenant: str,
                          customer_id: str) -> list[str]:
        """The customer and every customer merged into them (transitively)."""
        rows = await conn.fetch(
            f"""WITH RECURSIVE family(customer_id, depth) AS (
                SELECT $2::text, 0
                UNION SELECT f.customer_id, family.depth + 1 FROM {self.table} f
                    JOIN family ON f.merged_into = family.customer_id AND f.tenant = $1
                WHERE family.depth < 20)
            SELECT DISTINCT customer_id FROM family""", tenant, customer_id)
        return [r[0] for r in rows]

    async def profiles_of(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        """Every profile ever linked to the customer (erasure)."""
        return await self.links.profiles_of(conn, tenant, customer_id)

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        """Erasure: what identity told of the customer (what was there to delete)."""
        erased = []
        if await conn.fetchval(f"WITH d AS (DELETE FROM {self.table} WHERE tenant = $1 AND"
                               " customer_id = $2 RETURNING 1) SELECT count(*) FROM d",
                               tenant, customer_id):
            erased.append(f"{self.table}/{customer_id}")
        if await self.links.forget(conn, tenant, customer_id):
            erased.append(f"{self.links.table}/{customer_id}")
        return erased


