"""reputation's reactions that record events: the brand's public replies (cases), and what
it erases of a customer besides their key."""

from __future__ import annotations

from uuid import UUID

from chorus.cases.v1 import events_pb2 as cases
from chorus.db import Conn
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.handlers import Context, Handlers, on
from services.reputation.domain.mention import Mention
from services.reputation.projections import MentionSearch, ProfileLinks


class BrandReplies(Handlers):
    """Customer service answered a mention publicly: the thread shows the brand's reply."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    @on(cases.PublicReplySent)
    async def replied(self, ctx: Context, e: cases.PublicReplySent) -> None:
        if not e.source_mention_id:
            return  # a public reply on a case that did not come from a mention
        try:
            mention = await self.store.get(Mention, UUID(e.source_mention_id),
                                           tenant=ctx.tenant, sealed=True)
        except (AggregateNotFound, ValueError):
            return  # not one of ours (another tenant's, or a case opened by hand)
        mention.brand_replied(e.case_id, e.sent_at.ToDatetime().astimezone())
        await ctx.save(mention, subject=mention.author_profile_id)


class Forgetting:
    """Erasure: the keys of every profile identity ever linked to the customer (their
    mentions' text, handle and URL become unreadable), and their words in the search index.
    Counts and sentiment shares survive."""

    def __init__(self, links: ProfileLinks, search: MentionSearch, store: EventStore) -> None:
        self.links, self.search, self.store = links, search, store

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        erased = []
        profiles = await self.links.profiles_of(conn, tenant, customer_id)
        for profile in profiles:
            if await self.store.keys.shred((tenant, profile)):
                erased.append(f"reputation/main/key/{profile}")
        if words := await self.search.forget(conn, tenant, profiles):
            erased.append(f"{self.search.table}/{words} mentions")
        return erased
