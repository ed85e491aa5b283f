"""The per-event half of verifying an audit bundle: each event's content hash and its link to
the event before it in its stream. A run of consecutive events is checked on its own (in a
worker process, for a large bundle) and hands back what the sequential half needs: positions,
hashes, problems, and each stream's first and last event in the run, so that chains are joined
across runs without looking at the events again."""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from google.protobuf.message import DecodeError

from chorus.audit.v1.audit_pb2 import BundleEvent, ExportAuditBundleResponse
from chorus.eventstore.hashing import common_part, content_hash, link

Part = ExportAuditBundleResponse

# content_hash's framing (chorus.eventstore.hashing): every field length-prefixed.
_IDS_VERSION_TOPIC_LEN = struct.Struct(">I16sI16sIqI").pack
_LENGTH = struct.Struct(">I").pack


@dataclass
class EventRun:
    events: int = 0
    positions: array[int] = field(default_factory=lambda: array("q"))
    hashes: list[bytes] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # stream -> (version, prev_hash, position) of its first event in the run, (version, hash)
    # of its last
    firsts: dict[str, tuple[int, bytes, int]] = field(default_factory=dict)
    lasts: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    others: list[bytes] = field(default_factory=list)  # header and checkpoints, serialized


def _common(e: BundleEvent, metadata: str | bytes) -> bytes:
    """The hashed part one append's events share; metadata as canonical bytes, or as text to
    canonicalise."""
    return common_part(tenant=e.tenant, subject_id=e.subject_id if e.has_subject else None,
                       metadata=metadata, recorded_at=e.recorded_at)


def _canonical_matches(e: BundleEvent) -> bool:
    """Bundles carry metadata as canonical JSON, exactly the bytes hashed; one exported before
    they did carries PostgreSQL's rendering of it, canonicalised here (only after a mismatch,
    so the common case parses no JSON)."""
    try:
        common = _common(e, e.metadata_json)
        content = content_hash(_uuid_bytes(e.event_id), _uuid_bytes(e.originator_id),
                               e.originator_version, e.topic, e.state, common)
    except ValueError:
        return False
    return link(e.prev_hash or None, content) == e.hash


def _uuid_bytes(text: str) -> bytes:
    raw = bytes.fromhex(text.replace("-", ""))
    if len(raw) != 16:
        raise ValueError(text)
    return raw


def check_events(events: Iterable[BundleEvent], run: EventRun | None = None) -> EventRun:
    run = run or EventRun()
    # chorus.eventstore.hashing.content_hash and link, written out here with the framing in
    # one struct call: this loop is the whole cost of verifying a bundle (about 8
    # microseconds an event).
    sha256, fromhex, head, length = hashlib.sha256, bytes.fromhex, _IDS_VERSION_TOPIC_LEN, _LENGTH
    topics: dict[str, bytes] = {}
    positions, hashes, problems = run.positions, run.hashes, run.problems
    firsts, lasts = run.firsts, run.lasts
    shared_key: tuple[str, str, str, str, bool] | None = None  # the last append's
    common = b""
    count = 0
    for e in events:
        count += 1
        position, h = e.position, e.hash
        positions.append(position)
        hashes.append(h)
        if e.withheld:
            continue
        name = e.topic
        topic = topics.get(name)
        if topic is None:
            topic = topics[name] = name.encode()
        key = (e.metadata_json, e.recorded_at, e.subject_id, e.tenant, e.has_subject)
        if key != shared_key:  # common_part, written out
            shared_key = key
            metadata, at, subject, tenant = (k.encode() for k in key[:4])
            if not key[4]:
                subject = b""
            common = b"".join((length(len(tenant)), tenant, length(len(subject)), subject,
                               length(len(metadata)), metadata, length(len(at)), at))
        stream, version, prev, state = e.originator_id, e.originator_version, e.prev_hash, e.state
        try:  # an id of the wrong length is padded by the pack, and then fails its hash
            content = sha256(head(16, fromhex(e.event_id.replace("-", "")),
                                  16, fromhex(stream.replace("-", "")), 8, version, len(topic)))
        except ValueError:
            problems.append(f"position {position}: its event or stream id is malformed")
            continue
        content.update(topic)
        content.update(length(len(state)))
        content.update(state)
        content.update(common)
        if sha256(prev + content.digest()).digest() != h and not _canonical_matches(e):
            problems.append(f"position {position} (event {stream} v{version}): content does"
                            " not match its hash")
        last = lasts.get(stream)
        if last is None:
            firsts[stream] = (version, prev, position)
            if version == 1 and prev:
                problems.append(f"position {position}: the first event of {stream} claims a"
                                " predecessor")
        elif version != last[0] + 1 or prev != last[1]:
            problems.append(broken_chain(position, stream, version))
        lasts[stream] = (version, h)
    run.events += count
    return run


def broken_chain(position: int, stream: str, version: int) -> str:
    return (f"position {position}: the chain of {stream} is broken at v{version} (an event of"
            " it was changed, removed or reordered)")


def events_of(parts: Iterable[Part], others: list[bytes]) -> Iterator[BundleEvent]:
    """The events of bundle parts, whether sent in runs or one per part; the other parts
    (checkpoints) are kept serialized in `others`."""
    for part in parts:
        kind = part.WhichOneof("part")
        if kind == "events":
            yield from part.events.events
        elif kind == "event":
            yield part.event
        else:
            others.append(part.SerializeToString())


def check_serialized(parts: list[bytes]) -> EventRun:
    """A worker's share: serialized parts in bundle order."""
    run = EventRun()
    return check_events(events_of(_parsed(parts, run.problems), run.others), run)


def _parsed(parts: list[bytes], problems: list[str]) -> Iterator[Part]:
    for raw in parts:
        try:
            yield Part.FromString(raw)
        except DecodeError:
            problems.append(f"a message of {len(raw)} bytes is not readable (damaged or not"
                            " part of a bundle)")
