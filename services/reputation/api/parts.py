"""What reputation's API parts share: who reads and ingests, and the checks of networks,
periods and consistency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chorus.auth.principal import Role
from chorus.grpc.validation import Check
from chorus.reputation.v1 import reputation_pb2 as pb

READERS = (Role.ANALYST, Role.COMMUNITY_MANAGER, Role.ADMIN, Role.AGENT)
INGEST = (Role.SERVICE, Role.ADMIN)
BATCH_MAX = 1_000
# Messages a RecordMentions call: its reply lists every mention id (38 bytes each), kept in
# memory until the stream ends. A stream left open for good would grow both without bound,
# and past ~110,000 mentions the reply outgrows gRPC's 4 MB message: recorded, but the
# client would only see an error.
MESSAGES_MAX = 64
CLOCK_SKEW = timedelta(minutes=5)
OLDEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_BUCKETS = 5_000


def network_of(check: Check, field: str, value: int) -> str:
    return check.enum(field, value, pb.Network, "NETWORK_")


def period(check: Check, request: Any, required: bool) -> tuple[datetime | None, datetime]:
    start = getattr(request, "from").ToDatetime(tzinfo=UTC) \
        if request.HasField("from") else None
    end = request.to.ToDatetime(tzinfo=UTC) if request.HasField("to") else datetime.now(UTC)
    if required and start is None:
        check.fail("from", "is required")
    if start is not None and end <= start:
        check.fail("to", "must be after from")
    return start, end

