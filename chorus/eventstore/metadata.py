"""What is recorded about every event besides its payload."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class EventMetadata:
    tenant: str
    actor: str = ""
    subject_id: str | None = None  # data subject (customer) the event is about, if any
    purpose: str = ""
    causation_id: str = ""
    correlation_id: str = ""
    trace_context: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        body = {"actor": self.actor, "causation_id": self.causation_id,
                "correlation_id": self.correlation_id, "purpose": self.purpose,
                "trace_context": self.trace_context}  # tenant, subject: columns of their own
        return json.dumps(body, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_row(
        cls, tenant: str, subject_id: str | None, meta: str | dict[str, Any]
    ) -> EventMetadata:
        body = json.loads(meta) if isinstance(meta, str) else meta
        return cls(tenant=tenant, subject_id=subject_id, **body)


SYSTEM = EventMetadata(tenant="", actor="system")
