"""identity in-process: activity counted from other services' events, and the erasure saga's
policy, against real PostgreSQL and NATS."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import nats
import pytest

from chorus.cases.v1 import events_pb2 as cases_events
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.ideas.v1 import events_pb2 as ideas_events
from chorus.identity.v1 import identity_pb2 as pb
from chorus.messaging.subjects import subject
from services.identity.main import SPEC
from tests.e2e.calls import eventually, publish_event
from tests.servers import Servers
from tests.service.harness import Harness, field_names


@pytest.fixture(scope="module")
async def identity(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


async def register(identity: Harness) -> str:
    reply = await identity.call("RegisterCustomer", pb.RegisterCustomerRequest(
        customer_code=f"S-{uuid.uuid4().hex[:8]}", legal_name="Sam Service",
        email="sam@example.org"), "admin")
    return str(reply.customer_id)


async def test_activity_follows_other_services_events_each_counted_once(
        identity: Harness, tier_nats: str) -> None:
    cid = await register(identity)
    nc = await nats.connect(tier_nats)
    js = nc.jetstream()
    try:
        await publish_event(js, "cases", cases_events.CaseOpened(
            case_id=str(uuid.uuid4()), customer_id=cid, channel="email"))
        idea = str(uuid.uuid4())
        await publish_event(js, "ideas", ideas_events.IdeaSubmitted(idea_id=idea,
                                                                    author_id=cid))
        vote = await publish_event(js, "ideas", ideas_events.IdeaVoteChanged(
            idea_id=idea, voter_id=cid, vote=ideas_events.VOTE_UP))
        await publish_event(js, "ideas", ideas_events.CommentPosted(
            comment_id=str(uuid.uuid4()), idea_id=idea, author_id=cid, official=False))
        # The vote again, as a relay retrying after a crash would send it (same event id,
        # a message id JetStream does not know).
        envelope = EventEnvelope(event_id=vote, tenant="acme",
                                 event_type="chorus.ideas.v1.IdeaVoteChanged",
                                 payload=ideas_events.IdeaVoteChanged(
                                     idea_id=idea, voter_id=cid,
                                     vote=ideas_events.VOTE_UP).SerializeToString())
        await js.publish(subject("ideas", "acme", "IdeaVoteChanged"),
                         envelope.SerializeToString(), headers={"Nats-Msg-Id": "again"})
    finally:
        await nc.close()

    async def activity() -> pb.ActivitySummary:
        view = await identity.call("GetCustomer360", pb.GetCustomer360Request(customer_id=cid),
                                   "agent")
        return view.activity

    counted = await eventually(activity, lambda a: a.comments_posted == 1 and a.cases_open == 1)
    assert (counted.cases_opened, counted.ideas_submitted, counted.votes_cast) == (1, 1, 1)


async def test_the_erasure_saga_counts_each_confirmation_once(
        identity: Harness, tier_nats: str) -> None:
    cid = await register(identity)
    erased = await identity.call("EraseCustomer", pb.EraseCustomerRequest(
        customer_id=cid, request_ref="ticket-9"), "compliance_officer")
    nc = await nats.connect(tier_nats)
    js = nc.jetstream()
    try:
        for _ in range(2):  # a participant confirming twice (its relay retried)
            await publish_event(js, "cases", ErasureConfirmed(
                erasure_id=erased.erasure_id, customer_id=cid, service="cases",
                erased=[f"cases/known_customers/{cid}"]))
    finally:
        await nc.close()

    async def receipt() -> pb.GetErasureReceiptResponse:
        return await identity.call("GetErasureReceipt", pb.GetErasureReceiptRequest(
            erasure_id=erased.erasure_id), "compliance_officer")

    got = await eventually(receipt, lambda r: "cases" not in r.pending)
    assert [c.service for c in got.confirmations] == ["cases", "identity"]
    assert (sorted(got.pending), got.completed) == (["ideas", "reputation"], False)
    history = await identity.runtime.store.recorder.stream_records(uuid.UUID(erased.erasure_id))
    assert [r.topic.rsplit(".", 1)[1] for r in history] == ["Requested", "Confirmed",
                                                             "Confirmed"]


async def test_customer_360_reads_the_profile_link_just_written(identity: Harness) -> None:
    from chorus.common.v1.consistency_pb2 import Consistency

    cid = await register(identity)
    uid = uuid.uuid4().hex[:8]
    profile = await identity.call("RecordSocialProfile", pb.RecordSocialProfileRequest(
        network=pb.NETWORK_X, external_id=f"x-{uid}", handle=f"@ryw_{uid}"), "agent")
    linked = await identity.call("LinkSocialProfile", pb.LinkSocialProfileRequest(
        profile_id=profile.profile_id, customer_id=cid,
        evidence=pb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"), "agent")
    view = await identity.call("GetCustomer360", pb.GetCustomer360Request(
        customer_id=cid, consistency=Consistency(min_position=linked.write.position)), "agent")
    assert [p.profile_id for p in view.profiles] == [profile.profile_id]
    bad = await identity.refused("GetCustomer360", pb.GetCustomer360Request(
        customer_id=cid, consistency=Consistency(min_position=-1)), "agent")
    assert field_names(bad) == {"consistency.min_position"}


async def test_resolve_answers_from_memory_and_still_reads_its_writes(identity: Harness) -> None:
    from chorus.common.v1.consistency_pb2 import Consistency

    (api,) = identity.runtime.service.apis
    resolutions = api.servicer.resolutions
    reads = 0
    original = resolutions.index.resolve

    async def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += 1
        return await original(*args, **kwargs)
    resolutions.index.resolve = counted
    try:
        uid = uuid.uuid4().hex[:8]
        profile = await identity.call("RecordSocialProfile", pb.RecordSocialProfileRequest(
            network=pb.NETWORK_X, external_id=f"x-{uid}", handle=f"@cache_{uid}"), "agent")
        ask = pb.ResolveRequest(network=pb.NETWORK_X, handle=f"@Cache_{uid}",
                                consistency=Consistency(min_position=profile.write.position))
        first = await identity.call("Resolve", ask, "agent")
        again = await identity.call("Resolve", ask, "agent")
        assert first.profile_id == profile.profile_id and not first.known
        assert again == first and reads == 1
        cid = await register(identity)
        linked = await identity.call("LinkSocialProfile", pb.LinkSocialProfileRequest(
            profile_id=profile.profile_id, customer_id=cid,
            evidence=pb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"), "agent")
        after = await identity.call("Resolve", pb.ResolveRequest(
            network=pb.NETWORK_X, handle=f"@cache_{uid}",
            consistency=Consistency(min_position=linked.write.position)), "agent")
        assert after.known and after.customer_id == cid, "the link just written, not the old answer"
        assert reads == 2
    finally:
        resolutions.index.resolve = original
