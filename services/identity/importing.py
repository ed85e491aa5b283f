"""Command handler of ImportCustomers: a brand moving its customer base in (a CRM export)
brings its customers with the social profiles they are known by, each linked with its
evidence.

Idempotent: customer ids derive from (tenant, customer code) and profile ids from (tenant,
network, external id), so a customer sent again is found, not copied, and gains only the
profiles it did not have. Everything is checked before anything is written: a profile
linked to another customer fails the request whole. Customers and profiles live in two
stores, written one after the other (customers first); if the second write fails, sending
the request again completes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from chorus.auth.principal import Principal
from chorus.commands import metadata, retrying
from chorus.errors import FailedPrecondition
from chorus.eventstore.store import EventStore
from services.identity.domain.customer import Customer
from services.identity.domain.social_profile import LinkEvidence, Network, SocialProfile

PURPOSE = "import"


@dataclass(frozen=True)
class ImportedProfile:
    network: Network
    external_id: str
    handle: str
    display_name: str
    url: str
    follower_count: int
    evidence: LinkEvidence
    evidence_ref: str


@dataclass(frozen=True)
class ImportedCustomer:
    customer_code: str
    legal_name: str
    email: str
    phone: str
    country: str
    language: str
    profiles: list[ImportedProfile] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    customer_code: str
    customer_id: UUID
    already_registered: bool
    profiles_linked: int


@dataclass
class _Plan:
    customers: list[Customer] = field(default_factory=list)
    profiles: list[SocialProfile] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


async def import_customers(verified: EventStore, social: EventStore, p: Principal,
                           batch: list[ImportedCustomer]) -> tuple[list[Outcome], int, int]:
    """Imports a batch; returns each customer's outcome and the last positions written in
    the customers' store and in the social store (0 where nothing was new)."""
    async def attempt() -> tuple[list[Outcome], int, int]:
        plan = await _plan(verified, social, p, batch)
        written = await verified.save_groups(
            [(c.collect_events(), metadata(p, c.id, PURPOSE)) for c in plan.customers],
            plan.customers)
        social_written = await social.save_groups(
            [(pr.collect_events(), metadata(p, pr.id, PURPOSE)) for pr in plan.profiles],
            plan.profiles)
        return (plan.outcomes, written[-1] if written else 0,
                social_written[-1] if social_written else 0)
    return await retrying(attempt)  # another importer of the same customers: look again


async def _plan(verified: EventStore, social: EventStore, p: Principal,
                batch: list[ImportedCustomer]) -> _Plan:
    """What the batch adds, decided before anything is written."""
    ids = [Customer.create_id(p.tenant, c.customer_code) for c in batch]
    known = await verified.recorder.existing_ids(ids)
    profile_ids = {(pr.network, pr.external_id): SocialProfile.create_id(
        p.tenant, pr.network.value, pr.external_id) for c in batch for pr in c.profiles}
    recorded = await social.recorder.existing_ids(list(profile_ids.values()))
    plan = _Plan()
    for item, customer_id in zip(batch, ids, strict=True):
        if customer_id not in known:
            plan.customers.append(_customer(p.tenant, item))
        linked = 0
        for pr in item.profiles:
            profile_id = profile_ids[(pr.network, pr.external_id)]
            profile = (await social.get(SocialProfile, profile_id, tenant=p.tenant,
                                        sealed=True)
                       if profile_id in recorded else _profile(p.tenant, pr))
            if profile.customer_id == customer_id:
                continue  # linked by an earlier import, or since
            if profile.customer_id is not None:
                raise FailedPrecondition(
                    f"the {pr.network.value} profile {pr.external_id!r} of customer"
                    f" {item.customer_code!r} is linked to another customer")
            if customer_id in known and not linked:
                # A closed, merged or erased customer gains no link (checked once).
                existing = await verified.get(Customer, customer_id, tenant=p.tenant,
                                              sealed=True)
                existing.require_open()
            profile.link(customer_id, pr.evidence, pr.evidence_ref, p.subject)
            plan.profiles.append(profile)
            linked += 1
        plan.outcomes.append(Outcome(item.customer_code, customer_id, customer_id in known,
                                     linked))
    return plan


def _customer(tenant: str, item: ImportedCustomer) -> Customer:
    return Customer(tenant=tenant, customer_code=item.customer_code,
                    legal_name=item.legal_name, email=item.email, phone=item.phone,
                    country=item.country, language=item.language)


def _profile(tenant: str, pr: ImportedProfile) -> SocialProfile:
    return SocialProfile(tenant=tenant, network=pr.network.value, external_id=pr.external_id,
                         handle=pr.handle, display_name=pr.display_name, url=pr.url,
                         follower_count=pr.follower_count)
