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
from services.identity.projections.profiles import ProfileIndex, ProfileLinks, ResolutionKey


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

    async def profiles_and_mentions() -> tuple[list[SocialProfile], int, int]:
        profile_ids = await src.links.linked_at(src.social_pool, p.tenant, ids, at)
        profiles, (ever, recent) = await asyncio.gather(
            asyncio.gather(*(src.social.get(SocialProfile, pid, tenant=p.tenant, as_of=at)
                             for pid in profile_ids)),
            src.mentions.counts(src.social_pool, p.tenant, profile_ids, at - PRODUCER_WINDOW,
                                at))
        return list(profiles), ever, recent

    # The profiles (then their mentions) and the activity at once: an agent's main screen
    # waits for the slowest of them, not for their sum.
    (profiles, ever, recent), (activity, last) = await asyncio.gather(
        profiles_and_mentions(),
        src.activity.summary(src.verified.recorder.pool, p.tenant, ids, at))
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
        # Strings, not UUIDs: held for as long as the process lives, they are then not
        # objects the garbage collector has to scan.
        self._into: dict[tuple[str, str], str] = {}
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
            self._into = {(r["tenant"], str(r["customer_id"])): str(r["merged_into"])
                          for r in rows}
            self._generation, self._read_at = generation, time.monotonic()

    async def of(self, tenant: str, customer_id: str) -> str:
        if self._stale():
            await self._refresh()
        seen = {customer_id}
        while (nxt := self._into.get((tenant, customer_id))) is not None and nxt not in seen:
            seen.add(nxt)
            customer_id = nxt
        return customer_id


# What a handle or external id resolves to: (profile id, linked customer id or None). Plain
# strings in a plain tuple: held by the hundred thousand, such tuples are not objects the
# garbage collector scans (asyncpg's records were, and made every full pass longer).
Resolution = tuple[str, str | None]


class Resolutions:
    """Resolve's answers held in memory (a database round trip for each was most of its
    cost), kept exact rather than aged out:

    - a batch this process's index commits drops the answers whose keys it changed;
    - a change made elsewhere drops them all: another replica's batch or a rebuild (seen by
      the index's runner at its next round, within its idle sleep), or an erasure (a count
      read again at most every `recheck_s`);
    - an answer read while a batch committed is not kept (it may predate the batch).

    A caller's `min_position` is answered from memory up to the position through which the
    runner made or saw every change (`exact_position`); beyond it, from the table (after
    read-your-writes waited for it)."""

    def __init__(self, index: ProfileIndex, pool: asyncpg.Pool, recheck_s: float = 0.1,
                 size: int = 200_000) -> None:
        self.index, self.pool, self.recheck_s, self.size = index, pool, recheck_s, size
        self._answers: dict[ResolutionKey, tuple[Resolution | None, int]] = {}
        self._erasures = -1
        self._checked_at = -1e9
        self._checking = False
        index.watchers.append(self._changed)

    def _changed(self, keys: set[ResolutionKey]) -> None:
        for key in keys:
            self._answers.pop(key, None)

    def _recheck_due(self) -> bool:
        return not self._checking and time.monotonic() - self._checked_at >= self.recheck_s

    async def _recheck_erasures(self) -> None:
        """One caller at a time reads the erasure count; the others answer meanwhile."""
        self._checking = True
        try:
            count = await self.index.erasure_count(self.pool)
            if count != self._erasures:
                # A change made elsewhere: drops every answer, and any read in flight that
                # began before it is not kept either.
                self.index.changed_elsewhere()
                self._erasures = count
            self._checked_at = time.monotonic()
        finally:
            self._checking = False

    async def resolve(self, tenant: str, network: str, *, handle: str = "",
                      external_id: str = "", min_position: int = 0) -> Resolution | None:
        index = self.index
        key = index.key(tenant, network, handle=handle, external_id=external_id)
        if self._recheck_due():  # checked inline: most calls await nothing here
            await self._recheck_erasures()
        held = self._answers.get(key)
        if (held is not None and held[1] == index.generation
                and min_position <= index.exact_position):
            return held[0]
        generation, changes = index.generation, index.changes
        row = await index.resolve(self.pool, key)
        answer = None if row is None else (
            str(row["profile_id"]), None if row["customer_id"] is None else str(row["customer_id"]))
        if generation == index.generation and changes == index.changes:
            if len(self._answers) >= self.size:
                self._answers.clear()  # simple and rare: a full cache starts again
            self._answers[key] = (answer, generation)
        return answer
