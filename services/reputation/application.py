"""Command handlers of reputation: record mentions (analysed as they arrive), follow their
engagement, define tracked terms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from chorus.auth.principal import Principal
from chorus.commands import metadata, retrying, save
from chorus.errors import NotFound
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.identifiers import profile_id
from services.reputation.domain.alerts import CrisisAlert
from services.reputation.domain.analysis import analyse
from services.reputation.domain.buzz import AlertPolicies, AlertPolicy
from services.reputation.domain.mention import Mention, TrackedTerms
from services.reputation.projections import ProfileLinks


@dataclass(frozen=True)
class Incoming:
    """A mention as a source gives it (validated at the edge)."""

    network: str
    post_id: str
    author_external_id: str
    author_handle: str
    author_display_name: str
    author_followers: int
    text: str
    url: str
    published_at: datetime
    reply_to: str
    likes: int
    shares: int
    comments: int


async def tracked_terms(store: EventStore, tenant: str) -> dict[str, str]:
    try:
        found = await store.get(TrackedTerms, TrackedTerms.create_id(tenant), tenant=tenant)
    except AggregateNotFound:
        return {}
    return dict(found.terms)


async def record_mentions(store: EventStore, links: ProfileLinks, p: Principal,
                          batch: list[Incoming]) -> tuple[list[str], int, int, int]:
    """Records the batch's new posts in one transaction (a post already recorded only has its
    engagement raised); returns (each input's mention id, recorded, duplicates, last
    position)."""
    ids = [Mention.create_id(p.tenant, m.network, m.post_id) for m in batch]

    async def attempt() -> tuple[list[str], int, int, int]:
        terms = list(await tracked_terms(store, p.tenant))
        by_id = dict(zip(ids, batch, strict=True))
        known = await store.recorder.existing_ids(list(by_id))
        authors = {i: str(profile_id(p.tenant, m.network, m.author_external_id))
                   for i, m in by_id.items()}
        customers = await links.customers_of(store.recorder.pool, p.tenant,
                                             sorted(set(authors.values())))
        new = []
        for mention_id, m in by_id.items():
            if mention_id in known:
                continue
            author = authors[mention_id]
            new.append((Mention.record(
                analyse(m.text, terms), customers.get(author, ""), tenant=p.tenant,
                network=m.network, post_id=m.post_id, author_external_id=m.author_external_id,
                author_profile_id=author, author_handle=m.author_handle,
                author_display_name=m.author_display_name,
                author_followers=m.author_followers, text=m.text, url=m.url,
                published_at=m.published_at, reply_to=m.reply_to, likes=m.likes,
                shares=m.shares, comments=m.comments), metadata(p, author)))
        positions = await store.save_each(*new) if new else []
        last = positions[-1] if positions else 0
        for mention_id in known:  # a post seen again: its engagement may have grown
            m = by_id[mention_id]
            last = max(last, await update_engagement(store, p, m.network, m.post_id, m.likes,
                                                     m.shares, m.comments))
        return [str(i) for i in ids], len(new), len(batch) - len(new), last
    return await retrying(attempt)


async def update_engagement(store: EventStore, p: Principal, network: str, post_id: str,
                            likes: int, shares: int, comments: int) -> int:
    async def attempt() -> int:
        try:
            mention = await store.get(Mention, Mention.create_id(p.tenant, network, post_id),
                                      tenant=p.tenant, sealed=True)
        except AggregateNotFound:
            raise NotFound(f"no mention of {network} post {post_id!r}") from None
        mention.update_engagement(likes, shares, comments)
        return await save(store, p, mention, subject=mention.author_profile_id)
    return await retrying(attempt)


async def define_terms(store: EventStore, p: Principal, terms: dict[str, str]) -> int:
    async def attempt() -> int:
        try:
            found = await store.get(TrackedTerms, TrackedTerms.create_id(p.tenant),
                                    tenant=p.tenant)
        except AggregateNotFound:
            return await save(store, p, TrackedTerms(tenant=p.tenant, terms=terms))
        found.redefine(terms)
        return await save(store, p, found)
    return await retrying(attempt)




async def alert_policy(store: EventStore, tenant: str, term: str) -> AlertPolicy:
    """The tenant's policy for `term` ("" = every mention), or the defaults."""
    try:
        found = await store.get(AlertPolicies, AlertPolicies.create_id(tenant), tenant=tenant)
    except AggregateNotFound:
        return AlertPolicy(term=term)
    return found.policy_for(term)


async def define_alert_policy(store: EventStore, p: Principal, policy: AlertPolicy) -> int:
    async def attempt() -> int:
        try:
            found = await store.get(AlertPolicies, AlertPolicies.create_id(p.tenant),
                                    tenant=p.tenant)
        except AggregateNotFound:
            found = AlertPolicies(tenant=p.tenant)
        found.define(policy)
        return await save(store, p, found)
    return await retrying(attempt)


async def handle_alert(store: EventStore, p: Principal, alert_id: UUID,
                       act: Callable[[CrisisAlert], None]) -> int:
    """Acknowledges or resolves an alert of the caller's tenant."""
    async def attempt() -> int:
        try:
            alert = await store.get(CrisisAlert, alert_id, tenant=p.tenant)
        except AggregateNotFound:
            raise NotFound(f"alert {alert_id} not found") from None
        act(alert)
        return await save(store, p, alert)
    return await retrying(attempt)
