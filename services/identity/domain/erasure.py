"""The erasure saga of one customer (GDPR art. 17)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition

# GDPR art. 12(3): a request is answered within one month.
ERASURE_DEADLINE = timedelta(days=30)


class Erasure(Aggregate):
    """The erasure saga of one customer: identity erases its own data, every participating
    service confirms, and the receipt (a hash over every confirmation) closes it. It holds no
    personal data, so it outlives the customer's keys."""

    class Requested(Aggregate.Created):
        customer_id: UUID
        request_ref: str
        requested_by: str
        participants: list[str]

    class Confirmed(Aggregate.Event):
        service: str
        erased: list[str]
        at: datetime

    class Completed(Aggregate.Event):
        receipt_hash: str

    @event(Requested)
    def __init__(self, customer_id: UUID, request_ref: str, requested_by: str,
                 participants: list[str]) -> None:
        self.customer_id, self.request_ref = customer_id, request_ref
        self.requested_by, self.participants = requested_by, participants
        self.confirmations: dict[str, tuple[list[str], datetime]] = {}
        self.receipt_hash = ""

    def confirm(self, service: str, erased: list[str], at: datetime) -> None:
        if service in self.confirmations:
            return  # a repeated confirmation changes nothing
        if service not in self.participants:
            raise FailedPrecondition(f"{service} does not take part in this erasure")
        self._confirmed(service, erased, at)
        if set(self.participants) <= set(self.confirmations):
            self._completed(self.receipt_digest())

    @event(Confirmed)
    def _confirmed(self, service: str, erased: list[str], at: datetime) -> None:
        self.confirmations[service] = (erased, at)

    @event(Completed)
    def _completed(self, receipt_hash: str) -> None:
        self.receipt_hash = receipt_hash

    @property
    def pending(self) -> list[str]:
        return [s for s in self.participants if s not in self.confirmations]

    @property
    def due_by(self) -> datetime:
        return self.created_on + ERASURE_DEADLINE

    def overdue(self, now: datetime) -> bool:
        return not self.receipt_hash and now > self.due_by

    def receipt_body(self) -> bytes:
        """The canonical content the receipt hash covers (documented in docs/compliance.md)."""
        body = {
            "erasure_id": str(self.id), "customer_id": str(self.customer_id),
            "request_ref": self.request_ref, "requested_by": self.requested_by,
            "confirmations": [
                {"service": s, "confirmed_at": at.isoformat(), "erased": erased}
                for s, (erased, at) in sorted(self.confirmations.items())],
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def receipt_digest(self) -> str:
        return hashlib.sha256(self.receipt_body()).hexdigest()
