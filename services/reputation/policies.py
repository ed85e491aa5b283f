"""reputation's reactions that record events: the brand's public replies (cases), live
bad-buzz detection when a bucket closes, feeds polled when due, and what it erases of a
customer besides their key."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import feedparser

from chorus.auth.principal import Principal, Role
from chorus.cases.v1 import events_pb2 as cases
from chorus.db import Conn
from chorus.errors import NotFound, ReadModelBehind
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.handlers import Context, Handlers, on
from chorus.scheduling import Deadline, Fire
from services.reputation.analysing import Analysers
from services.reputation.application import alert_policy, ingest
from services.reputation.domain.alerts import AlertStatus, BuzzWatch, CrisisAlert
from services.reputation.domain.buzz import Bucket, Incident, judge
from services.reputation.domain.listening import (
    FEED_MAX_BYTES,
    MalformedFeed,
    entries_of,
)
from services.reputation.domain.mention import Incoming, Mention
from services.reputation.projections import (
    BUCKET_CLOSED,
    BucketDeadlines,
    Mentions,
    MentionSearch,
    ProfileLinks,
)
from services.reputation.projections.feeds import FEED_POLL, Feeds, next_poll
from services.reputation.queries import MentionQueries

log = logging.getLogger(__name__)


class BrandReplies(Handlers):
    """Customer service answered a mention publicly: the thread shows the brand's reply."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    @on(cases.PublicReplySent)
    async def replied(self, ctx: Context, e: cases.PublicReplySent) -> None:
        if not e.source_mention_id:
            return  # a public reply on a case that did not come from a mention
        try:
            mention = await self.store.get(Mention, UUID(e.source_mention_id),
                                           tenant=ctx.tenant, sealed=True)
        except (AggregateNotFound, ValueError):
            return  # not one of ours (another tenant's, or a case opened by hand)
        mention.brand_replied(e.case_id, e.sent_at.ToDatetime().astimezone())
        await ctx.save(mention, subject=mention.author_profile_id or None)


class Forgetting:
    """Erasure: the keys of every profile identity ever linked to the customer (their
    mentions' text, handle and URL become unreadable), and their words in the search index.
    Counts and sentiment shares survive."""

    def __init__(self, links: ProfileLinks, search: MentionSearch, store: EventStore) -> None:
        self.links, self.search, self.store = links, search, store

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        erased = []
        profiles = await self.links.profiles_of(conn, tenant, customer_id)
        for profile in profiles:
            if await self.store.keys.shred((tenant, profile)):
                erased.append(f"reputation/main/key/{profile}")
        if words := await self.search.forget(conn, tenant, profiles):
            erased.append(f"{self.search.table}/{words} mentions")
        return erased


class LiveDetection:
    """When a watched bucket closes: judge it (the same `judge` the backtest runs) against
    the same bucket on past days, raise or escalate the alert, and arm the next bucket."""

    def __init__(self, store: EventStore, queries: MentionQueries, mentions: Mentions,
                 clock: BucketDeadlines) -> None:
        self.store, self.queries, self.mentions, self.clock = store, queries, mentions, clock

    async def bucket_closed(self, ctx: Context, deadline: Deadline) -> None:
        term = deadline.payload["term"]
        start = datetime.fromisoformat(deadline.payload["bucket_start"])
        policy = await alert_policy(self.store, ctx.tenant, term)
        await self._read_model_up_to_date()
        volume, negatives, gained = await self.queries.bucket(
            ctx.conn, ctx.tenant, term, start, start + policy.bucket)
        past = await self.queries.past_volumes(ctx.conn, ctx.tenant, term, start,
                                               policy.bucket, policy.baseline_days)
        watch_id = BuzzWatch.create_id(ctx.tenant, term)
        try:
            watch = await self.store.get(BuzzWatch, watch_id, tenant=ctx.tenant)
        except AggregateNotFound:
            watch = BuzzWatch(tenant=ctx.tenant, term=term)
        incident, alert = watch.incident, None
        if watch.alert_id:
            alert = await self.store.get(CrisisAlert, UUID(watch.alert_id), tenant=ctx.tenant)
            if alert.status is AlertStatus.RESOLVED:
                incident, alert = Incident(), None  # people closed it: a new alarm is new
        bucket = Bucket(start, volume, negatives, dict(gained))
        alarm, incident = judge(policy, bucket, past, incident)
        if alarm is not None and alarm.kind == "raised":
            alert = CrisisAlert.raise_for(ctx.tenant, term, alarm)
        elif alarm is not None and alert is not None:
            alert.escalate(alarm)
        watch.moved_to(incident, str(alert.id) if alert is not None and incident.level
                       else "")
        await ctx.save(*([alert] if alert is not None else []), watch)  # nothing new: no-op
        await self.clock.arm(ctx.conn, ctx.tenant, term, start + policy.bucket, policy.bucket)

    async def _read_model_up_to_date(self) -> None:
        """Mentions recorded before the bucket closed are judged with it."""
        head = await self.store.recorder.max_notification_id() or 0
        try:
            await self.mentions.caught_up(head, timeout=3.0)
        except ReadModelBehind:
            log.warning("judging a bucket while the mentions read model lags")


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 Not Modified
    body: bytes
    etag: str
    modified: str


class FeedUnreadable(Exception):
    """The feed could not be fetched or read (the reason is for the source's owner)."""


FETCH_TIMEOUT_S = 5.0  # polls run among other deadlines: a slow feed must not hold them


def fetch_feed(url: str, etag: str, modified: str) -> Fetched:
    """One conditional GET (blocking: run it in a thread)."""
    headers = {"User-Agent": "chorus-reputation/1 (+feed poller)",
               "Accept": "application/atom+xml, application/rss+xml, application/xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    if not url.startswith(("http://", "https://")):
        raise FeedUnreadable("only http(s) feeds are fetched")
    try:  # the scheme is checked just above (no file: or custom schemes)
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),  # noqa: S310
                                    timeout=FETCH_TIMEOUT_S) as response:
            body = response.read(FEED_MAX_BYTES + 1)
            if len(body) > FEED_MAX_BYTES:
                raise FeedUnreadable(f"feed larger than {FEED_MAX_BYTES} bytes")
            return Fetched(response.status, body, response.headers.get("ETag", ""),
                           response.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return Fetched(304, b"", etag, modified)
        raise FeedUnreadable(f"the feed answered HTTP {e.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise FeedUnreadable(f"the feed could not be fetched: {e}") from None


class FeedPolling:
    """Polls a tenant's feed when its deadline falls due (and arms the next poll), or at once
    for PollFeedSource; records each entry as a mention (known posts are not recorded twice)
    and what the poll found."""

    def __init__(self, store: EventStore, links: ProfileLinks, analysers: Analysers,
                 feeds: Feeds) -> None:
        self.store, self.links, self.analysers, self.feeds = store, links, analysers, feeds

    async def due(self, ctx: Context, deadline: Deadline) -> None:
        source_id = UUID(deadline.payload["source_id"])
        row = await self.feeds.source(ctx.conn, ctx.tenant, source_id)
        if row is None:
            return  # removed meanwhile
        with contextlib.suppress(FeedUnreadable, MalformedFeed):
            await self._poll(ctx.tenant, row)  # a failure is noted on the source
        await self.feeds.arm(ctx.conn, ctx.tenant, source_id,
                             next_poll(datetime.now(UTC), row["interval_s"]))

    async def poll(self, tenant: str, source_id: UUID) -> tuple[int, int, bool, int]:
        """(recorded, duplicates, not modified, last position); raises FeedUnreadable or
        MalformedFeed after noting it on the source."""
        row = await self.feeds.source(self.store.recorder.pool, tenant, source_id)
        if row is None:
            raise NotFound(f"feed source {source_id} not found")
        return await self._poll(tenant, row)

    async def _poll(self, tenant: str, row: Any) -> tuple[int, int, bool, int]:
        pool, source_id, now = self.store.recorder.pool, row["source_id"], datetime.now(UTC)
        try:
            fetched = await asyncio.to_thread(fetch_feed, row["url"], row["etag"] or "",
                                              row["modified"] or "")
            if fetched.status == 304:
                await self.feeds.polled(pool, source_id, now, "", "", 0, 0, "", True)
                return 0, 0, True, 0
            entries = entries_of(feedparser.parse(fetched.body), row["network"], now)
        except (FeedUnreadable, MalformedFeed) as e:
            await self.feeds.polled(pool, source_id, now, row["etag"] or "",
                                    row["modified"] or "", 0, 0, str(e)[:500], False)
            raise
        service = Principal(subject=f"feed:{source_id}", tenant=tenant,
                            roles=frozenset({Role.SERVICE}))
        _, recorded, duplicates, last = await ingest(
            self.store, self.links, self.analysers, service, FeedEntries(str(source_id), entries))
        await self.feeds.polled(pool, source_id, now, fetched.etag, fetched.modified,
                                recorded, duplicates, "", False)
        return recorded, duplicates, False, last


class FeedEntries:
    """A poll's entries as a Source, in batches of at most a thousand."""

    def __init__(self, name: str, entries: list[Incoming]) -> None:
        self.name, self.entries = name, entries

    async def batches(self) -> AsyncIterator[list[Incoming]]:
        for i in range(0, len(self.entries), 1_000):
            yield self.entries[i:i + 1_000]


def deadline_handlers(detection: LiveDetection, polling: FeedPolling) -> dict[str, Fire]:
    return {BUCKET_CLOSED: detection.bucket_closed, FEED_POLL: polling.due}
