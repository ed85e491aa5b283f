"""An idea: submitted by a customer, voted on, moved through the brand's workflow, merged
when it duplicates another, moderated. Its title and body are personal data of its author
(encrypted under their key when stored); ids, statuses and votes are not."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition
from services.ideas.domain.post import Ballot, NotTheAuthor, Post, Vote

TITLE_MAX = 140
BODY_MAX = 10_000


class Status(StrEnum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    DECLINED = "declined"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"


# The workflow: where each status may go by a status change (duplicate is reached by merging,
# withdrawn by the author's withdrawal). A declined idea may be reconsidered.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.UNDER_REVIEW, Status.DECLINED}),
    Status.UNDER_REVIEW: frozenset({Status.PLANNED, Status.DECLINED}),
    Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.DECLINED}),
    Status.IN_PROGRESS: frozenset({Status.IMPLEMENTED, Status.DECLINED}),
    Status.DECLINED: frozenset({Status.UNDER_REVIEW}),
    Status.IMPLEMENTED: frozenset(),
    Status.DUPLICATE: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
CLOSED = frozenset({Status.IMPLEMENTED, Status.DUPLICATE, Status.WITHDRAWN})

# Imported posts get ids derived from where they came from: importing the same post again
# finds it instead of copying it.
IMPORTED = UUID("5f0c3c52-9d1e-4c57-9a43-6a1f8e1c2b7d")


def imported_id(tenant: str, kind: str, source: str, *source_ids: str) -> UUID:
    return uuid5(IMPORTED, "/".join((tenant, kind, source, *source_ids)))


class Idea(Post):
    noun = "idea"

    class Submitted(Aggregate.Created):
        personal_fields = ("title", "body")
        tenant: str
        author_id: UUID
        title: str
        body: str
        category: str
        campaign_id: UUID | None
        held: bool

    @event(Submitted)
    def __init__(self, tenant: str, author_id: UUID, title: str, body: str, category: str,
                 campaign_id: UUID | None = None, held: bool = False) -> None:
        self.tenant, self.author_id = tenant, author_id
        self.title, self.body = title, body
        self.category, self.campaign_id = category, campaign_id
        self.status = Status.NEW
        self.explanation = ""
        self.duplicate_of: UUID | None = None
        self.ballot = Ballot()
        # Held posts (a banned term) stay hidden until a moderator restores them.
        self.hidden = held
        self.merged_ids: list[UUID] = []

    class Imported(Submitted):
        """An idea brought in from another community (IdeaScale, UserVoice, a forum) as it
        stood there: its original author, time (`occurred_at`) and status."""
        source: str
        source_id: str
        occurred_at: datetime
        status: str
        explanation: str

        def apply(self, aggregate: Any) -> None:  # after __init__ took the shared fields
            aggregate.status, aggregate.explanation = Status(self.status), self.explanation

    @classmethod
    def imported(cls, *, tenant: str, source: str, source_id: str, **details: Any) -> Idea:
        idea_id = imported_id(tenant, "idea", source, source_id)
        return cls._create(cls.Imported, id=idea_id, tenant=tenant, source=source,
                           source_id=source_id, **details)

    class VoteImported(Aggregate.Event):
        """A vote cast in the other community, at its original time (`occurred_at`)."""
        voter_id: UUID
        vote: str
        occurred_at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.ballot.set(self.voter_id, Vote(self.vote))

    def import_vote(self, voter_id: UUID, vote: Vote, at: datetime) -> bool:
        """Adds a voter's vote from the other community; a voter who has one keeps it."""
        if voter_id in self.ballot.votes:
            return False
        self.trigger_event(self.VoteImported, voter_id=voter_id, vote=vote.value,
                           occurred_at=at)
        return True

    # -- the author's changes --------------------------------------------------------------

    class Edited(Aggregate.Event):
        personal_fields = ("title", "body")
        title: str
        body: str

    class Withdrawn(Aggregate.Event):
        author_id: UUID

    def _by_author(self, customer_id: UUID) -> None:
        if customer_id != self.author_id:
            raise NotTheAuthor("only the author may do this")

    def edit(self, customer_id: UUID, title: str, body: str) -> None:
        self._by_author(customer_id)
        if self.status is not Status.NEW:
            raise FailedPrecondition("an idea can be edited only until it is reviewed")
        if (title, body) != (self.title, self.body):
            self._edited(title, body)

    @event(Edited)
    def _edited(self, title: str, body: str) -> None:
        self.title, self.body = title, body

    def withdraw(self, customer_id: UUID) -> None:
        self._by_author(customer_id)
        if self.status in CLOSED:
            raise FailedPrecondition(f"the idea is already {self.status.value}")
        self._withdrawn(self.author_id)

    @event(Withdrawn)
    def _withdrawn(self, author_id: UUID) -> None:
        self.status = Status.WITHDRAWN

    # -- the brand's decisions -------------------------------------------------------------

    class StatusChanged(Aggregate.Event):
        status: str
        previous_status: str
        explanation: str
        changed_by: str

    def change_status(self, status: Status, explanation: str, changed_by: str) -> None:
        if status not in TRANSITIONS[self.status]:
            raise FailedPrecondition(
                f"an idea cannot go from {self.status.value} to {status.value}")
        if status is Status.DECLINED and not explanation.strip():
            raise FailedPrecondition("declining an idea needs an explanation")
        self._status_changed(status.value, self.status.value, explanation, changed_by)

    @event(StatusChanged)
    def _status_changed(self, status: str, previous_status: str, explanation: str,
                        changed_by: str) -> None:
        self.status, self.explanation = Status(status), explanation

    # -- votes -------------------------------------------------------------------------------

    def vote(self, voter_id: UUID, vote: Vote | None) -> None:
        """Votes, changes or (with None) retracts the voter's vote; no event if unchanged."""
        if self.hidden:
            raise FailedPrecondition("the idea is hidden")
        if self.status in CLOSED:
            raise FailedPrecondition(f"the idea is {self.status.value}: votes are closed")
        self._cast(voter_id, vote)

    # -- merging duplicates ----------------------------------------------------------------

    class MergedInto(Aggregate.Event):
        survivor_id: UUID
        merged_by: str

    class Absorbed(Aggregate.Event):
        merged_id: UUID
        # Votes moved from the merged idea: voters who had not voted on this one.
        moved_votes: dict[str, str]
        merged_by: str

    def merge_into(self, survivor: Idea, merged_by: str) -> None:
        """Merges this duplicate into `survivor`: its votes move there, except those of
        voters who already voted on the survivor (each customer counts once, with the vote
        they cast on the survivor). Comments follow by their idea id (see Comment)."""
        if survivor.id == self.id:
            raise FailedPrecondition("an idea cannot be merged into itself")
        for idea in (self, survivor):
            if idea.status in CLOSED:
                raise FailedPrecondition(f"idea {idea.id} is {idea.status.value}")
        moved = {str(v): vote.value for v, vote in self.ballot.votes.items()
                 if v not in survivor.ballot.votes}
        self._merged_into(survivor.id, merged_by)
        survivor._absorbed(self.id, moved, merged_by)

    @event(MergedInto)
    def _merged_into(self, survivor_id: UUID, merged_by: str) -> None:
        self.status, self.duplicate_of = Status.DUPLICATE, survivor_id
        self.ballot = Ballot()

    @event(Absorbed)
    def _absorbed(self, merged_id: UUID, moved_votes: dict[str, str], merged_by: str) -> None:
        for voter, vote in moved_votes.items():
            self.ballot.set(UUID(voter), Vote(vote))
        self.merged_ids.append(merged_id)
