"""reputation's charts and search in-process: timelines from the rollups and the edges of
the period count every mention once; word search pages newest first by either path."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf.duration_pb2 import Duration

from chorus.common.v1.consistency_pb2 import Consistency
from chorus.reputation.v1 import reputation_pb2 as pb
from tests.e2e.calls import ts
from tests.service.harness import Harness

NOW = datetime.now(UTC)


async def test_timelines_from_rollups_and_edges_count_every_mention_once(
        reputation: Harness) -> None:
    """Timelines read whole hours (or minutes) from the rollups and the partial ones at the
    ends of the period from the mentions: per term and network, engagement updates
    included, each bucket counts what a plain count of the mentions gives."""
    tenant = f"tl{uuid.uuid4().hex[:6]}"
    await reputation.call("DefineTrackedTerms", pb.DefineTrackedTermsRequest(terms=[
        pb.TrackedTerm(term="Acme", kind=pb.TERM_KIND_BRAND)]), "admin", tenant=tenant)
    day = (NOW - timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    said = ["Acme support is terrible, worst ever", "Acme was great, thanks!",
            "Looking at phones tonight"]
    tone = ["negative", "positive", "neutral"]
    published = [day + timedelta(minutes=37 * i, seconds=i) for i in range(40)]
    batch = [pb.MentionInput(
        network=[pb.NETWORK_X, pb.NETWORK_FORUM][i % 2], post_id=f"p{i}", text=said[i % 3],
        author=pb.Author(external_id=f"a{i}"), engagement=pb.Engagement(likes=i),
        published_at=ts(published[i])) for i in range(40)]
    await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=batch)],
                          "service", tenant=tenant)
    grew = await reputation.call("UpdateEngagement", pb.UpdateEngagementRequest(
        network=pb.NETWORK_X, post_id="p4", engagement=pb.Engagement(likes=500, shares=20)),
        "service", tenant=tenant)
    after = Consistency(min_position=grew.write.position)
    engagement = {i: 520 if i == 4 else i for i in range(40)}

    def expected(start: datetime, end: datetime, bucket: timedelta,
                 keep: Any) -> list[tuple[Any, ...]]:
        bins: dict[datetime, list[int]] = {}
        for i, at in enumerate(published):
            if start <= at < end and keep(i):
                b = bins.setdefault(day + (at - day) // bucket * bucket, [0, 0, 0, 0, 0])
                b[0] += 1
                b[1 + ["negative", "neutral", "positive"].index(tone[i % 3])] += 1
                b[4] += engagement[i]
        return [(at.replace(tzinfo=None), *v) for at, v in sorted(bins.items())]

    for start, end, minutes in [
            (day, day + timedelta(days=2), 360),  # whole hours
            (day + timedelta(minutes=50), day + timedelta(hours=20, minutes=5), 120),
            (day + timedelta(minutes=7, seconds=30), day + timedelta(hours=9, seconds=9), 15),
            (day + timedelta(minutes=7), day + timedelta(minutes=40), 30),  # inside an hour
            # Hours, the minutes around them, and the mentions of the partial minutes:
            (day + timedelta(minutes=37, milliseconds=500),
             day + timedelta(hours=22, minutes=12, seconds=40), 60),
            (day + timedelta(minutes=37, seconds=0.5), day + timedelta(minutes=37, seconds=2),
             1)]:  # inside a minute
        for filters, keep in [({}, lambda i: True), ({"term": "Acme"}, lambda i: i % 3 != 2),
                              ({"network": pb.NETWORK_X}, lambda i: i % 2 == 0)]:
            reply = await reputation.call("GetTimeline", pb.GetTimelineRequest(
                **{"from": ts(start)}, to=ts(end), bucket=Duration(seconds=minutes * 60),
                consistency=after, **filters), "analyst", tenant=tenant)
            got = [(b.start.ToDatetime(), b.mentions, b.negative, b.neutral, b.positive,
                    b.engagement) for b in reply.buckets]
            assert got == expected(start, end, timedelta(minutes=minutes), keep), \
                (start, end, minutes, filters)
            assert got or filters, "each period holds mentions"


async def test_searching_words_pages_newest_first_by_either_path(reputation: Harness) -> None:
    """Words alone are searched newest first from the index; words with a filter through
    the mentions: both give the same pages."""
    tenant = f"se{uuid.uuid4().hex[:6]}"
    start = (NOW - timedelta(days=3)).replace(microsecond=0)
    reply = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        pb.MentionInput(network=pb.NETWORK_X, post_id=f"p{i}", author=pb.Author(
            external_id=f"a{i}"), published_at=ts(start + timedelta(minutes=17 * i)),
            text="I want a refund now" if i % 3 else "Nice shoes today") for i in range(36)])],
        "service", tenant=tenant)
    after = Consistency(min_position=reply.write.position)
    wanted = [reply.mention_ids[i] for i in reversed(range(36)) if i % 3 and i >= 4]

    async def pages(**filters: Any) -> list[str]:
        found, token = [], ""
        while True:
            page = await reputation.call("SearchMentions", pb.SearchMentionsRequest(
                query="refunds", page_size=7, page_token=token, consistency=after,
                **{"from": ts(start + timedelta(minutes=17 * 4))}, **filters), "analyst",
                tenant=tenant)
            found += [m.mention_id for m in page.mentions]
            if not (token := page.next_page_token):
                return found

    assert await pages() == wanted
    assert await pages(network=pb.NETWORK_X) == wanted
