"""reputation's mentions: record them, follow their engagement, read, search and chart
them, rank their authors, define tracked terms, export a person's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal, caller
from chorus.errors import NotFound
from chorus.eventstore.mapper import open_field
from chorus.eventstore.store import EventStore
from chorus.features.customers import CustomerReplica
from chorus.features.export import SubjectExport
from chorus.grpc.messages import timestamp, written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check, read_your_writes
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation import application
from services.reputation.analysing import Analysers
from services.reputation.api.parts import (
    BATCH_MAX,
    CLOCK_SKEW,
    MAX_BUCKETS,
    MESSAGES_MAX,
    OLDEST,
    network_of,
    period,
)
from services.reputation.domain.mention import TEXT_MAX, Incoming
from services.reputation.messages import Keys, mention_message
from services.reputation.projections import Alerts, Mentions, MentionSearch, ProfileLinks
from services.reputation.queries import MentionQueries


def incoming(check: Check, field: str, m: pb.MentionInput) -> Incoming:
    network = network_of(check, f"{field}.network", m.network)
    post_id = check.text(f"{field}.post_id", m.post_id, max_len=200)
    external_id = check.text(f"{field}.author.external_id", m.author.external_id, max_len=128)
    text = check.text(f"{field}.text", m.text, max_len=TEXT_MAX)
    published = datetime.now(UTC)
    if not m.HasField("published_at"):
        check.fail(f"{field}.published_at", "is required")
    else:
        published = m.published_at.ToDatetime(tzinfo=UTC)
        if published > datetime.now(UTC) + CLOCK_SKEW:
            check.fail(f"{field}.published_at", "must not be in the future")
        elif published < OLDEST:
            check.fail(f"{field}.published_at", "must be after 2000-01-01")
    url = check.text(f"{field}.url", m.url, max_len=2_000, required=False)
    if url and not url.startswith(("https://", "http://")):
        check.fail(f"{field}.url", "must be an http(s) URL")
    return Incoming(
        network=network, post_id=post_id, author_external_id=external_id,
        author_handle=check.text(f"{field}.author.handle", m.author.handle, max_len=100,
                                 required=False),
        author_display_name=check.text(f"{field}.author.display_name",
                                       m.author.display_name, required=False),
        author_followers=check.non_negative(f"{field}.author.followers", m.author.followers),
        text=text, url=url, published_at=published,
        reply_to=check.text(f"{field}.reply_to", m.reply_to, max_len=200, required=False),
        likes=check.non_negative(f"{field}.engagement.likes", m.engagement.likes),
        shares=check.non_negative(f"{field}.engagement.shares", m.engagement.shares),
        comments=check.non_negative(f"{field}.engagement.comments", m.engagement.comments))


class Streamed:
    """RecordMentions' request stream as a Source: each message a batch, validated whole
    (a bad message records nothing of itself; the batches before it stay recorded)."""

    name = "grpc"

    def __init__(self, requests: AsyncIterator[pb.RecordMentionsRequest]) -> None:
        self.requests = requests

    async def batches(self) -> AsyncIterator[list[Incoming]]:
        messages = 0
        async for request in self.requests:
            check = Check()
            messages += 1
            if messages > MESSAGES_MAX:  # refused before its mentions are even read
                check.fail("mentions", f"at most {MESSAGES_MAX} messages a call: the"
                           f" {MESSAGES_MAX} before were recorded, send the rest in another")
                check.done()
            if len(request.mentions) > BATCH_MAX:
                check.fail("mentions", f"at most {BATCH_MAX} a message")
            batch = [incoming(check, f"mentions[{i}]", m)
                     for i, m in enumerate(request.mentions)]
            check.done()
            yield batch


class MentionsApi:
    def __init__(self, store: EventStore, mentions: Mentions, search: MentionSearch,
                 links: ProfileLinks, alerts: Alerts, queries: MentionQueries,
                 known_customers: CustomerReplica, export: SubjectExport,
                 analysers: Analysers) -> None:
        self.store, self.mentions, self.search, self.links = store, mentions, search, links
        self.analysers = analysers
        self.alerts, self.queries = alerts, queries
        self.known_customers, self.export = known_customers, export

    async def _keys(self, tenant: str, rows: list[Any]) -> Keys:
        return await self.store.keys.for_reading(
            {(tenant, r["sealed_for"]) for r in rows if r["sealed_for"]})

    async def RecordMentions(self, requests: AsyncIterator[pb.RecordMentionsRequest],
                             context: Any) -> pb.RecordMentionsResponse:
        ids, recorded, duplicates, last = await application.ingest(
            self.store, self.links, self.analysers, caller(), Streamed(requests))
        return pb.RecordMentionsResponse(recorded=recorded, duplicates=duplicates,
                                         write=written(last), mention_ids=ids)

    async def UpdateEngagement(self, request: pb.UpdateEngagementRequest,
                               context: Any) -> pb.UpdateEngagementResponse:
        p = caller()
        check = Check()
        network = network_of(check, "network", request.network)
        post = check.text("post_id", request.post_id, max_len=200)
        e = request.engagement
        counts = [check.non_negative(f"engagement.{f}", getattr(e, f))
                  for f in ("likes", "shares", "comments")]
        check.done()
        return pb.UpdateEngagementResponse(write=written(await application.update_engagement(
            self.store, p, network, post, *counts)))

    async def GetMention(self, request: pb.GetMentionRequest,
                         context: Any) -> pb.GetMentionResponse:
        p = caller()
        check = Check()
        mention_id = check.uuid("mention_id", request.mention_id)
        await read_your_writes(check, request.consistency, self.mentions)
        row = await self.queries.mention(p.tenant, mention_id)
        if row is None:
            raise NotFound(f"mention {mention_id} not found")
        return pb.GetMentionResponse(mention=mention_message(
            row, await self._keys(p.tenant, [row]), p.tenant))

    async def SearchMentions(self, request: pb.SearchMentionsRequest,
                             context: Any) -> pb.SearchMentionsResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=False)
        filters: dict[str, Any] = {
            "query": check.text("query", request.query, max_len=200, required=False),
            "network": network_of(check, "network", request.network) if request.network
            else "",
            "language": check.text("language", request.language, max_len=8, required=False),
            "sentiment": check.enum("sentiment", request.sentiment, pb.Sentiment,
                                    "SENTIMENT_") if request.sentiment else "",
            "intent": check.enum("intent", request.intent, pb.Intent, "INTENT_")
            if request.intent else "",
            "term": check.text("term", request.term, max_len=100, required=False),
            "author_profile_id": str(check.uuid("author_profile_id", request.author_profile_id))
            if request.author_profile_id else "",
            "from": start, "to": end if request.HasField("to") else None}
        if filters["language"] not in ("", "en", "fr", "other"):
            check.fail("language", "must be en, fr or other")
        query = {k: str(v) for k, v in filters.items() if v}
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(datetime, UUID)
        await read_your_writes(check, request.consistency, self.mentions,
                               *([self.search] if filters["query"] else []))
        rows = await self.queries.mentions(p.tenant, filters, after, page.size)
        keys = await self._keys(p.tenant, rows)
        last = [rows[-1]["published_at"].isoformat(), str(rows[-1]["mention_id"])] if rows \
            else None
        return pb.SearchMentionsResponse(
            mentions=[mention_message(r, keys, p.tenant) for r in rows],
            next_page_token=next_page_token(page, len(rows), last, query))

    async def GetTimeline(self, request: pb.GetTimelineRequest,
                          context: Any) -> pb.GetTimelineResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=True)
        bucket = request.bucket.ToTimedelta() if request.HasField("bucket") \
            else timedelta(hours=1)
        if not timedelta(minutes=1) <= bucket <= timedelta(days=1) \
                or bucket % timedelta(minutes=1):
            check.fail("bucket", "must be whole minutes, from 1 minute to 1 day")
        elif start is not None and (end - start) / bucket > MAX_BUCKETS:
            check.fail("bucket", f"at most {MAX_BUCKETS} buckets: widen it")
        term = check.text("term", request.term, max_len=100, required=False)
        network = network_of(check, "network", request.network) if request.network else ""
        await read_your_writes(check, request.consistency, self.mentions)
        assert start is not None
        rows = await self.queries.timeline(p.tenant, start, end, bucket, term, network)
        return pb.GetTimelineResponse(buckets=[pb.TimelineBucket(
            start=timestamp(r["start"]), mentions=r["mentions"], negative=r["negative"],
            neutral=r["neutral"], positive=r["positive"], engagement=r["engagement"])
            for r in rows])

    async def ListAuthors(self, request: pb.ListAuthorsRequest,
                          context: Any) -> pb.ListAuthorsResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=True)
        if not 0 <= request.limit <= 500:
            check.fail("limit", "must be between 0 and 500")
        filter_ = check.enum("filter", request.filter, pb.AuthorFilter, "AUTHOR_FILTER_") \
            if request.filter else ""
        check.done()
        assert start is not None
        rows = await self.queries.authors(p.tenant, start, end, filter_, request.limit or 50)
        keys = await self._keys(p.tenant, rows)
        weeks = max(1.0, (end - start) / timedelta(days=7))
        authors = []
        for r in rows:
            subject = r["sealed_for"]
            handle = str(open_field(keys.get((p.tenant, subject)), r["author_handle"],
                                    p.tenant, subject, "author_handle")) if subject else ""
            per_90_days = r["mentions"] / weeks * 90 / 7
            authors.append(pb.AuthorSummary(
                author_profile_id=r["author_profile_id"],
                network=pb.Network.Value("NETWORK_" + r["network"].upper()), handle=handle,
                followers=r["followers"], mentions=r["mentions"], engagement=r["engagement"],
                positive_share=float(r["positive_share"]),
                negative_share=float(r["negative_share"]), influence=float(r["influence"]),
                producer_tier="regular" if per_90_days >= 12 else "occasional"
                if per_90_days >= 3 else "rare"))
        return pb.ListAuthorsResponse(authors=authors)

    async def DefineTrackedTerms(self, request: pb.DefineTrackedTermsRequest,
                                 context: Any) -> pb.DefineTrackedTermsResponse:
        p = caller()
        check = Check()
        if len(request.terms) > 500:
            check.fail("terms", "at most 500 terms")
        terms = {check.text(f"terms[{i}].term", t.term, max_len=100):
                 check.enum(f"terms[{i}].kind", t.kind, pb.TermKind, "TERM_KIND_")
                 for i, t in enumerate(request.terms)}
        check.done()
        return pb.DefineTrackedTermsResponse(write=written(
            await application.define_terms(self.store, p, terms)))

    async def ExportSubjectData(self, request: pb.ExportSubjectDataRequest,
                                context: Any) -> AsyncIterator[pb.ExportSubjectDataResponse]:
        p: Principal = caller()
        check = Check()
        customer = check.uuid("customer_id", request.customer_id)
        check.done()
        await self.export.begin(p, customer)
        profiles = await self.links.profiles_of(self.store.recorder.pool, p.tenant,
                                                str(customer))
        rows = await self.queries.of_profiles(p.tenant, profiles)
        keys = await self._keys(p.tenant, rows)
        for row in rows:
            yield pb.ExportSubjectDataResponse(mention=mention_message(row, keys, p.tenant))
        for profile in profiles:
            for change in await self.export.changes(p.tenant, profile):
                yield pb.ExportSubjectDataResponse(change=change)
