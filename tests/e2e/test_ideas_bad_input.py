"""The ideas service over real gRPC: every RPC refuses bad input and bad callers with a clear
status (split from test_ideas.py, which passed 400 lines)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc

from chorus.devstack.stack import DevStack, DevState
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc
from tests.e2e.calls import channel, token, ts
from tests.grpc_client import call_error, field_violations


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
