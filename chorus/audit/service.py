"""The AuditService every service serves (mounted by the kernel's runtime): a compliance
officer's subject history, audit bundles, log verification and access log, over gRPC, for
the officer's tenant only. Each call is itself recorded in the access log with the purpose
the caller states."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from chorus.audit.access_log import AccessLog
from chorus.audit.fields import event_fields_json
from chorus.audit.signing import public_key_id
from chorus.audit.v1 import audit_pb2 as pb
from chorus.audit.v1 import audit_pb2_grpc as pb_grpc
from chorus.audit.verify import verify
from chorus.auth.principal import Role, caller
from chorus.errors import NotFound
from chorus.eventstore.hashing import canonical_json, recorded_at_text
from chorus.eventstore.store import MAIN, EventStore
from chorus.grpc.messages import timestamp
from chorus.grpc.server import Api
from chorus.grpc.validation import Check
from chorus.privacy.fields import REDACTED
from chorus.processing import Record

OFFICERS = (Role.COMPLIANCE_OFFICER,)
ROLES = {"GetSubjectHistory": OFFICERS, "ExportAuditBundle": OFFICERS, "VerifyLog": OFFICERS,
         "GetAccessLog": OFFICERS, "GetProcessingRecords": OFFICERS}
SUBJECTS_MAX = 100
_BATCH_BYTES = 1 << 20  # events per bundle message: well under gRPC's 4 MB message limit


def _subjects(check: Check, values: Any) -> list[str]:
    if not values:
        check.fail("subjects", "name at least one data subject")
    elif len(values) > SUBJECTS_MAX:
        check.fail("subjects", f"at most {SUBJECTS_MAX}")
    return [check.text(f"subjects[{i}]", v, max_len=200) for i, v in enumerate(values)]


def _at(request: Any, field: str) -> datetime | None:
    return getattr(request, field).ToDatetime(tzinfo=UTC) if request.HasField(field) else None


class AuditApi(pb_grpc.AuditServiceServicer):  # type: ignore[misc]
    def __init__(self, service: str, stores: Mapping[str, EventStore], access_log: AccessLog,
                 public_key: Ed25519PublicKey, records: Sequence[Record]) -> None:
        self.service, self.stores, self.access_log = service, stores, access_log
        self.public_key, self.records = public_key, records

    async def GetProcessingRecords(self, request: pb.GetProcessingRecordsRequest,
                                   context: Any) -> pb.GetProcessingRecordsResponse:
        return pb.GetProcessingRecordsResponse(records=[pb.ProcessingRecord(
            service=self.service, event=r.event, personal_fields=r.fields, purpose=r.purpose,
            legal_basis=r.legal_basis, retention=r.retention, read_by=r.read_by,
            readers=r.readers) for r in self.records])

    def _store(self, check: Check, name: str) -> tuple[str, EventStore]:
        store = self.stores.get(name or MAIN)
        if store is None:
            check.fail("store", f"{self.service} has no store {name!r}: one of"
                                f" {', '.join(self.stores)}")
        check.done()
        assert store is not None
        return name or MAIN, store

    async def GetSubjectHistory(self, request: pb.GetSubjectHistoryRequest,
                                context: Any) -> pb.GetSubjectHistoryResponse:
        p = caller()
        check = Check()
        subjects = _subjects(check, request.subjects)
        as_of, start, end = _at(request, "as_of"), _at(request, "from"), _at(request, "to")
        if start and end and end <= start:
            check.fail("to", "must be after from")
        check.done()
        found = []
        for store_name, store in self.stores.items():
            for subject in subjects:
                for event, r in await store.subject_history(p.tenant, subject):
                    at = r.recorded_at
                    if (as_of and at > as_of) or (start and at < start) or (end and at >= end):
                        continue
                    fields = event_fields_json(event)
                    found.append(pb.HistoryEvent(
                        service=self.service, store=store_name, position=r.position or 0,
                        recorded_at=timestamp(at), event_type=type(event).__qualname__,
                        aggregate_id=str(r.originator_id), version=r.originator_version,
                        subject=subject, actor=r.metadata.actor, purpose=r.metadata.purpose,
                        correlation_id=r.metadata.correlation_id,
                        causation_id=r.metadata.causation_id, fields_json=fields,
                        erased=f'"{REDACTED}"' in fields))
        found.sort(key=lambda e: (e.recorded_at.ToDatetime(), e.store, e.position))
        await self.access_log.record(p, subjects, "GetSubjectHistory")
        return pb.GetSubjectHistoryResponse(events=found)

    async def ExportAuditBundle(self, request: pb.ExportAuditBundleRequest,
                                context: Any) -> AsyncIterator[pb.ExportAuditBundleResponse]:
        p = caller()
        check = Check()
        first = check.non_negative("from_position", request.from_position) or 1
        last = check.non_negative("to_position", request.to_position)
        if last and last < first:
            check.fail("to_position", "must not be before from_position")
        store_name, store = self._store(check, request.store)
        s = store.recorder.schema
        async with store.recorder.pool.acquire() as conn, \
                conn.transaction(isolation="repeatable_read", readonly=True):
            head = await conn.fetchval(f"SELECT max(position) FROM {s}.events") or 0
            last = min(last or head, head)
            if first > max(last, 1):
                raise NotFound(f"no stamped events from position {first}")
            yield pb.ExportAuditBundleResponse(header=pb.BundleHeader(
                service=self.service, store=store_name, tenant=p.tenant,
                from_position=first, to_position=last, key_id=public_key_id(self.public_key),
                public_key=self.public_key.public_bytes(serialization.Encoding.Raw,
                                                        serialization.PublicFormat.Raw),
                exported_at=timestamp(datetime.now(UTC))))
            batch, size = pb.BundleEvents(), 0
            async for r in conn.cursor(
                    f"SELECT * FROM {s}.events WHERE position BETWEEN $1 AND $2"
                    " ORDER BY position", first, last, prefetch=1000):
                event = _bundle_event(r, p.tenant)
                batch.events.append(event)
                size += len(event.state) + 400
                if size >= _BATCH_BYTES:
                    yield pb.ExportAuditBundleResponse(events=batch)
                    batch, size = pb.BundleEvents(), 0
            if batch.events:
                yield pb.ExportAuditBundleResponse(events=batch)
            for cp in await conn.fetch(
                    f"SELECT * FROM {s}.checkpoints WHERE from_position >= $1"
                    " AND to_position <= $2 ORDER BY seq", first, last):
                yield pb.ExportAuditBundleResponse(checkpoint=pb.BundleCheckpoint(
                    seq=cp["seq"], from_position=cp["from_position"],
                    to_position=cp["to_position"], range_digest=bytes(cp["range_digest"]),
                    prev_digest=bytes(cp["prev_digest"]), digest=bytes(cp["digest"]),
                    signature=bytes(cp["signature"]), key_id=cp["key_id"]))
        await self.access_log.record(p, [f"audit-bundle:{self.service}/{store_name}"],
                                     "ExportAuditBundle")

    async def VerifyLog(self, request: pb.VerifyLogRequest,
                        context: Any) -> pb.VerifyLogResponse:
        p = caller()
        store_name, store = self._store(Check(), request.store)
        report = await verify(store.recorder, [self.public_key])
        await self.access_log.record(p, [f"audit-log:{self.service}/{store_name}"],
                                     "VerifyLog")
        return pb.VerifyLogResponse(
            service=self.service, store=store_name, events=report.events,
            checkpoints=report.checkpoints, ok=report.ok, problems=report.problems,
            key_id=public_key_id(self.public_key))

    async def GetAccessLog(self, request: pb.GetAccessLogRequest,
                           context: Any) -> pb.GetAccessLogResponse:
        p = caller()
        check = Check()
        subjects = _subjects(check, request.subjects)
        check.done()
        entries = [pb.AccessEntry(subject=subject, actor=a.actor, roles=a.roles,
                                  purpose=a.purpose, operation=a.operation,
                                  accessed_at=timestamp(a.accessed_at))
                   for subject in subjects
                   for a in await self.access_log.for_subject(p.tenant, subject)]
        await self.access_log.record(p, subjects, "GetAccessLog")
        return pb.GetAccessLogResponse(entries=entries)


def _bundle_event(r: Any, tenant: str) -> pb.BundleEvent:
    if r["tenant"] != tenant:
        return pb.BundleEvent(position=r["position"], hash=bytes(r["hash"]), withheld=True)
    return pb.BundleEvent(
        position=r["position"], hash=bytes(r["hash"]), event_id=str(r["event_id"]),
        originator_id=str(r["originator_id"]), originator_version=r["originator_version"],
        topic=r["topic"], state=bytes(r["state"]), tenant=r["tenant"],
        subject_id=r["subject_id"] or "", has_subject=r["subject_id"] is not None,
        metadata_json=canonical_json(r["metadata"]).decode(),
        recorded_at=recorded_at_text(r["recorded_at"]),
        prev_hash=bytes(r["prev_hash"] or b""))


def audit_api(service: str, stores: Mapping[str, EventStore], access_log: AccessLog,
              public_key: Ed25519PublicKey, records: Sequence[Record]) -> Api:
    return Api(pb_grpc.add_AuditServiceServicer_to_server,
               AuditApi(service, stores, access_log, public_key, records),
               "chorus.audit.v1.AuditService", ROLES)
