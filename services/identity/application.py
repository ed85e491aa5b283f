"""Command handlers of identity: load, decide, save with metadata."""

from __future__ import annotations

from uuid import UUID

from chorus.auth.principal import Principal
from chorus.errors import AlreadyExists
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import EventStore
from chorus.telemetry import current_trace_context
from services.identity.domain import Customer


def metadata(p: Principal, subject_id: UUID, purpose: str = "service") -> EventMetadata:
    return EventMetadata(tenant=p.tenant, actor=p.subject, subject_id=str(subject_id),
                         purpose=purpose, trace_context=current_trace_context())


async def register_customer(store: EventStore, p: Principal, customer_code: str,
                            legal_name: str, email: str) -> tuple[UUID, int]:
    customer = Customer(tenant=p.tenant, customer_code=customer_code, legal_name=legal_name,
                        email=email)
    try:
        (position,) = await store.save(customer, metadata=metadata(p, customer.id))
    except ConcurrencyConflict:
        raise AlreadyExists(f"customer code {customer_code!r} is already registered") from None
    return customer.id, position
