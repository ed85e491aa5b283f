"""Wraps an integration event in the shared envelope."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from chorus.common.v1.envelope_pb2 import Actor, EventEnvelope
from chorus.eventstore.records import RecordedEvent


def envelope_for(record: RecordedEvent, message: Message,
                 occurred_at: datetime | None = None) -> EventEnvelope:
    """`occurred_at`: when it happened, if not when it was recorded (an imported event)."""
    micros = int((occurred_at or record.recorded_at).timestamp() * 1_000_000)
    occurred = Timestamp(seconds=micros // 1_000_000, nanos=(micros % 1_000_000) * 1000)
    m = record.metadata
    return EventEnvelope(
        event_id=str(record.event_id), event_type=message.DESCRIPTOR.full_name,
        tenant=m.tenant, aggregate_id=str(record.originator_id),
        aggregate_version=record.originator_version, position=record.position,
        occurred_at=occurred, causation_id=m.causation_id, correlation_id=m.correlation_id,
        data_subject_id=m.subject_id or "", actor=Actor(subject=m.actor), purpose=m.purpose,
        payload=message.SerializeToString(),
    )
