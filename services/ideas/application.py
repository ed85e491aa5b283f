"""Command handlers of ideas: load, decide, save with metadata."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal
from chorus.commands import retrying, save
from chorus.errors import FailedPrecondition, NotFound
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import AggregateNotFound, EventStore
from services.ideas.domain.comment import Comment
from services.ideas.domain.community import (
    AbuseReport,
    Campaign,
    Category,
    ModerationRules,
    banned_terms_in,
)
from services.ideas.domain.idea import Idea, Status
from services.ideas.domain.post import Vote

# -- categories, campaigns, rules ---------------------------------------------------------------


async def define_category(store: EventStore, p: Principal, category: str,
                          description: str) -> int:
    try:
        existing = await store.get(Category, Category.create_id(p.tenant, category),
                                   tenant=p.tenant)
    except AggregateNotFound:
        return await save(store, p, Category(tenant=p.tenant, category=category,
                                              description=description))
    if existing.description != description:
        existing.redescribe(description)
    return await save(store, p, existing)


async def require_category(store: EventStore, p: Principal, category: str) -> None:
    try:
        await store.get(Category, Category.create_id(p.tenant, category), tenant=p.tenant)
    except AggregateNotFound:
        raise NotFound(f"category {category!r} is not defined") from None


async def launch_campaign(store: EventStore, p: Principal, title: str, question: str,
                          category: str, starts_at: datetime,
                          ends_at: datetime) -> tuple[UUID, int]:
    await require_category(store, p, category)
    campaign = Campaign(tenant=p.tenant, title=title, question=question, category=category,
                        starts_at=starts_at, ends_at=ends_at)
    return campaign.id, await save(store, p, campaign)


async def banned_terms(store: EventStore, tenant: str) -> list[str]:
    try:
        rules = await store.read(ModerationRules, ModerationRules.create_id(tenant),
                                 tenant=tenant)
    except AggregateNotFound:
        return []
    return list(rules.terms)


async def set_banned_terms(store: EventStore, p: Principal, terms: list[str]) -> int:
    try:
        rules = await store.get(ModerationRules, ModerationRules.create_id(p.tenant),
                                tenant=p.tenant)
    except AggregateNotFound:
        return await save(store, p, ModerationRules(tenant=p.tenant, terms=terms))
    if rules.terms != terms:
        rules.change(terms)
    return await save(store, p, rules)


# -- ideas --------------------------------------------------------------------------------------


async def submit_idea(store: EventStore, p: Principal, author_id: UUID, title: str, body: str,
                      category: str, campaign_id: UUID | None) -> tuple[UUID, bool, int]:
    await require_category(store, p, category)
    if campaign_id is not None:
        campaign = await store.get(Campaign, campaign_id, tenant=p.tenant)
        if not campaign.is_open(datetime.now(UTC)):
            raise FailedPrecondition(f"campaign {campaign_id} is not open")
    held = bool(banned_terms_in(f"{title}\n{body}", await banned_terms(store, p.tenant)))
    idea = Idea(tenant=p.tenant, author_id=author_id, title=title, body=body,
                category=category, campaign_id=campaign_id, held=held)
    return idea.id, held, await save(store, p, idea, subject=author_id)


async def load_idea(store: EventStore, p: Principal, idea_id: UUID,
                    text: bool = False) -> Idea:
    """The idea; its title and body stay encrypted unless the decision reads them (`text`):
    votes, comments and workflow decisions then cost no key lookup or decryption."""
    return await store.get(Idea, idea_id, tenant=p.tenant, sealed=not text)


async def edit_idea(store: EventStore, p: Principal, author_id: UUID, idea_id: UUID,
                    title: str, body: str) -> int:
    idea = await load_idea(store, p, idea_id, text=True)
    idea.edit(author_id, title, body)
    return await save(store, p, idea, subject=author_id)


async def withdraw_idea(store: EventStore, p: Principal, author_id: UUID, idea_id: UUID) -> int:
    idea = await load_idea(store, p, idea_id)
    idea.withdraw(author_id)
    return await save(store, p, idea, subject=author_id)


async def change_status(store: EventStore, p: Principal, idea_id: UUID, status: Status,
                        explanation: str) -> int:
    idea = await load_idea(store, p, idea_id)
    idea.change_status(status, explanation, p.subject)
    return await save(store, p, idea)


async def merge_ideas(store: EventStore, p: Principal, merged_id: UUID,
                      survivor_id: UUID) -> int:
    merged = await load_idea(store, p, merged_id)
    survivor = await load_idea(store, p, survivor_id)
    merged.merge_into(survivor, p.subject)
    return await save(store, p, merged, survivor)


async def vote_on_idea(store: EventStore, p: Principal, voter_id: UUID, idea_id: UUID,
                       vote: Vote | None) -> int:
    async def attempt() -> int:
        idea = await load_idea(store, p, idea_id)
        if idea.duplicate_of is not None:
            raise FailedPrecondition(f"idea {idea_id} was merged into {idea.duplicate_of}")
        idea.vote(voter_id, vote)
        return await save(store, p, idea, subject=voter_id)
    return await retrying(attempt, one_at_a_time=idea_id)


# -- comments -----------------------------------------------------------------------------------


async def post_comment(store: EventStore, p: Principal, author_id: str, idea_id: UUID,
                       parent_id: UUID | None, body: str, official: bool) -> tuple[UUID, bool, int]:
    idea = await store.read(Idea, idea_id, tenant=p.tenant)  # read only: stays cached
    if idea.hidden:
        raise FailedPrecondition(f"idea {idea_id} is hidden")
    if idea.duplicate_of is not None:
        raise FailedPrecondition(f"idea {idea_id} was merged into {idea.duplicate_of}")
    held = not official and bool(banned_terms_in(body, await banned_terms(store, p.tenant)))
    if parent_id is None:
        comment = Comment(tenant=p.tenant, idea_id=idea_id, author_id=author_id, body=body,
                          official=official, held=held)
    else:
        parent = await store.read(Comment, parent_id, tenant=p.tenant)
        if parent.idea_id != idea_id:
            raise FailedPrecondition(f"comment {parent_id} is not on idea {idea_id}")
        comment = Comment.reply_to(parent, p.tenant, author_id, body, official, held)
    # The text is its author's personal data, the brand's staff included.
    return comment.id, held, await save(store, p, comment, subject=author_id)


async def change_comment(store: EventStore, p: Principal, comment_id: UUID,
                         decide: Callable[[Comment], None], subject: object | None,
                         sealed: bool = False) -> int:
    comment = await store.get(Comment, comment_id, tenant=p.tenant, sealed=sealed)
    decide(comment)
    return await save(store, p, comment, subject=subject)


async def vote_on_comment(store: EventStore, p: Principal, voter_id: UUID, comment_id: UUID,
                          vote: Vote | None) -> int:
    return await retrying(lambda: change_comment(
        store, p, comment_id, lambda c: c.vote(voter_id, vote), voter_id, sealed=True),
        one_at_a_time=comment_id)


async def moderate(store: EventStore, p: Principal, target: type[Idea] | type[Comment],
                   target_id: UUID, hide: bool, reason: str) -> int:
    post: Any = await store.get(target, target_id, tenant=p.tenant, sealed=True)
    if hide:
        post.hide(reason, p.subject)
    else:
        post.restore(reason, p.subject)
    return await save(store, p, post)


async def report_abuse(store: EventStore, p: Principal, target: type[Idea] | type[Comment],
                       target_id: UUID, reporter_id: UUID, reason: str) -> int:
    """Files a report (a second one by the same customer on the same post changes nothing)."""
    await store.read(target, target_id, tenant=p.tenant)
    report = AbuseReport(tenant=p.tenant, target=target.__name__.lower(), target_id=target_id,
                         reporter_id=reporter_id, reason=reason)
    try:
        return await save(store, p, report, subject=reporter_id)
    except ConcurrencyConflict:
        return 0
