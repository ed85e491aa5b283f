"""Real mentions end to end: reputation records them over gRPC and publishes on NATS; identity
counts them in the 360-degree view and the content-producer tiers; a known customer's
complaint opens one public case in cases; the agent's public reply comes back to the mention's
thread in reputation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from chorus.cases.v1 import cases_pb2 as cpb
from chorus.cases.v1 import cases_pb2_grpc as cgrpc
from chorus.devstack.stack import DevStack, DevState
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.reputation.v1 import reputation_pb2 as rpb
from chorus.reputation.v1 import reputation_pb2_grpc as rgrpc
from tests.e2e.calls import channel, eventually, token, ts


async def test_mentions_reach_identity_and_complaints_reach_cases_and_back(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin, agent, ingest = token(state, "admin"), token(state, "agent"), token(state, "service")
    uid = uuid.uuid4().hex[:8]
    now = datetime.now(UTC)
    async with channel(dev, "identity") as ich, channel(dev, "reputation") as rch, \
            channel(dev, "cases") as cch:
        identity = idgrpc.IdentityServiceStub(ich)
        reputation = rgrpc.ReputationServiceStub(rch)
        cases = cgrpc.CasesServiceStub(cch)

        customer = (await identity.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"M-{uid}", legal_name="Mona Mentioned", email="mona@example.org"),
            metadata=admin)).customer_id
        profile = (await identity.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=f"mona-{uid}", handle=f"@mona_{uid}"),
            metadata=agent)).profile_id
        await identity.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile, customer_id=customer,
            evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"),
            metadata=agent)

        def said(post: str, text: str, days_ago: float) -> rpb.MentionInput:
            return rpb.MentionInput(
                network=rpb.NETWORK_X, post_id=f"{post}-{uid}", text=text,
                url=f"https://x.example/{post}-{uid}",
                author=rpb.Author(external_id=f"mona-{uid}", handle=f"@mona_{uid}",
                                  followers=250),
                published_at=ts(now - timedelta(days=days_ago)))

        # Three neutral or happy posts over the past weeks, then a complaint today. Whether
        # the link reaches reputation and cases before the complaint or after, the case ends
        # up as hers (cases joins social authors to their customer whichever comes first).
        recorded = await reputation.RecordMentions(iter([rpb.RecordMentionsRequest(mentions=[
            said("a", "Just got my parcel, thanks!", 40),
            said("b", "Looking at the new catalogue tonight", 20),
            said("c", "Nice colours this season", 10),
            said("d", "My order never arrived and your support ignores me. I want a refund.",
                 0.01)])]), metadata=ingest)
        assert recorded.recorded == 4
        complaint = recorded.mention_ids[3]

        view = await eventually(lambda: identity.GetCustomer360(idpb.GetCustomer360Request(
            customer_id=customer), metadata=agent), lambda v: v.activity.mentions == 4)
        assert view.activity.mentions_last_90_days == 4
        assert view.producer_tier == idpb.CONTENT_PRODUCER_TIER_OCCASIONAL

        opened = await eventually(lambda: cases.ListCases(cpb.ListCasesRequest(
            customer_id=customer), metadata=agent), lambda r: len(r.cases) >= 1)
        assert [c.case.source_mention_id for c in opened.cases] == [complaint], \
            "one case, and only for the complaint"
        case = opened.cases[0].case
        assert case.channel == cpb.CHANNEL_X

        await cases.AddMessage(cpb.AddMessageRequest(
            case_id=case.case_id, author_kind=cpb.AUTHOR_KIND_AGENT,
            visibility=cpb.VISIBILITY_PUBLIC, body="Sorry, Mona: your refund is on its way."),
            metadata=agent)
        thread = await eventually(lambda: reputation.GetMention(rpb.GetMentionRequest(
            mention_id=complaint), metadata=agent),
            lambda r: r.mention.HasField("brand_replied_at"))
        assert thread.mention.answer_requested
        # Recording the complaint again (a collector's retry) opens nothing more.
        again = await reputation.RecordMentions(iter([rpb.RecordMentionsRequest(mentions=[
            said("d", "My order never arrived and your support ignores me. I want a refund.",
                 0.01)])]), metadata=ingest)
        assert list(again.mention_ids) == [complaint]
        still = await cases.ListCases(cpb.ListCasesRequest(customer_id=customer),
                                      metadata=agent)
        assert len(still.cases) == 1
