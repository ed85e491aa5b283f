"""Aggregates of ideas: the idea (workflow, votes, merge, moderation) and the comment. Pure:
no I/O. The text of ideas and comments is personal data of its author (encrypted under their
key when stored); ids, statuses and votes are not."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition

TITLE_MAX = 140
BODY_MAX = 10_000
COMMENT_MAX = 5_000
IDS = UUID("a3c1f0de-6b2e-4f5a-9d7c-1e8b4a2f6c35")


class Category(Aggregate):
    """A category of ideas of a tenant (one aggregate per tenant and slug)."""

    class Defined(Aggregate.Created):
        tenant: str
        category: str
        description: str

    @staticmethod
    def create_id(tenant: str, category: str, **_: object) -> UUID:
        return uuid5(IDS, f"category/{tenant}/{category}")

    @event(Defined)
    def __init__(self, tenant: str, category: str, description: str) -> None:
        self.tenant, self.category, self.description = tenant, category, description

    class Redescribed(Aggregate.Event):
        description: str

    @event(Redescribed)
    def redescribe(self, description: str) -> None:
        self.description = description


class Campaign(Aggregate):
    """A challenge put to the community: a question, in a category, open for a while."""

    class Launched(Aggregate.Created):
        tenant: str
        title: str
        question: str
        category: str
        starts_at: datetime
        ends_at: datetime

    @event(Launched)
    def __init__(self, tenant: str, title: str, question: str, category: str,
                 starts_at: datetime, ends_at: datetime) -> None:
        if ends_at <= starts_at:
            raise FailedPrecondition("a campaign must end after it starts")
        self.tenant, self.title, self.question, self.category = tenant, title, question, category
        self.starts_at, self.ends_at = starts_at, ends_at

    def is_open(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at


class ModerationRules(Aggregate):
    """A tenant's banned terms: posts containing one are held for a moderator's review."""

    class Set(Aggregate.Created):
        tenant: str
        terms: list[str]

    class Changed(Aggregate.Event):
        terms: list[str]

    @staticmethod
    def create_id(tenant: str, **_: object) -> UUID:
        return uuid5(IDS, f"moderation-rules/{tenant}")

    @event(Set)
    def __init__(self, tenant: str, terms: list[str]) -> None:
        self.tenant, self.terms = tenant, terms

    @event(Changed)
    def change(self, terms: list[str]) -> None:
        self.terms = terms


def banned_terms_in(text: str, terms: list[str]) -> list[str]:
    """The banned terms (whole words or phrases, any case) that `text` contains."""
    return [t for t in terms
            if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", text, re.IGNORECASE)]


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


class Vote(StrEnum):
    UP = "up"
    DOWN = "down"


class NotTheAuthor(FailedPrecondition):
    pass


class Ballot:
    """One vote per customer, changeable and retractable; the counts are always derived from
    the votes themselves, so they cannot drift from what was recorded."""

    def __init__(self) -> None:
        self.votes: dict[UUID, Vote] = {}

    @property
    def up(self) -> int:
        return sum(1 for v in self.votes.values() if v is Vote.UP)

    @property
    def down(self) -> int:
        return sum(1 for v in self.votes.values() if v is Vote.DOWN)

    @property
    def score(self) -> int:
        return self.up - self.down

    def change(self, voter_id: UUID, vote: Vote | None) -> tuple[str | None, str | None] | None:
        """(new, previous) vote values of the voter's change, or None if it changes nothing."""
        previous = self.votes.get(voter_id)
        if previous == vote:
            return None
        return (vote.value if vote else None, previous.value if previous else None)

    def set(self, voter_id: UUID, vote: Vote | None) -> None:
        if vote is None:
            self.votes.pop(voter_id, None)
        else:
            self.votes[voter_id] = vote


class Idea(Aggregate):
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

    class VoteChanged(Aggregate.Event):
        voter_id: UUID
        vote: str | None
        previous_vote: str | None

    def vote(self, voter_id: UUID, vote: Vote | None) -> None:
        """Votes, changes or (with None) retracts the voter's vote; no event if unchanged."""
        if self.hidden:
            raise FailedPrecondition("the idea is hidden")
        if self.status in CLOSED:
            raise FailedPrecondition(f"the idea is {self.status.value}: votes are closed")
        if change := self.ballot.change(voter_id, vote):
            self._vote_changed(voter_id, *change)

    @event(VoteChanged)
    def _vote_changed(self, voter_id: UUID, vote: str | None, previous_vote: str | None) -> None:
        self.ballot.set(voter_id, Vote(vote) if vote else None)

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

    # -- moderation ----------------------------------------------------------------------

    class Hidden(Aggregate.Event):
        reason: str
        moderator: str

    class Restored(Aggregate.Event):
        reason: str
        moderator: str

    def hide(self, reason: str, moderator: str) -> None:
        if self.hidden:
            raise FailedPrecondition("the idea is already hidden")
        self._hidden(reason, moderator)

    @event(Hidden)
    def _hidden(self, reason: str, moderator: str) -> None:
        self.hidden = True

    def restore(self, reason: str, moderator: str) -> None:
        if not self.hidden:
            raise FailedPrecondition("the idea is not hidden")
        self._restored(reason, moderator)

    @event(Restored)
    def _restored(self, reason: str, moderator: str) -> None:
        self.hidden = False


class Comment(Aggregate):
    """A comment on an idea, or a reply to one (one level deep). Official responses are the
    brand's. Votes on comments follow the same ballot as ideas."""

    class Posted(Aggregate.Created):
        personal_fields = ("body",)
        tenant: str
        idea_id: UUID
        parent_id: UUID | None
        author_id: str
        body: str
        official: bool
        held: bool

    @event(Posted)
    def __init__(self, tenant: str, idea_id: UUID, author_id: str, body: str,
                 parent_id: UUID | None = None, official: bool = False,
                 held: bool = False) -> None:
        self.tenant, self.idea_id, self.parent_id = tenant, idea_id, parent_id
        self.author_id, self.body, self.official = author_id, body, official
        self.deleted = False
        self.hidden = held
        self.ballot = Ballot()

    @staticmethod
    def reply_to(parent: Comment, tenant: str, author_id: str, body: str,
                 official: bool = False, held: bool = False) -> Comment:
        if parent.parent_id is not None:
            raise FailedPrecondition("replies are one level deep: reply to the comment")
        if parent.deleted:
            raise FailedPrecondition("the comment was deleted")
        return Comment(tenant=tenant, idea_id=parent.idea_id, author_id=author_id, body=body,
                       parent_id=parent.id, official=official, held=held)

    class Hidden(Aggregate.Event):
        reason: str
        moderator: str

    class Restored(Aggregate.Event):
        reason: str
        moderator: str

    def hide(self, reason: str, moderator: str) -> None:
        if self.hidden:
            raise FailedPrecondition("the comment is already hidden")
        self._hidden(reason, moderator)

    @event(Hidden)
    def _hidden(self, reason: str, moderator: str) -> None:
        self.hidden = True

    def restore(self, reason: str, moderator: str) -> None:
        if not self.hidden:
            raise FailedPrecondition("the comment is not hidden")
        self._restored(reason, moderator)

    @event(Restored)
    def _restored(self, reason: str, moderator: str) -> None:
        self.hidden = False

    class Edited(Aggregate.Event):
        personal_fields = ("body",)
        body: str

    class Deleted(Aggregate.Event):
        idea_id: UUID
        author_id: str

    class VoteChanged(Aggregate.Event):
        voter_id: UUID
        vote: str | None
        previous_vote: str | None

    def _by_author(self, author_id: str) -> None:
        if author_id != self.author_id:
            raise NotTheAuthor("only the author may do this")
        if self.deleted:
            raise FailedPrecondition("the comment was deleted")

    def edit(self, author_id: str, body: str) -> None:
        self._by_author(author_id)
        if body != self.body:
            self._edited(body)

    @event(Edited)
    def _edited(self, body: str) -> None:
        self.body = body

    def delete(self, author_id: str) -> None:
        self._by_author(author_id)
        self._deleted(self.idea_id, self.author_id)

    @event(Deleted)
    def _deleted(self, idea_id: UUID, author_id: str) -> None:
        self.deleted = True

    def vote(self, voter_id: UUID, vote: Vote | None) -> None:
        if self.deleted or self.hidden:
            raise FailedPrecondition("the comment is not shown")
        if change := self.ballot.change(voter_id, vote):
            self._vote_changed(voter_id, *change)

    @event(VoteChanged)
    def _vote_changed(self, voter_id: UUID, vote: str | None, previous_vote: str | None) -> None:
        self.ballot.set(voter_id, Vote(vote) if vote else None)


class Notification(Aggregate):
    """A customer told what became of an idea they contributed to. Its id is derived from the
    change and the customer, so issuing it twice (a restart, a redelivery) is refused by the
    event store: exactly one per person per change."""

    class Issued(Aggregate.Created):
        tenant: str
        customer_id: UUID
        idea_id: UUID
        change_id: str
        kind: str
        status: str
        message: str
        roles: list[str]
        channels: list[str]

    @staticmethod
    def create_id(tenant: str, customer_id: UUID, change_id: str, **_: object) -> UUID:
        return uuid5(IDS, f"notification/{tenant}/{change_id}/{customer_id}")

    @event(Issued)
    def __init__(self, tenant: str, customer_id: UUID, idea_id: UUID, change_id: str,
                 kind: str, status: str, message: str, roles: list[str],
                 channels: list[str]) -> None:
        self.tenant, self.customer_id, self.idea_id = tenant, customer_id, idea_id
        self.change_id, self.kind, self.status, self.message = change_id, kind, status, message
        self.roles, self.channels = roles, channels


class AbuseReport(Aggregate):
    """A customer's report of an idea or comment; one per reporter and post."""

    class Filed(Aggregate.Created):
        personal_fields = ("reason",)
        tenant: str
        target: str  # idea or comment
        target_id: UUID
        reporter_id: UUID
        reason: str

    @staticmethod
    def create_id(tenant: str, target_id: UUID, reporter_id: UUID, **_: object) -> UUID:
        return uuid5(IDS, f"report/{tenant}/{target_id}/{reporter_id}")

    @event(Filed)
    def __init__(self, tenant: str, target: str, target_id: UUID, reporter_id: UUID,
                 reason: str) -> None:
        self.tenant, self.target, self.target_id = tenant, target, target_id
        self.reporter_id, self.reason = reporter_id, reason
