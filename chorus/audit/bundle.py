"""Audit bundles: one store's log as a file an auditor verifies offline (no database, no
running service). The file is the ExportAuditBundle stream as it came, each message
length-prefixed (4 bytes, big-endian): a header, the events in position order, the signed
checkpoints. Verification recomputes every event's hash from its stored bytes, each stream's
chain, the density and order of positions, and each checkpoint's range digest, chain and
signature under the public key the auditor trusts (given out of band, not read from the
bundle): a modified, deleted, reordered or inserted event is reported."""

from __future__ import annotations

import os
import struct
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from chorus.audit.bundle_events import (
    EventRun,
    Part,
    broken_chain,
    check_events,
    check_serialized,
    events_of,
)
from chorus.audit.sealer import GENESIS, checkpoint_digest, range_digest
from chorus.audit.signing import public_key_id
from chorus.audit.v1.audit_pb2 import BundleCheckpoint
from chorus.audit.verify import Report


def write_parts(f: BinaryIO, parts: Iterable[Part]) -> int:
    """Writes the parts; returns how many events were written."""
    events = 0
    for part in parts:
        raw = part.SerializeToString()
        f.write(struct.pack(">I", len(raw)) + raw)
        kind = part.WhichOneof("part")
        events += len(part.events.events) if kind == "events" else kind == "event"
    return events


def read_parts(f: BinaryIO) -> Iterator[Part]:
    return map(Part.FromString, read_serialized(f))


def read_serialized(f: BinaryIO) -> Iterator[bytes]:
    """The parts as stored, unparsed (verification parses them where it checks them)."""
    while size := f.read(4):
        if len(size) < 4:
            raise ValueError("the bundle ends inside a message's length")
        yield f.read(struct.unpack(">I", size)[0])


def verify_bundle(parts: Iterable[Part], public_key: Ed25519PublicKey) -> Report:
    """Verifies parts already read, in this process."""
    it = iter(parts)
    first = next(it, None)
    run = EventRun()
    return _Verification(first, public_key).finish([check_events(events_of(it, run.others),
                                                                 run)])


_RUN_BYTES = 8 << 20  # what a worker checks at a time
_PARALLEL_FROM = 128 << 20  # bundle size from which workers pay for their start (measured on
# two cores: 80 MB went at 106k events/s in one process and 60k with two workers)


def verify_bundle_file(path: Path, public_key: Ed25519PublicKey,
                       workers: int | None = None) -> Report:
    """Verifies a bundle file; a large one in worker processes (one per core unless told),
    each checking runs of consecutive events while this process joins their chains."""
    if workers is None:
        workers = (os.cpu_count() or 1) if path.stat().st_size >= _PARALLEL_FROM else 1
    with path.open("rb") as f:
        raws = read_serialized(f)
        head = next(raws, None)
        first = Part.FromString(head) if head is not None else None
        batches = _batched(raws)
        if workers <= 1:
            return _Verification(first, public_key).finish(map(check_serialized, batches))
        # spawn, not fork: the caller may hold gRPC channels and threads
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            return _Verification(first, public_key).finish(_in_order(pool, batches, workers))


def _batched(raws: Iterator[bytes]) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    size = 0
    for raw in raws:
        batch.append(raw)
        size += len(raw)
        if size >= _RUN_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _in_order(pool: ProcessPoolExecutor, batches: Iterator[list[bytes]],
              workers: int) -> Iterator[EventRun]:
    """The workers' runs in bundle order, with a few batches in flight (Executor.map would
    read the whole file first)."""
    pending: deque[Future[EventRun]] = deque()
    for batch in batches:
        pending.append(pool.submit(check_serialized, batch))
        if len(pending) > 2 * workers:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Verification:
    """The sequential half: dense positions in order, chains joined across runs, and the
    signed checkpoints over the events' hashes."""

    def __init__(self, first: Part | None, public_key: Ed25519PublicKey) -> None:
        self.report = Report()
        self.public_key = public_key
        self.header = first.header if first is not None and first.HasField("header") else None
        if self.header is None:
            self.report.problems.append("not an audit bundle: it does not start with its"
                                        " header")
            return
        trusted = public_key_id(public_key)
        if self.header.key_id != trusted:
            self.report.problems.append(f"the bundle names signing key {self.header.key_id};"
                                        f" checking against the trusted key {trusted}")

    def finish(self, runs: Iterable[EventRun]) -> Report:
        report = self.report
        if self.header is None:
            return report
        start = self.header.from_position or 1
        expected = start
        hashes: dict[int, bytes] = {}
        heads: dict[str, tuple[int, bytes]] = {}
        checkpoints = []
        for run in runs:
            report.events += run.events
            report.problems.extend(run.problems)
            for position, h in zip(run.positions, run.hashes, strict=True):
                if position != expected:
                    report.problems.append(f"position {position}: expected position"
                                           f" {expected} (an event was deleted, inserted or"
                                           " moved)")
                expected = position + 1
                if position in hashes:
                    report.problems.append(f"position {position}: listed twice")
                hashes[position] = h
            for stream, (version, prev, position) in run.firsts.items():
                head = heads.get(stream)
                if head is not None and (version != head[0] + 1 or prev != head[1]):
                    report.problems.append(broken_chain(position, stream, version))
            heads.update(run.lasts)
            for raw in run.others:
                part = Part.FromString(raw)
                if part.HasField("checkpoint"):
                    checkpoints.append(part.checkpoint)
                else:
                    report.problems.append("an unexpected part in the bundle (a second"
                                           " header, or a part of unknown kind)")
        _check_checkpoints(report, checkpoints, hashes, self.public_key, start)
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
