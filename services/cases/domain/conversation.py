"""The conversation of a case (mixed into Case): messages with their visibility and author,
what counts as a response to the customer, waiting on the customer, community answers, and
moving a public conversation to a private channel. Events are triggered as `type(self).X`
so that their topics are the case's own."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from chorus.errors import FailedPrecondition
from services.cases.domain.sla import Target
from services.cases.domain.vocabulary import AuthorKind, Channel, Status, Tier, Visibility


class CaseConversation(Aggregate):
    # The case's own rules and clocks (Case, CaseClocks) fill these in.
    def _active(self) -> None:
        raise NotImplementedError

    def reopen(self, reason: str, by: str, now: datetime, automatic: bool = False) -> None:
        raise NotImplementedError

    class MessageAdded(Aggregate.Event):
        personal_fields = ("body",)
        message_id: UUID
        author_kind: str
        author_id: str
        visibility: str
        body: str
        automated: bool

        def apply(self, case: Any) -> None:
            case.messages[self.message_id] = {"author_kind": self.author_kind,
                                              "visibility": self.visibility}

    class RepliedPublicly(Aggregate.Event):
        """The brand answered on the public thread (reputation records it on the mention)."""

        message_id: UUID
        network: str
        source_mention_id: str

    class AwaitingCustomer(Aggregate.Event):
        asked_by: str

        def apply(self, case: Any) -> None:
            case.status = Status.PENDING

    class Activated(Aggregate.Event):
        """The case is worked on (new -> open), or the customer answered (pending -> open)."""

        by: str

        def apply(self, case: Any) -> None:
            case.status = Status.OPEN

    class CommunityAnswered(Aggregate.Event):
        message_id: UUID
        accept_by: datetime

    class FirstResponse(Aggregate.Event):
        at: datetime
        business_s: float  # business time since the customer wrote (statistics)

        def apply(self, case: Any) -> None:
            case.responded = True

    class MovedToPrivate(Aggregate.Event):
        customer_id: str
        channel: str
        moved_by: str

        def apply(self, case: Any) -> None:
            case.visibility = Visibility.PRIVATE

    def _activated(self, by: str) -> None:
        self.trigger_event(type(self).Activated, by=by)

    def counts_as_response(self, author_kind: AuthorKind, visibility: Visibility,
                           automated: bool) -> bool:
        """A public or private reply to the customer is a response; an internal note or an
        automated acknowledgement is not; a community member's answer is one only while the
        case is at the community tier."""
        if automated or visibility is Visibility.INTERNAL:
            return False
        if author_kind is AuthorKind.AGENT:
            return True
        case: Any = self
        return author_kind is AuthorKind.COMMUNITY_MEMBER and case.tier is Tier.COMMUNITY

    def add_message(self, *, message_id: UUID, author_kind: AuthorKind, author_id: str,
                    visibility: Visibility, body: str, automated: bool,
                    awaiting_customer: bool, now: datetime) -> None:
        self._active()
        case: Any = self
        added = {"message_id": message_id, "author_kind": author_kind.value,
                 "author_id": author_id, "visibility": visibility.value, "body": body,
                 "automated": automated}
        if author_kind is AuthorKind.CUSTOMER:
            if visibility is Visibility.INTERNAL:
                raise FailedPrecondition("customers do not write internal notes")
            if case.status is Status.RESOLVED:
                self.reopen("the customer wrote again", author_id, now, automatic=True)
            self.trigger_event(type(self).MessageAdded, **added)
            self._customer_wrote(author_id, now)
            return
        if case.status is Status.RESOLVED and visibility is not Visibility.INTERNAL:
            raise FailedPrecondition("the case is resolved: reopen it to reply")
        if visibility is Visibility.PUBLIC and case.visibility != Visibility.PUBLIC:
            raise FailedPrecondition("the conversation is private: reply privately")
        self.trigger_event(type(self).MessageAdded, **added)
        if visibility is Visibility.PUBLIC and not automated:
            self.trigger_event(type(self).RepliedPublicly, message_id=message_id,
                               network=case.channel.value,
                               source_mention_id=case.source_mention_id)
        if self.counts_as_response(author_kind, visibility, automated):
            self._responded(author_id, now)
        if author_kind is AuthorKind.COMMUNITY_MEMBER and case.tier is Tier.COMMUNITY \
                and visibility is not Visibility.INTERNAL:
            self.trigger_event(type(self).CommunityAnswered, message_id=message_id,
                               accept_by=now + case.terms.community_timeout)
        if awaiting_customer and visibility is not Visibility.INTERNAL \
                and case.status is not Status.PENDING:
            self.trigger_event(type(self).AwaitingCustomer, asked_by=author_id)
            case._pause_clock(Target.RESOLUTION, now)

    def _customer_wrote(self, author_id: str, now: datetime) -> None:
        case: Any = self
        if case.status is Status.PENDING:
            self._activated(author_id)
            case._resume_clock(Target.RESOLUTION, now)
        if case.responded and case._live(Target.NEXT_RESPONSE) is None:
            case._start_clock(Target.NEXT_RESPONSE, now)

    def _responded(self, by: str, now: datetime) -> None:
        case: Any = self
        if case.status is Status.NEW:
            self._activated(by)
        if not case.responded:
            self.trigger_event(type(self).FirstResponse, at=now, business_s=case.calendar
                               .between(case.received_at, now).total_seconds())
            case._fulfil_clock(Target.FIRST_RESPONSE, now)
        case._fulfil_clock(Target.NEXT_RESPONSE, now)

    def move_to_private(self, channel: Channel, acknowledgement_id: UUID, acknowledgement: str,
                        by: str, now: datetime) -> None:
        """Answers publicly (the acknowledgement is a response) and goes on privately."""
        self._active()
        case: Any = self
        if case.visibility != Visibility.PUBLIC:
            raise FailedPrecondition("the conversation is already private")
        self.add_message(message_id=acknowledgement_id, author_kind=AuthorKind.AGENT,
                         author_id=by, visibility=Visibility.PUBLIC, body=acknowledgement,
                         automated=False, awaiting_customer=False, now=now)
        self.trigger_event(type(self).MovedToPrivate, customer_id=case.customer_id,
                           channel=channel.value, moved_by=by)
