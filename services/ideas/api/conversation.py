"""ideas' conversation over gRPC: comments, moderation, feedback to contributors, the
leaderboard and the right of access."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal, caller, require
from chorus.errors import NotFound
from chorus.grpc.messages import written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check
from chorus.ideas.v1 import ideas_pb2 as pb
from services.ideas import application
from services.ideas.api.parts import (
    CONTRIBUTORS,
    DECIDERS,
    MODERATORS,
    MONTH,
    ApiParts,
    acting_customer,
    ballot,
)
from services.ideas.domain.comment import COMMENT_MAX, Comment
from services.ideas.domain.idea import Idea
from services.ideas.domain.post import Vote
from services.ideas.messages import (
    VOTES,
    comment_message,
    contributor_message,
    idea_message,
    notification_message,
)


class ConversationApi(ApiParts):
    # -- comments ---------------------------------------------------------------------------

    async def PostComment(self, request: pb.PostCommentRequest,
                          context: Any) -> pb.PostCommentResponse:
        check = Check()
        if request.official:
            p = require(*DECIDERS)
            author = p.subject
        else:
            p = require(*CONTRIBUTORS)
            author = str(acting_customer(p, check, "author_id", request.author_id))
        idea_id = check.uuid("idea_id", request.idea_id)
        parent = check.uuid("parent_comment_id", request.parent_comment_id) \
            if request.parent_comment_id else None
        body = check.text("body", request.body, max_len=COMMENT_MAX)
        check.done()
        comment_id, held, position = await application.post_comment(
            self.store, p, author, idea_id, parent, body, request.official)
        return pb.PostCommentResponse(comment_id=str(comment_id), held_for_review=held,
                                      write=written(position))

    async def _own_comment(self, request: Any,
                           check: Check) -> tuple[Principal, str, UUID, str]:
        """(caller, author, comment, data subject) of a change to one's own comment."""
        p = caller()
        if p.roles & set(CONTRIBUTORS):
            author = str(acting_customer(p, check, "author_id", request.author_id))
            return p, author, check.uuid("comment_id", request.comment_id), author
        # The brand's staff change their official responses.
        return p, p.subject, check.uuid("comment_id", request.comment_id), p.subject

    async def EditComment(self, request: pb.EditCommentRequest,
                          context: Any) -> pb.EditCommentResponse:
        check = Check()
        p, author, comment_id, subject = await self._own_comment(request, check)
        body = check.text("body", request.body, max_len=COMMENT_MAX)
        check.done()
        return pb.EditCommentResponse(write=written(await application.change_comment(
            self.store, p, comment_id, lambda c: c.edit(author, body), subject)))

    async def DeleteComment(self, request: pb.DeleteCommentRequest,
                            context: Any) -> pb.DeleteCommentResponse:
        check = Check()
        p, author, comment_id, subject = await self._own_comment(request, check)
        check.done()
        return pb.DeleteCommentResponse(write=written(await application.change_comment(
            self.store, p, comment_id, lambda c: c.delete(author), subject)))

    async def VoteOnComment(self, request: pb.VoteOnCommentRequest,
                            context: Any) -> pb.VoteOnCommentResponse:
        p, voter, comment_id, vote = ballot(request, "comment_id")
        return pb.VoteOnCommentResponse(write=written(await application.vote_on_comment(
            self.store, p, voter, comment_id, vote)))

    async def ListComments(self, request: pb.ListCommentsRequest,
                           context: Any) -> pb.ListCommentsResponse:
        p = caller()
        check = Check()
        idea_id = check.uuid("idea_id", request.idea_id)
        if not 0 <= request.page_size <= 200:
            check.fail("page_size", "must be between 0 and 200")
        query = {"idea_id": str(idea_id)}
        page = read_page(request.page_size or 50, request.page_token, query)
        after = page.cursor(datetime, datetime, UUID)
        await self._caught_up(request.consistency, check)
        moderator = bool(p.roles & set(MODERATORS))
        idea = await self.queries.idea(p.tenant, idea_id)
        if idea is None or (idea["hidden"] and not moderator):
            raise NotFound(f"idea {idea_id} not found")  # a hidden idea's thread too
        rows = await self.queries.comments(p.tenant, idea_id, after, page.size, moderator)
        last = ([rows[-1]["thread_at"].isoformat(), rows[-1]["posted_at"].isoformat(),
                 str(rows[-1]["comment_id"])] if rows else None)
        return pb.ListCommentsResponse(
            comments=[comment_message(r) for r in rows],
            next_page_token=next_page_token(page, len(rows), last, query))

    # -- moderation -------------------------------------------------------------------------

    def _target(self, check: Check, request: Any) -> tuple[type[Idea] | type[Comment], UUID]:
        if bool(request.idea_id) == bool(request.comment_id):
            check.fail("idea_id", "give an idea_id or a comment_id (one of them)")
            return Idea, UUID(int=0)
        if request.idea_id:
            return Idea, check.uuid("idea_id", request.idea_id)
        return Comment, check.uuid("comment_id", request.comment_id)

    async def Moderate(self, request: pb.ModerateRequest, context: Any) -> pb.ModerateResponse:
        p = caller()
        check = Check()
        target, target_id = self._target(check, request)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        return pb.ModerateResponse(write=written(await application.moderate(
            self.store, p, target, target_id, request.hide, reason)))

    async def ReportAbuse(self, request: pb.ReportAbuseRequest,
                          context: Any) -> pb.ReportAbuseResponse:
        p = caller()
        check = Check()
        reporter = acting_customer(p, check, "reporter_id", request.reporter_id)
        target, target_id = self._target(check, request)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        await application.report_abuse(self.store, p, target, target_id, reporter, reason)
        return pb.ReportAbuseResponse()

    async def ListModerationQueue(self, request: pb.ListModerationQueueRequest,
                                  context: Any) -> pb.ListModerationQueueResponse:
        p = caller()
        rows = await self.queries.moderation_queue(p.tenant)
        return pb.ListModerationQueueResponse(posts=[pb.QueuedPost(
            idea_id=str(r["idea_id"]), comment_id=str(r["comment_id"] or ""), why=r["why"],
            reports=r["reports"], excerpt=r["excerpt"]) for r in rows])

    async def SetBannedTerms(self, request: pb.SetBannedTermsRequest,
                             context: Any) -> pb.SetBannedTermsResponse:
        p = caller()
        check = Check()
        if len(request.terms) > 500:
            check.fail("terms", "at most 500 terms")
        terms = sorted({check.text(f"terms[{i}]", t, max_len=100).lower()
                        for i, t in enumerate(request.terms)})
        check.done()
        return pb.SetBannedTermsResponse(write=written(
            await application.set_banned_terms(self.store, p, terms)))

    # -- feedback and ambassadors -----------------------------------------------------------

    async def GetInbox(self, request: pb.GetInboxRequest, context: Any) -> pb.GetInboxResponse:
        p = caller()
        check = Check()
        if p.roles & set(CONTRIBUTORS):
            customer = acting_customer(p, check, "customer_id", request.customer_id)
        else:
            customer = check.uuid("customer_id", request.customer_id)
        if not 0 <= request.page_size <= 100:
            check.fail("page_size", "must be between 0 and 100")
        check.done()
        query = {"customer_id": str(customer)}
        page = read_page(request.page_size or 20, request.page_token, query)
        after = page.cursor(datetime, UUID)
        rows = await self.queries.inbox(p.tenant, customer, after, page.size)
        last = [rows[-1]["at"].isoformat(), str(rows[-1]["notification_id"])] if rows else None
        return pb.GetInboxResponse(notifications=[notification_message(r) for r in rows],
                                   next_page_token=next_page_token(page, len(rows), last, query))

    async def GetLeaderboard(self, request: pb.GetLeaderboardRequest,
                             context: Any) -> pb.GetLeaderboardResponse:
        p = caller()
        check = Check()
        month = check.optional_pattern("month", request.month, MONTH, "a month as YYYY-MM")
        if not 0 <= request.limit <= 100:
            check.fail("limit", "must be between 0 and 100")
        check.done()
        rows = await self.queries.leaderboard(p.tenant, month or None, request.limit or 20)
        return pb.GetLeaderboardResponse(contributors=[contributor_message(r) for r in rows])

    # -- right of access ------------------------------------------------------------------

    async def ExportSubjectData(self, request: pb.ExportSubjectDataRequest,
                                context: Any) -> AsyncIterator[pb.ExportSubjectDataResponse]:
        p = caller()
        check = Check()
        customer = check.uuid("customer_id", request.customer_id)
        check.done()
        await self.export.begin(p, customer)
        held = await self.queries.of_customer(p.tenant, customer)
        for row in held["ideas"]:
            yield pb.ExportSubjectDataResponse(idea=idea_message(row))
        for row in held["comments"]:
            yield pb.ExportSubjectDataResponse(comment=comment_message(row))
        for row in held["votes"]:
            yield pb.ExportSubjectDataResponse(vote=pb.HeldVote(
                idea_id=str(row["idea_id"]), comment_id=str(row["comment_id"] or ""),
                vote=VOTES[Vote(row["vote"])]))
        for row in await self.queries.inbox(p.tenant, customer, None, 10_000):
            yield pb.ExportSubjectDataResponse(notification=notification_message(row))
        for change in await self.export.changes(p.tenant, customer):
            yield pb.ExportSubjectDataResponse(change=change)
