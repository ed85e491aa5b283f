"""The verified customer (transactional side): registered from the brand's CRM, with
verification, segments, consent and merges. Personal fields are named in each event's
`personal_fields` and are encrypted under the customer's key when stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition

CUSTOMER_IDS = UUID("6f1c7d0e-2b1a-4c55-9a57-1d3c5b0e8a11")


class VerificationLevel(StrEnum):
    NONE = "none"
    EMAIL = "email"
    DOCUMENT = "document"
    IN_PERSON = "in_person"


class Purpose(StrEnum):
    MARKETING = "marketing"
    SERVICE_NOTIFICATIONS = "service_notifications"
    PROFILING = "profiling"
    RESEARCH = "research"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    SOCIAL_DM = "social_dm"
    PUSH = "push"


class CustomerClosed(FailedPrecondition):
    pass


class Customer(Aggregate):
    """A customer registered from the brand's CRM. The id derives from (tenant, customer code),
    so registering the same code twice collides on the event store's version check."""

    class Registered(Aggregate.Created):
        personal_fields = ("legal_name", "email", "phone")
        class_version = 2
        tenant: str
        customer_code: str
        legal_name: str
        email: str
        phone: str
        country: str
        language: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Version 1 (first foundation release) had no phone, country or language.
            state.update(phone="", country="", language="")

    class DetailsChanged(Aggregate.Event):
        personal_fields = ("legal_name", "email", "phone")
        legal_name: str
        email: str
        phone: str
        country: str
        language: str

    @staticmethod
    def create_id(tenant: str, customer_code: str, **_: object) -> UUID:
        return uuid5(CUSTOMER_IDS, f"{tenant}/{customer_code}")

    @event(Registered)
    def __init__(self, tenant: str, customer_code: str, legal_name: str, email: str,
                 phone: str = "", country: str = "", language: str = "") -> None:
        self.tenant = tenant
        self.customer_code = customer_code
        self.legal_name = legal_name
        self.email = email
        self.phone = phone
        self.country = country
        self.language = language
        self.closed = False
        self.verification = VerificationLevel.NONE
        self.verification_evidence = ""
        self.segments: set[str] = set()
        self.tier = ""
        self.tags: set[str] = set()
        self.consents: dict[tuple[Purpose, Channel], Consent] = {}
        self.merged_into: UUID | None = None
        self.absorbed: set[UUID] = set()
        self.erased = False

    def require_open(self) -> None:
        """Refuses changes to a closed, merged or erased customer (new links included)."""
        if self.closed:
            raise CustomerClosed(f"customer {self.id} is closed")
        if self.merged_into is not None:
            raise FailedPrecondition(
                f"customer {self.id} is merged into {self.merged_into}: change the survivor")
        if self.erased:
            raise FailedPrecondition(f"customer {self.id} was erased")

    class Erased(Aggregate.Event):
        request_ref: str
        erased_by: str

    def erase(self, request_ref: str, erased_by: str) -> None:
        """Records the erasure; the caller then shreds the keys of the customer's data."""
        if self.erased:
            raise FailedPrecondition(f"customer {self.id} was already erased")
        self._erased(request_ref, erased_by)

    @event(Erased)
    def _erased(self, request_ref: str, erased_by: str) -> None:
        self.erased = True

    # -- merge and unmerge ----------------------------------------------------------------
    # A merge never rewrites the merged customer: its data, profiles and consents stay its
    # own, and readers follow `merged_into` to the survivor. Unmerging therefore restores both
    # exactly as they were.

    class MergedInto(Aggregate.Event):
        survivor_id: UUID
        reason: str
        merged_by: str

    class Absorbed(Aggregate.Event):
        merged_id: UUID
        reason: str
        merged_by: str

    class Unmerged(Aggregate.Event):
        survivor_id: UUID
        reason: str
        unmerged_by: str

    class Released(Aggregate.Event):
        merged_id: UUID
        reason: str
        unmerged_by: str

    def merge_into(self, survivor: Customer, reason: str, merged_by: str) -> None:
        """Merges this (duplicate) customer into `survivor`; changes both."""
        if survivor.id == self.id:
            raise FailedPrecondition("a customer cannot be merged into itself")
        self.require_open()
        survivor.require_open()
        self._merged_into(survivor.id, reason, merged_by)
        survivor._absorbed(self.id, reason, merged_by)

    @event(MergedInto)
    def _merged_into(self, survivor_id: UUID, reason: str, merged_by: str) -> None:
        self.merged_into = survivor_id

    @event(Absorbed)
    def _absorbed(self, merged_id: UUID, reason: str, merged_by: str) -> None:
        self.absorbed.add(merged_id)

    def unmerge_from(self, survivor: Customer, reason: str, unmerged_by: str) -> None:
        if self.merged_into is None:
            raise FailedPrecondition(f"customer {self.id} is not merged")
        if self.merged_into != survivor.id or self.id not in survivor.absorbed:
            raise FailedPrecondition(f"customer {self.id} is not merged into {survivor.id}")
        self._unmerged(survivor.id, reason, unmerged_by)
        survivor._released(self.id, reason, unmerged_by)

    @event(Unmerged)
    def _unmerged(self, survivor_id: UUID, reason: str, unmerged_by: str) -> None:
        self.merged_into = None

    @event(Released)
    def _released(self, merged_id: UUID, reason: str, unmerged_by: str) -> None:
        self.absorbed.discard(merged_id)

    # -- details -------------------------------------------------------------------------

    def change_details(self, **changes: str) -> None:
        self.require_open()
        current = {k: getattr(self, k) for k in ("legal_name", "email", "phone", "country",
                                                 "language")}
        merged = {**current, **{k: v for k, v in changes.items() if k in current}}
        if merged != current:
            self._details_changed(**merged)

    @event(DetailsChanged)
    def _details_changed(self, legal_name: str, email: str, phone: str, country: str,
                         language: str) -> None:
        self.legal_name, self.email, self.phone = legal_name, email, phone
        self.country, self.language = country, language

    def close(self, reason: str) -> None:
        self.require_open()
        self._closed(reason)

    class Closed(Aggregate.Event):
        reason: str

    class IdentityVerified(Aggregate.Event):
        level: str
        evidence_ref: str
        verified_by: str

    class Classified(Aggregate.Event):
        segments: list[str]
        tier: str
        tags: list[str]

    @event(Closed)
    def _closed(self, reason: str) -> None:
        self.closed = True

    # -- verification, segments, tiers, tags ---------------------------------------------

    def verify_identity(self, level: VerificationLevel, evidence_ref: str,
                        verified_by: str) -> None:
        self.require_open()
        if level is not VerificationLevel.NONE and not evidence_ref:
            raise FailedPrecondition("a verification needs an evidence reference")
        self._identity_verified(level.value, evidence_ref, verified_by)

    @event(IdentityVerified)
    def _identity_verified(self, level: str, evidence_ref: str, verified_by: str) -> None:
        self.verification = VerificationLevel(level)
        self.verification_evidence = evidence_ref

    def classify(self, *, add_segments: Iterable[str] = (), remove_segments: Iterable[str] = (),
                 tier: str | None = None, tags: Iterable[str] | None = None) -> None:
        """Segments are added/removed; tier and tags, when given, replace the current ones."""
        self.require_open()
        segments = (self.segments | set(add_segments)) - set(remove_segments)
        new_tier = self.tier if tier is None else tier
        new_tags = self.tags if tags is None else set(tags)
        if (segments, new_tier, new_tags) != (self.segments, self.tier, self.tags):
            self._classified(sorted(segments), new_tier, sorted(new_tags))

    @event(Classified)
    def _classified(self, segments: list[str], tier: str, tags: list[str]) -> None:
        self.segments, self.tier, self.tags = set(segments), tier, set(tags)

    # -- consent ------------------------------------------------------------------------

    def give_consent(self, purpose: Purpose, channel: Channel, legal_basis: str, source: str,
                     at: datetime) -> None:
        self.require_open()
        self._consent_given(purpose.value, channel.value, legal_basis, source, at)

    class ConsentGiven(Aggregate.Event):
        purpose: str
        channel: str
        legal_basis: str
        source: str
        at: datetime

    class ConsentWithdrawn(Aggregate.Event):
        purpose: str
        channel: str
        source: str
        at: datetime

    @event(ConsentGiven)
    def _consent_given(self, purpose: str, channel: str, legal_basis: str, source: str,
                       at: datetime) -> None:
        self.consents[(Purpose(purpose), Channel(channel))] = Consent(True, legal_basis, source, at)

    def withdraw_consent(self, purpose: Purpose, channel: Channel, source: str,
                         at: datetime) -> None:
        # Withdrawal is always accepted, even for a closed or merged customer.
        self._consent_withdrawn(purpose.value, channel.value, source, at)

    @event(ConsentWithdrawn)
    def _consent_withdrawn(self, purpose: str, channel: str, source: str, at: datetime) -> None:
        self.consents[(Purpose(purpose), Channel(channel))] = Consent(False, "", source, at)

    def consents_to(self, purpose: Purpose, channel: Channel) -> bool:
        consent = self.consents.get((purpose, channel))
        return consent is not None and consent.given


@dataclass(frozen=True)
class Consent:
    """Current consent for one purpose and channel (the events keep the full history)."""

    given: bool
    legal_basis: str
    source: str
    at: datetime
