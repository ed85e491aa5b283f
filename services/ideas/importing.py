"""Command handler of ImportIdeas: a brand moving an existing community in (IdeaScale,
UserVoice, a forum export) brings its ideas with their votes and comments, original authors,
times and statuses.

Idempotent per source id: ids derive from (tenant, source, source ids), so an idea imported
again is found, not copied; it gains only the votes and comments it did not have (an export
taken later). Each batch is one transaction. Every event is recorded about the person it is
about (the idea about its author, each vote about its voter, each comment about its author),
so their exports, histories and erasures include what was imported."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal
from chorus.commands import metadata, retrying
from chorus.errors import NotFound
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.store import AggregateNotFound, EventStore
from services.ideas.application import banned_terms, require_category
from services.ideas.domain.comment import Comment
from services.ideas.domain.community import Campaign, banned_terms_in
from services.ideas.domain.idea import Idea, Status, imported_id
from services.ideas.domain.post import Vote

PURPOSE = "import"


@dataclass(frozen=True)
class ImportedComment:
    source_id: str
    parent_source_id: str  # "" for a comment on the idea; else an earlier comment's
    author_id: str  # a customer id, or the brand's staff member for an official answer
    body: str
    official: bool
    at: datetime


@dataclass(frozen=True)
class ImportedIdea:
    source_id: str
    author_id: UUID
    title: str
    body: str
    category: str
    campaign_id: UUID | None
    at: datetime
    status: Status
    explanation: str
    votes: list[tuple[UUID, Vote, datetime]] = field(default_factory=list)
    comments: list[ImportedComment] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    source_id: str
    idea_id: UUID
    already_imported: bool
    votes_added: int
    comments_added: int


class Batch:
    """One batch's events, each with the metadata of the person it is about, and the
    aggregates they change (cached once committed).

    Recorded by kind: every idea first, then every vote, then every comment. Each stream's
    events keep their order (its hash chain follows it), and the log gets long runs of one
    kind, which read models handle set-based (`on_many`) in a few statements."""

    KINDS = (Idea.Imported, Idea.VoteImported, Comment.Imported)

    def __init__(self, p: Principal) -> None:
        self.p = p
        self.by_kind: dict[type, list[tuple[list[Any], EventMetadata]]] = {
            kind: [] for kind in self.KINDS}
        self.aggregates: list[Any] = []
        self._about: dict[object, EventMetadata] = {}

    def add(self, aggregate: Any, subject_of: Any) -> None:
        self.aggregates.append(aggregate)
        for event in aggregate.collect_events():
            subject = subject_of(event)
            about = self._about.get(subject)
            if about is None:
                about = self._about[subject] = metadata(self.p, subject, PURPOSE)
            self.by_kind[type(event)].append(([event], about))

    @property
    def groups(self) -> list[tuple[list[Any], EventMetadata]]:
        return [group for kind in self.KINDS for group in self.by_kind[kind]]


async def _check_references(store: EventStore, p: Principal, batch: list[ImportedIdea]) -> None:
    for category in sorted({i.category for i in batch}):
        await require_category(store, p, category)
    for campaign_id in sorted({i.campaign_id for i in batch if i.campaign_id}, key=str):
        try:
            await store.read(Campaign, campaign_id, tenant=p.tenant)
        except AggregateNotFound:
            raise NotFound(f"campaign {campaign_id} not found") from None


async def import_ideas(store: EventStore, p: Principal, source: str,
                       batch: list[ImportedIdea]) -> tuple[list[Outcome], int]:
    """Imports a batch in one transaction; returns each idea's outcome and the last position
    written (0 when everything was there already)."""
    await _check_references(store, p, batch)
    banned = await banned_terms(store, p.tenant)
    ids = [imported_id(p.tenant, "idea", source, i.source_id) for i in batch]

    async def attempt() -> tuple[list[Outcome], int]:
        known = await store.recorder.existing_ids(ids)
        writes, outcomes = Batch(p), []
        for item, idea_id in zip(batch, ids, strict=True):
            idea = (await store.get(Idea, idea_id, tenant=p.tenant, sealed=True)
                    if idea_id in known else _idea(p.tenant, source, item, banned))
            if idea.duplicate_of is not None:  # merged since: its votes moved on
                outcomes.append(Outcome(item.source_id, idea_id, True, 0, 0))
                continue
            votes = sum(idea.import_vote(voter, vote, at) for voter, vote, at in item.votes)
            writes.add(idea, _about(item.author_id))
            comments = await _comments(store, p.tenant, source, item, idea_id,
                                       idea_id in known, banned)
            for comment in comments:
                writes.add(comment, lambda e, c=comment: c.author_id)
            outcomes.append(Outcome(item.source_id, idea_id, idea_id in known, votes,
                                    len(comments)))
            await asyncio.sleep(0)  # a batch is long work: let the projections have turns

        positions = await store.save_groups(writes.groups, writes.aggregates)
        return outcomes, positions[-1] if positions else 0
    return await retrying(attempt)  # another importer of the same ideas: look again


def _about(author_id: UUID) -> Any:
    """Whom an imported idea's event is about: a vote its voter, the idea its author."""
    return lambda e: e.voter_id if isinstance(e, Idea.VoteImported) else author_id


def _idea(tenant: str, source: str, item: ImportedIdea, banned: list[str]) -> Idea:
    return Idea.imported(
        tenant=tenant, source=source, source_id=item.source_id, author_id=item.author_id,
        title=item.title, body=item.body, category=item.category,
        campaign_id=item.campaign_id, occurred_at=item.at, status=item.status.value,
        explanation=item.explanation,
        held=bool(banned_terms_in(f"{item.title}\n{item.body}", banned)))


async def _comments(store: EventStore, tenant: str, source: str, item: ImportedIdea,
                    idea_id: UUID, idea_known: bool, banned: list[str]) -> list[Comment]:
    """The idea's comments not imported yet. Replies are one level deep here: a reply to a
    reply (a forum's deeper thread) joins the thread of the comment that started it."""
    ids = {c.source_id: imported_id(tenant, "comment", source, item.source_id, c.source_id)
           for c in item.comments}
    existing = await store.recorder.existing_ids(list(ids.values())) if idea_known else set()
    thread: dict[str, UUID] = {}  # source id -> id of the comment starting its thread
    new = []
    for n, c in enumerate(item.comments, 1):
        if n % 200 == 0:
            await asyncio.sleep(0)  # a popular idea has thousands: let the projections run
        parent = thread.get(c.parent_source_id) if c.parent_source_id else None
        thread[c.source_id] = parent or ids[c.source_id]
        if ids[c.source_id] in existing:
            continue
        new.append(Comment.imported(
            tenant=tenant, source=source, idea_source_id=item.source_id,
            source_id=c.source_id, idea_id=idea_id, parent_id=parent, author_id=c.author_id,
            body=c.body, official=c.official, occurred_at=c.at,
            held=not c.official and bool(banned_terms_in(c.body, banned))))
    return new

