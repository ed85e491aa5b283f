"""identity's social store read models: the resolution index of social profiles and the
history of their links to customers."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from services.identity.domain.social_profile import SocialProfile

# Social-network-derived data (profiles, links) lives in its own store: its own schema,
# database role and encryption keys, never in the verified customer store.
SOCIAL = "social"


# What a resolution is asked by: (tenant, network, "handle" or "external", keyed hash).
ResolutionKey = tuple[str, str, str, str]


class ProfileIndex(Projection):
    """Resolution index of social profiles (in the social store's schema): network + handle or
    external id -> profile -> linked customer. Handles and external ids are kept only as keyed
    hashes (HMAC under a key derived from the social store's master key): equality lookups
    work, and the table holds no readable social identifier.

    Answers held in memory (`Resolutions`) are kept exact: each batch this process commits
    names the resolution keys it changed (`watchers` drop them), and a change made elsewhere
    (another replica's batch, a rebuild, an erasure) bumps `generation`, which drops them all."""

    name = "profile_index"
    store = SOCIAL

    def __init__(self, schema: str, master_key: bytes) -> None:
        self.schema, self.table = schema, f"{schema}.profile_index"
        self.erasures_table = f"{schema}.profile_index_erasures"
        # The statement answering each kind of key ($1 tenant, $2 network, $3 lookup).
        self.resolution_queries = {
            "external": f"SELECT profile_id, customer_id FROM {self.table}"
                        " WHERE tenant = $1 AND network = $2 AND external_id = $3",
            "handle": f"SELECT profile_id, customer_id FROM {self.table}"
                      " WHERE tenant = $1 AND network = $2 AND handle_key = $3"
                      " ORDER BY customer_id IS NULL LIMIT 1"}
        self.tables = [self.table]
        self.generation = 0  # changes not made by this process's batches (see above)
        self.changes = 0  # batches this process committed that changed some resolution
        self.watchers: list[Callable[[set[ResolutionKey]], None]] = []
        self._touched: set[ResolutionKey] = set()
        self._lookup_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                info=b"chorus identity profile lookup").derive(master_key)

    def lookup(self, value: str) -> str:
        return hmac.new(self._lookup_key, value.encode(), hashlib.sha256).hexdigest()

    def key(self, tenant: str, network: str, *, handle: str = "",
            external_id: str = "") -> ResolutionKey:
        if external_id:
            return tenant, network, "external", self.lookup(external_id)
        return tenant, network, "handle", self.lookup(handle_key(handle))

    def _touch(self, tenant: str, row: Any) -> None:
        if row is not None:
            self._touched.add((tenant, row["network"], "handle", row["handle_key"]))
            self._touched.add((tenant, row["network"], "external", row["external_id"]))

    async def handle_run(self, items: list[tuple[Context, Any]]) -> None:
        self._touched = set()  # what a batch rolled back had touched is not news
        await super().handle_run(items)

    def committed(self, events: list[Any]) -> None:
        if self._touched:
            self.changes += 1
            for watcher in self.watchers:
                watcher(self._touched)
            self._touched = set()

    def changed_elsewhere(self) -> None:
        self.generation += 1

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, profile_id uuid NOT NULL, network text NOT NULL,
            external_id text NOT NULL, handle_key text NOT NULL, customer_id uuid,
            PRIMARY KEY (tenant, profile_id));
            -- The key leads: with (tenant, network) first, an unanalysed table (a fresh
            -- import) let the planner answer a handle from the external id's index, reading
            -- every profile of the network. Keyed first, neither index can serve the other.
            DROP INDEX IF EXISTS {self.schema}.profile_index_handle;
            DROP INDEX IF EXISTS {self.schema}.profile_index_external;
            CREATE INDEX IF NOT EXISTS profile_index_by_handle
                ON {self.table} (handle_key, network, tenant);
            CREATE INDEX IF NOT EXISTS profile_index_by_external
                ON {self.table} (external_id, network, tenant);
            -- Erasures drop rows outside the log: every replica's answers in memory are
            -- dropped when this count moves.
            CREATE TABLE IF NOT EXISTS {self.erasures_table} (
                one boolean PRIMARY KEY DEFAULT true CHECK (one), count bigint NOT NULL);
            INSERT INTO {self.erasures_table} VALUES (true, 0) ON CONFLICT DO NOTHING""")

    @on(SocialProfile.Recorded)
    async def recorded(self, ctx: Context, event: SocialProfile.Recorded) -> None:
        row = await ctx.conn.fetchrow(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, NULL)"
            " ON CONFLICT (tenant, profile_id) DO NOTHING"
            " RETURNING network, external_id, handle_key",
            ctx.tenant, event.originator_id, event.network, self.lookup(event.external_id),
            self.lookup(handle_key(event.handle)))
        self._touch(ctx.tenant, row)

    @on(SocialProfile.Observed)
    async def observed(self, ctx: Context, event: SocialProfile.Observed) -> None:
        # The handle it leaves may now resolve to another profile: both are touched.
        row = await ctx.conn.fetchrow(
            f"UPDATE {self.table} p SET handle_key = $3 FROM (SELECT handle_key FROM"
            f" {self.table} WHERE tenant = $1 AND profile_id = $2 FOR UPDATE) old"
            " WHERE p.tenant = $1 AND p.profile_id = $2"
            " RETURNING p.network, p.external_id, p.handle_key, old.handle_key AS left_key",
            ctx.tenant, event.originator_id, self.lookup(handle_key(event.handle)))
        self._touch(ctx.tenant, row)
        if row is not None:
            self._touched.add((ctx.tenant, row["network"], "handle", row["left_key"]))

    @on(SocialProfile.Linked, SocialProfile.Unlinked)
    async def link_changed(self, ctx: Context, event: SocialProfile.Linked
                           | SocialProfile.Unlinked) -> None:
        customer = event.customer_id if isinstance(event, SocialProfile.Linked) else None
        row = await ctx.conn.fetchrow(
            f"UPDATE {self.table} SET customer_id = $3 WHERE tenant = $1 AND profile_id = $2"
            " RETURNING network, external_id, handle_key",
            ctx.tenant, event.originator_id, customer)
        self._touch(ctx.tenant, row)

    async def forget(self, pool: asyncpg.Pool, tenant: str,
                     profile_id: UUID) -> asyncpg.Record | None:
        """Drops an erased profile from the index (and vacuums away the dead row); returns
        its lookup keys, so what was recorded under them can be forgotten too."""
        async with pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(f"DELETE FROM {self.table} WHERE tenant = $1"
                                      " AND profile_id = $2 RETURNING network, external_id,"
                                      " handle_key", tenant, profile_id)
            await conn.execute(f"UPDATE {self.erasures_table} SET count = count + 1")
        self.generation += 1  # no resolution held in memory may name it any more
        await pool.execute(f"VACUUM {self.table}")
        return row

    async def erasure_count(self, pool: asyncpg.Pool) -> int:
        return int(await pool.fetchval(f"SELECT count FROM {self.erasures_table}"))

    async def resolve(self, pool: asyncpg.Pool, key: ResolutionKey) -> asyncpg.Record | None:
        tenant, network, kind, value = key
        return await pool.fetchrow(self.resolution_queries[kind], tenant, network, value)

    async def linked_to(self, pool: asyncpg.Pool, tenant: str, customer_id: UUID) -> list[UUID]:
        rows = await pool.fetch(f"SELECT profile_id FROM {self.table}"
                                " WHERE tenant = $1 AND customer_id = $2 ORDER BY profile_id",
                                tenant, customer_id)
        return [r[0] for r in rows]


def handle_key(handle: str) -> str:
    """Handles compare case-insensitively, with or without the leading @."""
    return handle.strip().lstrip("@").lower()


class ProfileLinks(Projection):
    """When each profile was linked to which customer (social store): the 360° view's
    profiles at any time. Ids and times only. A run's statements go when it ends."""

    name = "profile_links"
    store = SOCIAL

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.profile_links"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, profile_id uuid NOT NULL, customer_id uuid NOT NULL,
            linked_at timestamptz NOT NULL, unlinked_at timestamptz,
            PRIMARY KEY (tenant, profile_id, linked_at));
            CREATE INDEX IF NOT EXISTS profile_links_customer
                ON {self.table} (tenant, customer_id, linked_at)""")

    @on(SocialProfile.Linked)
    async def linked(self, ctx: Context, event: SocialProfile.Linked) -> None:
        await ctx.later(event.originator_id).execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, NULL) ON CONFLICT DO NOTHING",
            ctx.tenant, event.originator_id, event.customer_id, ctx.at)

    @on(SocialProfile.Unlinked)
    async def unlinked(self, ctx: Context, event: SocialProfile.Unlinked) -> None:
        await ctx.later(event.originator_id).execute(
            f"UPDATE {self.table} SET unlinked_at = $3 WHERE tenant = $1 AND profile_id = $2"
            " AND unlinked_at IS NULL", ctx.tenant, event.originator_id, ctx.at)

    async def linked_at(self, pool: asyncpg.Pool, tenant: str, customer_ids: list[UUID],
                        at: datetime) -> list[UUID]:
        """Profiles linked to any of the customers at time `at`."""
        rows = await pool.fetch(
            f"SELECT DISTINCT profile_id FROM {self.table} WHERE tenant = $1"
            " AND customer_id = ANY($2::uuid[]) AND linked_at <= $3"
            " AND (unlinked_at IS NULL OR unlinked_at > $3) ORDER BY profile_id",
            tenant, customer_ids, at)
        return [r[0] for r in rows]
