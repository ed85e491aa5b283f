"""Small conversions every API makes into protobuf messages."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from chorus.common.v1.consistency_pb2 import WriteResult

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAIVE_EPOCH = EPOCH.replace(tzinfo=None)  # a naive datetime is read as UTC, as protobuf does


def timestamp(at: datetime) -> Timestamp:
    """As Timestamp.FromDatetime, in integer arithmetic (3x faster: list RPCs make
    thousands)."""
    since = at - (EPOCH if at.tzinfo else NAIVE_EPOCH)
    return Timestamp(seconds=since.days * 86_400 + since.seconds, nanos=since.microseconds * 1000)


def written(position: int) -> WriteResult:
    """What a command answers: the position its last event was written at (for
    read-your-writes through `consistency.min_position`)."""
    return WriteResult(position=position)
