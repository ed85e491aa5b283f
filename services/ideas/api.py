"""gRPC API of ideas: authorise (the role table), validate, call the application or a query."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import PermissionDenied, Principal, Role, caller, require
from chorus.errors import NotFound
from chorus.eventstore.store import EventStore
from chorus.features.customers import AnswersKnownCustomers, CustomerReplica
from chorus.features.export import SubjectExport
from chorus.grpc.messages import written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check
from chorus.ideas.v1 import events_pb2 as events
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc
from services.ideas import application
from services.ideas.domain.comment import COMMENT_MAX, Comment
from services.ideas.domain.idea import BODY_MAX, TITLE_MAX, Idea, Status
from services.ideas.domain.post import Vote
from services.ideas.messages import (
    VOTE_OF,
    VOTES,
    campaign_message,
    comment_message,
    contributor_message,
    idea_message,
    notification_message,
    status_of,
)
from services.ideas.projections import Board
from services.ideas.queries import BoardQueries

EVERYONE = tuple(Role)
DECIDERS = (Role.COMMUNITY_MANAGER, Role.ADMIN)
MODERATORS = (Role.MODERATOR, Role.ADMIN)
# Those who post, vote and report as a customer: the customer, or the brand's front end
# (service role) naming the customer it acts for.
CONTRIBUTORS = (Role.CUSTOMER, Role.SERVICE)
STAFF_AND_CONTRIBUTORS = (*CONTRIBUTORS, *DECIDERS)

# Who may call each RPC (the kernel refuses everyone else before the handler runs; some
# handlers refine it, e.g. an official comment is for deciders only).
ROLES: dict[str, tuple[Role, ...]] = {
    **AnswersKnownCustomers.ROLES,
    "DefineCategory": DECIDERS, "ListCategories": EVERYONE, "LaunchCampaign": DECIDERS,
    "ListCampaigns": EVERYONE, "SubmitIdea": CONTRIBUTORS, "SuggestDuplicates": EVERYONE,
    "EditIdea": CONTRIBUTORS, "WithdrawIdea": CONTRIBUTORS, "GetIdea": EVERYONE,
    "ListIdeas": EVERYONE, "ChangeIdeaStatus": DECIDERS, "MergeIdeas": DECIDERS,
    "VoteOnIdea": CONTRIBUTORS, "PostComment": STAFF_AND_CONTRIBUTORS,
    "EditComment": STAFF_AND_CONTRIBUTORS, "DeleteComment": STAFF_AND_CONTRIBUTORS,
    "VoteOnComment": CONTRIBUTORS, "ListComments": EVERYONE, "Moderate": MODERATORS,
    "ReportAbuse": CONTRIBUTORS, "ListModerationQueue": MODERATORS,
    "SetBannedTerms": MODERATORS,
    "GetInbox": (*CONTRIBUTORS, Role.AGENT, Role.COMMUNITY_MANAGER, Role.ADMIN),
    "GetLeaderboard": EVERYONE,
    "ExportSubjectData": (Role.COMPLIANCE_OFFICER, Role.ADMIN, Role.CUSTOMER),
}
CATEGORY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def acting_customer(p: Principal, check: Check, field: str, given: str) -> UUID:
    """The customer a contributor acts as: a customer only as themself; the service role for
    the customer it names. Anyone else (a moderator, an agent) never acts for a customer."""
    if Role.CUSTOMER in p.roles and Role.SERVICE not in p.roles:
        if given and given != p.subject:
            raise PermissionDenied("customers act only as themselves")
        return check.uuid("token subject", p.subject)
    if Role.SERVICE in p.roles:
        return check.uuid(field, given)
    raise PermissionDenied("only customers (or the service acting for one) may do this")


def ballot(request: Any, target: str) -> tuple[Principal, UUID, UUID, Vote | None]:
    """(caller, voter, voted post, vote) of a vote request on an idea or a comment."""
    p = caller()
    check = Check()
    voter = acting_customer(p, check, "voter_id", request.voter_id)
    post = check.uuid(target, getattr(request, target))
    if request.vote not in events.Vote.values():
        check.fail("vote", "must be VOTE_UP, VOTE_DOWN or VOTE_UNSPECIFIED (retract)")
    check.done()
    return p, voter, post, VOTE_OF.get(request.vote)


class IdeasApi(AnswersKnownCustomers, pb_grpc.IdeasServiceServicer):
    def __init__(self, store: EventStore, board: Board, queries: BoardQueries,
                 known_customers: CustomerReplica, export: SubjectExport) -> None:
        self.store, self.board, self.queries = store, board, queries
        self.known_customers, self.export = known_customers, export

    async def _caught_up(self, consistency: Any, check: Check) -> None:
        check.non_negative("consistency.min_position", consistency.min_position)
        check.done()
        await self.board.caught_up(consistency.min_position)

    # -- categories and campaigns -----------------------------------------------------------

    async def DefineCategory(self, request: pb.DefineCategoryRequest,
                             context: Any) -> pb.DefineCategoryResponse:
        p = caller()
        check = Check()
        category = check.optional_pattern("category", request.category, CATEGORY,
                                          "a slug: lower-case letters, digits, - and _")
        if not category:
            check.fail("category", "is required")
        description = check.text("description", request.description, max_len=500,
                                 required=False)
        check.done()
        return pb.DefineCategoryResponse(write=written(
            await application.define_category(self.store, p, category, description)))

    async def ListCategories(self, request: pb.ListCategoriesRequest,
                             context: Any) -> pb.ListCategoriesResponse:
        p = caller()
        rows = await self.queries.categories(p.tenant)
        return pb.ListCategoriesResponse(categories=[
            pb.Category(category=r["category"], description=r["description"]) for r in rows])

    async def LaunchCampaign(self, request: pb.LaunchCampaignRequest,
                             context: Any) -> pb.LaunchCampaignResponse:
        p = caller()
        check = Check()
        title = check.text("title", request.title, max_len=TITLE_MAX)
        question = check.text("question", request.question, max_len=1000)
        category = check.text("category", request.category, max_len=40)
        if not request.HasField("starts_at"):
            check.fail("starts_at", "is required")
        if not request.HasField("ends_at"):
            check.fail("ends_at", "is required")
        starts = request.starts_at.ToDatetime(tzinfo=UTC)
        ends = request.ends_at.ToDatetime(tzinfo=UTC)
        if request.HasField("starts_at") and request.HasField("ends_at") and ends <= starts:
            check.fail("ends_at", "must be after starts_at")
        check.done()
        campaign_id, position = await application.launch_campaign(
            self.store, p, title, question, category, starts, ends)
        return pb.LaunchCampaignResponse(campaign_id=str(campaign_id), write=written(position))

    async def ListCampaigns(self, request: pb.ListCampaignsRequest,
                            context: Any) -> pb.ListCampaignsResponse:
        p = caller()
        rows = await self.queries.campaigns(p.tenant,
                                          datetime.now(UTC) if request.open_only else None)
        return pb.ListCampaignsResponse(campaigns=[campaign_message(r) for r in rows])

    # -- ideas ------------------------------------------------------------------------------

    def _draft(self, check: Check, title: str, body: str) -> tuple[str, str]:
        return (check.text("title", title, max_len=TITLE_MAX),
                check.text("body", body, max_len=BODY_MAX))

    async def _similar(self, tenant: str, title: str, limit: int,
                       excluding: UUID | None = None) -> list[pb.SimilarIdea]:
        rows = await self.queries.similar(tenant, title, limit, excluding)
        return [pb.SimilarIdea(idea_id=str(r["idea_id"]), title=r["title"],
                               similarity=float(r["similarity"])) for r in rows]

    async def SubmitIdea(self, request: pb.SubmitIdeaRequest,
                         context: Any) -> pb.SubmitIdeaResponse:
        p = caller()
        check = Check()
        author = acting_customer(p, check, "author_id", request.author_id)
        title, body = self._draft(check, request.title, request.body)
        category = check.text("category", request.category, max_len=40)
        campaign = check.uuid("campaign_id", request.campaign_id) if request.campaign_id \
            else None
        check.done()
        idea_id, held, position = await application.submit_idea(
            self.store, p, author, title, body, category, campaign)
        return pb.SubmitIdeaResponse(
            idea_id=str(idea_id), held_for_review=held, write=written(position),
            similar=await self._similar(p.tenant, title, 5, excluding=idea_id))

    async def SuggestDuplicates(self, request: pb.SuggestDuplicatesRequest,
                                context: Any) -> pb.SuggestDuplicatesResponse:
        p = caller()
        check = Check()
        title = check.text("title", request.title, max_len=TITLE_MAX)
        if not 0 <= request.limit <= 20:
            check.fail("limit", "must be between 0 and 20")
        check.done()
        return pb.SuggestDuplicatesResponse(
            similar=await self._similar(p.tenant, title, request.limit or 5))

    async def EditIdea(self, request: pb.EditIdeaRequest, context: Any) -> pb.EditIdeaResponse:
        p = caller()
        check = Check()
        author = acting_customer(p, check, "author_id", request.author_id)
        idea_id = check.uuid("idea_id", request.idea_id)
        title, body = self._draft(check, request.title, request.body)
        check.done()
        return pb.EditIdeaResponse(write=written(await application.edit_idea(
            self.store, p, author, idea_id, title, body)))

    async def WithdrawIdea(self, request: pb.WithdrawIdeaRequest,
                           context: Any) -> pb.WithdrawIdeaResponse:
        p = caller()
        check = Check()
        author = acting_customer(p, check, "author_id", request.author_id)
        idea_id = check.uuid("idea_id", request.idea_id)
        check.done()
        return pb.WithdrawIdeaResponse(write=written(await application.withdraw_idea(
            self.store, p, author, idea_id)))

    async def GetIdea(self, request: pb.GetIdeaRequest, context: Any) -> pb.GetIdeaResponse:
        p = caller()
        check = Check()
        idea_id = check.uuid("idea_id", request.idea_id)
        await self._caught_up(request.consistency, check)
        row = await self.queries.idea_following_merges(p.tenant, idea_id)
        redirected = str(idea_id) if row is not None and row["hops"] else ""
        if row is None or (row["hidden"] and not p.roles & {*MODERATORS, *DECIDERS}):
            raise NotFound(f"idea {idea_id} not found")
        return pb.GetIdeaResponse(idea=idea_message(row), redirected_from=redirected)

    async def ListIdeas(self, request: pb.ListIdeasRequest,
                        context: Any) -> pb.ListIdeasResponse:
        p = caller()
        check = Check()
        order = "top"
        if request.order:
            order = check.enum("order", request.order, pb.IdeaOrder, "IDEA_ORDER_") or "top"
        elif request.query.strip():
            order = "relevance"
        filters: dict[str, Any] = {
            "status": status_of(check, request.status).value if request.status else None,
            "category": check.text("category", request.category, max_len=40, required=False),
            "campaign_id": check.uuid("campaign_id", request.campaign_id)
            if request.campaign_id else None,
            "query": check.text("query", request.query, max_len=200, required=False)}
        if not 0 <= request.page_size <= 100:
            check.fail("page_size", "must be between 0 and 100")
        query = {"order": order, **{k: str(v) for k, v in filters.items() if v}}
        page = read_page(request.page_size or 20, request.page_token, query)
        after = page.cursor(float, UUID)
        await self._caught_up(request.consistency, check)
        rows = await self.queries.ideas(p.tenant, order, filters, after,
                                      page.size)
        last = [rows[-1]["k"], str(rows[-1]["idea_id"])] if rows else None
        return pb.ListIdeasResponse(ideas=[idea_message(r) for r in rows],
                                    next_page_token=next_page_token(page, len(rows), last, query))

    async def ChangeIdeaStatus(self, request: pb.ChangeIdeaStatusRequest,
                               context: Any) -> pb.ChangeIdeaStatusResponse:
        p = caller()
        check = Check()
        idea_id = check.uuid("idea_id", request.idea_id)
        status = status_of(check, request.status)
        explanation = check.text("explanation", request.explanation, max_len=2000,
                                 required=status is Status.DECLINED)
        if status in (Status.NEW, Status.DUPLICATE, Status.WITHDRAWN):
            check.fail("status", "must be under_review, planned, in_progress, implemented or"
                                 " declined (duplicate: MergeIdeas; withdrawn: the author)")
        check.done()
        return pb.ChangeIdeaStatusResponse(write=written(await application.change_status(
            self.store, p, idea_id, status, explanation)))

    async def MergeIdeas(self, request: pb.MergeIdeasRequest,
                         context: Any) -> pb.MergeIdeasResponse:
        p = caller()
        check = Check()
        merged = check.uuid("merged_idea_id", request.merged_idea_id)
        survivor = check.uuid("survivor_idea_id", request.survivor_idea_id)
        if request.merged_idea_id and request.merged_idea_id == request.survivor_idea_id:
            check.fail("survivor_idea_id", "must differ from merged_idea_id")
        check.done()
        return pb.MergeIdeasResponse(write=written(await application.merge_ideas(
            self.store, p, merged, survivor)))

    async def VoteOnIdea(self, request: pb.VoteOnIdeaRequest,
                         context: Any) -> pb.VoteOnIdeaResponse:
        p, voter, idea_id, vote = ballot(request, "idea_id")
        return pb.VoteOnIdeaResponse(write=written(await application.vote_on_idea(
            self.store, p, voter, idea_id, vote)))

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
        self.export.authorize(p, customer)
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
