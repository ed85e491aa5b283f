"""cases' reactions that record events: to identity's news of customers (a social author
identified, a customer reclassified), to reputation's mentions that need an answer, and to
its own durable deadlines (SLA warnings and breaches, community answers not accepted, the
close of resolved cases)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal, Role
from chorus.db import Conn
from chorus.eventstore.store import EventStore
from chorus.handlers import Context, Handlers, on
from chorus.identity.v1 import events_pb2 as identity
from chorus.projections.readers import Policy
from chorus.reputation.v1 import events_pb2 as reputation
from chorus.scheduling import Deadline, Fire
from services.cases.application import Author, Desk, new_case, terms_for
from services.cases.domain.case import Case
from services.cases.domain.sla import Target
from services.cases.domain.vocabulary import SOCIAL, Channel, Visibility
from services.cases.projections.cases import OPEN_STATUSES
from services.cases.projections.customers import CustomerFacts
from services.cases.projections.deadlines import CLOSE, COMMUNITY, SLA_BREACH, SLA_WARNING
from services.cases.projections.search import CaseSearch

REPUTATION = "reputation"


async def lock_profile(ctx: Context, profile: str) -> None:
    """Serialises the two halves of "a case joins its author's customer" (a case opened by a
    social author, and identity linking the author's profile), whichever comes first."""
    await ctx.conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"author:{profile}")


class AuthorsJoin(Policy):
    """A case opened by a social author joins the customer their profile is linked to: at
    once if identity linked it already, or when it does (CustomerNews.linked)."""

    name = "authors_join"
    sealed = True  # ids are all it reads of a case's opening (its words stay encrypted)

    def __init__(self, schema: str, desk: Desk) -> None:
        self.table, self.desk = f"{schema}.authored_cases", desk
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, profile_id text NOT NULL, case_id uuid NOT NULL,
            PRIMARY KEY (tenant, profile_id, case_id))""")

    @on(Case.Opened)
    async def opened(self, ctx: Context, e: Case.Opened) -> None:
        if e.customer_id or not e.author_profile_id:
            return
        await lock_profile(ctx, e.author_profile_id)
        await ctx.conn.execute(f"INSERT INTO {self.table} VALUES ($1, $2, $3) ON CONFLICT"
                               " DO NOTHING", ctx.tenant, e.author_profile_id, e.originator_id)
        customer = await self.desk.customers.linked_customer(ctx.conn, ctx.tenant,
                                                             e.author_profile_id)
        if customer:
            await join(self.desk, ctx, e.originator_id, customer)

    async def authored(self, ctx: Context, profile: str) -> list[UUID]:
        rows = await ctx.conn.fetch(f"SELECT case_id FROM {self.table} WHERE tenant = $1"
                                    " AND profile_id = $2", ctx.tenant, profile)
        return [r[0] for r in rows]


async def join(desk: Desk, ctx: Context, case_id: UUID, customer: str) -> None:
    case = await desk.store.get(Case, case_id, tenant=ctx.tenant, sealed=True)
    if case.identify_customer(customer):
        await ctx.save(case, subject=customer)


class CustomerNews(Handlers):
    """identity linked a social profile to a customer (their cases join them), or
    reclassified a customer (their open cases' priority and SLA policy follow)."""

    def __init__(self, desk: Desk, authors: AuthorsJoin) -> None:
        self.desk, self.authors = desk, authors
        self.cases = desk.queries.c.table

    @on(identity.SocialProfileLinkChanged)
    async def linked(self, ctx: Context, e: identity.SocialProfileLinkChanged) -> None:
        await lock_profile(ctx, e.profile_id)
        await self.desk.customers.record_link(ctx, e)
        if e.customer_id:
            for case_id in await self.authors.authored(ctx, e.profile_id):
                await join(self.desk, ctx, case_id, e.customer_id)

    @on(identity.CustomerClassified)
    async def classified(self, ctx: Context, e: identity.CustomerClassified) -> None:
        await self.desk.customers.classified(ctx, e)
        rows = await ctx.conn.fetch(f"SELECT case_id FROM {self.cases} WHERE tenant = $1"
                                    " AND customer_id = $2 AND status = ANY($3)", ctx.tenant,
                                    e.customer_id, list(OPEN_STATUSES))
        for row in rows:
            case = await self.desk.store.get(Case, row[0], tenant=ctx.tenant, sealed=True)
            if case.classify_customer(e.tier, list(e.segments), "identity"):
                case.apply_terms(await terms_for(self.desk, case), ctx.at)
                await ctx.save(case, subject=case.data_subject)


class MentionsToAnswer(Handlers):
    """reputation asks for an answer to a public mention: a public-channel case, once per
    mention (its id derives from the mention); engagement updates follow the post."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @on(reputation.ResponseRequested)
    async def requested(self, ctx: Context, e: reputation.ResponseRequested) -> None:
        channel = Channel(e.network) if e.network in {c.value for c in SOCIAL} else Channel.FORUM
        if not await ctx.unused([Case.create_id(ctx.tenant, channel.value, e.mention_id)]):
            return
        caller = Principal(subject=REPUTATION, tenant=ctx.tenant, roles=frozenset({Role.SERVICE}))
        case, created = await new_case(
            self.desk, caller, channel=channel, visibility=Visibility.PUBLIC,
            received_at=e.published_at.ToDatetime().astimezone()
            if e.HasField("published_at") else ctx.at,
            subject=f"Public {e.intent or 'mention'} on {e.network}",
            body=f"{e.reason}: {e.post_url or e.post_id}", customer_id=e.customer_id,
            author=Author(e.author_external_id, "", "", e.author_followers)
            if e.author_external_id else None, external_ref=e.mention_id, team="",
            language=e.language if e.language in ("en", "fr") else "",
            engagement=e.engagement, source_mention_id=e.mention_id)
        if created:
            await ctx.save(case, subject=case.data_subject)

    @on(reputation.MentionEngagementChanged)
    async def engagement(self, ctx: Context, e: reputation.MentionEngagementChanged) -> None:
        rows = await ctx.conn.fetch(
            f"SELECT case_id FROM {self.desk.queries.c.table} WHERE tenant = $1"
            " AND source_mention_id = $2 AND status = ANY($3)", ctx.tenant, e.mention_id,
            list(OPEN_STATUSES))
        for row in rows:
            case = await self.desk.store.get(Case, row[0], tenant=ctx.tenant, sealed=True)
            if case.update_engagement(e.likes + e.shares + e.comments, 0, REPUTATION):
                case.apply_terms(await terms_for(self.desk, case), ctx.at)
            await ctx.save(case, subject=case.data_subject)


def deadline_handlers(desk: Desk) -> dict[str, Fire]:
    """What to do when each kind of a case's deadline falls due."""

    async def decide(ctx: Context, deadline: Deadline, act: Any) -> None:
        case = await desk.store.get(Case, deadline.aggregate_id, tenant=ctx.tenant,
                                    sealed=True)
        act(case, ctx.at)
        await ctx.save(case, subject=case.data_subject)

    def sla(warning: bool) -> Fire:
        async def fire(ctx: Context, deadline: Deadline) -> None:
            target, generation = Target(deadline.payload["target"]), deadline.payload[
                "generation"]
            await decide(ctx, deadline, lambda case, at: case.sla_due(
                target, generation, warning, at))
        return fire

    async def community(ctx: Context, deadline: Deadline) -> None:
        message_id = UUID(deadline.payload["message_id"])
        await decide(ctx, deadline, lambda case, at: case.community_answer_due(message_id))

    async def close(ctx: Context, deadline: Deadline) -> None:
        await decide(ctx, deadline, lambda case, at: case.close_due(at))

    return {SLA_WARNING: sla(warning=True), SLA_BREACH: sla(warning=False),
            COMMUNITY: community, CLOSE: close}



class Forgetting:
    """What cases erases of a customer besides their key (the erasure participant shreds the
    customer's key itself): the keys of every social profile ever linked to them (what they
    wrote before being identified), the search index's words of their cases, and what
    identity told of them."""

    def __init__(self, search: CaseSearch, facts: CustomerFacts, store: EventStore) -> None:
        self.search, self.facts, self.store = search, facts, store

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        erased = []
        profiles = await self.facts.profiles_of(conn, tenant, customer_id)
        for profile in profiles:
            if await self.store.keys.shred((tenant, profile)):
                erased.append(f"cases/main/key/{profile}")
        if words := await self.search.forget(conn, tenant, [customer_id, *profiles]):
            erased.append(f"{self.search.table}/{words} cases")
        return erased + await self.facts.forget(conn, tenant, customer_id)
