"""reputation's reactions that record events: the brand's public replies (cases), live
bad-buzz detection when a bucket closes, and what it erases of a customer besides their
key."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from chorus.cases.v1 import events_pb2 as cases
from chorus.db import Conn
from chorus.errors import ReadModelBehind
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.handlers import Context, Handlers, on
from chorus.scheduling import Deadline, Fire
from services.reputation.application import alert_policy
from services.reputation.domain.alerts import AlertStatus, BuzzWatch, CrisisAlert
from services.reputation.domain.buzz import Bucket, Incident, judge
from services.reputation.domain.mention import Mention
from services.reputation.projections import (
    BUCKET_CLOSED,
    BucketDeadlines,
    Mentions,
    MentionSearch,
    ProfileLinks,
)
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
        await ctx.save(mention, subject=mention.author_profile_id)


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


def deadline_handlers(detection: LiveDetection) -> dict[str, Fire]:
    return {BUCKET_CLOSED: detection.bucket_closed}
