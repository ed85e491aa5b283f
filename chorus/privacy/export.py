"""Right of access: a stored event as the data subject's export shows it."""

from __future__ import annotations

import json
from typing import Any

from chorus.common.v1.privacy_pb2 import SubjectChange
from chorus.eventstore.recorder import RecordedEvent
from chorus.grpc.messages import timestamp


def event_fields_json(event: Any) -> str:
    """The event's own fields (decrypted, or `[erased]`), without its envelope."""
    fields = {k: v for k, v in vars(event).items()
              if k not in ("originator_id", "originator_version", "timestamp")}
    return json.dumps(fields, default=str, sort_keys=True)


def subject_change(event: Any, record: RecordedEvent) -> SubjectChange:
    return SubjectChange(event_type=type(event).__qualname__,
                         recorded_at=timestamp(record.recorded_at),
                         actor=record.metadata.actor, purpose=record.metadata.purpose,
                         position=record.position or 0, fields_json=event_fields_json(event))
