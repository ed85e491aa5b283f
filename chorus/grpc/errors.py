"""Errors a handler raises, and how every error becomes a gRPC status.

User errors never surface as INTERNAL: validation failures are INVALID_ARGUMENT with
`google.rpc.BadRequest` field violations, conflicts ABORTED, and so on. A database or NATS
outage is UNAVAILABLE (retry). Only real bugs are
INTERNAL, with a generic message (details go to the log, never personal data to the caller).
"""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from chorus.auth.principal import PermissionDenied, Unauthenticated
from chorus.errors import (
    AlreadyExists,
    BeyondTheLog,
    FailedPrecondition,
    NotFound,
    ReadModelBehind,
)
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import AggregateNotFound
from chorus.outage import is_outage
from chorus.privacy.keys import SubjectErased
from chorus.quotas import QuotaExceeded


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class InvalidArgument(Exception):
    def __init__(self, violations: list[FieldViolation]) -> None:
        super().__init__("; ".join(f"{v.field}: {v.description}" for v in violations))
        self.violations = violations


_CODES: list[tuple[type[BaseException], grpc.StatusCode]] = [
    (InvalidArgument, grpc.StatusCode.INVALID_ARGUMENT),
    (NotFound, grpc.StatusCode.NOT_FOUND),
    (AggregateNotFound, grpc.StatusCode.NOT_FOUND),
    (AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    (SubjectErased, grpc.StatusCode.FAILED_PRECONDITION),
    (ConcurrencyConflict, grpc.StatusCode.ABORTED),
    (PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (ReadModelBehind, grpc.StatusCode.UNAVAILABLE),
    (BeyondTheLog, grpc.StatusCode.OUT_OF_RANGE),
]


def status_for(exc: BaseException) -> grpc.Status | None:
    """The status for a known error, or None for a bug."""
    if is_outage(exc):
        # PostgreSQL or NATS down (or restarting): nothing was written; the caller retries.
        return rpc_status.to_status(status_pb2.Status(
            code=code_pb2.UNAVAILABLE, message="a backing service is unavailable; retry"))
    if isinstance(exc, QuotaExceeded):
        return _quota_status(exc)
    for cls, code in _CODES:
        if isinstance(exc, cls):
            message = str(exc) or code.name
            if isinstance(exc, ConcurrencyConflict):
                message = "the resource was changed concurrently; reload and retry"
            details = []
            if isinstance(exc, InvalidArgument):
                bad = error_details_pb2.BadRequest(field_violations=[
                    error_details_pb2.BadRequest.FieldViolation(field=v.field,
                                                               description=v.description)
                    for v in exc.violations])
                packed = any_pb2.Any()
                packed.Pack(bad)
                details.append(packed)
            return rpc_status.to_status(status_pb2.Status(
                code=getattr(code_pb2, code.name), message=message, details=details))
    return None


def _quota_status(exc: QuotaExceeded) -> grpc.Status:
    """RESOURCE_EXHAUSTED, with when to retry (RetryInfo) and which quota (QuotaFailure)."""
    retry = error_details_pb2.RetryInfo()
    retry.retry_delay.FromNanoseconds(max(1, round(exc.retry_after * 1e9)))
    failure = error_details_pb2.QuotaFailure(violations=[
        error_details_pb2.QuotaFailure.Violation(subject=exc.subject,
                                                 description=exc.description)])
    details = []
    for detail in (retry, failure):
        packed = any_pb2.Any()
        packed.Pack(detail)
        details.append(packed)
    return rpc_status.to_status(status_pb2.Status(
        code=code_pb2.RESOURCE_EXHAUSTED, message=str(exc), details=details))
