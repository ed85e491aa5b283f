"""ideas in-process: its application, API and read-model SQL, and the feedback policy under
replicas and rebuilds, against real PostgreSQL and NATS."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import grpc
import nats
import pytest

from chorus.auth.principal import Principal, Role
from chorus.commands import metadata
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.identity.v1 import events_pb2 as identity_events
from chorus.projections.runner import ProjectionRunner, request_rebuild
from services.ideas.domain.comment import Comment
from services.ideas.main import SPEC
from services.ideas.policies import Feedback
from services.ideas.projections.inbox import Consents
from tests.e2e.calls import eventually, publish_event
from tests.servers import Servers
from tests.service.harness import Harness, Refused, field_names

CM = "community_manager"


@pytest.fixture(scope="module")
async def ideas(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


async def customers(harness: Harness, nats_url: str, n: int, consenting: int) -> list[str]:
    """n customers of identity (published as identity does); the first `consenting` consent to
    service notifications by email."""
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    ids = [str(uuid.uuid4()) for _ in range(n)]
    try:
        for i, cid in enumerate(ids):
            await publish_event(js, "identity", identity_events.CustomerRegistered(
                customer_id=cid, customer_code=f"I-{cid[:8]}"))
            if i < consenting:
                await publish_event(js, "identity", identity_events.ConsentChanged(
                    customer_id=cid, purpose="service_notifications", channel="email",
                    given=True, legal_basis="consent"))
    finally:
        await nc.close()

    async def known(cid: str) -> bool:
        try:
            await harness.call("GetKnownCustomer", pb.GetKnownCustomerRequest(customer_id=cid),
                               "agent")
        except Refused as e:
            assert e.code == grpc.StatusCode.NOT_FOUND
            return False
        return True

    for cid in ids:
        await eventually(lambda cid=cid: known(cid), bool)  # type: ignore[misc]
    return ids


async def inbox(harness: Harness, customer: str) -> list[pb.Notification]:
    reply = await harness.call("GetInbox", pb.GetInboxRequest(page_size=100), "customer",
                               subject=customer)
    return list(reply.notifications)


async def test_feedback_is_told_once_per_person_per_change_across_replicas_and_rebuilds(
        ideas: Harness, tier_nats: str) -> None:
    alice, bob, carol = await customers(ideas, tier_nats, 3, consenting=2)
    category = f"c-{uuid.uuid4().hex[:6]}"
    await ideas.call("DefineCategory", pb.DefineCategoryRequest(category=category), CM)
    idea = await ideas.call("SubmitIdea", pb.SubmitIdeaRequest(
        title="Night mode for the app", body="Easier on the eyes.", category=category),
        "customer", subject=alice)
    for voter in (bob, carol):
        await ideas.call("VoteOnIdea", pb.VoteOnIdeaRequest(idea_id=idea.idea_id,
                                                            vote=ev.VOTE_UP),
                         "customer", subject=voter)
    await ideas.call("PostComment", pb.PostCommentRequest(idea_id=idea.idea_id, body="Yes"),
                     "customer", subject=bob)
    await ideas.call("ChangeIdeaStatus", pb.ChangeIdeaStatusRequest(
        idea_id=idea.idea_id, status=pb.IDEA_STATUS_UNDER_REVIEW), CM)
    told = await eventually(lambda: inbox(ideas, bob), lambda n: len(n) == 1)
    assert sorted(told[0].roles) == ["commenter", "voter"] and list(told[0].channels) == [
        "email"]
    assert len(await inbox(ideas, alice)) == 1
    assert await inbox(ideas, carol) == [], "no consent, no notification"

    # A second replica of the policy races the first, and the policy is rebuilt from the
    # start of the log while a new change arrives: still one notification per person.
    runtime = ideas.runtime
    feedback = runtime.runners["feedback"].reader
    assert isinstance(feedback, Feedback)
    replica = ProjectionRunner(runtime.store, Feedback(ideas.schema, Consents(ideas.schema)),
                               actor="ideas-feedback")
    racing = asyncio.create_task(replica.run(idle_sleep=0.01))
    try:
        await request_rebuild(runtime.store.recorder.pool, ideas.schema, "feedback")
        changed = await ideas.call("ChangeIdeaStatus", pb.ChangeIdeaStatusRequest(
            idea_id=idea.idea_id, status=pb.IDEA_STATUS_PLANNED), CM)
        await eventually(lambda: inbox(ideas, alice), lambda n: len(n) == 2)
        await feedback.caught_up(changed.write.position)
        await eventually(lambda: rebuilt(ideas), bool)
        await replica.wait_for(await runtime.store.recorder.max_notification_id() or 0)
    finally:
        racing.cancel()
    assert [len(await inbox(ideas, who)) for who in (alice, bob, carol)] == [2, 2, 0]
    issued = await runtime.store.recorder.pool.fetchval(
        f"SELECT count(*) FROM {ideas.schema}.events WHERE topic LIKE $1",
        "%:Notification.Issued")
    assert issued == 4


async def rebuilt(ideas: Harness) -> bool:
    pending = await ideas.runtime.store.recorder.pool.fetchval(
        f"SELECT count(*) FROM {ideas.schema}.rebuild_requests")
    return pending == 0


async def test_a_run_of_comments_is_counted_at_once_and_an_answer_in_it_tells_who_came_before(
        ideas: Harness, tier_nats: str) -> None:
    """The board and the feedback policy take a run of posted comments in one go: a
    customer's comment and the brand's answer stored together (one transaction, so one run)
    count both on the idea, credit only the customer, and the answer tells that customer."""
    (dora,) = await customers(ideas, tier_nats, 1, consenting=1)
    category = f"r-{uuid.uuid4().hex[:6]}"
    await ideas.call("DefineCategory", pb.DefineCategoryRequest(category=category), CM)
    idea = await ideas.call("SubmitIdea", pb.SubmitIdeaRequest(
        title="Bigger battery", body="Two days at least.", category=category,
        author_id=str(uuid.uuid4())), "service")
    store, tenant, idea_id = ideas.runtime.store, "acme", uuid.UUID(idea.idea_id)
    asked = Comment(tenant=tenant, idea_id=idea_id, author_id=dora, body="Me too")
    answer = Comment(tenant=tenant, idea_id=idea_id, author_id="brand-cm", body="Next model",
                     official=True)
    positions = await store.save_each(
        (asked, metadata(Principal(dora, tenant, frozenset({Role.CUSTOMER})), dora)),
        (answer, metadata(Principal("brand-cm", tenant, frozenset({Role.COMMUNITY_MANAGER})),
                          "brand-cm")))
    got = await ideas.call("GetIdea", pb.GetIdeaRequest(
        idea_id=idea.idea_id, consistency={"min_position": positions[-1]}), "agent")
    assert got.idea.comments == 2
    told = await eventually(lambda: inbox(ideas, dora), lambda n: len(n) == 1)
    assert (told[0].kind, list(told[0].roles)) == ("official_response", ["commenter"])
    credited = await store.recorder.pool.fetch(
        f"SELECT customer_id, comments FROM {ideas.schema}.contributions WHERE tenant = $1"
        " AND comments > 0 AND customer_id = $2", tenant, uuid.UUID(dora))
    assert [r["comments"] for r in credited] == [1]


async def test_the_board_counts_votes_and_comments_and_follows_merges(
        ideas: Harness, tier_nats: str) -> None:
    a, b, c = await customers(ideas, tier_nats, 3, consenting=0)
    category = f"m-{uuid.uuid4().hex[:6]}"
    await ideas.call("DefineCategory", pb.DefineCategoryRequest(category=category), CM)
    first = await ideas.call("SubmitIdea", pb.SubmitIdeaRequest(
        title="Offline maps", body="For travel.", category=category), "customer", subject=a)
    second = await ideas.call("SubmitIdea", pb.SubmitIdeaRequest(
        title="Maps without network", body="Same.", category=category), "customer",
        subject=b)
    vote = pb.VoteOnIdeaRequest
    await ideas.call("VoteOnIdea", vote(idea_id=first.idea_id, vote=ev.VOTE_UP), "customer",
                     subject=b)
    await ideas.call("VoteOnIdea", vote(idea_id=second.idea_id, vote=ev.VOTE_DOWN),
                     "customer", subject=b)
    await ideas.call("VoteOnIdea", vote(idea_id=second.idea_id, vote=ev.VOTE_UP), "customer",
                     subject=c)
    changed = await ideas.call("VoteOnIdea", vote(idea_id=second.idea_id, vote=ev.VOTE_UP),
                               "customer", subject=b)
    await ideas.call("PostComment", pb.PostCommentRequest(idea_id=second.idea_id,
                                                          body="Good"), "customer", subject=c)
    merged = await ideas.call("MergeIdeas", pb.MergeIdeasRequest(
        merged_idea_id=second.idea_id, survivor_idea_id=first.idea_id), CM)
    assert merged.write.position > changed.write.position
    got = await ideas.call("GetIdea", pb.GetIdeaRequest(
        idea_id=second.idea_id, consistency={"min_position": merged.write.position}), "agent")
    # b voted on both (counted once, with the vote cast on the survivor); c's vote moved.
    assert (got.redirected_from, got.idea.idea_id) == (second.idea_id, first.idea_id)
    assert (got.idea.votes_up, got.idea.votes_down, got.idea.comments) == (2, 0, 1)
    late = await ideas.refused("VoteOnIdea", vote(idea_id=second.idea_id, vote=ev.VOTE_UP),
                               "customer", subject=a)
    assert late.code == grpc.StatusCode.FAILED_PRECONDITION


async def test_roles_and_bad_input_are_refused_before_anything_is_written(
        ideas: Harness) -> None:
    head = await ideas.runtime.store.recorder.max_notification_id()
    denied = await ideas.refused("ChangeIdeaStatus", pb.ChangeIdeaStatusRequest(
        idea_id=str(uuid.uuid4()), status=pb.IDEA_STATUS_PLANNED), "customer")
    assert denied.code == grpc.StatusCode.PERMISSION_DENIED
    analyst = await ideas.refused("SubmitIdea", pb.SubmitIdeaRequest(title="x", body="y",
                                                                     category="z"), "analyst")
    assert analyst.code == grpc.StatusCode.PERMISSION_DENIED
    bad = await ideas.refused("SubmitIdea", pb.SubmitIdeaRequest(
        title="t" * 141, body="", category="z"), "customer", subject=str(uuid.uuid4()))
    assert bad.code == grpc.StatusCode.INVALID_ARGUMENT
    assert field_names(bad) == {"title", "body"}
    nul = await ideas.refused("SuggestDuplicates", pb.SuggestDuplicatesRequest(
        title="night\x00mode"), "customer")
    assert (nul.code, field_names(nul)) == (grpc.StatusCode.INVALID_ARGUMENT, {"title"})
    beyond = await ideas.refused("ListIdeas", pb.ListIdeasRequest(
        consistency={"min_position": 10**12}), "customer")
    assert beyond.code == grpc.StatusCode.OUT_OF_RANGE
    assert await ideas.runtime.store.recorder.max_notification_id() == head, "nothing written"


async def test_categories_and_campaigns_read_their_writes(ideas: Harness) -> None:
    from datetime import UTC, datetime, timedelta

    from google.protobuf.timestamp_pb2 import Timestamp

    from chorus.common.v1.consistency_pb2 import Consistency

    slug = f"ryw-{uuid.uuid4().hex[:8]}"
    wrote = await ideas.call("DefineCategory", pb.DefineCategoryRequest(category=slug), "admin")
    listed = await ideas.call("ListCategories", pb.ListCategoriesRequest(
        consistency=Consistency(min_position=wrote.write.position)), "admin")
    assert slug in {c.category for c in listed.categories}
    now = datetime.now(UTC)
    starts, ends = Timestamp(), Timestamp()
    starts.FromDatetime(now - timedelta(hours=1))
    ends.FromDatetime(now + timedelta(days=7))
    launched = await ideas.call("LaunchCampaign", pb.LaunchCampaignRequest(
        title="Read your writes", question="Does it?", category=slug, starts_at=starts,
        ends_at=ends), "admin")
    campaigns = await ideas.call("ListCampaigns", pb.ListCampaignsRequest(
        open_only=True, consistency=Consistency(min_position=launched.write.position)), "admin")
    assert launched.campaign_id in {c.campaign_id for c in campaigns.campaigns}
    beyond = await ideas.refused("ListCampaigns", pb.ListCampaignsRequest(
        consistency=Consistency(min_position=launched.write.position + 10**9)), "admin")
    assert beyond.code == grpc.StatusCode.OUT_OF_RANGE


async def test_banned_terms_changed_on_any_replica_hold_the_next_post(ideas: Harness) -> None:
    """The terms are kept in memory between posts (every post reads them): a change, here or
    on another replica, holds the very next post that contains a new term, and no longer
    holds one with a term taken off."""
    tenant, run = f"mod-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex[:6]
    await ideas.call("DefineCategory", pb.DefineCategoryRequest(category="general"), "admin",
                     tenant=tenant)

    async def held(body: str, **on: object) -> bool:
        reply = await ideas.call("SubmitIdea", pb.SubmitIdeaRequest(
            title="An idea", body=body, category="general"), "customer", tenant=tenant,
            subject=str(uuid.uuid4()), **on)  # type: ignore[arg-type]
        return bool(reply.held_for_review)

    assert not await held(f"spam{run} everywhere")
    await ideas.call("SetBannedTerms", pb.SetBannedTermsRequest(terms=[f"spam{run}"]),
                     "moderator", tenant=tenant)
    assert await held(f"spam{run} everywhere")
    other = ideas.replica()
    await other.start()
    try:
        await ideas.call("SetBannedTerms", pb.SetBannedTermsRequest(terms=[f"scam{run}"]),
                         "moderator", tenant=tenant, runtime=other)
    finally:
        await other.stop()
    assert (await held(f"scam{run} inside"), await held(f"spam{run} again")) == (True, False)
