"""identity's 360-degree view and content-producer tiers, fed by other services' integration
events (published here as those services will, on the real NATS), over real gRPC."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import grpc
import nats

from chorus.cases.v1 import events_pb2 as cases_events
from chorus.devstack.stack import DevStack, DevState
from chorus.ideas.v1 import events_pb2 as ideas_events
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.reputation.v1 import events_pb2 as reputation_events
from tests.e2e.calls import channel, eventually, publish_event, token, ts
from tests.grpc_client import call_error, field_violations
from tests.servers import Servers


def view_of(stub: idgrpc.IdentityServiceStub, customer_id: str,
            meta: object) -> Callable[[], Awaitable[idpb.GetCustomer360Response]]:
    return lambda: stub.GetCustomer360(idpb.GetCustomer360Request(customer_id=customer_id),
                                       metadata=meta)


async def test_360_view_now_and_as_of_a_past_time(system: tuple[DevStack, DevState],
                                                  stack: Servers) -> None:
    dev, state = system
    admin, agent = token(state, "admin"), token(state, "agent")
    nc = await nats.connect(stack.nats_url)
    js = nc.jetstream()
    uid = uuid.uuid4().hex[:8]
    now = datetime.now(UTC)
    try:
        async with channel(dev, "identity") as ch:
            stub = idgrpc.IdentityServiceStub(ch)
            a = (await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code=f"V-{uid}-A", legal_name="Vera Viewed",
                email="vera@example.org"), metadata=admin)).customer_id
            b = (await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code=f"V-{uid}-B", legal_name="Vera V.", email="vv@example.org"),
                metadata=admin)).customer_id
            p1 = (await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
                network=idpb.NETWORK_X, external_id=f"x-{uid}", handle=f"@vera_{uid}",
                display_name="Vera"), metadata=agent)).profile_id
            await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
                profile_id=p1, customer_id=a, evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK,
                evidence_ref="oauth"), metadata=agent)
            await stub.GiveConsent(idpb.GiveConsentRequest(
                customer_id=a, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
                legal_basis=idpb.LEGAL_BASIS_CONSENT, source="web"), metadata=admin)
            case1 = str(uuid.uuid4())
            await publish_event(js, "cases", cases_events.CaseOpened(
                case_id=case1, customer_id=a, channel="x"))
            await publish_event(js, "reputation", reputation_events.MentionRecorded(
                mention_id=f"m1-{uid}", network="x", author_external_id=f"x-{uid}",
                published_at=ts(now - timedelta(days=1))))
            before = await eventually(view_of(stub, a, agent), lambda v: (
                v.activity.cases_opened == 1 and v.activity.mentions == 1))
            assert before.producer_tier == idpb.CONTENT_PRODUCER_TIER_RARE
            t1 = datetime.now(UTC)
            await asyncio.sleep(0.05)

            # Afterwards: new email, a second profile, consent withdrawn, B merged into A,
            # and activity in cases, ideas and reputation.
            await stub.UpdateCustomer(idpb.UpdateCustomerRequest(
                customer_id=a, email="vera.new@example.org",
                update_mask={"paths": ["email"]}), metadata=admin)
            p2 = (await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
                network=idpb.NETWORK_FORUM, external_id=f"f-{uid}", handle=f"@Fan_{uid}"),
                metadata=agent)).profile_id
            await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
                profile_id=p2, customer_id=a, evidence=idpb.LINK_EVIDENCE_AGENT_CONFIRMED,
                evidence_ref="call-7"), metadata=agent)
            await stub.WithdrawConsent(idpb.WithdrawConsentRequest(
                customer_id=a, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
                source="unsubscribe link"), metadata=admin)
            await stub.MergeCustomers(idpb.MergeCustomersRequest(
                merged_customer_id=b, survivor_customer_id=a, reason="same person"),
                metadata=admin)
            idea = str(uuid.uuid4())
            for service, event in [
                ("cases", cases_events.CaseOpened(case_id=str(uuid.uuid4()), customer_id=a)),
                ("cases", cases_events.CaseClosed(case_id=case1, customer_id=a)),
                ("ideas", ideas_events.IdeaSubmitted(idea_id=idea, author_id=b)),
                ("ideas", ideas_events.IdeaVoteChanged(idea_id=idea, voter_id=a,
                                                       vote=ideas_events.VOTE_UP)),
                ("ideas", ideas_events.IdeaVoteChanged(
                    idea_id=idea, voter_id=a, vote=ideas_events.VOTE_DOWN,
                    previous_vote=ideas_events.VOTE_UP)),
                ("ideas", ideas_events.CommentPosted(comment_id="c1", idea_id=idea,
                                                     author_id=a)),
                ("ideas", ideas_events.CommentPosted(comment_id="c2", idea_id=idea,
                                                     author_id=a, official=True)),
                ("reputation", reputation_events.MentionRecorded(
                    mention_id=f"m2-{uid}", network="x", author_external_id=f"x-{uid}")),
                ("reputation", reputation_events.MentionRecorded(
                    mention_id=f"m3-{uid}", network="x", author_external_id=f"x-{uid}")),
                # By handle only, written differently: still the forum profile.
                ("reputation", reputation_events.MentionRecorded(
                    mention_id=f"m4-{uid}", network="forum", author_handle=f"FAN_{uid}")),
                ("reputation", reputation_events.MentionRecorded(
                    mention_id=f"m5-{uid}", network="x", author_external_id=f"x-{uid}",
                    published_at=ts(now - timedelta(days=200)))),
                ("reputation", reputation_events.MentionRecorded(
                    mention_id=f"m6-{uid}", network="x", author_external_id="a-stranger")),
            ]:
                await publish_event(js, service, event)

            # Each service's events come through a consumer of their own, in no order between
            # them: wait for the last of each stream.
            view = await eventually(view_of(stub, a, agent), lambda v: (
                v.activity.comments_posted == 1 and v.activity.mentions == 5
                and v.activity.ideas_submitted == 1 and v.activity.cases_opened == 2
                and v.activity.cases_open == 1))
            act = view.activity
            assert (act.cases_opened, act.cases_open, act.ideas_submitted, act.votes_cast,
                    act.comments_posted, act.mentions, act.mentions_last_90_days) == (
                2, 1, 1, 1, 1, 5, 4)
            assert view.producer_tier == idpb.CONTENT_PRODUCER_TIER_OCCASIONAL
            assert view.customer.email == "vera.new@example.org"
            assert sorted(p.profile_id for p in view.profiles) == sorted([p1, p2])
            assert list(view.merged_customer_ids) == [b]
            assert [(c.purpose, c.given) for c in view.consents] == [
                (idpb.PURPOSE_MARKETING, False)]

            past = await stub.GetCustomer360(idpb.GetCustomer360Request(
                customer_id=a, as_of=ts(t1)), metadata=agent)
            assert past.customer.email == "vera@example.org"
            assert [p.profile_id for p in past.profiles] == [p1]
            assert [p.handle for p in past.profiles] == [f"@vera_{uid}"]
            assert list(past.merged_customer_ids) == []
            assert [(c.purpose, c.given, c.source) for c in past.consents] == [
                (idpb.PURPOSE_MARKETING, True, "web")]
            act = past.activity
            assert (act.cases_opened, act.cases_open, act.ideas_submitted, act.votes_cast,
                    act.comments_posted) == (1, 1, 0, 0, 0)
            # Mentions count by when they were published: the 200-day-old one was already
            # there at t1 (found later), outside the 90-day window.
            assert (act.mentions, act.mentions_last_90_days) == (2, 1)
            assert past.producer_tier == idpb.CONTENT_PRODUCER_TIER_RARE

            producers = await stub.ListContentProducers(idpb.ListContentProducersRequest(
                tier=idpb.CONTENT_PRODUCER_TIER_OCCASIONAL, page_size=500), metadata=agent)
            assert idpb.ContentProducer(customer_id=a, mentions_last_90_days=4) in list(
                producers.producers)
            rare = await stub.ListContentProducers(idpb.ListContentProducersRequest(
                tier=idpb.CONTENT_PRODUCER_TIER_RARE, page_size=500), metadata=agent)
            assert a not in [p.customer_id for p in rare.producers]
    finally:
        await nc.close()


async def test_360_refuses_bad_input_and_bad_callers(system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin, agent = token(state, "admin"), token(state, "agent")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"V-{uuid.uuid4().hex[:8]}", legal_name="Otto Other",
            email="otto@example.org"), metadata=admin)
        cid = reg.customer_id

        bad = await call_error(stub.GetCustomer360(idpb.GetCustomer360Request(
            customer_id="nope", as_of=ts(datetime.now(UTC) + timedelta(days=1))),
            metadata=agent))
        assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert set(field_violations(bad)) == {"customer_id", "as_of"}

        unknown = await call_error(stub.GetCustomer360(idpb.GetCustomer360Request(
            customer_id=str(uuid.uuid4())), metadata=agent))
        assert unknown.code() == grpc.StatusCode.NOT_FOUND
        not_yet = await call_error(stub.GetCustomer360(idpb.GetCustomer360Request(
            customer_id=cid, as_of=ts(datetime.now(UTC) - timedelta(days=1))), metadata=agent))
        assert not_yet.code() == grpc.StatusCode.NOT_FOUND, "not a customer back then"
        elsewhere = await call_error(stub.GetCustomer360(idpb.GetCustomer360Request(
            customer_id=cid), metadata=token(state, "admin", tenant="globex")))
        assert elsewhere.code() == grpc.StatusCode.NOT_FOUND

        own = await stub.GetCustomer360(idpb.GetCustomer360Request(customer_id=cid),
                                        metadata=token(state, "customer", subject_id=cid))
        assert own.customer.email == "otto@example.org"
        assert own.producer_tier == idpb.CONTENT_PRODUCER_TIER_SILENT
        someone_else = await call_error(stub.GetCustomer360(idpb.GetCustomer360Request(
            customer_id=cid), metadata=token(state, "customer", subject_id=str(uuid.uuid4()))))
        assert someone_else.code() == grpc.StatusCode.PERMISSION_DENIED

        no_tier = await call_error(stub.ListContentProducers(
            idpb.ListContentProducersRequest(), metadata=agent))
        assert set(field_violations(no_tier)) == {"tier"}
        forged = await call_error(stub.ListContentProducers(idpb.ListContentProducersRequest(
            tier=idpb.CONTENT_PRODUCER_TIER_SILENT, page_token="bm90LWEtdG9rZW4"),
            metadata=agent))
        assert set(field_violations(forged)) == {"page_token"}
        customers_may_not = await call_error(stub.ListContentProducers(
            idpb.ListContentProducersRequest(tier=idpb.CONTENT_PRODUCER_TIER_SILENT),
            metadata=token(state, "customer", subject_id=cid)))
        assert customers_may_not.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_360_counts_real_cases_opened_and_closed_in_the_cases_service(
        system: tuple[DevStack, DevState]) -> None:
    from chorus.cases.v1 import cases_pb2, cases_pb2_grpc

    dev, state = system
    admin, agent = token(state, "admin"), token(state, "agent")
    async with channel(dev, "identity") as ch:
        identity = idgrpc.IdentityServiceStub(ch)
        customer = (await identity.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"K-{uuid.uuid4().hex[:8]}", legal_name="Kim Case",
            email="kim@example.org"), metadata=admin)).customer_id
        async with channel(dev, "cases") as cases_ch:
            cases = cases_pb2_grpc.CasesServiceStub(cases_ch)
            opened = [await cases.OpenCase(cases_pb2.OpenCaseRequest(
                channel=cases_pb2.CHANNEL_EMAIL, subject="Invoice", body=f"Question {i}",
                customer_id=customer), metadata=token(state, "service")) for i in range(2)]
            view = await eventually(view_of(identity, customer, agent),
                                    lambda v: v.activity.cases_opened == 2)
            assert view.activity.cases_open == 2
            await cases.CloseCase(cases_pb2.CloseCaseRequest(
                case_id=opened[0].case_id, reason="answered by phone"), metadata=agent)
        view = await eventually(view_of(identity, customer, agent),
                                lambda v: v.activity.cases_open == 1)
        assert view.activity.cases_opened == 2
