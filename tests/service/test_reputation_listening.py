"""reputation's listening, in-process: an RSS/Atom feed served by a local HTTP server is
polled on its schedule and on demand (conditional GET; known entries not recorded twice;
malformed XML reported), an author who objected is counted without being tracked, history
is re-scored from its events, and the posts that carried furthest are listed."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import grpc
import pytest
from google.protobuf.duration_pb2 import Duration

from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation.domain.analysis import ANALYSER
from tests.e2e.calls import eventually, ts
from tests.service.harness import Harness, field_names

NOW = datetime.now(UTC)


def rss(*items: tuple[str, str, str]) -> bytes:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><description>&lt;p&gt;{text}"
        f"&lt;/p&gt;</description><link>https://news.example/{guid}</link>"
        "<pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate><author>desk@news.example</author>"
        "</item>" for guid, title, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Consumer news</title>'
            f"<link>https://news.example/</link>{entries}</channel></rss>").encode()


class Feed:
    """A feed on a local HTTP server that honours If-None-Match, and what it was asked."""

    def __init__(self) -> None:
        self.body, self.etag, self.requests = b"", "", []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.requests.append(dict(self.headers))
                if feed.etag and self.headers.get("If-None-Match") == feed.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", feed.etag)
                self.end_headers()
                self.wfile.write(feed.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/feed.xml"

    def serve(self, body: bytes) -> None:
        self.body, self.etag = body, f'"{uuid.uuid4().hex}"'


@pytest.fixture
def feed() -> Iterator[Feed]:
    served = Feed()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.server.shutdown()


async def test_a_feed_is_polled_on_schedule_and_on_demand_with_conditional_get(
        reputation: Harness, feed: Feed) -> None:
    tenant = f"feeds-{uuid.uuid4().hex[:6]}"
    feed.serve(rss(("a1", "Acme X1 screen cracked", "My laptop arrived broken, I want a refund"),
                   ("a2", "Acme praised", "Great service from Acme today")))
    defined = await reputation.call("DefineFeedSource", pb.DefineFeedSourceRequest(
        source=pb.FeedSource(url=feed.url, network=pb.NETWORK_WEB,
                             interval=Duration(seconds=3600))), "admin", tenant=tenant)

    async def sources() -> Any:
        return (await reputation.call("ListFeedSources", pb.ListFeedSourcesRequest(
            consistency={"min_position": defined.write.position}), "admin",
            tenant=tenant)).sources

    # The definition armed a first poll, due at once: the deadline runner polls it.
    (state,) = await eventually(sources, lambda s: len(s) == 1 and s[0].HasField(
        "last_polled_at"), seconds=15)
    assert (state.last_recorded, state.last_error) == (2, "")
    assert state.source.interval.seconds == 3600
    found = await eventually(lambda: reputation.call("SearchMentions", pb.SearchMentionsRequest(
        network=pb.NETWORK_WEB), "analyst", tenant=tenant), lambda r: len(r.mentions) == 2)
    by_post = {m.post_id: m for m in found.mentions}
    assert set(by_post) == {"a1", "a2"}
    assert by_post["a1"].text == "Acme X1 screen cracked My laptop arrived broken, I want a refund"
    assert by_post["a1"].url == "https://news.example/a1"
    assert by_post["a1"].analysis.intent == pb.INTENT_COMPLAINT

    unchanged = await reputation.call("PollFeedSource", pb.PollFeedSourceRequest(
        source_id=defined.source_id), "admin", tenant=tenant)
    assert unchanged.not_modified and unchanged.recorded == 0
    assert feed.requests[-1].get("If-None-Match") == feed.etag, "a conditional GET"

    feed.serve(rss(("a1", "Acme X1 screen cracked", "My laptop arrived broken, I want a refund"),
                   ("a2", "Acme praised", "Great service from Acme today"),
                   ("a3", "Acme answers", "Acme replied within the hour, well done")))
    polled = await reputation.call("PollFeedSource", pb.PollFeedSourceRequest(
        source_id=defined.source_id), "admin", tenant=tenant)
    assert (polled.recorded, polled.duplicates, polled.not_modified) == (1, 2, False)

    feed.serve(b"<rss><channel><item><title>unclosed")
    malformed = await reputation.refused("PollFeedSource", pb.PollFeedSourceRequest(
        source_id=defined.source_id), "admin", tenant=tenant)
    assert malformed.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "not valid RSS or Atom" in malformed.details
    (state,) = await sources()
    assert state.last_error.startswith("not valid RSS or Atom: SAXParseException")
    assert state.not_modified == 1

    removed = await reputation.call("RemoveFeedSource", pb.RemoveFeedSourceRequest(
        source_id=defined.source_id), "admin", tenant=tenant)
    assert await reputation.call("ListFeedSources", pb.ListFeedSourcesRequest(
        consistency={"min_position": removed.write.position}), "admin",
        tenant=tenant) == pb.ListFeedSourcesResponse()
    gone = await reputation.refused("RemoveFeedSource", pb.RemoveFeedSourceRequest(
        source_id=defined.source_id), "admin", tenant=tenant)
    assert gone.code == grpc.StatusCode.NOT_FOUND


async def test_feed_sources_refuse_bad_definitions_and_other_roles(
        reputation: Harness) -> None:
    bad = await reputation.refused("DefineFeedSource", pb.DefineFeedSourceRequest(
        source=pb.FeedSource(url="file:///etc/passwd", interval=Duration(seconds=5))),
        "admin")
    assert bad.code == grpc.StatusCode.INVALID_ARGUMENT
    assert field_names(bad) == {"source.url", "source.network", "source.interval"}
    denied = await reputation.refused("DefineFeedSource", pb.DefineFeedSourceRequest(
        source=pb.FeedSource(url="https://news.example/feed", network=pb.NETWORK_WEB)),
        "analyst")
    assert denied.code == grpc.StatusCode.PERMISSION_DENIED
    unknown = await reputation.refused("PollFeedSource", pb.PollFeedSourceRequest(
        source_id=str(uuid.uuid4())), "admin")
    assert unknown.code == grpc.StatusCode.NOT_FOUND


def post(post_id: str, text: str, author: str, likes: int = 0,
         hours_ago: float = 1) -> pb.MentionInput:
    return pb.MentionInput(
        network=pb.NETWORK_X, post_id=post_id, text=text, url=f"https://x.example/{post_id}",
        author=pb.Author(external_id=author, handle=f"@{author}", display_name=author.title(),
                         followers=500), published_at=ts(NOW - timedelta(hours=hours_ago)),
        engagement=pb.Engagement(likes=likes))


async def test_an_author_who_objected_is_counted_but_not_tracked(reputation: Harness) -> None:
    tenant = f"dnt-{uuid.uuid4().hex[:6]}"
    denied = await reputation.refused("ObjectToTracking", pb.ObjectToTrackingRequest(
        network=pb.NETWORK_X, author_external_id="zoe"), "analyst", tenant=tenant)
    assert denied.code == grpc.StatusCode.PERMISSION_DENIED
    objected = await reputation.call("ObjectToTracking", pb.ObjectToTrackingRequest(
        network=pb.NETWORK_X, author_external_id="zoe", reason="DPO-2026-118"),
        "compliance_officer", tenant=tenant)
    recorded = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        post("z1", "My order never arrived and support never answers, I want a refund", "zoe"),
        post("m1", "My order never arrived, I want a refund", "marc")])], "service",
        tenant=tenant)
    zoe_id, marc_id = recorded.mention_ids
    consistent = {"min_position": recorded.write.position}
    zoe = (await reputation.call("GetMention", pb.GetMentionRequest(
        mention_id=zoe_id, consistency=consistent), "analyst", tenant=tenant)).mention
    assert (zoe.text, zoe.author.external_id, zoe.author.handle, zoe.author_profile_id,
            zoe.url) == ("", "", "", "", "")
    assert not zoe.post_id.startswith("z1") and zoe.answer_requested == ""
    assert zoe.analysis.sentiment == pb.SENTIMENT_NEGATIVE, "the tone is still counted"
    marc = (await reputation.call("GetMention", pb.GetMentionRequest(
        mention_id=marc_id, consistency=consistent), "analyst", tenant=tenant)).mention
    assert marc.author.handle == "@marc" and marc.answer_requested == "complaint"
    timeline = await reputation.call("GetTimeline", pb.GetTimelineRequest(
        **{"from": ts(NOW - timedelta(days=1))}, consistency=consistent), "analyst",
        tenant=tenant)
    assert sum(b.mentions for b in timeline.buckets) == 2
    assert sum(b.negative for b in timeline.buckets) == 2

    again = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        post("z1", "My order never arrived and support never answers, I want a refund", "zoe",
             likes=40)])], "service", tenant=tenant)
    assert (again.recorded, again.duplicates, again.mention_ids) == (0, 1, [zoe_id])
    grown = await reputation.call("UpdateEngagement", pb.UpdateEngagementRequest(
        network=pb.NETWORK_X, post_id="z1", engagement=pb.Engagement(likes=90)), "service",
        tenant=tenant)
    zoe = (await reputation.call("GetMention", pb.GetMentionRequest(
        mention_id=zoe_id, consistency={"min_position": grown.write.position}), "analyst",
        tenant=tenant)).mention
    assert zoe.engagement.likes == 90, "its reach is still followed"

    await reputation.call("WithdrawTrackingObjection", pb.WithdrawTrackingObjectionRequest(
        network=pb.NETWORK_X, author_external_id="zoe"), "admin", tenant=tenant)
    later = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        post("z2", "Thanks Acme, all sorted now", "zoe")])], "service", tenant=tenant)
    tracked = (await reputation.call("GetMention", pb.GetMentionRequest(
        mention_id=later.mention_ids[0], consistency={"min_position": later.write.position}),
        "analyst", tenant=tenant)).mention
    assert tracked.author.handle == "@zoe" and tracked.text == "Thanks Acme, all sorted now"
    assert objected.author_profile_id == tracked.author_profile_id


async def test_history_is_rescored_from_its_events_a_page_at_a_time(
        reputation: Harness) -> None:
    tenant = f"re-{uuid.uuid4().hex[:6]}"
    recorded = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        post("g1", "Switching to Globex, their phones just work", "ana", likes=5),
        post("g2", "Globex support is slow", "ben", likes=50),
        post("n1", "Nice weather for a walk", "cy", likes=1)])], "service", tenant=tenant)
    # Globex becomes a tracked competitor after the fact: history learns it on re-analysis.
    terms = await reputation.call("DefineTrackedTerms", pb.DefineTrackedTermsRequest(terms=[
        pb.TrackedTerm(term="Globex", kind=pb.TERM_KIND_COMPETITOR)]), "admin", tenant=tenant)
    denied = await reputation.refused("ReanalyzeMentions", pb.ReanalyzeMentionsRequest(),
                                      "analyst", tenant=tenant)
    assert denied.code == grpc.StatusCode.PERMISSION_DENIED
    await eventually(lambda: reputation.call("SearchMentions", pb.SearchMentionsRequest(
        consistency={"min_position": max(recorded.write.position, terms.write.position)}),
        "analyst", tenant=tenant), lambda r: len(r.mentions) == 3)
    scanned = changed = pages = 0
    token, last = "", 0
    while True:
        page = await reputation.call("ReanalyzeMentions", pb.ReanalyzeMentionsRequest(
            page_size=2, page_token=token), "admin", tenant=tenant)
        scanned, changed, pages = scanned + page.scanned, changed + page.changed, pages + 1
        last = max(last, page.write.position)
        assert page.analyser == ANALYSER
        token = page.next_page_token
        if not token:
            break
    assert (scanned, changed, pages) == (3, 2, 2)
    consistent = {"min_position": last}
    globex = await reputation.call("SearchMentions", pb.SearchMentionsRequest(
        term="Globex", consistency=consistent), "analyst", tenant=tenant)
    assert {m.post_id for m in globex.mentions} == {"g1", "g2"}
    voice = await reputation.call("GetTimeline", pb.GetTimelineRequest(
        **{"from": ts(NOW - timedelta(days=1))}, term="Globex", consistency=consistent),
        "analyst", tenant=tenant)
    assert sum(b.mentions for b in voice.buckets) == 2, "the rollups followed"
    assert sum(b.engagement for b in voice.buckets) == 55
    again = await reputation.call("ReanalyzeMentions", pb.ReanalyzeMentionsRequest(),
                                  "admin", tenant=tenant)
    assert (again.scanned, again.changed) == (3, 0), "nothing new to say"
    stale = await reputation.call("ReanalyzeMentions", pb.ReanalyzeMentionsRequest(
        stale_only=True), "admin", tenant=tenant)
    assert stale.scanned == 0, "every mention is already scored by the current analyser"
    other = await reputation.refused("ReanalyzeMentions", pb.ReanalyzeMentionsRequest(
        stale_only=True, page_token=page.next_page_token or "bm90LWEtdG9rZW4"), "admin",
        tenant=tenant)
    assert other.code == grpc.StatusCode.INVALID_ARGUMENT

    top = await reputation.call("ListTopPosts", pb.ListTopPostsRequest(
        **{"from": ts(NOW - timedelta(days=1))}, limit=2, consistency=consistent),
        "analyst", tenant=tenant)
    assert [m.post_id for m in top.mentions] == ["g2", "g1"]
    by_term = await reputation.call("ListTopPosts", pb.ListTopPostsRequest(
        **{"from": ts(NOW - timedelta(days=1))}, term="Globex", limit=5), "analyst",
        tenant=tenant)
    assert [m.post_id for m in by_term.mentions] == ["g2", "g1"]
    too_many = await reputation.refused("ListTopPosts", pb.ListTopPostsRequest(limit=101),
                                        "analyst", tenant=tenant)
    assert field_names(too_many) == {"from", "limit"}


async def test_terms_and_objections_changed_on_another_replica_apply_to_the_next_batch(
        reputation: Harness) -> None:
    """Both are kept in memory between batches (every batch reads them): what another
    replica changes applies to the very next batch recorded here."""
    tenant, run = f"rep-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex[:6]

    async def recorded(post_id: str) -> pb.Mention:
        reply = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            post(f"{post_id}-{run}", "Globex phones beat Acme X1 phones", "ines")])],
            "service", tenant=tenant)
        return (await reputation.call("GetMention", pb.GetMentionRequest(
            mention_id=reply.mention_ids[0], consistency={"min_position": reply.write.position}),
            "analyst", tenant=tenant)).mention

    def terms(*names: str) -> pb.DefineTrackedTermsRequest:
        return pb.DefineTrackedTermsRequest(terms=[
            pb.TrackedTerm(term=n, kind=pb.TERM_KIND_PRODUCT) for n in names])

    await reputation.call("DefineTrackedTerms", terms("Acme X1"), "admin", tenant=tenant)
    await reputation.call("ObjectToTracking", pb.ObjectToTrackingRequest(
        network=pb.NETWORK_X, author_external_id="noor", reason="DPO-6"),
        "compliance_officer", tenant=tenant)
    first = await recorded("a")
    assert (list(first.analysis.terms), first.author.handle) == (["Acme X1"], "@ines")
    other = reputation.replica()
    await other.start()
    try:
        await reputation.call("DefineTrackedTerms", terms("Globex"), "admin", tenant=tenant,
                              runtime=other)
        await reputation.call("ObjectToTracking", pb.ObjectToTrackingRequest(
            network=pb.NETWORK_X, author_external_id="ines", reason="DPO-7"),
            "compliance_officer", tenant=tenant, runtime=other)
    finally:
        await other.stop()
    second = await recorded("b")
    assert second.author.handle == ""
    assert list(second.analysis.terms) == ["Globex"]
