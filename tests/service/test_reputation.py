"""reputation in-process: mentions recorded once per post and analysed offline (language,
tone, intent, terms), searched, charted and ranked by author; complaints routed to cases
once; bad input refused; erasure of a customer's profiles."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import nats
import pytest
from google.protobuf.duration_pb2 import Duration

from chorus.common.v1.consistency_pb2 import Consistency
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.identifiers import profile_id
from chorus.identity.v1 import events_pb2 as identity
from chorus.reputation.v1 import events_pb2 as events
from chorus.reputation.v1 import reputation_pb2 as pb
from tests.e2e.calls import eventually, publish_event, ts
from tests.service.harness import Harness, field_names

NOW = datetime.now(UTC)


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


async def test_a_call_takes_at_most_64_messages_and_keeps_those_before(
        reputation: Harness) -> None:
    """Its reply lists every mention id: a stream left open would grow it (and the service's
    memory) without end, and past ~110,000 mentions outgrow gRPC's 4 MB reply."""
    run = uuid.uuid4().hex[:6]
    posts = [mention(f"m{i}-{run}", "fine", "someone") for i in range(65)]
    refused = await reputation.refused("RecordMentions", [
        pb.RecordMentionsRequest(mentions=[m]) for m in posts], "service")
    assert refused.code == grpc.StatusCode.INVALID_ARGUMENT
    assert field_names(refused) == {"mentions"}
    again = await reputation.call("RecordMentions", [
        pb.RecordMentionsRequest(mentions=posts)], "service")
    assert (again.recorded, again.duplicates) == (1, 64)


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



async def test_share_of_voice_and_a_backtest_of_the_alert_policy(reputation: Harness) -> None:
    """A quiet week then an hour of anger: the policy's backtest raises one alert, in that
    hour, naming the angriest posts; the known incident is detected, nothing else alarms."""
    tenant = f"buzz{uuid.uuid4().hex[:6]}"
    await reputation.call("DefineTrackedTerms", pb.DefineTrackedTermsRequest(terms=[
        pb.TrackedTerm(term="Acme", kind=pb.TERM_KIND_BRAND),
        pb.TrackedTerm(term="Globex", kind=pb.TERM_KIND_COMPETITOR)]), "admin", tenant=tenant)
    day0 = (NOW - timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
    steady = [pb.MentionInput(
        network=pb.NETWORK_X, post_id=f"s{h}-{n}", text=["Looking at Acme tonight",
                                                        "Globex or Acme for my phone"][n],
        author=pb.Author(external_id=f"a{h % 9}"), published_at=ts(day0 + timedelta(
            hours=h, minutes=10 * n))) for h in range(7 * 24) for n in range(2)]
    burst_at = day0 + timedelta(days=7, hours=2)
    angry = [pb.MentionInput(
        network=pb.NETWORK_X, post_id=f"angry-{n}",
        text="Acme is terrible, worst service ever, I want a refund",
        author=pb.Author(external_id=f"b{n}"), engagement=pb.Engagement(likes=n),
        published_at=ts(burst_at + timedelta(minutes=n))) for n in range(40)]
    recorded = await reputation.call("RecordMentions", [
        pb.RecordMentionsRequest(mentions=steady), pb.RecordMentionsRequest(mentions=angry)],
        "service", tenant=tenant)
    after = Consistency(min_position=recorded.write.position)

    voice = await reputation.call("GetShareOfVoice", pb.GetShareOfVoiceRequest(
        **{"from": ts(day0)}, consistency=after), "analyst", tenant=tenant)
    shares = {s.term: s for s in voice.shares}
    assert voice.mentions == len(steady) + len(angry)
    assert (shares["Acme"].mentions, shares["Globex"].mentions) == (376, 168)
    assert shares["Globex"].kind == pb.TERM_KIND_COMPETITOR
    assert abs(shares["Acme"].share - 1.0) < 1e-9 and shares["Acme"].negative_share > 0.05

    policy = pb.AlertPolicy(bucket=Duration(seconds=3600), min_volume=10)
    defined = await reputation.call("DefineAlertPolicy", pb.DefineAlertPolicyRequest(
        policy=policy), "admin", tenant=tenant)
    assert defined.policy.z_threshold == 4.0, "zero fields take the defaults"
    incident = pb.KnownIncident(started_at=ts(burst_at), ended_at=ts(burst_at + timedelta(
        hours=2)), label="refund storm")
    result = await reputation.call("BacktestAlertPolicy", pb.BacktestAlertPolicyRequest(
        **{"from": ts(day0 + timedelta(days=3))}, to=ts(day0 + timedelta(days=8)),
        known_incidents=[incident], consistency=after), "analyst", tenant=tenant)
    assert result.policy.min_volume == 10, "the defined policy"
    raised = [a for a in result.alerts if a.kind == "raised"]
    assert len(raised) == 1 and raised[0].bucket_start == ts(burst_at)
    assert raised[0].reasons == ["negative burst"] and raised[0].negative_share > 0.9
    assert set(raised[0].driving_mention_ids) <= set(recorded.mention_ids[-40:])
    assert raised[0].driving_mention_ids[0] == recorded.mention_ids[-1], "most liked first"
    assert (result.missed, result.false_alarms) == (0, 0)
    assert result.incidents[0].detected
    assert result.incidents[0].detection_delay.ToTimedelta() == timedelta(hours=1)

    strict = await reputation.call("BacktestAlertPolicy", pb.BacktestAlertPolicyRequest(
        policy=pb.AlertPolicy(min_volume=100), **{"from": ts(day0 + timedelta(days=3))},
        to=ts(day0 + timedelta(days=8)), known_incidents=[incident]), "analyst",
        tenant=tenant)
    assert (strict.alerts, strict.missed) == ([], 1)

    for request, fields in [
        (pb.BacktestAlertPolicyRequest(**{"from": ts(day0)}, to=ts(day0 + timedelta(days=93)),
                                       policy=pb.AlertPolicy(bucket=Duration(seconds=420),
                                                             min_negative_share=2)),
         {"to", "policy.bucket", "policy.min_negative_share"}),
        (pb.BacktestAlertPolicyRequest(known_incidents=[pb.KnownIncident()]),
         {"from", "known_incidents[0]"})]:
        refused = await reputation.refused("BacktestAlertPolicy", request, "analyst",
                                           tenant=tenant)
        assert refused.code == grpc.StatusCode.INVALID_ARGUMENT
        assert field_names(refused) == fields
    assert (await reputation.refused("DefineAlertPolicy", pb.DefineAlertPolicyRequest(
        policy=policy), "analyst", tenant=tenant)).code == grpc.StatusCode.PERMISSION_DENIED


async def test_live_detection_raises_one_alert_that_people_acknowledge_and_resolve(
        reputation: Harness, tier_nats: str) -> None:
    """A policy with one-minute buckets, then 30 angry mentions: when the minute closes, one
    alert, streamed to a dashboard and published on NATS, naming the angry posts; the
    backtest of the same minutes gives the same alert."""
    tenant = f"live{uuid.uuid4().hex[:6]}"
    if datetime.now(UTC).second > 50:  # the burst and the policy in the same minute
        await asyncio.sleep(61 - datetime.now(UTC).second)
    await reputation.call("DefineAlertPolicy", pb.DefineAlertPolicyRequest(policy=pb.AlertPolicy(
        bucket=Duration(seconds=60), min_volume=10)), "admin", tenant=tenant)
    nc = await nats.connect(tier_nats)
    published = await nc.jetstream().subscribe(f"chorus.reputation.{tenant}.CrisisAlertRaised",
                                               ordered_consumer=True)
    dashboard = asyncio.create_task(reputation.call("WatchAlerts", pb.WatchAlertsRequest(),
                                                    "analyst", tenant=tenant, take=1))
    try:
        burst_at = datetime.now(UTC)
        # Three days of history (one quiet mention in the same minute each day): before it,
        # a tenant has no baseline for volume to alarm against.
        await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            pb.MentionInput(network=pb.NETWORK_X, post_id=f"quiet-{d}", text="Acme shop open",
                            author=pb.Author(external_id=f"q{d}"),
                            published_at=ts(burst_at - timedelta(days=d))) for d in (1, 2, 3)])],
            "service", tenant=tenant)
        recorded = await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            pb.MentionInput(network=pb.NETWORK_X, post_id=f"angry-{n}",
                            text="Acme is terrible, worst service ever, I want a refund",
                            author=pb.Author(external_id=f"u{n}"), published_at=ts(burst_at),
                            engagement=pb.Engagement(likes=n)) for n in range(30)])],
            "service", tenant=tenant)
        (first,) = await asyncio.wait_for(dashboard, timeout=90)
        alert = first.alert
        closed = burst_at.replace(second=0, microsecond=0) + timedelta(minutes=1)
        assert alert.status == pb.ALERT_STATUS_OPEN and alert.volume == 30
        assert "negative burst" in alert.reasons and alert.negative_share == 1.0
        assert alert.raised_at.ToDatetime(tzinfo=UTC) == closed
        assert list(alert.driving_mention_ids) == list(reversed(recorded.mention_ids))[:5]
        envelope = EventEnvelope.FromString((await published.next_msg(timeout=10)).data)
        raised = events.CrisisAlertRaised.FromString(envelope.payload)
        assert (raised.alert_id, raised.volume) == (alert.alert_id, 30)

        replay = await reputation.call("BacktestAlertPolicy", pb.BacktestAlertPolicyRequest(
            **{"from": ts(closed - timedelta(minutes=5))}, to=ts(closed)), "analyst",
            tenant=tenant)
        assert [(a.kind, a.bucket_start, list(a.driving_mention_ids)) for a in replay.alerts] \
            == [("raised", alert.bucket_start, list(alert.driving_mention_ids))]

        alert_id = alert.alert_id
        for method, request, roles, code in [
            ("AcknowledgeAlert", pb.AcknowledgeAlertRequest(alert_id=alert_id), ("analyst",),
             grpc.StatusCode.PERMISSION_DENIED),
            ("AcknowledgeAlert", pb.AcknowledgeAlertRequest(alert_id="nope"),
             ("community_manager",), grpc.StatusCode.INVALID_ARGUMENT),
            ("ResolveAlert", pb.ResolveAlertRequest(alert_id=str(uuid.uuid4())), ("admin",),
             grpc.StatusCode.NOT_FOUND)]:
            assert (await reputation.refused(method, request, *roles, tenant=tenant)).code \
                == code, method
        assert (await reputation.refused("AcknowledgeAlert", pb.AcknowledgeAlertRequest(
            alert_id=alert_id), "admin")).code == grpc.StatusCode.NOT_FOUND, "other tenant"
        await reputation.call("AcknowledgeAlert", pb.AcknowledgeAlertRequest(
            alert_id=alert_id), "community_manager", tenant=tenant, subject="cm-1")
        done = await reputation.call("ResolveAlert", pb.ResolveAlertRequest(
            alert_id=alert_id, note="apologised publicly, refunds sent"), "admin",
            tenant=tenant, subject="boss")
        assert (await reputation.refused("ResolveAlert", pb.ResolveAlertRequest(
            alert_id=alert_id), "admin", tenant=tenant)).code == \
            grpc.StatusCode.FAILED_PRECONDITION
        listed = await reputation.call("ListAlerts", pb.ListAlertsRequest(
            consistency=Consistency(min_position=done.write.position)), "analyst",
            tenant=tenant)
        assert [(a.alert_id, a.status, a.acknowledged_by, a.resolved_by, a.note)
                for a in listed.alerts] == [(alert_id, pb.ALERT_STATUS_RESOLVED, "cm-1",
                                             "boss", "apologised publicly, refunds sent")]
        still_open = await reputation.call("ListAlerts", pb.ListAlertsRequest(
            statuses=[pb.ALERT_STATUS_OPEN]), "analyst", tenant=tenant)
        assert list(still_open.alerts) == []
    finally:
        dashboard.cancel()
        await nc.close()
