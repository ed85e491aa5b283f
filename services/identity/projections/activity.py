"""What identity counts of customers' activity elsewhere, from other services' integration
events only (no synchronous call to another service): cases, ideas, votes and comments
(verified store: ids, kinds and times), and mentions authored through social profiles (social
store: keyed hashes, never handles)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus.cases.v1 import events_pb2 as cases_events
from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.ideas.v1 import events_pb2 as ideas_events
from chorus.projections.readers import ReadModel
from chorus.reputation.v1 import events_pb2 as reputation_events
from services.identity.domain.social_profile import Network
from services.identity.projections.profiles import SOCIAL, ProfileIndex, handle_key


class Activity(ReadModel):
    """Per-customer activity counts as a log of signed changes with their times, so the
    360° view can sum them up to any moment (`as_of`)."""

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.customer_activity"

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            event_id uuid NOT NULL, kind text NOT NULL, tenant text NOT NULL,
            customer_id uuid NOT NULL, delta integer NOT NULL, occurred_at timestamptz NOT NULL,
            PRIMARY KEY (event_id, kind));
            CREATE INDEX IF NOT EXISTS customer_activity_by_customer
                ON {self.table} (tenant, customer_id, occurred_at)""")

    async def _tally(self, ctx: Context, customer_id: str, kind: str, delta: int) -> None:
        try:
            customer = UUID(customer_id)
        except ValueError:
            return  # not one of our customers (e.g. an anonymous author)
        # Queued with the rest of the consumer's batch: one round trip for all of it.
        await ctx.later((ctx.cause_id, kind)).execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            UUID(ctx.cause_id), kind, ctx.tenant, customer, delta, ctx.at)

    @on(cases_events.CaseOpened)
    async def case_opened(self, ctx: Context, e: cases_events.CaseOpened) -> None:
        await self._tally(ctx, e.customer_id, "cases_opened", 1)
        await self._tally(ctx, e.customer_id, "cases_open", 1)

    @on(cases_events.CaseClosed)
    async def case_closed(self, ctx: Context, e: cases_events.CaseClosed) -> None:
        await self._tally(ctx, e.customer_id, "cases_open", -1)

    @on(ideas_events.IdeaSubmitted)
    async def idea_submitted(self, ctx: Context, e: ideas_events.IdeaSubmitted) -> None:
        await self._tally(ctx, e.author_id, "ideas_submitted", 1)

    @on(ideas_events.IdeaVoteChanged)
    async def vote_changed(self, ctx: Context, e: ideas_events.IdeaVoteChanged) -> None:
        delta = (e.vote != ideas_events.VOTE_UNSPECIFIED) - (
            e.previous_vote != ideas_events.VOTE_UNSPECIFIED)
        if delta:
            await self._tally(ctx, e.voter_id, "votes_cast", delta)

    @on(ideas_events.CommentPosted)
    async def comment_posted(self, ctx: Context, e: ideas_events.CommentPosted) -> None:
        if not e.official:  # official comments are the brand's, not a customer's
            await self._tally(ctx, e.author_id, "comments_posted", 1)

    @on(ideas_events.CommentDeleted)
    async def comment_deleted(self, ctx: Context, e: ideas_events.CommentDeleted) -> None:
        await self._tally(ctx, e.author_id, "comments_posted", -1)

    async def summary(self, pool: asyncpg.Pool, tenant: str, customer_ids: list[UUID],
                      at: datetime) -> tuple[dict[str, int], datetime | None]:
        """Counts per kind up to `at`, and the time of the last activity."""
        rows = await pool.fetch(
            f"SELECT kind, sum(delta) AS n, max(occurred_at) AS last FROM {self.table}"
            " WHERE tenant = $1 AND customer_id = ANY($2::uuid[]) AND occurred_at <= $3"
            " GROUP BY kind", tenant, customer_ids, at)
        return {r["kind"]: int(r["n"]) for r in rows}, max(
            (r["last"] for r in rows), default=None)

    async def forget(self, pool: asyncpg.Pool, tenant: str, customer_id: UUID) -> None:
        await pool.execute(f"DELETE FROM {self.table} WHERE tenant = $1 AND customer_id = $2",
                           tenant, customer_id)


# -- mentions authored by social profiles (social store: keyed hashes, never handles) --------


class Mentions(ReadModel):
    """Mentions reputation found, by author. Authors are kept as the same keyed hashes as the
    profile index, and matched to linked profiles only when read, so a mention counts for a
    profile linked after it was found."""

    store = SOCIAL

    def __init__(self, schema: str, index: ProfileIndex) -> None:
        self.schema, self.table = schema, f"{schema}.profile_mentions"
        self.index = index
        # Mentions authored through some profiles: $1 tenant, $2 profile ids, $3 recent
        # since, $4 as of.
        self.counts_query = (
            "SELECT count(DISTINCT m.mention_id) AS ever, count(DISTINCT m.mention_id)"
            " FILTER (WHERE m.published_at > $3) AS recent" + self._by_author(
                f"SELECT * FROM {index.table} WHERE tenant = $1"
                " AND profile_id = ANY($2::uuid[])") + " WHERE m.published_at <= $4")

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            mention_id text NOT NULL, tenant text NOT NULL, network text NOT NULL,
            external_key text, handle_key text, published_at timestamptz NOT NULL,
            PRIMARY KEY (tenant, mention_id));
            -- Keyed first, as the profile index's: with (tenant, network) leading, an author's
            -- mentions were found by reading every mention of the network.
            DROP INDEX IF EXISTS {self.schema}.profile_mentions_external;
            DROP INDEX IF EXISTS {self.schema}.profile_mentions_handle;
            CREATE INDEX IF NOT EXISTS profile_mentions_by_external
                ON {self.table} (external_key, network, tenant, published_at);
            CREATE INDEX IF NOT EXISTS profile_mentions_by_handle
                ON {self.table} (handle_key, network, tenant, published_at)""")

    @on(reputation_events.MentionRecorded)
    async def recorded(self, ctx: Context, m: reputation_events.MentionRecorded) -> None:
        if m.network not in set(Network) or not (m.author_external_id or m.author_handle):
            return  # an author identity could never link to a customer
        published = (m.published_at.ToDatetime().astimezone() if m.HasField("published_at")
                     else ctx.at)
        await ctx.later(ctx.cause_id).execute(  # with the rest of the consumer's batch
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6)"
            " ON CONFLICT DO NOTHING", m.mention_id or ctx.cause_id, ctx.tenant, m.network,
            self.index.lookup(m.author_external_id) if m.author_external_id else None,
            self.index.lookup(handle_key(m.author_handle)) if m.author_handle else None,
            published)

    def _by_author(self, profiles: str, join: str = "JOIN") -> str:
        """Profile-index rows selected by `profiles` (SQL) joined to the mentions they
        authored."""
        return (f" FROM ({profiles}) p {join} {self.table} m ON m.tenant = p.tenant"
                " AND m.network = p.network AND (m.external_key = p.external_id"
                " OR m.handle_key = p.handle_key)")

    async def counts(self, pool: asyncpg.Pool, tenant: str, profile_ids: list[UUID],
                     since: datetime, at: datetime) -> tuple[int, int]:
        """Mentions authored through the profiles up to `at`: ever, and since `since`."""
        row = await pool.fetchrow(self.counts_query, tenant, profile_ids, since, at)
        return int(row["ever"]), int(row["recent"])

    async def producers(self, pool: asyncpg.Pool, tenant: str, since: datetime, low: int,
                        high: int | None, after: tuple[int, UUID] | None,
                        limit: int) -> list[asyncpg.Record]:
        """Customers with linked profiles and `low` <= recent mentions < `high`, most first,
        after the keyset cursor (mentions, customer id)."""
        args: list[Any] = [tenant, since, low, high, limit]
        cursor = ""
        if after is not None:
            args += list(after)
            cursor = " AND (n < $6 OR (n = $6 AND customer_id > $7))"
        return await pool.fetch(
            "WITH counted AS (SELECT p.customer_id, count(DISTINCT m.mention_id)"
            " FILTER (WHERE m.published_at > $2) AS n" + self._by_author(
                f"SELECT * FROM {self.index.table} WHERE tenant = $1"
                " AND customer_id IS NOT NULL", "LEFT JOIN") + " GROUP BY p.customer_id)"
            " SELECT customer_id, n FROM counted WHERE n >= $3 AND ($4::int IS NULL OR n < $4)"
            + cursor + " ORDER BY n DESC, customer_id LIMIT $5", *args)

    async def forget(self, pool: asyncpg.Pool, tenant: str, keys: asyncpg.Record) -> None:
        """Forgets the mentions of an erased profile (by its lookup keys)."""
        await pool.execute(f"DELETE FROM {self.table} WHERE tenant = $1 AND network = $2"
                           " AND (external_key = $3 OR handle_key = $4)", tenant,
                           keys["network"], keys["external_id"], keys["handle_key"])
