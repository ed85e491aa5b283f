"""What the parts of cases' servicer share: roles, the servicer's constructor, and helpers to
check a case belongs to a customer caller and to open what people wrote."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from chorus.auth.principal import PermissionDenied, Principal, Role
from chorus.errors import NotFound
from chorus.eventstore.store import EventStore
from chorus.features.customers import CustomerReplica
from chorus.features.export import SubjectExport
from chorus.grpc.validation import Check, read_your_writes
from services.cases.application import Desk
from services.cases.messages import Keys
from services.cases.projections.cases import Cases
from services.cases.projections.search import CaseSearch
from services.cases.projections.settings import Settings
from services.cases.queries import CaseQueries

AGENTS = (Role.AGENT, Role.COMMUNITY_MANAGER, Role.ADMIN)
SUPERVISORS = (Role.ADMIN,)
READERS = (*AGENTS, Role.ANALYST)


def is_customer(p: Principal) -> bool:
    """A customer acting for themself (their token subject is their customer id)."""
    return Role.CUSTOMER in p.roles and not p.has_any(*AGENTS, Role.SERVICE)


def own_case(p: Principal, row: Any) -> None:
    """Customers see and act on their own cases only (others' are 'not found')."""
    if is_customer(p) and row["customer_id"] != p.subject:
        raise NotFound(f"case {row['case_id']} not found")


def owned(p: Principal, case: Any) -> None:
    """The same rule, on the case itself (commands decide on the aggregate, never on a read
    model that may lag)."""
    if is_customer(p) and case.customer_id != p.subject:
        raise NotFound(f"case {case.id} not found")


def refuse(why: str) -> None:
    raise PermissionDenied(why)


class ApiParts:
    def __init__(self, desk: Desk, cases: Cases, search: CaseSearch, settings: Settings,
                 known_customers: CustomerReplica, export: SubjectExport) -> None:
        self.desk, self.cases, self.search, self.settings = desk, cases, search, settings
        self.store: EventStore = desk.store
        self.queries: CaseQueries = desk.queries
        self.known_customers, self.export = known_customers, export

    async def _caught_up(self, consistency: Any, check: Check) -> None:
        await read_your_writes(check, consistency, self.cases)

    async def _keys(self, tenant: str, rows: Iterable[Any], *columns: str) -> Keys:
        subjects = {(tenant, row[c]) for row in rows for c in columns if row[c]}
        return await self.store.keys.for_reading(subjects)

    async def _listed_keys(self, tenant: str, rows: list[Any]) -> Keys:
        """The keys of listed cases: each came with its row (`sealed_key`), and only a
        comment sealed for someone else (rare) is read apart."""
        keys: Keys = {}
        for row in rows:
            ref = (tenant, row["sealed_for"])
            if ref[1] and ref not in keys:
                keys[ref] = self.store.keys.unwrapped(ref, row["sealed_key"])
        return keys | await self._keys(tenant, [r for r in rows if (
            tenant, r["comment_sealed_for"]) not in keys], "comment_sealed_for")

    async def _case_row(self, p: Principal, case_id: UUID) -> Any:
        row = await self.queries.case(p.tenant, case_id)
        if row is None:
            raise NotFound(f"case {case_id} not found")
        own_case(p, row)
        return row
