"""Command handlers of cases: load, decide (with the time and the SLA terms in force), save.

Events about a case are recorded about its data subject (the customer, or the social author's
profile until they are identified), so that erasing them erases what was written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from chorus.auth.principal import Principal
from chorus.commands import metadata, retrying, save
from chorus.errors import NotFound
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import AggregateNotFound, EventStore
from chorus.identifiers import profile_id
from services.cases.domain.case import Case
from services.cases.domain.priority import computed_priority
from services.cases.domain.settings import CannedResponse, Setting, Team, fill
from services.cases.domain.sla import CaseFacts, SlaTerms
from services.cases.domain.vocabulary import SOCIAL, Channel, Visibility
from services.cases.projections.customers import CustomerFacts
from services.cases.projections.settings import SettingsCache
from services.cases.queries import CaseQueries


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Desk:
    """What case commands need besides the caller: the store, the SLA terms of the tenant's
    settings, what identity told of customers, the read models, and the time."""

    store: EventStore
    terms: SettingsCache
    customers: CustomerFacts
    queries: CaseQueries
    clock: Callable[[], datetime] = field(default=utc_now)


@dataclass(frozen=True)
class Author:
    external_id: str
    handle: str
    display_name: str
    followers: int


def facts_of(case: Case) -> CaseFacts:
    return CaseFacts(case.channel.value, case.visibility, case.priority.value,
                     case.customer_tier, frozenset(case.segments), case.team)


async def terms_for(desk: Desk, case: Case) -> SlaTerms:
    return await desk.terms.terms(case.tenant, facts_of(case))


async def new_case(desk: Desk, p: Principal, *, channel: Channel, visibility: Visibility,
                   received_at: datetime | None, subject: str, body: str, customer_id: str,
                   author: Author | None, external_ref: str, team: str, language: str,
                   engagement: int, source_mention_id: str = "") -> tuple[Case, bool]:
    """The case a message opens (not saved yet), or the case its external ref opened already
    (and False)."""
    pool = desk.store.recorder.pool
    author_profile = str(profile_id(p.tenant, channel.value, author.external_id)) \
        if author and channel in SOCIAL else ""
    if not customer_id and author_profile:
        customer_id = await desk.customers.linked_customer(pool, p.tenant, author_profile)
    tier, segments = await desk.customers.of(p.tenant, customer_id) if customer_id \
        else ("", [])
    if external_ref:
        try:
            return await desk.store.get(Case, Case.create_id(p.tenant, channel.value,
                                                             external_ref),
                                        tenant=p.tenant, sealed=True), False
        except AggregateNotFound:
            pass
    followers = author.followers if author else 0
    priority = computed_priority(public=visibility is Visibility.PUBLIC, customer_tier=tier,
                                 segments=frozenset(segments), followers=followers,
                                 engagement=engagement)
    terms = await desk.terms.terms(p.tenant, CaseFacts(
        channel.value, visibility.value, priority.value, tier, frozenset(segments), team))
    return Case.open(
        terms, tenant=p.tenant, channel=channel.value, visibility=visibility.value,
        received_at=received_at or desk.clock(), subject=subject, body=body,
        first_message_id=uuid4(), customer_id=customer_id, author_profile_id=author_profile,
        author_handle=author.handle if author else "",
        author_display_name=author.display_name if author else "", author_followers=followers,
        engagement=engagement, external_ref=external_ref,
        source_mention_id=source_mention_id, team=team, language=language,
        customer_tier=tier, segments=sorted(segments), priority=priority.value,
        opened_by=p.subject), True


async def open_case(desk: Desk, p: Principal, **details: Any) -> tuple[Case, bool, int]:
    """Opens a case; with an external ref, a second opening answers the first case."""
    case, created = await new_case(desk, p, **details)
    if not created:
        return case, False, 0
    try:
        position = await save(desk.store, p, case, subject=case.data_subject)
    except ConcurrencyConflict:
        if not details.get("external_ref"):
            raise
        return await desk.store.get(Case, case.id, tenant=p.tenant, sealed=True), False, 0
    return case, True, position


async def load(desk: Desk, p: Principal, case_id: UUID, text: bool = False) -> Case:
    """The case; what people wrote stays sealed unless the decision reads it (`text`)."""
    return await desk.store.get(Case, case_id, tenant=p.tenant, sealed=not text)


async def change(desk: Desk, p: Principal, case_id: UUID, decide: Callable[[Case], Any],
                 reterm: bool | None = False) -> int:
    """Loads the case, decides, re-chooses its SLA policy when asked (its team, priority or
    customer changed; with `reterm=None`, when the decision returns True), saves; returns the
    last position written (0: nothing changed)."""
    case = await load(desk, p, case_id)
    decided = decide(case)
    if reterm or (reterm is None and decided):
        case.apply_terms(await terms_for(desk, case), desk.clock())
    return await save(desk.store, p, case, subject=case.data_subject)


async def add_message(desk: Desk, p: Principal, case_id: UUID, decide_kind: Callable[[Case], Any],
                      body: str, canned: str, **message: Any) -> tuple[UUID, int]:
    case = await load(desk, p, case_id, text=bool(canned))
    decide_kind(case)
    if canned:
        body = await canned_text(desk, p, case, canned)
    message_id = uuid4()
    case.add_message(message_id=message_id, body=body, now=desk.clock(), **message)
    return message_id, await save(desk.store, p, case, subject=case.data_subject)


async def canned_text(desk: Desk, p: Principal, case: Case, key: str) -> str:
    """A canned response in the case's language (English otherwise), placeholders filled."""
    for language in dict.fromkeys([case.language or "en", "en"]):
        found = await setting(desk.store, p.tenant, CannedResponse, f"{key}/{language}")
        if found is not None:
            first_due = case.clocks.get("first_response")
            due = first_due.due_at.isoformat() if first_due and first_due.due_at else ""
            return fill(found["text"], {
                "case_id": str(case.id), "subject": case.subject, "channel": case.channel.value,
                "agent": p.subject, "team": case.team, "first_response_due": due})
    raise NotFound(f"no canned response {key!r}")


async def assign(desk: Desk, p: Principal, case_id: UUID, team: str, agent: str, mode: str,
                 reason: str, may: Callable[[Case], None]) -> tuple[str, str, int]:
    """Assigns by name, or to the team's next agent in turn, or to its least-loaded agent."""
    if mode != "manual":
        found = await setting(desk.store, p.tenant, Team, team)
        if found is None or not found["agents"]:
            raise NotFound(f"team {team!r} is not defined, or has no agents")
        agents = sorted(found["agents"])
        if mode == "round_robin":
            last = await desk.queries.last_round_robin(p.tenant, team)
            agent = next((a for a in agents if a > last), agents[0])
        else:
            load_of = await desk.queries.workload(p.tenant, agents)
            agent = min(agents, key=lambda a: (load_of[a], a))
    # Another team may mean another SLA policy.
    def decide(case: Case) -> bool:
        may(case)  # e.g. only supervisors reassign
        return case.assign(team, agent, mode, p.subject, reason)

    position = await change(desk, p, case_id, decide, reterm=None)
    return team, agent, position


async def merge(desk: Desk, p: Principal, merged_id: UUID, survivor_id: UUID,
                reason: str) -> int:
    merged, survivor = await load(desk, p, merged_id), await load(desk, p, survivor_id)
    merged.merge_into(survivor, reason, p.subject, desk.clock())
    positions = await desk.store.save_each(
        (merged, metadata(p, merged.data_subject)), (survivor, metadata(p, survivor.data_subject)))
    return positions[-1] if positions else 0


async def setting(store: EventStore, tenant: str, kind: type[Setting],
                  name: str) -> dict[str, Any] | None:
    """A setting's content as last defined (from its events: no read-model lag)."""
    try:
        found = await store.get(kind, kind.create_id(tenant, name), tenant=tenant)
    except AggregateNotFound:
        return None
    return found.content


async def define_setting(store: EventStore, p: Principal, kind: type[Setting], name: str,
                         content: dict[str, Any]) -> int:
    """Defines a setting, or replaces its content."""
    async def attempt() -> int:
        try:
            setting = await store.get(kind, kind.create_id(p.tenant, name), tenant=p.tenant)
        except AggregateNotFound:
            setting = kind(tenant=p.tenant, name=name, content=content)
        else:
            setting.redefine(content)
        return await save(store, p, setting)
    return await retrying(attempt)
