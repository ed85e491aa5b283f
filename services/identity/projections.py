"""Read models of identity."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from chorus.db import Conn
from chorus.eventstore.recorder import RecordedEvent
from services.identity.domain import Customer, SocialProfile


class Customers:
    """Current customers, for GetCustomer and ListCustomers. Names, emails and phones stay
    encrypted under each customer's key (sealed events), so erasure needs no purge here."""

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

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None:
        key = (record.metadata.tenant, event.originator_id)
        where = " WHERE tenant = $1 AND customer_id = $2"
        if isinstance(event, Customer.Registered):
            await conn.execute(
                f"INSERT INTO {self.table} (tenant, customer_id, customer_code, legal_name,"
                " email, phone, country, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                " ON CONFLICT (tenant, customer_id) DO NOTHING",
                *key, event.customer_code, event.legal_name, event.email, event.phone,
                event.country, event.language)
        elif isinstance(event, Customer.DetailsChanged):
            await conn.execute(
                f"UPDATE {self.table} SET legal_name = $3, email = $4, phone = $5, country = $6,"
                " language = $7" + where, *key, event.legal_name, event.email, event.phone,
                event.country, event.language)
        elif isinstance(event, Customer.Closed):
            await conn.execute(f"UPDATE {self.table} SET closed = true" + where, *key)
        elif isinstance(event, Customer.IdentityVerified):
            await conn.execute(f"UPDATE {self.table} SET verification = $3" + where, *key,
                               event.level)
        elif isinstance(event, Customer.Classified):
            await conn.execute(f"UPDATE {self.table} SET segments = $3, tier = $4, tags = $5"
                               + where, *key, event.segments, event.tier, event.tags)
        elif isinstance(event, Customer.MergedInto | Customer.Unmerged):
            survivor = event.survivor_id if isinstance(event, Customer.MergedInto) else None
            await conn.execute(f"UPDATE {self.table} SET merged_into = $3" + where, *key,
                               survivor)
        elif isinstance(event, Customer.ConsentGiven | Customer.ConsentWithdrawn):
            await conn.execute(
                f"INSERT INTO {self.consents} VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (tenant, customer_id, purpose, channel)"
                " DO UPDATE SET given = excluded.given", *key, event.purpose, event.channel,
                isinstance(event, Customer.ConsentGiven))

    def committed(self, events: list[Any]) -> None:
        if any(isinstance(e, Customer.MergedInto | Customer.Unmerged) for e in events):
            self.merge_generation += 1

    async def list(self, pool: asyncpg.Pool, tenant: str, filters: dict[str, Any],
                   after: str | None, limit: int) -> list[asyncpg.Record]:
        """Customers ordered by customer code, after the keyset cursor `after`."""
        where, args = ["c.tenant = $1"], [tenant]

        def arg(value: Any) -> str:
            args.append(value)
            return f"${len(args)}"

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


class Survivors:
    """Which customer now stands for a merged one, held in memory: every resolution follows
    merges, and a database round trip for each cost about a sixth of Resolve's time. The map
    (merged customers only: few) is read again as soon as this process's read model applied
    a merge or unmerge (so a caller who saw the merge in the read model resolves to the
    survivor), and at least every `max_age_s` for those another replica applied."""

    def __init__(self, customers: Customers, pool: asyncpg.Pool, max_age_s: float = 1.0) -> None:
        self.customers, self.pool, self.max_age_s = customers, pool, max_age_s
        self._into: dict[tuple[str, UUID], UUID] = {}
        self._generation = -1
        self._read_at = -1e9
        self._lock = asyncio.Lock()

    def _stale(self) -> bool:
        return (self._generation != self.customers.merge_generation
                or time.monotonic() - self._read_at >= self.max_age_s)

    async def _refresh(self) -> None:
        async with self._lock:
            if not self._stale():
                return  # another caller refreshed it meanwhile
            generation = self.customers.merge_generation
            rows = await self.pool.fetch(
                f"SELECT tenant, customer_id, merged_into FROM {self.customers.table}"
                " WHERE merged_into IS NOT NULL")
            self._into = {(r["tenant"], r["customer_id"]): r["merged_into"] for r in rows}
            self._generation, self._read_at = generation, time.monotonic()

    async def of(self, tenant: str, customer_id: UUID) -> UUID:
        if self._stale():
            await self._refresh()
        seen = {customer_id}
        while (nxt := self._into.get((tenant, customer_id))) is not None and nxt not in seen:
            seen.add(nxt)
            customer_id = nxt
        return customer_id


# Social-network-derived data (profiles, links) lives in its own store: its own schema,
# database role and encryption keys, never in the verified customer store.
SOCIAL = "social"


class ProfileIndex:
    """Resolution index of social profiles (in the social store's schema): network + handle or
    external id -> profile -> linked customer. Handles and external ids are kept only as keyed
    hashes (HMAC under a key derived from the social store's master key): equality lookups
    work, and the table holds no readable social identifier."""

    name = "profile_index"
    store = SOCIAL

    def __init__(self, schema: str, master_key: bytes) -> None:
        self.table = f"{schema}.profile_index"
        self.tables = [self.table]
        self._lookup_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                info=b"chorus identity profile lookup").derive(master_key)

    def lookup(self, value: str) -> str:
        return hmac.new(self._lookup_key, value.encode(), hashlib.sha256).hexdigest()

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, profile_id uuid NOT NULL, network text NOT NULL,
            external_id text NOT NULL, handle_key text NOT NULL, customer_id uuid,
            PRIMARY KEY (tenant, profile_id));
            CREATE INDEX IF NOT EXISTS profile_index_handle
                ON {self.table} (tenant, network, handle_key);
            CREATE INDEX IF NOT EXISTS profile_index_external
                ON {self.table} (tenant, network, external_id)""")

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None:
        tenant, pid = record.metadata.tenant, event.originator_id
        if isinstance(event, SocialProfile.Recorded):
            await conn.execute(
                f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, NULL)"
                " ON CONFLICT (tenant, profile_id) DO NOTHING",
                tenant, pid, event.network, self.lookup(event.external_id),
                self.lookup(handle_key(event.handle)))
        elif isinstance(event, SocialProfile.Observed):
            await conn.execute(f"UPDATE {self.table} SET handle_key = $3"
                               " WHERE tenant = $1 AND profile_id = $2",
                               tenant, pid, self.lookup(handle_key(event.handle)))
        elif isinstance(event, SocialProfile.Linked | SocialProfile.Unlinked):
            customer = event.customer_id if isinstance(event, SocialProfile.Linked) else None
            await conn.execute(f"UPDATE {self.table} SET customer_id = $3"
                               " WHERE tenant = $1 AND profile_id = $2", tenant, pid, customer)

    async def forget(self, pool: asyncpg.Pool, tenant: str,
                     profile_id: UUID) -> asyncpg.Record | None:
        """Drops an erased profile from the index (and vacuums away the dead row); returns
        its lookup keys, so what was recorded under them can be forgotten too."""
        row = await pool.fetchrow(f"DELETE FROM {self.table} WHERE tenant = $1"
                                  " AND profile_id = $2 RETURNING network, external_id,"
                                  " handle_key", tenant, profile_id)
        await pool.execute(f"VACUUM {self.table}")
        return row

    async def linked_to(self, pool: asyncpg.Pool, tenant: str, customer_id: UUID) -> list[UUID]:
        rows = await pool.fetch(f"SELECT profile_id FROM {self.table}"
                                " WHERE tenant = $1 AND customer_id = $2 ORDER BY profile_id",
                                tenant, customer_id)
        return [r[0] for r in rows]

    async def resolve(self, pool: asyncpg.Pool, tenant: str, network: str, *,
                      handle: str = "", external_id: str = "") -> asyncpg.Record | None:
        if external_id:
            return await pool.fetchrow(
                f"SELECT profile_id, customer_id FROM {self.table}"
                " WHERE tenant = $1 AND network = $2 AND external_id = $3",
                tenant, network, self.lookup(external_id))
        return await pool.fetchrow(
            f"SELECT profile_id, customer_id FROM {self.table}"
            " WHERE tenant = $1 AND network = $2 AND handle_key = $3"
            " ORDER BY customer_id IS NULL LIMIT 1", tenant, network,
            self.lookup(handle_key(handle)))


def handle_key(handle: str) -> str:
    """Handles compare case-insensitively, with or without the leading @."""
    return handle.strip().lstrip("@").lower()


class ProfileLinks:
    """When each profile was linked to which customer (social store): the 360° view's
    profiles at any time. Ids and times only."""

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

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None:
        tenant, pid = record.metadata.tenant, event.originator_id
        if isinstance(event, SocialProfile.Linked):
            await conn.execute(f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, NULL)"
                               " ON CONFLICT DO NOTHING", tenant, pid, event.customer_id,
                               record.recorded_at)
        elif isinstance(event, SocialProfile.Unlinked):
            await conn.execute(f"UPDATE {self.table} SET unlinked_at = $3 WHERE tenant = $1"
                               " AND profile_id = $2 AND unlinked_at IS NULL", tenant, pid,
                               record.recorded_at)

    async def linked_at(self, pool: asyncpg.Pool, tenant: str, customer_ids: list[UUID],
                        at: datetime) -> list[UUID]:
        """Profiles linked to any of the customers at time `at`."""
        rows = await pool.fetch(
            f"SELECT DISTINCT profile_id FROM {self.table} WHERE tenant = $1"
            " AND customer_id = ANY($2::uuid[]) AND linked_at <= $3"
            " AND (unlinked_at IS NULL OR unlinked_at > $3) ORDER BY profile_id",
            tenant, customer_ids, at)
        return [r[0] for r in rows]
