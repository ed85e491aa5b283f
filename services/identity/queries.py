"""The queries identity answers beyond a single read-model row: a customer's history and
consent decisions, their linked profiles, the 360-degree view at any time, and which customer
now stands for a merged one."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus.auth.principal import Principal
from chorus.eventstore.records import RecordedEvent
from chorus.eventstore.store import EventStore
from services.identity.domain.customer import Customer
from services.identity.domain.social_profile import (
    PRODUCER_WINDOW,
    ProducerTier,
    SocialProfile,
    producer_tier,
)
from services.identity.projections.activity import Activity, Mentions
from services.identity.projections.customers import Customers
from services.identity.projections.profiles import ProfileIndex, ProfileLinks, handle_key


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


class Survivors:
    """Which customer now stands for a merged one, held in memory: every resolution follows
    merges, and a database round trip for each cost about a sixth of Resolve's time. The map
    (merged customers only: few) is read again as soon as this process's read model applied
    a merge or unmerge (so a caller who saw the merge in the read model resolves to the
    survivor), and at least every `max_age_s` for those another replica applied."""

    def __init__(self, customers: Customers, pool: asyncpg.Pool, max_age_s: float = 1.0) -> None:
        self.customers, self.pool, self.max_age_s = customers, pool, max_age_s
        self._into: dict[tuple[str, UUID], UUID] = {}
        self._generation = -1
        self._read_at = -1e9
        self._lock = asyncio.Lock()

    def _stale(self) -> bool:
        return (self._generation != self.customers.merge_generation
                or time.monotonic() - self._read_at >= self.max_age_s)

    async def _refresh(self) -> None:
        async with self._lock:
            if not self._stale():
                return  # another caller refreshed it meanwhile
            generation = self.customers.merge_generation
            rows = await self.pool.fetch(
                f"SELECT tenant, customer_id, merged_into FROM {self.customers.table}"
                " WHERE merged_into IS NOT NULL")
            self._into = {(r["tenant"], r["customer_id"]): r["merged_into"] for r in rows}
            self._generation, self._read_at = generation, time.monotonic()

    async def of(self, tenant: str, customer_id: UUID) -> UUID:
        if self._stale():
            await self._refresh()
        seen = {customer_id}
        while (nxt := self._into.get((tenant, customer_id))) is not None and nxt not in seen:
            seen.add(nxt)
            customer_id = nxt
        return customer_id


class Resolutions:
    """Resolve's answers held in memory (a database round trip for each was most of its
    cost). An answer is kept with the position the profile index had surely reached when it
    was read, so it answers a caller's `min_position` exactly (up to that position, else it
    is read again); without one, it is dropped as soon as this process's index applies a
    batch, and after `max_age_s` at most for batches another replica applied."""

    def __init__(self, index: ProfileIndex, pool: asyncpg.Pool, max_age_s: float = 1.0,
                 size: int = 100_000) -> None:
        self.index, self.pool, self.max_age_s, self.size = index, pool, max_age_s, size
        self._answers: dict[tuple[str, str, str, str], tuple[Any, int, int, float]] = {}

    async def resolve(self, tenant: str, network: str, *, handle: str = "",
                      external_id: str = "", min_position: int = 0) -> Any:
        key = (tenant, network, handle_key(handle), external_id)
        held = self._answers.get(key)
        now = time.monotonic()
        if held is not None:
            row, position, generation, read_at = held
            fresh = generation == self.index.generation and now - read_at < self.max_age_s
            if fresh and position >= min_position:
                return row
        position, generation = self.index.known_position, self.index.generation
        row = await self.index.resolve(self.pool, tenant, network, handle=handle,
                                       external_id=external_id)
        if len(self._answers) >= self.size:
            self._answers.clear()  # simple and rare: a full cache starts again
        self._answers[key] = (row, position, generation, now)
        return row
