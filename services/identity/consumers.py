"""Reactions of identity to other services' integration events: erasure confirmations, and
the activity (cases, ideas, votes, comments, mentions) the 360° view and content-producer
tiers are built from. No synchronous call to another service: their events are enough."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus.cases.v1 import events_pb2 as cases_events
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.db import Conn
from chorus.ideas.v1 import events_pb2 as ideas_events
from chorus.messaging.consumer import Handler, Subscription
from chorus.reputation.v1 import events_pb2 as reputation_events
from chorus.runtime import ConsumerSpec, Runtime
from services.identity import application
from services.identity.domain import Network
from services.identity.projections import SOCIAL, ProfileIndex, handle_key


def on_confirmation(rt: Runtime) -> Handler:
    async def handle(conn: Conn, env: EventEnvelope) -> None:
        confirmed = ErasureConfirmed.FromString(env.payload)
        await application.confirm_erasure(
            rt.store, env.tenant, UUID(confirmed.erasure_id), confirmed.service,
            list(confirmed.erased), env.occurred_at.ToDatetime().astimezone())
    return handle


# -- activity in other services (verified store: ids and counts only) ------------------------


@dataclass(frozen=True)
class Tally:
    """One change to a customer's activity counts: +1 / -1 of a kind."""

    customer_id: str
    kind: str
    delta: int


def _vote_tally(e: ideas_events.IdeaVoteChanged) -> list[Tally]:
    delta = (e.vote != ideas_events.VOTE_UNSPECIFIED) - (
        e.previous_vote != ideas_events.VOTE_UNSPECIFIED)
    return [Tally(e.voter_id, "votes_cast", delta)] if delta else []


# event type -> what it changes in the author's or voter's activity
TALLIES: dict[str, Callable[[bytes], list[Tally]]] = {
    "chorus.cases.v1.CaseOpened": lambda b: [
        Tally((e := cases_events.CaseOpened.FromString(b)).customer_id, "cases_opened", 1),
        Tally(e.customer_id, "cases_open", 1)],
    "chorus.cases.v1.CaseClosed": lambda b: [
        Tally(cases_events.CaseClosed.FromString(b).customer_id, "cases_open", -1)],
    "chorus.ideas.v1.IdeaSubmitted": lambda b: [
        Tally(ideas_events.IdeaSubmitted.FromString(b).author_id, "ideas_submitted", 1)],
    "chorus.ideas.v1.IdeaVoteChanged": lambda b: _vote_tally(
        ideas_events.IdeaVoteChanged.FromString(b)),
    # Official comments are the brand's, not a customer's.
    "chorus.ideas.v1.CommentPosted": lambda b: [
        Tally(e.author_id, "comments_posted", 1)
        for e in [ideas_events.CommentPosted.FromString(b)] if not e.official],
    "chorus.ideas.v1.CommentDeleted": lambda b: [
        Tally(ideas_events.CommentDeleted.FromString(b).author_id, "comments_posted", -1)],
}


class Activity:
    """Per-customer activity counts as a log of signed changes with their times, so the
    360° view can sum them up to any moment (`as_of`)."""

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.customer_activity"

    async def create(self, pool: asyncpg.Pool) -> None:
        await pool.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            event_id uuid NOT NULL, kind text NOT NULL, tenant text NOT NULL,
            customer_id uuid NOT NULL, delta integer NOT NULL, occurred_at timestamptz NOT NULL,
            PRIMARY KEY (event_id, kind));
            CREATE INDEX IF NOT EXISTS customer_activity_by_customer
                ON {self.table} (tenant, customer_id, occurred_at)""")

    def handler(self) -> Handler:
        async def handle(conn: Conn, env: EventEnvelope) -> None:
            tally = TALLIES.get(env.event_type)
            if tally is None:
                return  # a type this version does not count
            at = env.occurred_at.ToDatetime().astimezone()
            for t in tally(env.payload):
                try:
                    customer = UUID(t.customer_id)
                except ValueError:
                    continue  # not one of our customers (e.g. an anonymous author)
                await conn.execute(f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6)"
                                   " ON CONFLICT DO NOTHING", UUID(env.event_id), t.kind,
                                   env.tenant, customer, t.delta, at)
        return handle

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


class Mentions:
    """Mentions reputation found, by author. Authors are kept as the same keyed hashes as the
    profile index, and matched to linked profiles only when read, so a mention counts for a
    profile linked after it was found."""

    def __init__(self, schema: str, index: ProfileIndex) -> None:
        self.table = f"{schema}.profile_mentions"
        self.index = index

    async def create(self, pool: asyncpg.Pool) -> None:
        await pool.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            mention_id text NOT NULL, tenant text NOT NULL, network text NOT NULL,
            external_key text, handle_key text, published_at timestamptz NOT NULL,
            PRIMARY KEY (tenant, mention_id));
            CREATE INDEX IF NOT EXISTS profile_mentions_external
                ON {self.table} (tenant, network, external_key, published_at);
            CREATE INDEX IF NOT EXISTS profile_mentions_handle
                ON {self.table} (tenant, network, handle_key, published_at)""")

    def handler(self) -> Handler:
        async def handle(conn: Conn, env: EventEnvelope) -> None:
            m = reputation_events.MentionRecorded.FromString(env.payload)
            if m.network not in set(Network) or not (m.author_external_id or m.author_handle):
                return  # an author identity could never link to a customer
            published = (m.published_at if m.HasField("published_at")
                         else env.occurred_at).ToDatetime().astimezone()
            await conn.execute(
                f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6)"
                " ON CONFLICT DO NOTHING", m.mention_id or env.event_id, env.tenant, m.network,
                self.index.lookup(m.author_external_id) if m.author_external_id else None,
                self.index.lookup(handle_key(m.author_handle)) if m.author_handle else None,
                published)
        return handle

    def _by_author(self, profiles: str, join: str = "JOIN") -> str:
        """Profile-index rows selected by `profiles` (SQL) joined to the mentions they
        authored."""
        return (f" FROM ({profiles}) p {join} {self.table} m ON m.tenant = p.tenant"
                " AND m.network = p.network AND (m.external_key = p.external_id"
                " OR m.handle_key = p.handle_key)")

    async def counts(self, pool: asyncpg.Pool, tenant: str, profile_ids: list[UUID],
                     since: datetime, at: datetime) -> tuple[int, int]:
        """Mentions authored through the profiles up to `at`: ever, and since `since`."""
        row = await pool.fetchrow(
            "SELECT count(DISTINCT m.mention_id) AS ever, count(DISTINCT m.mention_id)"
            " FILTER (WHERE m.published_at > $3) AS recent" + self._by_author(
                f"SELECT * FROM {self.index.table} WHERE tenant = $1"
                " AND profile_id = ANY($2::uuid[])") + " WHERE m.published_at <= $4",
            tenant, profile_ids, since, at)
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


def activity(rt: Runtime) -> Activity:
    return Activity(rt.schema)


def mentions(rt: Runtime) -> Mentions:
    social = rt.store_configs[SOCIAL]
    return Mentions(social.schema, ProfileIndex(social.schema, social.master_key))


async def create_tables(rt: Runtime) -> None:
    await activity(rt).create(rt.pool)
    await mentions(rt).create(rt.pools[SOCIAL])


def consumers(participants: list[str]) -> list[ConsumerSpec]:
    confirmations = [ConsumerSpec(f"erasure-{service}",
                                  Subscription(service, (f"chorus.{service}.*.ErasureConfirmed",)),
                                  on_confirmation) for service in participants]
    activities = [ConsumerSpec(f"activity-{publisher}", Subscription(publisher, tuple(
        f"chorus.{publisher}.*.{t.rsplit('.', 1)[1]}" for t in TALLIES
        if t.startswith(f"chorus.{publisher}."))), lambda rt: activity(rt).handler())
        for publisher in ("cases", "ideas")]
    authored = ConsumerSpec("mentions", Subscription(
        "reputation", ("chorus.reputation.*.MentionRecorded",)),
        lambda rt: mentions(rt).handler(), store=SOCIAL)
    return [*confirmations, *activities, authored]
