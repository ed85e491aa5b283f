"""Per-stream hash chain: each event's hash covers its stored bytes and its predecessor's hash."""

from __future__ import annotations

import hashlib
import json
import struct
from datetime import datetime
from typing import Any
from uuid import UUID


def canonical_json(body: str | dict[str, Any]) -> bytes:
    value = json.loads(body) if isinstance(body, str) else body
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def event_hash(
    *,
    prev_hash: bytes | None,
    event_id: UUID,
    originator_id: UUID,
    originator_version: int,
    topic: str,
    state: bytes,
    tenant: str,
    subject_id: str | None,
    metadata: str | dict[str, Any],
    recorded_at: datetime,
) -> bytes:
    h = hashlib.sha256()
    for part in (
        prev_hash or b"",
        event_id.bytes,
        originator_id.bytes,
        struct.pack(">q", originator_version),
        topic.encode(),
        state,
        tenant.encode(),
        (subject_id or "").encode(),
        canonical_json(metadata),
        recorded_at.isoformat(timespec="microseconds").encode(),
    ):
        # Length-prefix every field so that no two different events share an input.
        h.update(struct.pack(">I", len(part)))
        h.update(part)
    return h.digest()
