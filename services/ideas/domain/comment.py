"""A comment on an idea, or a reply to one (one level deep). Official responses are the
brand's. Its body is personal data of its author."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition
from services.ideas.domain.idea import imported_id
from services.ideas.domain.post import Ballot, NotTheAuthor, Post, Vote

COMMENT_MAX = 5_000


class Comment(Post):
    noun = "comment"

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

    class Imported(Posted):
        """A comment brought in with its idea from another community, at its original time
        (`occurred_at`)."""
        source_id: str
        occurred_at: datetime

    @classmethod
    def imported(cls, *, tenant: str, source: str, idea_source_id: str, source_id: str,
                 **details: Any) -> Comment:
        comment_id = imported_id(tenant, "comment", source, idea_source_id, source_id)
        return cls._create(cls.Imported, id=comment_id, tenant=tenant, source_id=source_id,
                           **details)

    class Edited(Aggregate.Event):
        personal_fields = ("body",)
        body: str

    class Deleted(Aggregate.Event):
        idea_id: UUID
        author_id: str

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
        self._cast(voter_id, vote)
