"""Command handlers of reputation: record mentions from any source (analysed as they
arrive; an author who objected is counted, not tracked), follow their engagement, re-score
history, define tracked terms, alert policies, feed sources and the do-not-track list."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from chorus.auth.principal import Principal
from chorus.commands import metadata, retrying, save
from chorus.errors import NotFound
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.identifiers import profile_id
from chorus.privacy.fields import REDACTED
from services.reputation.analysing import Analysers
from services.reputation.domain.alerts import CrisisAlert
from services.reputation.domain.buzz import AlertPolicies, AlertPolicy
from services.reputation.domain.listening import FeedSources, Source, TrackingObjections
from services.reputation.domain.mention import Incoming, Mention, TrackedTerms
from services.reputation.projections import ProfileLinks


async def tracked_terms(store: EventStore, tenant: str) -> dict[str, str]:
    try:
        found = await store.read(TrackedTerms, TrackedTerms.create_id(tenant), tenant=tenant)
    except AggregateNotFound:
        return {}
    return dict(found.terms)


async def record_mentions(store: EventStore, links: ProfileLinks, analysers: Analysers,
                          p: Principal, batch: list[Incoming]
                          ) -> tuple[list[str], int, int, int]:
    """Records the batch's new posts in one transaction (a post already recorded only has its
    engagement raised); returns (each input's mention id, recorded, duplicates, last
    position)."""
    ids = [Mention.create_id(p.tenant, m.network, m.post_id) for m in batch]

    async def attempt() -> tuple[list[str], int, int, int]:
        terms = list(await tracked_terms(store, p.tenant))
        objected = await objections(store, p.tenant)
        by_id = dict(zip(ids, batch, strict=True))
        known = await store.recorder.existing_ids(list(by_id))
        authors = {i: str(profile_id(p.tenant, m.network, m.author_external_id))
                   for i, m in by_id.items()}
        customers = await links.customers_of(store.recorder.pool, p.tenant,
                                             sorted(set(authors.values())))
        unseen = {i: m for i, m in by_id.items() if i not in known}
        analyses = await analysers.analyse([m.text for m in unseen.values()], terms)
        new = []
        for (mention_id, original), analysis in zip(unseen.items(), analyses, strict=True):
            author, m = authors[mention_id], original
            if author in objected:  # counted, not tracked: nobody to route, nothing to keep
                m, author = original.anonymous(mention_id), ""
            new.append((Mention.record(
                analysis, customers.get(author, ""), tenant=p.tenant,
                network=m.network, post_id=m.post_id, author_external_id=m.author_external_id,
                author_profile_id=author, author_handle=m.author_handle,
                author_display_name=m.author_display_name,
                author_followers=m.author_followers, text=m.text, url=m.url,
                published_at=m.published_at, reply_to=m.reply_to, likes=m.likes,
                shares=m.shares, comments=m.comments, anonymous=not author),
                metadata(p, author or None)))
        positions = await store.save_each(*new) if new else []
        last = positions[-1] if positions else 0
        for mention_id in known:  # a post seen again: its engagement may have grown
            m = by_id[mention_id]
            last = max(last, await update_engagement(store, p, m.network, m.post_id, m.likes,
                                                     m.shares, m.comments))
        return [str(i) for i in ids], len(new), len(batch) - len(new), last
    return await retrying(attempt)


async def ingest(store: EventStore, links: ProfileLinks, analysers: Analysers, p: Principal,
                 source: Source) -> tuple[list[str], int, int, int]:
    """Records every batch a source gives, one transaction each; returns (mention ids,
    recorded, duplicates, last position)."""
    ids: list[str] = []
    recorded = duplicates = last = 0
    async for batch in source.batches():
        if batch:
            got, new, seen, position = await record_mentions(store, links, analysers, p,
                                                                batch)
            ids += got
            recorded, duplicates, last = recorded + new, duplicates + seen, max(last, position)
    return ids, recorded, duplicates, last


async def update_engagement(store: EventStore, p: Principal, network: str, post_id: str,
                            likes: int, shares: int, comments: int) -> int:
    async def attempt() -> int:
        try:
            mention = await store.get(Mention, Mention.create_id(p.tenant, network, post_id),
                                      tenant=p.tenant, sealed=True)
        except AggregateNotFound:
            raise NotFound(f"no mention of {network} post {post_id!r}") from None
        mention.update_engagement(likes, shares, comments)
        return await save(store, p, mention, subject=mention.author_profile_id or None)
    return await retrying(attempt)


async def reanalyse(store: EventStore, analysers: Analysers, p: Principal,
                    mention_ids: list[UUID]) -> tuple[int, int, int]:
    """Scores the mentions again from the text their events hold, with the current analyser
    and tracked terms; records `Reanalysed` for each that changed, in one transaction.
    Returns (changed, erased: no text left to read, last position)."""
    async def attempt() -> tuple[int, int, int]:
        terms = list(await tracked_terms(store, p.tenant))
        readable, erased = [], 0
        for mention_id in mention_ids:
            try:
                mention = await store.get(Mention, mention_id, tenant=p.tenant)
            except AggregateNotFound:
                continue
            if mention.text == REDACTED:
                erased += 1
            elif mention.author_profile_id:  # else kept without its text: scored once, as heard
                readable.append(mention)
        analyses = await analysers.analyse([m.text for m in readable], terms)
        changed = [(m, metadata(p, m.author_profile_id, "reanalysis"))
                   for m, analysis in zip(readable, analyses, strict=True)
                   if m.reanalyse(analysis)]
        positions = await store.save_each(*changed) if changed else []
        return len(changed), erased, positions[-1] if positions else 0
    return await retrying(attempt)


async def change_feeds(store: EventStore, p: Principal,
                       change: Callable[[FeedSources], str]) -> tuple[str, int]:
    """Defines or removes (`change`) a feed source of the caller's tenant; returns the
    source's id and the position written."""
    async def attempt() -> tuple[str, int]:
        try:
            found = await store.get(FeedSources, FeedSources.create_id(p.tenant),
                                    tenant=p.tenant)
        except AggregateNotFound:
            found = FeedSources(tenant=p.tenant)
        source = change(found)
        return source, await save(store, p, found)
    return await retrying(attempt)


async def objections(store: EventStore, tenant: str) -> set[str]:
    try:
        found = await store.read(TrackingObjections, TrackingObjections.create_id(tenant),
                                 tenant=tenant)
    except AggregateNotFound:
        return set()
    return set(found.authors)


async def change_objection(store: EventStore, p: Principal, network: str, external_id: str,
                           reason: str | None) -> tuple[str, int]:
    """Puts an author on the do-not-track list (reason given) or takes them off (None)."""
    author = str(profile_id(p.tenant, network, external_id))

    async def attempt() -> int:
        try:
            found = await store.get(TrackingObjections,
                                    TrackingObjections.create_id(p.tenant), tenant=p.tenant)
        except AggregateNotFound:
            found = TrackingObjections(tenant=p.tenant)
        if reason is None:
            found.withdraw(author)
        else:
            found.object(author, reason)
        return await save(store, p, found, purpose="objection")
    return author, await retrying(attempt)


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
