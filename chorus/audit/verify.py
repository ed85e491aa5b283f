"""Verification of a service's log: hash chains, dense positions and signed checkpoints."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from chorus.audit.sealer import GENESIS, checkpoint_digest, range_digest
from chorus.audit.signing import public_key_id
from chorus.eventstore.hashing import event_hash
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.records import record_from_row


@dataclass
class Report:
    events: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure

    @property
    def ok(self) -> bool:
        return not self.problems


async def verify(recorder: Recorder, public_keys: list[Ed25519PublicKey]) -> Report:
    report = Report()
    s = recorder.schema
    keys = {public_key_id(k): k for k in public_keys}
    prev_by_stream: dict[object, tuple[int, bytes]] = {}
    stamped: list[tuple[int, bytes]] = []
    async with recorder.pool.acquire() as conn, conn.transaction(isolation="repeatable_read"):
        async for row in conn.cursor(
                f"SELECT * FROM {s}.events ORDER BY originator_id, originator_version"):
            r = record_from_row(row)
            report.events += 1
            where = f"event {r.originator_id} v{r.originator_version}"
            expected = event_hash(
                prev_hash=r.prev_hash, event_id=r.event_id, originator_id=r.originator_id,
                originator_version=r.originator_version, topic=r.topic, state=r.state,
                tenant=r.metadata.tenant, subject_id=r.metadata.subject_id,
                metadata=row["metadata"], recorded_at=r.recorded_at)
            if expected != r.hash:
                report.problems.append(f"{where}: content does not match its hash")
            prev = prev_by_stream.get(r.originator_id)
            if (prev[1] if prev else None) != r.prev_hash:
                report.problems.append(f"{where}: chain broken (a previous event was changed,"
                                       " removed or reordered)")
            prev_by_stream[r.originator_id] = (r.originator_version, r.hash)
            if r.position is not None:
                stamped.append((r.position, r.hash))
        stamped.sort()
        for i, (pos, _) in enumerate(stamped, start=1):
            if pos != i:
                report.problems.append(f"positions not dense: expected {i}, found {pos}")
                break
        by_position = dict(stamped)
        prev_digest = GENESIS
        for cp in await conn.fetch(f"SELECT * FROM {s}.checkpoints ORDER BY seq"):
            report.checkpoints += 1
            where = f"checkpoint {cp['seq']} ({cp['from_position']}..{cp['to_position']})"
            entries = [(p, by_position[p]) for p in range(cp["from_position"],
                                                          cp["to_position"] + 1)
                       if p in by_position]
            if len(entries) != cp["to_position"] - cp["from_position"] + 1:
                report.problems.append(f"{where}: sealed events are missing")
            if range_digest(entries) != bytes(cp["range_digest"]):
                report.problems.append(f"{where}: sealed events were changed or reordered")
            digest = checkpoint_digest(prev_digest, cp["from_position"], cp["to_position"],
                                       bytes(cp["range_digest"]))
            if bytes(cp["prev_digest"]) != prev_digest or digest != bytes(cp["digest"]):
                report.problems.append(f"{where}: checkpoint chain broken")
            key = keys.get(cp["key_id"])
            if key is None:
                report.problems.append(f"{where}: signed by unknown key {cp['key_id']}")
            else:
                try:
                    key.verify(bytes(cp["signature"]), bytes(cp["digest"]))
                except InvalidSignature:
                    report.problems.append(f"{where}: bad signature")
            prev_digest = bytes(cp["digest"])
    return report
