"""Read models of reputation: mentions as analysts read them (what people wrote stays
encrypted under the author's profile key: erasing the author erases it here too), their
search index (words of what they wrote: an erased author's rows are deleted), and which
customer each social profile is linked to (from identity's events)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chorus.db import Conn
from chorus.features.profile_links import ProfileLinks as KernelProfileLinks
from chorus.handlers import Context, on
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
WORDS = "to_tsvector('english', $3) || to_tsvector('french', $3)"


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

    @on(Mention.Recorded)
    async def recorded(self, ctx: Context, e: Mention.Recorded) -> None:
        assert ctx.record is not None
        await ctx.conn.execute(
            f"INSERT INTO {self.table} (tenant, mention_id, network, post_id,"
            " author_external_id, author_profile_id, sealed_for, author_handle,"
            " author_display_name, author_followers, text, url, published_at, reply_to, likes,"
            " shares, comments, language, sentiment, score, intent, terms, analyser) VALUES"
            " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
            " $19, $20, $21, $22, $23) ON CONFLICT DO NOTHING", ctx.tenant, e.originator_id,
            e.network, e.post_id, e.author_external_id, e.author_profile_id,
            ctx.record.metadata.subject_id or "", e.author_handle, e.author_display_name,
            e.author_followers, e.text, e.url, e.published_at, e.reply_to, e.likes, e.shares,
            e.comments, e.language, e.sentiment, e.sentiment_score, e.intent, e.terms,
            e.analyser)
        await ctx.conn.execute(f"INSERT INTO {self.samples} VALUES ($1, $2, $3, $4)",
                               ctx.tenant, e.originator_id, e.published_at,
                               e.likes + e.shares + e.comments)
        await volumes.add(ctx.conn, self.schema, ctx.tenant, list(e.terms), e.published_at,
                          e.network, e.sentiment, 1, e.likes + e.shares + e.comments)

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
            await volumes.add(ctx.conn, self.schema, ctx.tenant, before["terms"],
                              before["published_at"], before["network"], before["sentiment"],
                              0, now - before["engagement"])

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
        for terms, sentiment, sign in ((before["terms"], before["sentiment"], -1),
                                       (e.terms, e.sentiment, 1)):
            await volumes.add(ctx.conn, self.schema, ctx.tenant, list(terms),
                              before["published_at"], before["network"], sentiment, sign,
                              sign * before["engagement"])

    @on(Mention.AnswerRequested)
    async def answer_requested(self, ctx: Context, e: Mention.AnswerRequested) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET answer_requested = $2"
                               " WHERE mention_id = $1", e.originator_id, e.reason)

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

    @on(Mention.Recorded)
    async def recorded(self, ctx: Context, e: Mention.Recorded) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $4, {WORDS}, $5) ON CONFLICT DO NOTHING",
            e.originator_id, ctx.tenant, e.text, e.author_profile_id, e.published_at)

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
