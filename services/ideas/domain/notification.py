"""The feedback loop's record: a customer told what became of an idea they contributed to."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.ideas.domain.community import IDS


class Notification(Aggregate):
    """A customer told what became of an idea they contributed to. Its id is derived from the
    change and the customer, so issuing it twice (a restart, a redelivery) is refused by the
    event store: exactly one per person per change."""

    class Issued(Aggregate.Created):
        tenant: str
        customer_id: UUID
        idea_id: UUID
        change_id: str
        kind: str
        status: str
        message: str
        roles: list[str]
        channels: list[str]

    @staticmethod
    def create_id(tenant: str, customer_id: UUID, change_id: str, **_: object) -> UUID:
        return uuid5(IDS, f"notification/{tenant}/{change_id}/{customer_id}")

    @event(Issued)
    def __init__(self, tenant: str, customer_id: UUID, idea_id: UUID, change_id: str,
                 kind: str, status: str, message: str, roles: list[str],
                 channels: list[str]) -> None:
        self.tenant, self.customer_id, self.idea_id = tenant, customer_id, idea_id
        self.change_id, self.kind, self.status, self.message = change_id, kind, status, message
        self.roles, self.channels = roles, channels
