"""The right of access (GDPR art. 15), as every service answers its part of it: who may export
whose data, every event recorded about the subject in the service's stores (decrypted where
the key still exists, `[erased]` where it was shredded), and who read their data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chorus.audit.access_log import Access, AccessLog
from chorus.audit.fields import event_fields_json
from chorus.auth.principal import PermissionDenied, Principal, Role
from chorus.common.v1.privacy_pb2 import SubjectChange
from chorus.eventstore.records import RecordedEvent
from chorus.eventstore.store import EventStore
from chorus.grpc.messages import timestamp


def subject_change(event: Any, record: RecordedEvent) -> SubjectChange:
    """A stored event as the data subject's export shows it."""
    return SubjectChange(event_type=type(event).__qualname__,
                         recorded_at=timestamp(record.recorded_at),
                         actor=record.metadata.actor, purpose=record.metadata.purpose,
                         position=record.position or 0, fields_json=event_fields_json(event))


def own_data(p: Principal, customer_id: object) -> None:
    """A customer acts only on their own data (their token subject is their customer id)."""
    if p.roles == {Role.CUSTOMER} and p.subject != str(customer_id):
        raise PermissionDenied("customers may act only on their own data")


class SubjectExport:
    def __init__(self, stores: Sequence[EventStore], access_log: AccessLog) -> None:
        self.stores, self.access_log = stores, access_log

    async def begin(self, p: Principal, customer_id: object) -> None:
        """Before an export: the caller may read it (a customer only their own), and the
        read is recorded in the access log with the caller's purpose."""
        own_data(p, customer_id)
        await self.access_log.record(p, [customer_id], "ExportSubjectData")

    async def changes(self, tenant: str, subject_id: object) -> list[SubjectChange]:
        return [subject_change(event, record) for store in self.stores
                for event, record in await store.subject_history(tenant, str(subject_id))]

    async def accesses(self, tenant: str, subject_id: object) -> list[Access]:
        return await self.access_log.for_subject(tenant, subject_id)
