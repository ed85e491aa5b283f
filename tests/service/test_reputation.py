"""reputation in-process: mentions recorded once per post and analysed offline (language,
tone, intent, terms), searched, charted and ranked by author; complaints routed to cases
once; bad input refused; erasure of a customer's profiles."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import nats
import pytest
from google.protobuf.duration_pb2 import Duration

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.identifiers import profile_id
from chorus.identity.v1 import events_pb2 as identity
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation.main import SPEC
from tests.e2e.calls import eventually, publish_event, ts
from tests.servers import Servers
from tests.service.harness import Harness, field_names

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
async def reputation(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


def mention(post: str, text: str, author: str, *, network: int = pb.NETWORK_X,
            hours_ago: float = 1, likes: int = 0, followers: int = 100) -> pb.MentionInput:
    return pb.MentionInput(
        network=network, post_id=post, text=text, url=f"https://x.example/{post}",
        author=pb.Author(external_id=author, handle=f"@{author}", followers=followers),
        published_at=ts(NOW - timedelta(hours=hours_ago)),
        engagement=pb.Engagement(likes=likes))


async def test_mentions_are_recorded_once_analysed_and_routed_to_care_once(
        reputation: Harness, tier_nats: str) -> None:
    run = uuid.uuid4().hex[:6]
    await reputation.call("DefineTrackedTerms", pb.DefineTrackedTermsRequest(terms=[
        pb.TrackedTerm(term="Acme X1", kind=pb.TERM_KIND_PRODUCT)]), "admin")
    nc = await nats.connect(tier_nats)
    published = await nc.jetstream().subscribe("chorus.reputation.acme.>",
                                               ordered_consumer=True)
    try:
        batch = [mention(f"c-{run}", "My Acme X1 screen is broken and support never answers",
                         f"claire-{run}"),
                 mention(f"f-{run}", "Le service client est nul, je suis très déçu",
                         f"julie-{run}", network=pb.NETWORK_FACEBOOK),
                 mention(f"p-{run}", "Love the new Acme X1, best laptop ever!", f"max-{run}"),
                 mention(f"p-{run}", "Love the new Acme X1, best laptop ever!", f"max-{run}")]
        reply = await reputation.call("RecordMentions", [
            pb.RecordMentionsRequest(mentions=batch[:2]),
            pb.RecordMentionsRequest(mentions=batch[2:])], "service")
        assert (reply.recorded, reply.duplicates) == (3, 1)
        again = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(
            mentions=[mention(f"c-{run}", "edited text is ignored", f"claire-{run}",
                              likes=12_000)])], "service")
        assert (again.recorded, again.duplicates) == (0, 1)
        found = await reputation.call("SearchMentions", pb.SearchMentionsRequest(
            term="Acme X1", consistency={"min_position": again.write.position}), "analyst")
        by_post = {m.post_id: m for m in found.mentions}
        complaint = by_post[f"c-{run}"]
        assert complaint.text == "My Acme X1 screen is broken and support never answers"
        assert complaint.engagement.likes == 12_000, "engagement grew; the text stays"
        assert (complaint.analysis.language, complaint.analysis.sentiment,
                complaint.analysis.intent) == ("en", pb.SENTIMENT_NEGATIVE,
                                               pb.INTENT_COMPLAINT)
        assert complaint.answer_requested == "complaint"
        praise = by_post[f"p-{run}"]
        assert (praise.analysis.sentiment, praise.analysis.intent) == (
            pb.SENTIMENT_POSITIVE, pb.INTENT_PRAISE)
        assert list(praise.analysis.terms) == ["Acme X1"] and not praise.answer_requested
        french = await reputation.call("SearchMentions", pb.SearchMentionsRequest(
            query="clients", language="fr", consistency={
                "min_position": again.write.position}), "analyst")
        assert [m.post_id for m in french.mentions] == [f"f-{run}"], "French stems"
        assert french.mentions[0].analysis.sentiment == pb.SENTIMENT_NEGATIVE

        ours = {m.mention_id for m in by_post.values()} | {french.mentions[0].mention_id}
        seen: dict[str, list[str]] = {}
        with pytest.raises(nats.errors.TimeoutError):
            while True:
                msg = await published.next_msg(timeout=3)
                env = EventEnvelope.FromString(msg.data)
                if env.aggregate_id in ours:
                    seen.setdefault(msg.subject.rsplit(".", 1)[1], []).append(
                        env.aggregate_id)
        assert sorted(seen["MentionRecorded"]) == sorted(ours)
        assert sorted(seen["ResponseRequested"]) == sorted(
            [complaint.mention_id, french.mentions[0].mention_id]), "once per mention"
        assert seen["MentionEngagementChanged"] == [complaint.mention_id]
        for name in ("MentionRecorded", "ResponseRequested"):
            assert b"broken" not in msg.data and b"claire" not in msg.data, name
    finally:
        await nc.close()


async def test_timelines_and_authors_chart_the_conversation(reputation: Harness) -> None:
    run = uuid.uuid4().hex[:6]
    batch = [mention(f"t-{run}-{i}", "Acme support is terrible, worst ever" if i % 3 == 0
                     else "Acme support was great, thanks!", f"fan-{run}" if i % 3
                     else f"critic-{run}", hours_ago=i * 24 + 0.5, likes=i, followers=5_000)
             for i in range(12)]
    reply = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(
        mentions=batch)], "service")
    hour = Duration()
    hour.FromTimedelta(timedelta(days=1))
    timeline = await reputation.call("GetTimeline", pb.GetTimelineRequest(
        **{"from": ts(NOW - timedelta(days=13))}, to=ts(NOW + timedelta(hours=1)),
        bucket=hour, consistency={"min_position": reply.write.position}), "analyst")
    assert sum(b.mentions for b in timeline.buckets) >= 12
    assert sum(b.negative for b in timeline.buckets) >= 4
    ambassadors = await reputation.call("ListAuthors", pb.ListAuthorsRequest(
        **{"from": ts(NOW - timedelta(days=13))}, filter=pb.AUTHOR_FILTER_AMBASSADORS),
        "analyst")
    assert f"@fan-{run}" in [a.handle for a in ambassadors.authors]
    detractors = await reputation.call("ListAuthors", pb.ListAuthorsRequest(
        **{"from": ts(NOW - timedelta(days=13))}, filter=pb.AUTHOR_FILTER_DETRACTORS),
        "analyst")
    assert f"@critic-{run}" in [a.handle for a in detractors.authors]
    assert f"@fan-{run}" not in [a.handle for a in detractors.authors]


async def test_bad_input_is_refused_and_writes_nothing(reputation: Harness) -> None:
    head = await reputation.runtime.store.recorder.max_notification_id()
    good = mention("ok-1", "fine", "someone")
    table: list[tuple[str, Any, tuple[str, ...], set[str]]] = [
        ("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            pb.MentionInput(network=42, post_id="x", text="t", author=pb.Author(
                external_id="a"), published_at=ts(NOW))])], ("service",),
         {"mentions[0].network"}),
        ("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            pb.MentionInput(network=pb.NETWORK_X, post_id="x", text="",
                            author=pb.Author(external_id="a"),
                            published_at=ts(NOW + timedelta(days=2)))])], ("service",),
         {"mentions[0].text", "mentions[0].published_at"}),
        ("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            pb.MentionInput(network=pb.NETWORK_X, post_id="x", text="t" * 100_001,
                            author=pb.Author(external_id="a"))])], ("service",),
         {"mentions[0].text", "mentions[0].published_at"}),
        ("RecordMentions", [pb.RecordMentionsRequest(mentions=[good]),
                            pb.RecordMentionsRequest(mentions=[good] * 1001)], ("service",),
         {"mentions"}),
        ("GetTimeline", pb.GetTimelineRequest(), ("analyst",), {"from"}),
        ("SearchMentions", pb.SearchMentionsRequest(language="de"), ("analyst",),
         {"language"}),
        ("DefineTrackedTerms", pb.DefineTrackedTermsRequest(terms=[pb.TrackedTerm(
            term="\x00")]), ("admin",), {"terms[0].term", "terms[0].kind"}),
    ]
    for method, request, roles, fields in table:
        refused = await reputation.refused(method, request, *roles)
        assert refused.code == grpc.StatusCode.INVALID_ARGUMENT, (method, refused)
        assert field_names(refused) == fields, (method, refused)
    assert (await reputation.refused("RecordMentions", [pb.RecordMentionsRequest()],
                                     "analyst")).code == grpc.StatusCode.PERMISSION_DENIED
    # The first, valid, batch of the refused stream above was recorded (one batch, one
    # transaction): every other call wrote nothing.
    assert await reputation.runtime.store.recorder.max_notification_id() <= (head or 0) + 2


async def test_erasing_a_customer_erases_what_their_profiles_wrote(
        reputation: Harness, tier_nats: str) -> None:
    run, customer = uuid.uuid4().hex[:6], str(uuid.uuid4())
    reply = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        mention(f"e-{run}", f"Zorblax {run} is a scam", f"eve-{run}")])], "service")
    nc = await nats.connect(tier_nats)
    try:
        js = nc.jetstream()
        await publish_event(js, "identity", identity.SocialProfileLinkChanged(
            profile_id=str(profile_id("acme", "x", f"eve-{run}")), network="x",
            customer_id=customer))

        async def exported() -> list[Any]:
            return await reputation.call("ExportSubjectData", pb.ExportSubjectDataRequest(
                customer_id=customer), "compliance_officer")

        items = await eventually(exported, lambda i: any(x.HasField("mention") for x in i))
        assert [x.mention.text for x in items if x.HasField("mention")] == [
            f"Zorblax {run} is a scam"]
        await publish_event(js, "identity", identity.ErasureRequested(
            erasure_id=str(uuid.uuid4()), customer_id=customer, request_ref="gdpr"))

        async def text() -> str:
            found = await reputation.call("SearchMentions", pb.SearchMentionsRequest(
                author_profile_id=str(profile_id("acme", "x", f"eve-{run}")),
                consistency={"min_position": reply.write.position}), "analyst")
            return str(found.mentions[0].text)

        assert await eventually(text, lambda t: t == "[erased]") == "[erased]"
    finally:
        await nc.close()
    gone = await reputation.call("SearchMentions", pb.SearchMentionsRequest(
        query=f"zorblax {run}", consistency={"min_position": reply.write.position}),
        "analyst")
    assert gone.mentions == []

