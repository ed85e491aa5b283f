"""Small conversions every API makes into protobuf messages."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from chorus.common.v1.consistency_pb2 import WriteResult


def timestamp(at: datetime) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(at)
    return ts


def written(position: int) -> WriteResult:
    """What a command answers: the position its last event was written at (for
    read-your-writes through `consistency.min_position`)."""
    return WriteResult(position=position)
