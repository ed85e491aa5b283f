"""ideas' board over gRPC: categories, campaigns, ideas and their votes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import caller
from chorus.errors import NotFound
from chorus.grpc.messages import written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check
from chorus.ideas.v1 import ideas_pb2 as pb
from services.ideas import application
from services.ideas.api.parts import (
    CATEGORY,
    DECIDERS,
    MODERATORS,
    ApiParts,
    acting_customer,
    ballot,
)
from services.ideas.domain.idea import BODY_MAX, TITLE_MAX, Status
from services.ideas.messages import (
    campaign_message,
    idea_message,
    status_of,
)


class BoardApi(ApiParts):
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
        await self._caught_up(request.consistency, Check())
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
        await self._caught_up(request.consistency, Check())
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
        merged, survivor = check.merge(request, "merged_idea_id", "survivor_idea_id")
        check.done()
        return pb.MergeIdeasResponse(write=written(await application.merge_ideas(
            self.store, p, merged, survivor)))

    async def VoteOnIdea(self, request: pb.VoteOnIdeaRequest,
                         context: Any) -> pb.VoteOnIdeaResponse:
        p, voter, idea_id, vote = ballot(request, "idea_id")
        return pb.VoteOnIdeaResponse(write=written(await application.vote_on_idea(
            self.store, p, voter, idea_id, vote)))
