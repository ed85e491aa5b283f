"""Per-stream hash chain.

An event's hash is SHA-256(previous event's hash || content hash), where the content hash
covers the event's stored bytes and metadata. Writers compute content hashes; the link to the
previous event is made by the database while appending (append_grouped), and verify
recomputes both."""

from __future__ import annotations

import functools
import hashlib
import json
import struct
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from chorus.eventstore.metadata import EventMetadata


def canonical_json(body: str | bytes | dict[str, Any]) -> bytes:
    """Metadata as hashed: sorted keys, no spaces. Bytes are taken as already canonical (an
    audit bundle carries it so)."""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return _canonical_text(body)
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


@functools.lru_cache(maxsize=4096)
def _canonical_text(body: str) -> bytes:
    """Metadata repeats (same actor, purpose, empty ids): verifiers parse each text once."""
    return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()


_LENGTH = struct.Struct(">I").pack


def _framed(*parts: bytes) -> bytes:
    # Length-prefix every field so that no two different events share an input.
    return b"".join([_LENGTH(len(p)) + p for p in parts])


def recorded_at_text(recorded_at: datetime) -> str:
    """The recording time as it is hashed (and as audit bundles carry it)."""
    return recorded_at.isoformat(timespec="microseconds")


def common_part(*, tenant: str, subject_id: str | None, metadata: str | bytes | dict[str, Any],
                recorded_at: datetime | str) -> bytes:
    """The hashed fields shared by every event of one append (computed once per append);
    `recorded_at` as a datetime, or already as `recorded_at_text` gives it."""
    stamp = recorded_at if isinstance(recorded_at, str) else recorded_at_text(recorded_at)
    return _framed(tenant.encode(), (subject_id or "").encode(), canonical_json(metadata),
                   stamp.encode())


def content_hash(event_id: UUID | bytes, originator_id: UUID | bytes, originator_version: int,
                 topic: str, state: bytes, common: bytes) -> bytes:
    """Ids as UUIDs, or as their 16 bytes (a verifier reading ids as text skips the parse)."""
    return hashlib.sha256(_framed(
        event_id if isinstance(event_id, bytes) else event_id.bytes,
        originator_id if isinstance(originator_id, bytes) else originator_id.bytes,
        struct.pack(">q", originator_version), topic.encode(), state) + common).digest()


def link(prev_hash: bytes | None, content: bytes) -> bytes:
    return hashlib.sha256((prev_hash or b"") + content).digest()


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
    common = common_part(tenant=tenant, subject_id=subject_id, metadata=metadata,
                         recorded_at=recorded_at)
    return link(prev_hash, content_hash(event_id, originator_id, originator_version, topic,
                                        state, common))


class HashedRows:
    """The columns of events about to be appended at `recorded_at`: new event ids, and each
    event's content hash over its fields and its metadata (the shared part hashed once per
    metadata, however many events share it)."""

    def __init__(self, recorded_at: datetime) -> None:
        self.recorded_at = recorded_at
        self.columns: tuple[list[Any], ...] = tuple([] for _ in range(6))
        self._shared: dict[int, tuple[bytes, str]] = {}  # id(metadata): (hashed part, JSON)

    def add(self, events: Sequence[StoredEvent], meta: EventMetadata) -> str:
        """Adds the events' columns; returns their metadata's JSON."""
        shared = self._shared.get(id(meta))
        if shared is None:
            meta_json = meta.to_json()
            shared = self._shared[id(meta)] = (common_part(
                tenant=meta.tenant, subject_id=meta.subject_id, metadata=meta_json,
                recorded_at=self.recorded_at), meta_json)
        eids, oids, versions, topics, states, contents = self.columns
        for e in events:
            eid = uuid.uuid4()
            oid = e.originator_id if isinstance(e.originator_id, UUID) else UUID(
                str(e.originator_id))
            eids.append(eid)
            oids.append(oid)
            versions.append(e.originator_version)
            topics.append(e.topic)
            states.append(e.state)
            contents.append(content_hash(eid, oid, e.originator_version, e.topic, e.state,
                                         shared[0]))
        return shared[1]
