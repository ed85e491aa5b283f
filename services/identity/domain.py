"""The customer aggregate (verified, transactional side)."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

CUSTOMER_IDS = UUID("6f1c7d0e-2b1a-4c55-9a57-1d3c5b0e8a11")


class Customer(Aggregate):
    """A customer registered from the brand's CRM. The id derives from (tenant, customer code),
    so registering the same code twice collides on the event store's version check."""

    class Registered(Aggregate.Created):
        personal_fields = ("legal_name", "email")
        tenant: str
        customer_code: str
        legal_name: str
        email: str

    @staticmethod
    def create_id(tenant: str, customer_code: str, **_: object) -> UUID:
        return uuid5(CUSTOMER_IDS, f"{tenant}/{customer_code}")

    @event(Registered)
    def __init__(self, tenant: str, customer_code: str, legal_name: str, email: str) -> None:
        self.tenant = tenant
        self.customer_code = customer_code
        self.legal_name = legal_name
        self.email = email
