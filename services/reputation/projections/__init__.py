"""Read models of reputation: mentions as analysts read them (what people wrote stays
encrypted under the author's profile key: erasing the author erases it here too), their
search index (words of what they wrote: an erased author's rows are deleted), and which
customer each social profile is linked to (from identity's events)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from chorus import search
from chorus.db import Conn
from chorus.features.profile_links import ProfileLinks as KernelProfileLinks
from chorus.handlers import Context, columns, on, on_many
from chorus.identity.v1 import events_pb2 as identity
from chorus.projections.readers import Projection, ReadModel
from chorus.scheduling import Deadlines
from services.reputation.domain.alerts import BuzzWatch, CrisisAlert
from services.reputation.domain.buzz import AlertPolicies, bucket_start
from services.reputation.domain.mention import Mention
from services.reputation.projections import volumes

BUCKET_CLOSED = "bucket_closed"
# Mentions published in a bucket's last instants reach the read model just after it closes.
CLOSE_GRACE = timedelta(seconds=1)
WORDS = search.words("w")


class Mentions(Projection):
    name = "mentions"
    sealed = True

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.mentions"
        # Each post's engagement as first heard and as it grew: bad-buzz backtests replay it.
        self.samples = f"{schema}.engagement_samples"
        self.schema = schema
        self.tables = [self.table, self.samples] + [
            f"{schema}.mention_{grain}s" for grain in volumes.GRAINS]

    async def setup(self, conn: Conn) -> None:
        t = self.table
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {t} (
            tenant text NOT NULL, mention_id uuid PRIMARY KEY, network text NOT NULL,
            post_id text NOT NULL, author_external_id text NOT NULL,
            author_profile_id text NOT NULL, sealed_for text NOT NULL,
            author_handle text NOT NULL, author_display_name text NOT NULL,
            author_followers bigint NOT NULL, text text NOT NULL, url text NOT NULL,
            published_at timestamptz NOT NULL, reply_to text NOT NULL, likes bigint NOT NULL,
            shares bigint NOT NULL, comments bigint NOT NULL, language text NOT NULL,
            sentiment text NOT NULL, score double precision NOT NULL, intent text NOT NULL,
            terms text[] NOT NULL, analyser text NOT NULL,
            answer_requested text NOT NULL DEFAULT '', brand_replied_at timestamptz);
        CREATE INDEX IF NOT EXISTS mentions_newest ON {t} (tenant, published_at DESC,
            mention_id);
        CREATE INDEX IF NOT EXISTS mentions_by_author ON {t} (tenant, author_profile_id,
            published_at);
        CREATE INDEX IF NOT EXISTS mentions_terms ON {t} USING gin (terms);
        CREATE TABLE IF NOT EXISTS {self.samples} (tenant text NOT NULL,
            mention_id uuid NOT NULL, at timestamptz NOT NULL, engagement bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS engagement_samples_at ON {self.samples} (tenant, at)""")
        await conn.execute(volumes.ddl(self.schema))

    @on_many(Mention.Recorded, Mention.AnswerRequested)
    async def recorded(self, items: list[tuple[Context, Any]]) -> None:
        """A run of mentions recorded (with the answers some of them asked for), set-based:
        under load the log holds long runs of them."""
        conn = items[0][0].conn
        new = [(ctx, e) for ctx, e in items if isinstance(e, Mention.Recorded)]
        asked = [(ctx, e) for ctx, e in items if isinstance(e, Mention.AnswerRequested)]
        if new:
            engagement = [e.likes + e.shares + e.comments for _, e in new]
            await conn.execute(
                f"INSERT INTO {self.table} (tenant, mention_id, network, post_id,"
                " author_external_id, author_profile_id, author_handle, author_display_name,"
                " author_followers, text, url, published_at, reply_to, likes, shares, comments,"
                " language, sentiment, score, intent, analyser, sealed_for, terms)"
                " SELECT t, i, n, p, x, a, h, d, f, w, l, at, r, lk, sh, c, lg, s, sc, it, an, sf,"
                " ARRAY(SELECT jsonb_array_elements_text(terms)) FROM unnest("
                "$1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],"
                " $7::text[], $8::text[], $9::bigint[], $10::text[], $11::text[],"
                " $12::timestamptz[], $13::text[], $14::bigint[], $15::bigint[], $16::bigint[],"
                " $17::text[], $18::text[], $19::float8[], $20::text[], $21::text[],"
                " $22::text[], $23::jsonb[]) AS u(t, i, n, p, x, a, h, d, f, w, l, at, r, lk, sh,"
                " c, lg, s, sc, it, an, sf, terms) ON CONFLICT DO NOTHING",
                *columns(new, "originator_id", "network", "post_id", "author_external_id",
                         "author_profile_id", "author_handle", "author_display_name",
                         "author_followers", "text", "url", "published_at", "reply_to",
                         "likes", "shares", "comments", "language", "sentiment",
                         "sentiment_score", "intent", "analyser"),
                [ctx.sealed_for for ctx, _ in new],
                [json.dumps(list(e.terms)) for _, e in new])
            await conn.execute(
                f"INSERT INTO {self.samples} SELECT * FROM unnest($1::text[], $2::uuid[],"
                " $3::timestamptz[], $4::bigint[])",
                *columns(new, "originator_id", "published_at"), engagement)
            await volumes.add(conn, self.schema, [
                volumes.Change(ctx.tenant, list(e.terms), e.published_at, e.network,
                               e.sentiment, 1, n) for (ctx, e), n in zip(new, engagement,
                                                                       strict=True)])
        if asked:
            await conn.execute(
                f"UPDATE {self.table} m SET answer_requested = u.reason FROM unnest("
                "$1::uuid[], $2::text[]) AS u(id, reason) WHERE m.mention_id = u.id",
                [e.originator_id for _, e in asked], [e.reason for _, e in asked])

    @on(Mention.EngagementUpdated)
    async def engagement(self, ctx: Context, e: Mention.EngagementUpdated) -> None:
        now = e.likes + e.shares + e.comments
        await ctx.conn.execute(f"INSERT INTO {self.samples} VALUES ($1, $2, $3, $4)",
                               ctx.tenant, e.originator_id, e.timestamp, now)
        before = await ctx.conn.fetchrow(
            f"SELECT likes + shares + comments AS engagement, terms, published_at, network,"
            f" sentiment FROM {self.table} WHERE mention_id = $1 FOR UPDATE", e.originator_id)
        await ctx.conn.execute(f"UPDATE {self.table} SET likes = $2, shares = $3, comments = $4"
                               " WHERE mention_id = $1", e.originator_id, e.likes, e.shares,
                               e.comments)
        if before is not None and now != before["engagement"]:
            await volumes.add(ctx.conn, self.schema, [volumes.Change(
                ctx.tenant, before["terms"], before["published_at"], before["network"],
                before["sentiment"], 0, now - before["engagement"])])

    @on(Mention.Reanalysed)
    async def reanalysed(self, ctx: Context, e: Mention.Reanalysed) -> None:
        """Moves the mention, with its engagement, from its old tone and terms to the new."""
        before = await ctx.conn.fetchrow(
            f"SELECT likes + shares + comments AS engagement, terms, published_at, network,"
            f" sentiment FROM {self.table} WHERE mention_id = $1 FOR UPDATE", e.originator_id)
        if before is None:
            return
        await ctx.conn.execute(
            f"UPDATE {self.table} SET language = $2, sentiment = $3, score = $4, intent = $5,"
            " terms = $6, analyser = $7 WHERE mention_id = $1", e.originator_id, e.language,
            e.sentiment, e.sentiment_score, e.intent, e.terms, e.analyser)
        await volumes.add(ctx.conn, self.schema, [volumes.Change(
            ctx.tenant, list(terms), before["published_at"], before["network"], sentiment,
            sign, sign * before["engagement"]) for terms, sentiment, sign in (
                (before["terms"], before["sentiment"], -1), (e.terms, e.sentiment, 1))])

    @on(Mention.BrandReplied)
    async def brand_replied(self, ctx: Context, e: Mention.BrandReplied) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET brand_replied_at = $2"
                               " WHERE mention_id = $1", e.originator_id, e.at)


class MentionSearch(Projection):
    name = "mention_search"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.mention_search"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            mention_id uuid PRIMARY KEY, tenant text NOT NULL, author_profile_id text NOT NULL,
            words tsvector NOT NULL, published_at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS mention_search_words ON {self.table} USING gin (words);
            -- Newest first: a common word's newest matches are found walking this index,
            -- not by sorting all of them.
            CREATE INDEX IF NOT EXISTS mention_search_newest ON {self.table}
                (tenant, published_at DESC, mention_id DESC);
            CREATE INDEX IF NOT EXISTS mention_search_author ON {self.table}
                (tenant, author_profile_id)""")

    @on_many(Mention.Recorded)
    async def recorded(self, items: list[tuple[Context, Mention.Recorded]]) -> None:
        await items[0][0].conn.execute(
            f"INSERT INTO {self.table} SELECT i, t, a, {WORDS}, at FROM unnest($1::text[],"
            " $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS u(t, i, w, a, at)"
            " ON CONFLICT DO NOTHING",
            *columns(items, "originator_id", "text", "author_profile_id", "published_at"))

    async def forget(self, conn: Conn, tenant: str, profiles: list[str]) -> int:
        done = await conn.fetchval(
            f"WITH d AS (DELETE FROM {self.table} WHERE tenant = $1 AND author_profile_id ="
            " ANY($2::text[]) RETURNING 1) SELECT count(*) FROM d", tenant, profiles)
        return int(done)


class ProfileLinks(KernelProfileLinks, ReadModel):
    """Which customer each social profile is linked to (identity's events; the kernel's
    table): mentions are attributed to customers, and erasing a customer erases what all
    their profiles ever wrote."""

    @on(identity.SocialProfileLinkChanged)
    async def changed(self, ctx: Context, e: identity.SocialProfileLinkChanged) -> None:
        await self.record(ctx, e)


class Alerts(Projection):
    """Crisis alerts as dashboards list and watch them; `changed` orders their changes
    (WatchAlerts streams them from there)."""

    name = "alerts"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.alerts"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE SEQUENCE IF NOT EXISTS {self.table}_changes;
        CREATE TABLE IF NOT EXISTS {self.table} (
            alert_id uuid PRIMARY KEY, tenant text NOT NULL, term text NOT NULL,
            status text NOT NULL, bucket_start timestamptz NOT NULL,
            raised_at timestamptz NOT NULL, reasons text[] NOT NULL, volume bigint NOT NULL,
            negative_share double precision NOT NULL, z_score double precision NOT NULL,
            driving_mention_ids text[] NOT NULL, escalations integer NOT NULL DEFAULT 0,
            last_bucket_start timestamptz NOT NULL, acknowledged_by text NOT NULL DEFAULT '',
            resolved_by text NOT NULL DEFAULT '', note text NOT NULL DEFAULT '',
            changed bigint NOT NULL DEFAULT nextval('{self.table}_changes'));
        CREATE INDEX IF NOT EXISTS alerts_newest ON {self.table} (tenant, raised_at DESC);
        CREATE INDEX IF NOT EXISTS alerts_changed ON {self.table} (tenant, changed)""")

    async def _set(self, ctx: Context, alert_id: Any, sets: str, *args: Any) -> None:
        await ctx.conn.execute(
            f"UPDATE {self.table} SET {sets}, changed = nextval('{self.table}_changes')"
            " WHERE alert_id = $1", alert_id, *args)

    @on(CrisisAlert.Raised)
    async def raised(self, ctx: Context, e: CrisisAlert.Raised) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} (alert_id, tenant, term, status, bucket_start,"
            " raised_at, reasons, volume, negative_share, z_score, driving_mention_ids,"
            " last_bucket_start) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $4)"
            " ON CONFLICT DO NOTHING", e.originator_id, ctx.tenant, e.term, e.bucket_start,
            e.raised_at, e.reasons, e.volume, e.negative_share, e.z_score,
            e.driving_mention_ids)

    @on(CrisisAlert.Escalated)
    async def escalated(self, ctx: Context, e: CrisisAlert.Escalated) -> None:
        await self._set(ctx, e.originator_id,
                        "escalations = escalations + 1, last_bucket_start = $2, reasons = $3,"
                        " volume = $4, negative_share = $5, z_score = $6,"
                        " driving_mention_ids = $7", e.bucket_start, e.reasons, e.volume,
                        e.negative_share, e.z_score, e.driving_mention_ids)

    @on(CrisisAlert.Acknowledged)
    async def acknowledged(self, ctx: Context, e: CrisisAlert.Acknowledged) -> None:
        await self._set(ctx, e.originator_id, "status = 'acknowledged', acknowledged_by = $2",
                        e.by)

    @on(CrisisAlert.Resolved)
    async def resolved(self, ctx: Context, e: CrisisAlert.Resolved) -> None:
        await self._set(ctx, e.originator_id, "status = 'resolved', resolved_by = $2,"
                        " note = $3", e.by, e.note)


class BucketDeadlines(Projection):
    """Live detection's clock: a policy defined (or redefined) starts its watch's chain of
    bucket-close deadlines (kernel scheduling); each firing arms the next."""

    name = "bucket_deadlines"

    def __init__(self, deadlines: Deadlines) -> None:
        self.deadlines = deadlines
        self.tables = []  # the kernel's deadline table: a rebuild re-arms, never empties

    async def setup(self, conn: Conn) -> None:
        pass

    @on(AlertPolicies.Defined)
    async def defined(self, ctx: Context, e: AlertPolicies.Defined) -> None:
        watch = BuzzWatch.create_id(ctx.tenant, e.term)
        await self.deadlines.cancel_all(ctx.conn, watch)
        bucket = timedelta(seconds=e.policy["bucket"])
        await self.arm(ctx.conn, ctx.tenant, e.term, bucket_start(ctx.at, bucket), bucket)

    async def arm(self, conn: Conn, tenant: str, term: str, start: datetime,
                  bucket: timedelta) -> None:
        """Arms the judgement of the bucket beginning at `start`, just after it closes."""
        await self.deadlines.arm(
            conn, tenant, BuzzWatch.create_id(tenant, term), f"bucket/{start.isoformat()}",
            BUCKET_CLOSED, start + bucket + CLOSE_GRACE,
            {"term": term, "bucket_start": start.isoformat()})
