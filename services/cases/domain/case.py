"""A case: a customer's complaint or request from one channel, the conversation about it, who
works it at which support tier, its SLA clocks and its lifecycle (new, open, pending,
resolved, closed; merged into another). Pure: decisions take the time and the SLA terms
from the caller. What the customer and the brand wrote is personal data of the case's data
subject (the customer, or the social author until they are identified)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition
from services.cases.domain.clocks import CaseClocks
from services.cases.domain.conversation import CaseConversation
from services.cases.domain.priority import Priority, computed_priority
from services.cases.domain.routing import CaseRouting
from services.cases.domain.sla import SlaTerms, Target
from services.cases.domain.vocabulary import (
    AuthorKind,
    Channel,
    Status,
    Tier,
    Visibility,
)

CASE_IDS = UUID("8d3f2a61-4c0e-4b7a-9e15-2f6a7c1d9b40")


class Case(CaseConversation, CaseRouting, CaseClocks):
    # Kept in memory between commands when loaded sealed (chorus/eventstore/cache.py): an
    # agent's next reply reads only what was recorded since. No event after the opening
    # puts what someone wrote into the case's state (messages and comments stay in their
    # events), so a cached case holds nothing readable.
    cached_when_sealed = True

    class Opened(Aggregate.Created):
        personal_fields = ("subject", "body", "author_handle", "author_display_name")
        tenant: str
        channel: str
        visibility: str
        received_at: datetime
        subject: str
        body: str
        first_message_id: UUID
        customer_id: str
        author_profile_id: str
        author_handle: str
        author_display_name: str
        author_followers: int
        engagement: int
        external_ref: str
        source_mention_id: str
        team: str
        language: str
        customer_tier: str
        segments: list[str]
        priority: str
        opened_by: str

    @staticmethod
    def create_id(tenant: str, channel: str, external_ref: str, **_: object) -> UUID:
        """The same post, email or call (its external ref) opens one case."""
        return uuid5(CASE_IDS, f"{tenant}/{channel}/{external_ref}") if external_ref else uuid4()

    @event(Opened)
    def __init__(self, *, tenant: str, channel: str, visibility: str, received_at: datetime,
                 subject: str, body: str, first_message_id: UUID, customer_id: str,
                 author_profile_id: str, author_handle: str, author_display_name: str,
                 author_followers: int, engagement: int, external_ref: str,
                 source_mention_id: str, team: str, language: str, customer_tier: str,
                 segments: list[str], priority: str, opened_by: str) -> None:
        self.tenant, self.channel, self.visibility = tenant, Channel(channel), visibility
        self.received_at, self.subject = received_at, subject
        self.customer_id, self.author_profile_id = customer_id, author_profile_id
        self.author_followers, self.engagement = author_followers, engagement
        self.source_mention_id, self.team, self.agent_id = source_mention_id, team, ""
        self.language, self.customer_tier, self.segments = language, customer_tier, segments
        self.priority, self.priority_overridden = Priority(priority), False
        self.status = Status.NEW
        # Public posts start where peers can answer; everything else with an agent.
        self.tier = Tier.COMMUNITY if channel == Channel.FORUM.value else Tier.AGENT
        self.messages: dict[UUID, dict[str, Any]] = {first_message_id: {
            "author_kind": AuthorKind.CUSTOMER.value, "visibility": visibility}}
        self.responded = False  # a first response was given
        self.resolved_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.merged_into: UUID | None = None
        self.absorbed: list[UUID] = []
        self.satisfaction = 0
        self.clocks: dict[Target, Any] = {}

    @classmethod
    def open(cls, terms: SlaTerms, **details: Any) -> Case:
        """Opens the case and starts its first-response and resolution clocks at the time the
        customer wrote (an imported message may be due already)."""
        details["priority"] = computed_priority(
            public=details["visibility"] == Visibility.PUBLIC,
            customer_tier=details["customer_tier"], segments=frozenset(details["segments"]),
            followers=details["author_followers"], engagement=details["engagement"]).value
        case = cls(**details)
        case._record_terms(terms)
        for target in (Target.FIRST_RESPONSE, Target.RESOLUTION):
            case._start_clock(target, case.received_at)
        return case

    # -- checks ----------------------------------------------------------------------------

    @property
    def public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def data_subject(self) -> str:
        """Whose personal data its texts are: the customer, or the social author's profile."""
        return self.customer_id or self.author_profile_id

    def _active(self) -> None:
        if self.merged_into is not None:
            raise FailedPrecondition(f"case {self.id} was merged into {self.merged_into}")
        if self.status is Status.CLOSED:
            raise FailedPrecondition(f"case {self.id} is closed")

    def apply_terms(self, terms: SlaTerms, now: datetime) -> None:
        """The SLA policy re-chosen (team, priority or tier changed): live clocks keep the
        business time they spent."""
        if self.merged_into is not None or self.status is Status.CLOSED:
            return
        if self.terms == terms:
            return
        old = self.calendar
        self._record_terms(terms)
        self._reschedule(old, now)

    # -- lifecycle ------------------------------------------------------------------------

    class Resolved(Aggregate.Event):
        customer_id: str
        resolution: str
        accepted_message_id: UUID | None
        resolved_by: str
        at: datetime
        close_after: datetime
        business_s: float  # business time to resolution, pauses excluded (statistics)

    def resolve(self, resolution: str, accepted_message_id: UUID | None, by: str,
                now: datetime) -> None:
        """Resolves; every clock freezes (a target still running is met or breached now)."""
        self._active()
        if self.status is Status.RESOLVED:
            raise FailedPrecondition("the case is already resolved")
        if accepted_message_id is not None and accepted_message_id not in self.messages:
            raise FailedPrecondition(f"no message {accepted_message_id} in this case")
        clock = self._live(Target.RESOLUTION)
        business = clock.spent_at(self.calendar, now) if clock is not None else \
            self.calendar.between(self.received_at, now)
        for target in Target:
            self._fulfil_clock(target, now)
        self._resolved(self.customer_id, resolution, accepted_message_id, by, now,
                       now + self.terms.reopen_window, business.total_seconds())

    @event(Resolved)
    def _resolved(self, customer_id: str, resolution: str, accepted_message_id: UUID | None,
                  resolved_by: str, at: datetime, close_after: datetime,
                  business_s: float) -> None:
        self.status, self.resolved_at = Status.RESOLVED, at

    class Reopened(Aggregate.Event):
        customer_id: str
        reason: str
        reopened_by: str
        automatic: bool

    def reopen(self, reason: str, by: str, now: datetime, automatic: bool = False) -> None:
        """A resolved case opens again (within its reopen window: a closed case stays
        closed); the resolution clock starts afresh."""
        self._active()
        if self.status is not Status.RESOLVED:
            raise FailedPrecondition("only a resolved case can be reopened")
        self._reopened(self.customer_id, reason, by, automatic)
        self._start_clock(Target.RESOLUTION, now)

    @event(Reopened)
    def _reopened(self, customer_id: str, reason: str, reopened_by: str,
                  automatic: bool) -> None:
        self.status, self.resolved_at = Status.OPEN, None

    class Closed(Aggregate.Event):
        customer_id: str
        reason: str
        closed_by: str
        at: datetime
        automatic: bool

    def close(self, reason: str, by: str, now: datetime, automatic: bool = False) -> None:
        self._active()
        for target in Target:
            self._fulfil_clock(target, now)
        self._closed(self.customer_id, reason, by, now, automatic)

    @event(Closed)
    def _closed(self, customer_id: str, reason: str, closed_by: str, at: datetime,
                automatic: bool) -> None:
        self.status, self.closed_at = Status.CLOSED, at

    class MergedInto(Aggregate.Event):
        survivor_id: UUID
        reason: str
        merged_by: str

    class Absorbed(Aggregate.Event):
        merged_id: UUID
        reason: str
        merged_by: str

    def merge_into(self, survivor: Case, reason: str, by: str, now: datetime) -> None:
        """The same problem twice (a tweet and an email): both threads stay, this case
        redirects to the survivor and no longer runs clocks (nor breaches)."""
        if survivor.id == self.id:
            raise FailedPrecondition("a case cannot be merged into itself")
        self._active()
        survivor._active()
        if not self.customer_id or self.customer_id != survivor.customer_id:
            raise FailedPrecondition("only cases of one identified customer can be merged")
        for target in Target:
            self._cancel_clock(target, "merged")
        # Closed as merged (the customer's open cases count it closed), then redirected.
        self._closed(self.customer_id, f"merged into {survivor.id}", by, now, True)
        self._merged_into(survivor.id, reason, by)
        survivor._absorbed(self.id, reason, by)

    @event(MergedInto)
    def _merged_into(self, survivor_id: UUID, reason: str, merged_by: str) -> None:
        self.merged_into, self.status = survivor_id, Status.MERGED

    @event(Absorbed)
    def _absorbed(self, merged_id: UUID, reason: str, merged_by: str) -> None:
        self.absorbed.append(merged_id)

    class SatisfactionRecorded(Aggregate.Event):
        personal_fields = ("comment",)
        customer_id: str
        score: int
        comment: str
        testimony_consent: bool
        recorded_by: str

    def record_satisfaction(self, score: int, comment: str, testimony_consent: bool,
                            by: str) -> None:
        if self.status not in (Status.RESOLVED, Status.CLOSED):
            raise FailedPrecondition("satisfaction is asked once the case is resolved")
        if not 1 <= score <= 5:
            raise FailedPrecondition("a satisfaction score is 1 to 5")
        self._satisfaction(self.customer_id, score, comment, testimony_consent, by)

    @event(SatisfactionRecorded)
    def _satisfaction(self, customer_id: str, score: int, comment: str,
                      testimony_consent: bool, recorded_by: str) -> None:
        self.satisfaction = score

    class CustomerIdentified(Aggregate.Event):
        customer_id: str

    def identify_customer(self, customer_id: str) -> bool:
        """identity linked the social author to a customer: the case joins them."""
        if self.customer_id:
            return False
        self._identified(customer_id)
        return True

    @event(CustomerIdentified)
    def _identified(self, customer_id: str) -> None:
        self.customer_id = customer_id

    # -- what falls due -------------------------------------------------------------------

    def sla_due(self, target: Target, generation: int, warning: bool, now: datetime) -> None:
        """A warning or breach deadline fell due: record it if it still stands; a breach
        escalates one tier."""
        if self._clock_due(target, generation, warning, now) and not warning:
            self.escalate_one_tier(f"{target.value} SLA breached")

    def community_answer_due(self, message_id: UUID) -> None:
        """A community answer was not accepted in time: an agent takes over."""
        if self.status in (Status.RESOLVED, Status.CLOSED, Status.MERGED):
            return
        if self.tier is Tier.COMMUNITY:
            self.escalate(Tier.AGENT, "community answer not accepted in time", "rules",
                          automatic=True)

    def close_due(self, now: datetime) -> None:
        """The reopen window passed without the customer writing again."""
        if self.status is Status.RESOLVED:
            self.close("no reply within the reopen window", "rules", now, automatic=True)
