"""The ideas service over real gRPC, with identity feeding it customers and consent through
NATS: the life of an idea, the feedback loop, merges, moderation, rankings, search."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
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
from tests.grpc_client import call_error, drain, field_violations
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


async def test_ideas_refuse_bad_input_and_bad_callers(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    cm, mod = token(state, "community_manager"), token(state, "moderator")
    customer = str(uuid.uuid4())
    c_tok = token(state, "customer", subject_id=customer)
    category = f"bad-{uuid.uuid4().hex[:6]}"
    async with channel(dev, "ideas") as ch:
        stub = pb_grpc.IdeasServiceStub(ch)
        await stub.DefineCategory(pb.DefineCategoryRequest(category=category), metadata=cm)
        bad = await call_error(stub.SubmitIdea(pb.SubmitIdeaRequest(
            title="", body="x" * 10_001, category=category), metadata=c_tok))
        assert set(field_violations(bad)) == {"title", "body"}
        too_long = await call_error(stub.SubmitIdea(pb.SubmitIdeaRequest(
            title="t" * 141, body="b", category=category), metadata=c_tok))
        assert set(field_violations(too_long)) == {"title"}
        no_category = await call_error(stub.SubmitIdea(pb.SubmitIdeaRequest(
            title="An idea", body="b", category="never-defined"), metadata=c_tok))
        assert no_category.code() == grpc.StatusCode.NOT_FOUND
        unknown = await call_error(stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=str(uuid.uuid4()), vote=ev.VOTE_UP), metadata=c_tok))
        assert unknown.code() == grpc.StatusCode.NOT_FOUND

        idea = await stub.SubmitIdea(pb.SubmitIdeaRequest(
            title="Quieter fans", body="Please.", category=category), metadata=c_tok)
        self_merge = await call_error(stub.MergeIdeas(pb.MergeIdeasRequest(
            merged_idea_id=idea.idea_id, survivor_idea_id=idea.idea_id), metadata=cm))
        assert set(field_violations(self_merge)) == {"survivor_idea_id"}
        no_reason = await call_error(stub.ChangeIdeaStatus(pb.ChangeIdeaStatusRequest(
            idea_id=idea.idea_id, status=pb.IDEA_STATUS_DECLINED), metadata=cm))
        assert set(field_violations(no_reason)) == {"explanation"}
        skip = await call_error(stub.ChangeIdeaStatus(pb.ChangeIdeaStatusRequest(
            idea_id=idea.idea_id, status=pb.IDEA_STATUS_IMPLEMENTED), metadata=cm))
        assert skip.code() == grpc.StatusCode.FAILED_PRECONDITION

        # Authorisation: customers do not decide; moderators do not vote for anyone;
        # customers act only as themselves; tenants never mix.
        decide = await call_error(stub.ChangeIdeaStatus(pb.ChangeIdeaStatusRequest(
            idea_id=idea.idea_id, status=pb.IDEA_STATUS_UNDER_REVIEW), metadata=c_tok))
        assert decide.code() == grpc.StatusCode.PERMISSION_DENIED
        proxy = await call_error(stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=idea.idea_id, vote=ev.VOTE_UP, voter_id=customer), metadata=mod))
        assert proxy.code() == grpc.StatusCode.PERMISSION_DENIED
        impostor = await call_error(stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=idea.idea_id, vote=ev.VOTE_UP, voter_id=str(uuid.uuid4())),
            metadata=c_tok))
        assert impostor.code() == grpc.StatusCode.PERMISSION_DENIED
        other_tenant = token(state, "customer", tenant="globex", subject_id=customer)
        elsewhere = await call_error(stub.GetIdea(pb.GetIdeaRequest(idea_id=idea.idea_id),
                                                  metadata=other_tenant))
        assert elsewhere.code() == grpc.StatusCode.NOT_FOUND
        cross_vote = await call_error(stub.VoteOnIdea(pb.VoteOnIdeaRequest(
            idea_id=idea.idea_id, vote=ev.VOTE_UP), metadata=other_tenant))
        assert cross_vote.code() == grpc.StatusCode.NOT_FOUND
        someone_else = await call_error(stub.EditIdea(pb.EditIdeaRequest(
            idea_id=idea.idea_id, title="Mine", body="now"),
            metadata=token(state, "customer", subject_id=str(uuid.uuid4()))))
        assert someone_else.code() == grpc.StatusCode.FAILED_PRECONDITION
        not_official = await call_error(stub.PostComment(pb.PostCommentRequest(
            idea_id=idea.idea_id, body="I am the brand", official=True), metadata=c_tok))
        assert not_official.code() == grpc.StatusCode.PERMISSION_DENIED
        bad_month = await call_error(stub.GetLeaderboard(pb.GetLeaderboardRequest(
            month="2026-13"), metadata=c_tok))
        assert set(field_violations(bad_month)) == {"month"}
        forged = await call_error(stub.ListIdeas(pb.ListIdeasRequest(
            page_token="bm90LWEtdG9rZW4"), metadata=c_tok))
        assert set(field_violations(forged)) == {"page_token"}


async def test_every_other_rpc_refuses_bad_input_and_bad_callers(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    cm, mod = token(state, "community_manager"), token(state, "moderator")
    me, other = str(uuid.uuid4()), str(uuid.uuid4())
    mine, theirs = (token(state, "customer", subject_id=me),
                    token(state, "customer", subject_id=other))
    category = f"rpc-{uuid.uuid4().hex[:6]}"
    codes = grpc.StatusCode

    async def code(call: Awaitable[Any]) -> grpc.StatusCode:
        return (await call_error(call)).code()

    async def fields(call: Awaitable[Any]) -> set[str]:
        return set(field_violations(await call_error(call)))

    async with channel(dev, "ideas") as ch:
        s = pb_grpc.IdeasServiceStub(ch)
        assert await fields(s.DefineCategory(pb.DefineCategoryRequest(
            category="Not A Slug!"), metadata=cm)) == {"category"}
        assert await code(s.DefineCategory(pb.DefineCategoryRequest(
            category=category), metadata=mine)) == codes.PERMISSION_DENIED
        await s.DefineCategory(pb.DefineCategoryRequest(category=category), metadata=cm)
        now = datetime.now(UTC)
        assert await fields(s.LaunchCampaign(pb.LaunchCampaignRequest(
            title="T", question="Q?", category=category, starts_at=ts(now),
            ends_at=ts(now - timedelta(days=1))), metadata=cm)) == {"ends_at"}
        assert await fields(s.LaunchCampaign(pb.LaunchCampaignRequest(
            title="", question="Q?", category=category), metadata=cm)) == {
            "title", "starts_at", "ends_at"}
        assert await code(s.LaunchCampaign(pb.LaunchCampaignRequest(
            title="T", question="Q?", category="nope", starts_at=ts(now),
            ends_at=ts(now + timedelta(days=1))), metadata=cm)) == codes.NOT_FOUND
        over = await s.LaunchCampaign(pb.LaunchCampaignRequest(
            title="Past", question="Q?", category=category,
            starts_at=ts(now - timedelta(days=9)), ends_at=ts(now - timedelta(days=2))),
            metadata=cm)
        assert await code(s.SubmitIdea(pb.SubmitIdeaRequest(
            title="Late", body="b", category=category, campaign_id=over.campaign_id),
            metadata=mine)) == codes.FAILED_PRECONDITION
        assert over.campaign_id not in [c.campaign_id for c in (await s.ListCampaigns(
            pb.ListCampaignsRequest(open_only=True), metadata=mine)).campaigns]
        assert (await s.ListCategories(pb.ListCategoriesRequest(), metadata=token(
            state, "customer", tenant="globex"))).categories == [], "tenants never mix"
        assert await fields(s.SuggestDuplicates(pb.SuggestDuplicatesRequest(
            title="", limit=21), metadata=mine)) == {"title", "limit"}

        idea = await s.SubmitIdea(pb.SubmitIdeaRequest(
            title="Matte screens", body="No glare.", category=category), metadata=mine)
        assert await code(s.WithdrawIdea(pb.WithdrawIdeaRequest(idea_id=idea.idea_id),
                                         metadata=theirs)) == codes.FAILED_PRECONDITION
        assert await fields(s.WithdrawIdea(pb.WithdrawIdeaRequest(idea_id="x"),
                                           metadata=mine)) == {"idea_id"}
        assert await fields(s.GetIdea(pb.GetIdeaRequest(idea_id="x"), metadata=mine)) == {
            "idea_id"}
        assert await code(s.GetIdea(pb.GetIdeaRequest(idea_id=str(uuid.uuid4())),
                                    metadata=mine)) == codes.NOT_FOUND
        assert await fields(s.ListIdeas(pb.ListIdeasRequest(page_size=101, status=42),
                                        metadata=mine)) == {"page_size", "status"}
        assert await fields(s.VoteOnIdea(pb.VoteOnIdeaRequest(idea_id=idea.idea_id, vote=9),
                                         metadata=mine)) == {"vote"}
        assert await fields(s.ChangeIdeaStatus(pb.ChangeIdeaStatusRequest(
            idea_id=idea.idea_id, status=pb.IDEA_STATUS_DUPLICATE), metadata=cm)) == {
            "status"}
        assert await code(s.MergeIdeas(pb.MergeIdeasRequest(
            merged_idea_id=idea.idea_id, survivor_idea_id=str(uuid.uuid4())),
            metadata=mine)) == codes.PERMISSION_DENIED

        top = await s.PostComment(pb.PostCommentRequest(idea_id=idea.idea_id, body="Agreed"),
                                  metadata=theirs)
        reply = await s.PostComment(pb.PostCommentRequest(
            idea_id=idea.idea_id, parent_comment_id=top.comment_id, body="Me too"),
            metadata=mine)
        assert await code(s.PostComment(pb.PostCommentRequest(
            idea_id=idea.idea_id, parent_comment_id=reply.comment_id, body="deeper"),
            metadata=mine)) == codes.FAILED_PRECONDITION
        assert await fields(s.PostComment(pb.PostCommentRequest(
            idea_id=idea.idea_id, body=" "), metadata=mine)) == {"body"}
        assert await code(s.PostComment(pb.PostCommentRequest(
            idea_id=str(uuid.uuid4()), body="hello"), metadata=mine)) == codes.NOT_FOUND
        assert await code(s.EditComment(pb.EditCommentRequest(
            comment_id=top.comment_id, body="hijacked"), metadata=mine)) == \
            codes.FAILED_PRECONDITION
        assert await code(s.DeleteComment(pb.DeleteCommentRequest(
            comment_id=top.comment_id), metadata=mine)) == codes.FAILED_PRECONDITION
        assert await code(s.VoteOnComment(pb.VoteOnCommentRequest(
            comment_id=top.comment_id, vote=ev.VOTE_UP, voter_id=me), metadata=mod)) == \
            codes.PERMISSION_DENIED
        await s.VoteOnComment(pb.VoteOnCommentRequest(comment_id=top.comment_id,
                                                      vote=ev.VOTE_UP), metadata=mine)
        await s.DeleteComment(pb.DeleteCommentRequest(comment_id=top.comment_id),
                              metadata=theirs)
        assert await code(s.VoteOnComment(pb.VoteOnCommentRequest(
            comment_id=top.comment_id, vote=ev.VOTE_DOWN), metadata=mine)) == \
            codes.FAILED_PRECONDITION
        assert await fields(s.ListComments(pb.ListCommentsRequest(
            idea_id=idea.idea_id, page_size=201), metadata=mine)) == {"page_size"}

        assert await fields(s.Moderate(pb.ModerateRequest(
            idea_id=idea.idea_id, comment_id=top.comment_id, reason="x"), metadata=mod)) == {
            "idea_id"}
        assert await code(s.Moderate(pb.ModerateRequest(
            idea_id=idea.idea_id, hide=True, reason="x"), metadata=mine)) == \
            codes.PERMISSION_DENIED
        assert await code(s.Moderate(pb.ModerateRequest(
            idea_id=idea.idea_id, hide=False, reason="not hidden"), metadata=mod)) == \
            codes.FAILED_PRECONDITION
        assert await fields(s.ReportAbuse(pb.ReportAbuseRequest(
            idea_id=idea.idea_id), metadata=theirs)) == {"reason"}
        assert await code(s.ReportAbuse(pb.ReportAbuseRequest(
            idea_id=idea.idea_id, reason="spam"), metadata=mod)) == codes.PERMISSION_DENIED
        assert await code(s.ListModerationQueue(pb.ListModerationQueueRequest(),
                                                metadata=mine)) == codes.PERMISSION_DENIED
        assert await fields(s.SetBannedTerms(pb.SetBannedTermsRequest(terms=["ok", " "]),
                                             metadata=mod)) == {"terms[1]"}
        assert await code(s.SetBannedTerms(pb.SetBannedTermsRequest(terms=["x"]),
                                           metadata=mine)) == codes.PERMISSION_DENIED
        assert await code(s.GetInbox(pb.GetInboxRequest(customer_id=other),
                                     metadata=mine)) == codes.PERMISSION_DENIED
        assert await fields(s.GetInbox(pb.GetInboxRequest(),
                                       metadata=token(state, "agent"))) == {"customer_id"}
        assert await fields(s.GetLeaderboard(pb.GetLeaderboardRequest(limit=101),
                                             metadata=mine)) == {"limit"}
