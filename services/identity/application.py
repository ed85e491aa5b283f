"""Command handlers of identity: load, decide, save with metadata."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from chorus.auth.principal import Principal
from chorus.commands import metadata
from chorus.errors import AlreadyExists, FailedPrecondition
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import AggregateNotFound, EventStore
from services.identity.domain.customer import Customer
from services.identity.domain.erasure import Erasure
from services.identity.domain.social_profile import LinkEvidence, Network, SocialProfile
from services.identity.queries import Holdings


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
    # Both loaded sealed: the decision reads no personal field (no key fetched, nothing
    # decrypted), and the new event is sealed as any other.
    customer = await verified.get(Customer, customer_id, tenant=p.tenant, sealed=True)
    if customer.closed:
        raise FailedPrecondition(f"customer {customer_id} is closed")
    profile = await social.get(SocialProfile, profile_id, tenant=p.tenant, sealed=True)
    profile.link(customer_id, evidence, evidence_ref, p.subject)
    return (await social.save(profile, metadata=metadata(p, profile_id)))[-1]


async def unlink_profile(social: EventStore, p: Principal, profile_id: UUID, reason: str) -> int:
    profile = await social.get(SocialProfile, profile_id, tenant=p.tenant, sealed=True)
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
    plain = metadata(p, purpose="erasure")
    positions = await verified.save_each((customer, plain), (erasure, plain))
    return erasure, positions[-1]
