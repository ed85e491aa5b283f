"""The ideas service over real gRPC, with identity feeding it customers and consent through
NATS: the life of an idea, the feedback loop, merges, moderation, rankings, search."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import grpc

from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import DevStack, DevState, database_url
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.projections.runner import request_rebuild
from tests.e2e.calls import channel, eventually, token, ts
from tests.grpc_client import call_error, drain
from tests.servers import Servers


async def customers(state: DevState, dev: DevStack, stack: Servers, n: int,
                    consenting: int) -> list[tuple[str, Any]]:
    """n customers registered in identity (tokens included); the first `consenting` consent
    to service notifications by email and push, and ideas has heard of it (identity's events
    reach it some time later, as a customer's next click would)."""
    admin = token(state, "admin")
    out = []
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        for i in range(n):
            reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code=f"I-{uuid.uuid4().hex[:10]}", legal_name=f"Idea Person {i}",
                email=f"idea{i}@example.org"), metadata=admin)
            if i < consenting:
                for channel_ in (idpb.CHANNEL_EMAIL, idpb.CHANNEL_PUSH):
                    await stub.GiveConsent(idpb.GiveConsentRequest(
                        customer_id=reg.customer_id, purpose=idpb.PURPOSE_SERVICE_NOTIFICATIONS,
                        channel=channel_, legal_basis=idpb.LEGAL_BASIS_CONSENT, source="app"),
                        metadata=admin)
            out.append((reg.customer_id, token(state, "customer", subject_id=reg.customer_id)))
    conn = await asyncpg.connect(database_url(stack.database_url, "ideas"))
    try:
        await eventually(lambda: conn.fetchval(
            "SELECT count(*) FROM ideas.consents WHERE given AND customer_id = ANY($1::uuid[])",
            [uuid.UUID(c) for c, _ in out[:consenting]]), lambda given: given == 2 * consenting)
    finally:
        await conn.close()
    return out


async def test_an_idea_from_submission_to_feedback_merge_and_moderation(
        system: tuple[DevStack, DevState], stack: Servers) -> None:
    dev, state = system
    cm, mod = token(state, "community_manager"), token(state, "moderator")
    (alice, a_tok), (bob, b_tok), (carol, c_tok) = await customers(
        state, dev, stack, 3, consenting=2)
    run = uuid.uuid4().hex[:6]
    category = f"hw-{run}"
    async with channel(dev, "ideas") as ch:
        stub = pb_grpc.IdeasServiceStub(ch)
        await stub.DefineCategory(pb.DefineCategoryRequest(
            category=category, description="Hardware"), metadata=cm)
        now = datetime.now(UTC)
        campaign = await stub.LaunchCampaign(pb.LaunchCampaignRequest(
            title="Better keyboards", question="What would make our keyboards better?",
            category=category, starts_at=ts(now - timedelta(hours=1)),
            ends_at=ts(now + timedelta(days=30))), metadata=cm)

        first = await stub.SubmitIdea(pb.SubmitIdeaRequest(
            title=f"Linux key on every laptop keyboard {run}",
            body="A dedicated key for the Linux desktop menu.", category=category,
            campaign_id=campaign.campaign_id), metadata=a_tok)
        assert not first.held_for_review
        # Suggestions come from the board (read model): let it show the first idea.
        await stub.GetIdea(pb.GetIdeaRequest(idea_id=first.idea_id, consistency=Consistency(
            min_position=first.write.position)), metadata=b_tok)
        second = await stub.SubmitIdea(pb.SubmitIdeaRequest(
            title=f"Laptop keyboards with a Linux key {run}", body="Same as the Windows key.",
            category=category), metadata=b_tok)
        assert first.idea_id in [s.idea_id for s in second.similar], "a likely duplicate"
        french = await stub.SubmitIdea(pb.SubmitIdeaRequest(
            title=f"Des claviers rétroéclairés {run}", body="Pour travailler la nuit.",
            category=category), metadata=c_tok)

        # Votes: one per customer, changeable; counts follow.
        await stub.VoteOnIdea(pb.VoteOnIdeaRequest(idea_id=first.idea_id, vote=ev.VOTE_UP),
                              metadata=b_tok)
        await stub.VoteOnIdea(pb.VoteOnIdeaRequest(idea_id=first.idea_id, vote=ev.VOTE_UP),
                              metadata=c_tok)
        changed = await stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=first.idea_id, vote=ev.VOTE_DOWN), metadata=c_tok)
        await stub.VoteOnIdea(pb.VoteOnIdeaRequest(idea_id=second.idea_id, vote=ev.VOTE_UP),
                              metadata=c_tok)
        await stub.VoteOnIdea(pb.VoteOnIdeaRequest(idea_id=french.idea_id, vote=ev.VOTE_DOWN),
                              metadata=a_tok)
        got = await stub.GetIdea(pb.GetIdeaRequest(
            idea_id=first.idea_id, consistency=Consistency(min_position=changed.write.position)),
            metadata=a_tok)
        assert (got.idea.votes_up, got.idea.votes_down, got.idea.score) == (1, 1, 0)
        assert got.idea.campaign_id == campaign.campaign_id

        # Feedback: a comment, an official response, two status changes.
        await stub.PostComment(pb.PostCommentRequest(idea_id=first.idea_id, body="Yes!"),
                               metadata=c_tok)
        await stub.PostComment(pb.PostCommentRequest(
            idea_id=first.idea_id, body="We are looking into it.", official=True), metadata=cm)
        await stub.ChangeIdeaStatus(pb.ChangeIdeaStatusRequest(
            idea_id=first.idea_id, status=pb.IDEA_STATUS_UNDER_REVIEW), metadata=cm)
        planned = await stub.ChangeIdeaStatus(pb.ChangeIdeaStatusRequest(
            idea_id=first.idea_id, status=pb.IDEA_STATUS_PLANNED,
            explanation="Coming with the 2027 range"), metadata=cm)
        assert planned.write.position > 0

        async def inbox(tok: Any) -> list[Any]:
            return list((await stub.GetInbox(pb.GetInboxRequest(page_size=100),
                                             metadata=tok)).notifications)

        alices = await eventually(lambda: inbox(a_tok), lambda n: len(n) == 3)
        assert sorted((n.kind, n.status) for n in alices) == [
            ("official_response", pb.IDEA_STATUS_NEW),
            ("status_changed", pb.IDEA_STATUS_UNDER_REVIEW),
            ("status_changed", pb.IDEA_STATUS_PLANNED)]
        assert {tuple(n.roles) for n in alices} == {("author",)}
        assert {tuple(n.channels) for n in alices} == {("email", "push")}
        assert "Coming with the 2027 range" in [n.message for n in alices]
        bobs = await eventually(lambda: inbox(b_tok), lambda n: len(n) == 3)
        assert {tuple(n.roles) for n in bobs} == {("voter",)}
        assert await inbox(c_tok) == [], "carol never consented: she is not told"

        # Merge Bob's duplicate into Alice's idea: votes move, each customer counts once.
        await stub.MergeIdeas(pb.MergeIdeasRequest(
            merged_idea_id=second.idea_id, survivor_idea_id=first.idea_id), metadata=cm)
        merged = await eventually(
            lambda: stub.GetIdea(pb.GetIdeaRequest(idea_id=second.idea_id), metadata=a_tok),
            lambda r: r.redirected_from == second.idea_id)
        assert merged.idea.idea_id == first.idea_id
        assert (merged.idea.votes_up, merged.idea.votes_down) == (1, 1), "carol counts once"
        bobs = await eventually(lambda: inbox(b_tok), lambda n: len(n) == 4)
        assert [n.kind for n in bobs].count("merged") == 1
        late_vote = await call_error(stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=second.idea_id, vote=ev.VOTE_UP), metadata=a_tok))
        assert late_vote.code() == grpc.StatusCode.FAILED_PRECONDITION

        # Exactly once, even when the board and the feedback policy are rebuilt from the
        # whole log.
        pool = await asyncpg.create_pool(database_url(stack.database_url, "ideas"),
                                         min_size=1, max_size=2)
        try:
            head = await pool.fetchval("SELECT max(position) FROM ideas.events")
            for reader in ("board", "feedback"):
                await request_rebuild(pool, "ideas", reader)

            async def replayed() -> bool:
                pending = await pool.fetchval("SELECT count(*) FROM ideas.rebuild_requests")
                reached = await pool.fetch(
                    "SELECT notification_id FROM ideas.tracking WHERE application_name IN"
                    " ('projection:board', 'projection:feedback')")
                return pending == 0 and len(reached) == 2 and all(
                    r[0] >= head for r in reached)

            await eventually(replayed, bool)
            count = await pool.fetchval("SELECT count(*) FROM ideas.inbox WHERE customer_id"
                                        " = ANY($1::uuid[])", [uuid.UUID(alice),
                                                               uuid.UUID(bob)])
            issued = await pool.fetchval(
                "SELECT count(*) FROM ideas.events WHERE topic LIKE '%:Notification.Issued'"
                " AND subject_id = ANY($1::text[])", [alice, bob])
            assert count == issued == 7
        finally:
            await pool.close()
        again = await eventually(
            lambda: stub.GetIdea(pb.GetIdeaRequest(idea_id=first.idea_id), metadata=a_tok),
            lambda r: r.idea.comments == 2)
        assert (again.idea.votes_up, again.idea.votes_down) == (1, 1)

        # Right of access: everything ideas holds about Alice, and what was recorded about her.
        items = [r async for r in stub.ExportSubjectData(
            pb.ExportSubjectDataRequest(customer_id=alice), metadata=a_tok)]
        kinds = [r.WhichOneof("item") for r in items]
        assert [r.idea.idea_id for r in items if r.HasField("idea")] == [first.idea_id]
        assert [(r.vote.idea_id, r.vote.vote) for r in items if r.HasField("vote")] == [
            (french.idea_id, ev.VOTE_DOWN)]
        assert kinds.count("notification") == 3
        changes = [r.change.event_type for r in items if r.HasField("change")]
        assert {"Idea.Submitted", "Idea.VoteChanged", "Notification.Issued"} <= set(changes)
        assert f"Linux key on every laptop keyboard {run}" in "".join(
            r.change.fields_json for r in items if r.HasField("change"))
        nosy = await call_error(drain(stub.ExportSubjectData(
            pb.ExportSubjectDataRequest(customer_id=alice), metadata=b_tok)))
        assert nosy.code() == grpc.StatusCode.PERMISSION_DENIED

        # Rankings and search (English and French), filters, paging.
        top = await stub.ListIdeas(pb.ListIdeasRequest(category=category), metadata=a_tok)
        assert [i.idea_id for i in top.ideas] == [first.idea_id, french.idea_id]
        top1 = await stub.ListIdeas(pb.ListIdeasRequest(category=category, page_size=1),
                                    metadata=a_tok)
        top2 = await stub.ListIdeas(pb.ListIdeasRequest(
            category=category, page_size=1, page_token=top1.next_page_token), metadata=a_tok)
        assert [i.idea_id for i in (*top1.ideas, *top2.ideas)] == [first.idea_id,
                                                                   french.idea_id]
        newest = await stub.ListIdeas(pb.ListIdeasRequest(
            category=category, order=pb.IDEA_ORDER_NEWEST, page_size=1), metadata=a_tok)
        assert [i.idea_id for i in newest.ideas] == [french.idea_id]
        page2 = await stub.ListIdeas(pb.ListIdeasRequest(
            category=category, order=pb.IDEA_ORDER_NEWEST, page_size=1,
            page_token=newest.next_page_token), metadata=a_tok)
        assert [i.idea_id for i in page2.ideas] == [first.idea_id]
        for query, expected in ((f"keyboards {run}", first.idea_id),
                                (f"clavier {run}", french.idea_id)):
            found = await stub.ListIdeas(pb.ListIdeasRequest(query=query), metadata=a_tok)
            assert [i.idea_id for i in found.ideas] == [expected], query
        discussed = await stub.ListIdeas(pb.ListIdeasRequest(
            category=category, order=pb.IDEA_ORDER_MOST_DISCUSSED), metadata=a_tok)
        assert discussed.ideas[0].idea_id == first.idea_id
        trending = await stub.ListIdeas(pb.ListIdeasRequest(
            category=category, order=pb.IDEA_ORDER_TRENDING), metadata=a_tok)
        assert {i.idea_id for i in trending.ideas} == {first.idea_id, french.idea_id}

        # Moderation: banned terms hold a post; a moderator releases it; hiding removes it.
        await stub.SetBannedTerms(pb.SetBannedTermsRequest(terms=[f"scam{run}"]), metadata=mod)
        held = await stub.SubmitIdea(pb.SubmitIdeaRequest(
            title=f"Free laptops SCAM{run}", body="click", category=category), metadata=c_tok)
        assert held.held_for_review
        queue = await eventually(
            lambda: stub.ListModerationQueue(pb.ListModerationQueueRequest(), metadata=mod),
            lambda q: held.idea_id in [p.idea_id for p in q.posts])
        assert [p.why for p in queue.posts if p.idea_id == held.idea_id] == ["held"]
        hidden = await call_error(stub.GetIdea(pb.GetIdeaRequest(idea_id=held.idea_id),
                                               metadata=a_tok))
        assert hidden.code() == grpc.StatusCode.NOT_FOUND
        vote_hidden = await call_error(stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=held.idea_id, vote=ev.VOTE_UP), metadata=a_tok))
        assert vote_hidden.code() == grpc.StatusCode.FAILED_PRECONDITION
        released = await stub.Moderate(pb.ModerateRequest(
            idea_id=held.idea_id, hide=False, reason="false positive"), metadata=mod)
        await stub.GetIdea(pb.GetIdeaRequest(idea_id=held.idea_id, consistency=Consistency(
            min_position=released.write.position)), metadata=a_tok)
        await stub.ReportAbuse(pb.ReportAbuseRequest(idea_id=french.idea_id, reason="off topic"),
                               metadata=a_tok)
        await eventually(
            lambda: stub.ListModerationQueue(pb.ListModerationQueueRequest(), metadata=mod),
            lambda q: (french.idea_id, "reported", 1) in [
                (p.idea_id, p.why, p.reports) for p in q.posts])
        gone = await stub.Moderate(pb.ModerateRequest(idea_id=french.idea_id, hide=True,
                                                      reason="off topic"), metadata=mod)
        listed = await stub.ListIdeas(pb.ListIdeasRequest(category=category, consistency=(
            Consistency(min_position=gone.write.position))), metadata=a_tok)
        assert french.idea_id not in [i.idea_id for i in listed.ideas]
        thread = await call_error(stub.ListComments(pb.ListCommentsRequest(
            idea_id=french.idea_id), metadata=a_tok))
        assert thread.code() == grpc.StatusCode.NOT_FOUND, "nor its comments"

        board = await stub.GetLeaderboard(pb.GetLeaderboardRequest(
            month=datetime.now(UTC).strftime("%Y-%m"), limit=100), metadata=a_tok)
        ranked = {c.customer_id: c for c in board.contributors}
        # Bob's up vote; Carol's up vote was changed to down.
        assert (ranked[alice].ideas_posted, ranked[alice].votes_received) == (1, 1)
        assert ranked[carol].comments == 1

        # identity's 360-degree view counts what ideas published (no call between them).
        async with channel(dev, "identity") as idch:
            identity = idgrpc.IdentityServiceStub(idch)
            view = await eventually(lambda: identity.GetCustomer360(idpb.GetCustomer360Request(
                customer_id=carol), metadata=token(state, "agent")),
                lambda v: v.activity.comments_posted == 1 and v.activity.ideas_submitted == 2)
            assert view.activity.votes_cast == 2  # carol's vote on each idea, changes apart

            # Erasure: carol's texts leave ideas' read models; her votes stay, anonymous.
            await identity.EraseCustomer(idpb.EraseCustomerRequest(
                customer_id=carol, request_ref=f"gdpr-{run}"),
                metadata=token(state, "compliance_officer"))
        erased = await eventually(
            lambda: stub.GetIdea(pb.GetIdeaRequest(idea_id=french.idea_id), metadata=mod),
            lambda r: r.idea.title == "[erased]")
        assert erased.idea.body == ""
        comments = await stub.ListComments(pb.ListCommentsRequest(idea_id=first.idea_id),
                                           metadata=mod)
        assert [c.body for c in comments.comments if c.author_id == carol] == [""]
        after = await stub.GetIdea(pb.GetIdeaRequest(idea_id=first.idea_id), metadata=a_tok)
        assert (after.idea.votes_up, after.idea.votes_down) == (1, 1)
