"""The tenant's feed sources as listed and polled: each definition arms its first poll (a
kernel durable deadline: one replica polls, across restarts), a removal cancels it. What the
last poll found (validators for conditional GET, counts, error) is the poller's own table:
a rebuild of this projection keeps it."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import asyncpg

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from chorus.scheduling import Deadlines
from services.reputation.domain.listening import FeedSources

FEED_POLL = "feed_poll"


class Feeds(Projection):
    name = "feed_sources"

    def __init__(self, schema: str, deadlines: Deadlines) -> None:
        self.table, self.polls = f"{schema}.feed_sources", f"{schema}.feed_polls"
        self.tables = [self.table]
        self.deadlines = deadlines

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, source_id uuid PRIMARY KEY, url text NOT NULL,
            network text NOT NULL, interval_s integer NOT NULL);
        CREATE TABLE IF NOT EXISTS {self.polls} (source_id uuid PRIMARY KEY,
            etag text NOT NULL DEFAULT '', modified text NOT NULL DEFAULT '',
            last_polled_at timestamptz, last_recorded bigint NOT NULL DEFAULT 0,
            last_duplicates bigint NOT NULL DEFAULT 0, last_error text NOT NULL DEFAULT '',
            not_modified bigint NOT NULL DEFAULT 0)""")

    @on(FeedSources.Defined)
    async def defined(self, ctx: Context, e: FeedSources.Defined) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source_id)"
            " DO UPDATE SET url = $3, network = $4, interval_s = $5", ctx.tenant,
            UUID(e.source_id), e.url, e.network, e.interval)
        await self.arm(ctx.conn, ctx.tenant, UUID(e.source_id), ctx.at)

    @on(FeedSources.Removed)
    async def removed(self, ctx: Context, e: FeedSources.Removed) -> None:
        await ctx.conn.execute(f"DELETE FROM {self.table} WHERE source_id = $1",
                               UUID(e.source_id))
        await self.deadlines.cancel_all(ctx.conn, UUID(e.source_id))

    async def arm(self, conn: Conn, tenant: str, source_id: UUID, due: datetime) -> None:
        """The next poll of the source (one pending poll per source)."""
        await self.deadlines.cancel_all(conn, source_id)
        await self.deadlines.arm(conn, tenant, source_id, f"poll/{due.isoformat()}",
                                 FEED_POLL, due, {"source_id": str(source_id)})

    async def source(self, conn: Conn | asyncpg.Pool, tenant: str,
                     source_id: UUID) -> asyncpg.Record | None:
        return await conn.fetchrow(  # type: ignore[no-any-return]
            f"SELECT s.*, p.etag, p.modified FROM {self.table} s LEFT JOIN {self.polls} p"
            " USING (source_id) WHERE s.tenant = $1 AND s.source_id = $2", tenant, source_id)

    async def listed(self, pool: asyncpg.Pool, tenant: str) -> list[asyncpg.Record]:
        return await pool.fetch(  # type: ignore[no-any-return]
            f"SELECT * FROM {self.table} s LEFT JOIN {self.polls} p USING (source_id)"
            " WHERE s.tenant = $1 ORDER BY s.url", tenant)

    async def polled(self, conn: Conn | asyncpg.Pool, source_id: UUID, at: datetime,
                     etag: str, modified: str, recorded: int, duplicates: int, error: str,
                     not_modified: bool) -> None:
        await conn.execute(
            f"INSERT INTO {self.polls} AS p VALUES ($1, $2, $3, $4, $5, $6, $7,"
            " CASE WHEN $8::boolean THEN 1 ELSE 0 END) ON CONFLICT (source_id) DO UPDATE SET"
            " etag = CASE WHEN $8::boolean THEN p.etag ELSE $2 END,"
            " modified = CASE WHEN $8::boolean THEN p.modified ELSE $3 END,"
            " last_polled_at = $4, last_recorded = $5, last_duplicates = $6, last_error = $7,"
            " not_modified = p.not_modified + excluded.not_modified", source_id, etag,
            modified, at, recorded, duplicates, error, not_modified)


def next_poll(at: datetime, interval_s: int) -> datetime:
    return at + timedelta(seconds=interval_s)
