"""Audit bundles: one store's log as a file an auditor verifies offline (no database, no
running service). The file is the ExportAuditBundle stream as it came, each message
length-prefixed (4 bytes, big-endian): a header, the events in position order, the signed
checkpoints. Verification recomputes every event's hash from its stored bytes, each stream's
chain, the density and order of positions, and each checkpoint's range digest, chain and
signature under the public key the auditor trusts (given out of band, not read from the
bundle): a modified, deleted, reordered or inserted event is reported."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from chorus.audit.sealer import GENESIS, checkpoint_digest, range_digest
from chorus.audit.signing import public_key_id
from chorus.audit.v1.audit_pb2 import BundleCheckpoint, BundleEvent, ExportAuditBundleResponse
from chorus.audit.verify import Report
from chorus.eventstore.hashing import common_part, content_hash, link

Part = ExportAuditBundleResponse


def write_parts(f: BinaryIO, parts: Iterable[Part]) -> int:
    """Writes the parts; returns how many events were written."""
    events = 0
    for part in parts:
        raw = part.SerializeToString()
        f.write(struct.pack(">I", len(raw)) + raw)
        events += part.HasField("event")
    return events


def read_parts(f: BinaryIO) -> Iterator[Part]:
    while size := f.read(4):
        if len(size) < 4:
            raise ValueError("the bundle ends inside a message's length")
        raw = f.read(struct.unpack(">I", size)[0])
        yield Part.FromString(raw)


def _uuid_bytes(text: str) -> bytes:
    return bytes.fromhex(text.replace("-", ""))


class _Contents:
    """Recomputes events' hashes; the part shared by one append's events (tenant, subject,
    metadata, time) is computed once per append, as the writer did."""

    def __init__(self) -> None:
        self.common: dict[tuple[str, str, bool, str, str], bytes] = {}

    def ok(self, e: BundleEvent) -> bool:
        key = (e.tenant, e.subject_id, e.has_subject, e.metadata_json, e.recorded_at)
        common = self.common.get(key)
        if common is None:
            if len(self.common) > 10_000:
                self.common.clear()
            common = self.common[key] = common_part(
                tenant=e.tenant, subject_id=e.subject_id if e.has_subject else None,
                metadata=e.metadata_json, recorded_at=e.recorded_at)
        content = content_hash(_uuid_bytes(e.event_id), _uuid_bytes(e.originator_id),
                               e.originator_version, e.topic, e.state, common)
        return link(e.prev_hash or None, content) == e.hash


def verify_bundle(parts: Iterable[Part], public_key: Ed25519PublicKey) -> Report:
    report = Report()
    it = iter(parts)
    first = next(it, None)
    if first is None or not first.HasField("header"):
        report.problems.append("not an audit bundle: it does not start with its header")
        return report
    header = first.header
    trusted = public_key_id(public_key)
    if header.key_id != trusted:
        report.problems.append(f"the bundle names signing key {header.key_id}; checking"
                               f" against the trusted key {trusted}")
    hashes: dict[int, bytes] = {}
    heads: dict[str, tuple[int, bytes]] = {}  # stream -> (version, hash) last seen
    expected = header.from_position or 1
    checkpoints = []
    contents = _Contents()
    for part in it:
        if part.HasField("checkpoint"):
            checkpoints.append(part.checkpoint)
            continue
        if not part.HasField("event"):
            report.problems.append("an unknown part in the bundle")
            continue
        e = part.event
        report.events += 1
        where = f"position {e.position}"
        if e.position != expected:
            report.problems.append(f"{where}: expected position {expected} (an event was"
                                   " deleted, inserted or moved)")
        expected = e.position + 1
        if e.position in hashes:
            report.problems.append(f"{where}: listed twice")
        hashes[e.position] = e.hash
        if e.withheld:
            continue
        if not contents.ok(e):
            report.problems.append(f"{where} (event {e.originator_id} v{e.originator_version}):"
                                   " content does not match its hash")
        head = heads.get(e.originator_id)
        if head is not None and (e.originator_version != head[0] + 1 or e.prev_hash != head[1]):
            report.problems.append(f"{where}: the chain of {e.originator_id} is broken at"
                                   f" v{e.originator_version} (an event of it was changed,"
                                   " removed or reordered)")
        elif head is None and e.originator_version == 1 and e.prev_hash:
            report.problems.append(f"{where}: the first event of {e.originator_id} claims a"
                                   " predecessor")
        heads[e.originator_id] = (e.originator_version, e.hash)
    _check_checkpoints(report, checkpoints, hashes, public_key, header.from_position or 1)
    return report


def _check_checkpoints(report: Report, checkpoints: list[BundleCheckpoint],
                       hashes: dict[int, bytes], public_key: Ed25519PublicKey,
                       first_position: int) -> None:
    prev: bytes | None = GENESIS if first_position == 1 else None
    sealed_to = 0
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        report.checkpoints += 1
        where = f"checkpoint {cp.seq} ({cp.from_position}..{cp.to_position})"
        entries = [(p, hashes[p]) for p in range(cp.from_position, cp.to_position + 1)
                   if p in hashes]
        if len(entries) != cp.to_position - cp.from_position + 1:
            report.problems.append(f"{where}: sealed events are missing from the bundle")
        elif range_digest(entries) != cp.range_digest:
            report.problems.append(f"{where}: sealed events were changed, reordered or"
                                   " replaced")
        if prev is not None and cp.prev_digest != prev:
            report.problems.append(f"{where}: checkpoint chain broken")
        if checkpoint_digest(cp.prev_digest, cp.from_position, cp.to_position,
                             cp.range_digest) != cp.digest:
            report.problems.append(f"{where}: its digest does not match its contents")
        try:
            public_key.verify(cp.signature, cp.digest)
        except InvalidSignature:
            report.problems.append(f"{where}: bad signature (not signed by the trusted key)")
        prev, sealed_to = cp.digest, max(sealed_to, cp.to_position)
    unsealed = sum(1 for p in hashes if p > sealed_to)
    if unsealed:
        report.notes.append(f"{unsealed} events after the last checkpoint are not yet"
                            " covered by a signature (chains and hashes still checked)")
