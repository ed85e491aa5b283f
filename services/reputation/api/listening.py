"""reputation's listening RPCs: feed sources, the do-not-track list, re-analysis of history
and the posts that carried furthest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import caller
from chorus.errors import FailedPrecondition, NotFound
from chorus.eventstore.store import EventStore
from chorus.grpc.messages import timestamp, written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check, read_your_writes
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation import application
from services.reputation.analysing import Analysers
from services.reputation.api.parts import network_of, period
from services.reputation.domain.analysis import ANALYSER
from services.reputation.domain.listening import (
    POLL_DEFAULT,
    POLL_MAX,
    POLL_MIN,
    FeedSources,
    MalformedFeed,
)
from services.reputation.messages import Keys, mention_message
from services.reputation.policies import FeedPolling, FeedUnreadable
from services.reputation.projections import Mentions
from services.reputation.projections.feeds import Feeds
from services.reputation.queries import MentionQueries

REANALYSIS_PAGE_MAX = 2_000


class ListeningApi:
    """Mixed into the servicer beside MentionsApi (whose stores, queries and key reading it
    uses)."""

    store: EventStore
    analysers: Analysers
    mentions: Mentions
    queries: MentionQueries
    _keys: Callable[[str, list[Any]], Awaitable[Keys]]

    def listening(self, feeds: Feeds, polling: FeedPolling) -> None:
        self.feeds, self.polling = feeds, polling

    async def DefineFeedSource(self, request: pb.DefineFeedSourceRequest,
                               context: Any) -> pb.DefineFeedSourceResponse:
        p = caller()
        check = Check()
        s = request.source
        url = check.text("source.url", s.url, max_len=2_000)
        if url and not url.startswith(("https://", "http://")):
            check.fail("source.url", "must be an http(s) URL")
        network = network_of(check, "source.network", s.network)
        interval = s.interval.ToTimedelta() if s.HasField("interval") else POLL_DEFAULT
        if not POLL_MIN <= interval <= POLL_MAX:
            check.fail("source.interval", "must be from 1 minute to 1 day")
        check.done()
        source, position = await application.change_feeds(
            self.store, p, lambda feeds: feeds.define(url, network, interval))
        return pb.DefineFeedSourceResponse(source_id=source, write=written(position))

    async def RemoveFeedSource(self, request: pb.RemoveFeedSourceRequest,
                               context: Any) -> pb.RemoveFeedSourceResponse:
        p = caller()
        check = Check()
        source = str(check.uuid("source_id", request.source_id))
        check.done()

        def remove(feeds: FeedSources) -> str:
            try:
                feeds.remove(source)
            except KeyError:
                raise NotFound(f"feed source {source} not found") from None
            return source
        _, position = await application.change_feeds(self.store, p, remove)
        return pb.RemoveFeedSourceResponse(write=written(position))

    async def ListFeedSources(self, request: pb.ListFeedSourcesRequest,
                              context: Any) -> pb.ListFeedSourcesResponse:
        p = caller()
        check = Check()
        await read_your_writes(check, request.consistency, self.feeds)
        rows = await self.feeds.listed(self.store.recorder.pool, p.tenant)
        states = []
        for r in rows:
            state = pb.FeedSourceState(
                source=pb.FeedSource(source_id=str(r["source_id"]), url=r["url"],
                                     network=pb.Network.Value("NETWORK_" + r["network"].upper())),
                last_recorded=r["last_recorded"] or 0, last_duplicates=r["last_duplicates"] or 0,
                last_error=r["last_error"] or "", not_modified=r["not_modified"] or 0)
            state.source.interval.seconds = r["interval_s"]
            if r["last_polled_at"] is not None:
                state.last_polled_at.CopyFrom(timestamp(r["last_polled_at"]))
            states.append(state)
        return pb.ListFeedSourcesResponse(sources=states)

    async def PollFeedSource(self, request: pb.PollFeedSourceRequest,
                             context: Any) -> pb.PollFeedSourceResponse:
        p = caller()
        check = Check()
        source = check.uuid("source_id", request.source_id)
        await read_your_writes(check, request.consistency, self.feeds)
        try:
            recorded, duplicates, unchanged, position = await self.polling.poll(p.tenant,
                                                                                source)
        except (MalformedFeed, FeedUnreadable) as e:
            raise FailedPrecondition(f"feed {source}: {e}") from None
        return pb.PollFeedSourceResponse(recorded=recorded, duplicates=duplicates,
                                         not_modified=unchanged, write=written(position))

    async def ObjectToTracking(self, request: pb.ObjectToTrackingRequest,
                               context: Any) -> pb.ObjectToTrackingResponse:
        p = caller()
        check = Check()
        network = network_of(check, "network", request.network)
        author = check.text("author_external_id", request.author_external_id, max_len=128)
        reason = check.text("reason", request.reason, max_len=200, required=False)
        check.done()
        profile, position = await application.change_objection(self.store, p, network,
                                                               author, reason)
        return pb.ObjectToTrackingResponse(author_profile_id=profile, write=written(position))

    async def WithdrawTrackingObjection(
            self, request: pb.WithdrawTrackingObjectionRequest,
            context: Any) -> pb.WithdrawTrackingObjectionResponse:
        p = caller()
        check = Check()
        network = network_of(check, "network", request.network)
        author = check.text("author_external_id", request.author_external_id, max_len=128)
        check.done()
        _, position = await application.change_objection(self.store, p, network, author, None)
        return pb.WithdrawTrackingObjectionResponse(write=written(position))

    async def ReanalyzeMentions(self, request: pb.ReanalyzeMentionsRequest,
                                context: Any) -> pb.ReanalyzeMentionsResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=False)
        if request.page_size > REANALYSIS_PAGE_MAX:
            check.fail("page_size", f"at most {REANALYSIS_PAGE_MAX}")
        check.done()
        filters: dict[str, Any] = {"from": start, "to": end if request.HasField("to") else None,
                                   "analyser_not": ANALYSER if request.stale_only else ""}
        query = {k: str(v) for k, v in filters.items() if v}
        page = read_page(request.page_size, request.page_token, query, default=500,
                         maximum=REANALYSIS_PAGE_MAX)
        rows = await self.queries.mentions(p.tenant, filters, page.cursor(datetime, UUID),
                                           page.size)
        changed, erased, position = await application.reanalyse(
            self.store, self.analysers, p, [r["mention_id"] for r in rows])
        last = [rows[-1]["published_at"].isoformat(), str(rows[-1]["mention_id"])] if rows \
            else None
        return pb.ReanalyzeMentionsResponse(
            scanned=len(rows), changed=changed, erased=erased, analyser=ANALYSER,
            next_page_token=next_page_token(page, len(rows), last, query),
            write=written(position))

    async def ListTopPosts(self, request: pb.ListTopPostsRequest,
                           context: Any) -> pb.ListTopPostsResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=True)
        if not 0 <= request.limit <= 100:
            check.fail("limit", "must be between 0 and 100")
        term = check.text("term", request.term, max_len=100, required=False)
        network = network_of(check, "network", request.network) if request.network else ""
        await read_your_writes(check, request.consistency, self.mentions)
        assert start is not None
        rows = await self.queries.top_posts(p.tenant, start, end, term, network,
                                            request.limit or 10)
        keys = await self._keys(p.tenant, rows)
        return pb.ListTopPostsResponse(mentions=[mention_message(r, keys, p.tenant)
                                                 for r in rows])
