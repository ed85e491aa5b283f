"""What ideas and comments share: a ballot of votes (one per customer, changeable,
retractable) and moderation (hide, restore). The events are declared once here; eventsourcing
gives each subclass its own classes (`Idea.Hidden`, `Comment.Hidden`), so read models still
tell them apart."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from chorus.errors import FailedPrecondition


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


class Post(Aggregate):
    # Subclasses set `hidden` and `ballot` when created (annotations here would become
    # fields of their created events).
    noun = "post"  # "idea" or "comment", in messages
    # Kept in memory between votes when loaded sealed (chorus/eventstore/cache.py): a vote on
    # an idea with thousands of votes then reads only what was recorded since.
    cached_when_sealed = True

    class Hidden(Aggregate.Event):
        reason: str
        moderator: str

        def apply(self, aggregate: Any) -> None:
            aggregate.hidden = True

    class Restored(Aggregate.Event):
        reason: str
        moderator: str

        def apply(self, aggregate: Any) -> None:
            aggregate.hidden = False

    class VoteChanged(Aggregate.Event):
        voter_id: UUID
        vote: str | None
        previous_vote: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.ballot.set(self.voter_id, Vote(self.vote) if self.vote else None)

    def hide(self, reason: str, moderator: str) -> None:
        if self.hidden:
            raise FailedPrecondition(f"the {self.noun} is already hidden")
        self.trigger_event(type(self).Hidden, reason=reason, moderator=moderator)

    def restore(self, reason: str, moderator: str) -> None:
        if not self.hidden:
            raise FailedPrecondition(f"the {self.noun} is not hidden")
        self.trigger_event(type(self).Restored, reason=reason, moderator=moderator)

    def _cast(self, voter_id: UUID, vote: Vote | None) -> None:
        """Votes, changes or (with None) retracts the voter's vote; no event if unchanged."""
        if change := self.ballot.change(voter_id, vote):
            self.trigger_event(type(self).VoteChanged, voter_id=voter_id, vote=change[0],
                               previous_vote=change[1])
