"""Command handlers of identity: load, decide, save with metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import asyncpg

from chorus.auth.principal import Principal
from chorus.errors import AlreadyExists, FailedPrecondition
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import ConcurrencyConflict, RecordedEvent
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.telemetry import current_trace_context
from services.identity.domain import (
    PRODUCER_WINDOW,
    Customer,
    Erasure,
    LinkEvidence,
    Network,
    ProducerTier,
    SocialProfile,
    producer_tier,
)
from services.identity.projections import ProfileIndex, ProfileLinks

if TYPE_CHECKING:
    from services.identity.consumers import Activity, Mentions


@dataclass(frozen=True)
class Holdings:
    """Everything identity keeps: its two event stores and the read models they and the other
    services' events feed."""

    verified: EventStore
    social: EventStore
    index: ProfileIndex
    links: ProfileLinks
    activity: Activity
    mentions: Mentions

    @property
    def social_pool(self) -> asyncpg.Pool:
        return self.social.recorder.pool


def metadata(p: Principal, subject_id: UUID, purpose: str = "service") -> EventMetadata:
    return EventMetadata(tenant=p.tenant, actor=p.subject, subject_id=str(subject_id),
                         purpose=purpose, trace_context=current_trace_context())


async def register_customer(store: EventStore, p: Principal, customer_code: str,
                            legal_name: str, email: str, phone: str = "", country: str = "",
                            language: str = "") -> tuple[UUID, int]:
    customer = Customer(tenant=p.tenant, customer_code=customer_code, legal_name=legal_name,
                        email=email, phone=phone, country=country, language=language)
    try:
        (position,) = await store.save(customer, metadata=metadata(p, customer.id))
    except ConcurrencyConflict:
        raise AlreadyExists(f"customer code {customer_code!r} is already registered") from None
    return customer.id, position


# -- social profiles (kept in the social store) ----------------------------------------------


async def record_profile(social: EventStore, p: Principal, network: Network, external_id: str,
                         handle: str, display_name: str, url: str,
                         follower_count: int) -> tuple[UUID, int]:
    """Records a profile, or its new public details if already recorded."""
    profile_id = SocialProfile.create_id(p.tenant, network.value, external_id)
    try:
        profile = await social.get(SocialProfile, profile_id, tenant=p.tenant)
    except AggregateNotFound:
        profile = SocialProfile(tenant=p.tenant, network=network.value,
                                external_id=external_id, handle=handle,
                                display_name=display_name, url=url,
                                follower_count=follower_count)
    else:
        if (profile.handle, profile.display_name, profile.url, profile.follower_count) != (
                handle, display_name, url, follower_count):
            profile.observe(handle, display_name, url, follower_count)
    positions = await social.save(profile, metadata=metadata(p, profile_id))
    return profile_id, positions[-1] if positions else 0


async def link_profile(verified: EventStore, social: EventStore, p: Principal,
                       profile_id: UUID, customer_id: UUID, evidence: LinkEvidence,
                       evidence_ref: str) -> int:
    customer = await verified.get(Customer, customer_id, tenant=p.tenant)
    if customer.closed:
        raise FailedPrecondition(f"customer {customer_id} is closed")
    profile = await social.get(SocialProfile, profile_id, tenant=p.tenant)
    profile.link(customer_id, evidence, evidence_ref, p.subject)
    return (await social.save(profile, metadata=metadata(p, profile_id)))[-1]


async def unlink_profile(social: EventStore, p: Principal, profile_id: UUID, reason: str) -> int:
    profile = await social.get(SocialProfile, profile_id, tenant=p.tenant)
    profile.unlink(reason, p.subject)
    return (await social.save(profile, metadata=metadata(p, profile_id)))[-1]


# -- customer lifecycle, verification, classification, consent --------------------------------


async def change_customer(store: EventStore, p: Principal, customer_id: UUID,
                          decide: Callable[[Customer], None], purpose: str = "service") -> int:
    """Loads the customer, applies a decision, saves; returns the last position written (0 when
    the decision changed nothing)."""
    customer = await store.get(Customer, customer_id, tenant=p.tenant)
    decide(customer)
    positions = await store.save(customer, metadata=metadata(p, customer_id, purpose))
    return positions[-1] if positions else 0


async def change_history(store: EventStore, p: Principal,
                         customer_id: UUID) -> list[tuple[Any, RecordedEvent]]:
    """Every stored event of the customer with its audit metadata, oldest first."""
    return await store.history(customer_id, tenant=p.tenant, what="customer")


def consent_decisions(history: list[tuple[Any, RecordedEvent]]) -> list[tuple[Any, str]]:
    """The consent decisions in a customer's history, with who recorded each."""
    return [(e, r.metadata.actor) for e, r in history
            if isinstance(e, Customer.ConsentGiven | Customer.ConsentWithdrawn)]


async def linked_profiles(h: Holdings, p: Principal,
                          customer_id: UUID) -> list[SocialProfile]:
    ids = await h.index.linked_to(h.social_pool, p.tenant, customer_id)
    return [await h.social.get(SocialProfile, pid, tenant=p.tenant) for pid in ids]


async def merge_customers(store: EventStore, p: Principal, merged_id: UUID, survivor_id: UUID,
                          reason: str) -> int:
    merged = await store.get(Customer, merged_id, tenant=p.tenant)
    survivor = await store.get(Customer, survivor_id, tenant=p.tenant)
    merged.merge_into(survivor, reason, p.subject)
    return (await store.save_each((merged, metadata(p, merged_id)),
                                  (survivor, metadata(p, survivor_id))))[-1]


async def unmerge_customer(store: EventStore, p: Principal, merged_id: UUID, reason: str) -> int:
    merged = await store.get(Customer, merged_id, tenant=p.tenant)
    if merged.merged_into is None:
        raise FailedPrecondition(f"customer {merged_id} is not merged")
    survivor = await store.get(Customer, merged.merged_into, tenant=p.tenant)
    merged.unmerge_from(survivor, reason, p.subject)
    return (await store.save_each((merged, metadata(p, merged_id)),
                                  (survivor, metadata(p, survivor.id))))[-1]


async def erase_customer(h: Holdings, p: Principal, customer_id: UUID, request_ref: str,
                         participants: list[str]) -> tuple[Erasure, int]:
    """Erases the customer within identity: shreds the customer's key (verified store) and the
    keys of their linked profiles (social store), drops those profiles from the resolution
    index (with the mentions found under them) and its activity counts, then records the
    erasure and its saga. Returns the saga (identity's confirmation
    lists what was shredded) and the position written.

    Every personal field identity holds (events, read models) is encrypted under those keys,
    so nothing readable remains; the cross-service saga and its receipt build on this."""
    verified = h.verified
    customer = await verified.get(Customer, customer_id, tenant=p.tenant)
    customer.erase(request_ref, p.subject)
    # Shred first: a crash after it loses at most the record, never the erasure itself.
    shredded = []
    if await verified.keys.shred((p.tenant, str(customer_id))):
        shredded.append(f"identity/verified/customer/{customer_id}")
    await h.activity.forget(verified.recorder.pool, p.tenant, customer_id)
    for profile_id in await h.index.linked_to(h.social_pool, p.tenant, customer_id):
        if await h.social.keys.shred((p.tenant, str(profile_id))):
            shredded.append(f"identity/social/profile/{profile_id}")
        keys = await h.index.forget(h.social_pool, p.tenant, profile_id)
        if keys is not None:
            await h.mentions.forget(h.social_pool, p.tenant, keys)
    erasure = Erasure(customer_id=customer_id, request_ref=request_ref, requested_by=p.subject,
                      participants=["identity", *participants])
    erasure.confirm("identity", shredded, datetime.now(UTC))
    # No data subject on these events: they hold no personal data and outlive the keys.
    plain = EventMetadata(tenant=p.tenant, actor=p.subject, purpose="erasure",
                          trace_context=current_trace_context())
    positions = await verified.save_each((customer, plain), (erasure, plain))
    return erasure, positions[-1]


async def confirm_erasure(store: EventStore, tenant: str, erasure_id: UUID, service: str,
                          erased: list[str], at: datetime) -> None:
    erasure = await store.get(Erasure, erasure_id, tenant=tenant)
    erasure.confirm(service, erased, at)
    await store.save(erasure, metadata=EventMetadata(tenant=tenant, actor=service,
                                                     purpose="erasure"))


# -- the 360-degree view -----------------------------------------------------------------------


@dataclass(frozen=True)
class Customer360:
    at: datetime
    customer: Customer
    # The decision in force per purpose and channel, with who recorded it.
    consents: list[tuple[Any, str]]
    profiles: list[SocialProfile]
    merged_ids: list[UUID]
    activity: dict[str, int]
    last_activity_at: datetime | None
    mentions: int
    recent_mentions: int

    @property
    def producer_tier(self) -> ProducerTier:
        return producer_tier(self.recent_mentions)


async def customer_360(src: Holdings, p: Principal, customer_id: UUID,
                       as_of: datetime | None) -> Customer360:
    """The customer as they were at `as_of` (now by default): their own stream replayed up to
    then, the profiles linked then (replayed too), and the activity and mentions recorded by
    then. Customers merged into them at that time count as them."""
    at = as_of or datetime.now(UTC)
    history = await src.verified.history(customer_id, tenant=p.tenant, as_of=at,
                                         what="customer")
    customer: Any = None
    for event, _ in history:
        customer = event.mutate(customer)
    current: dict[tuple[str, str], tuple[Any, str]] = {}
    for decision, actor in consent_decisions(history):
        current[(decision.purpose, decision.channel)] = (decision, actor)
    merged = sorted(customer.absorbed)
    ids = [customer_id, *merged]
    profile_ids = await src.links.linked_at(src.social_pool, p.tenant, ids, at)
    profiles = [await src.social.get(SocialProfile, pid, tenant=p.tenant, as_of=at)
                for pid in profile_ids]
    activity, last = await src.activity.summary(src.verified.recorder.pool, p.tenant, ids, at)
    ever, recent = await src.mentions.counts(src.social_pool, p.tenant, profile_ids,
                                             at - PRODUCER_WINDOW, at)
    return Customer360(at=at, customer=customer, consents=[current[k] for k in sorted(current)],
                       profiles=profiles, merged_ids=merged, activity=activity,
                       last_activity_at=last, mentions=ever, recent_mentions=recent)
