"""Chains commit-ordered ranges of the log into signed checkpoints.

A checkpoint's digest covers the previous checkpoint's digest and the digest of its range
(every event's position and hash, in position order), so deleting, altering or reordering any
sealed row, or rewriting a checkpoint, is detected by `verify`. Sealing needs no lock on
writers: it reads only positions that are already stamped.
"""

from __future__ import annotations

import asyncio
import hashlib
import struct
from collections.abc import Callable, Iterable

from chorus.audit.signing import SealKey
from chorus.eventstore.recorder import Recorder

GENESIS = b"\0" * 32


def ddl(s: str) -> str:
    return f"""
-- Signed checkpoints chaining commit-ordered ranges of the log.
CREATE TABLE IF NOT EXISTS {s}.checkpoints (
    seq           bigint PRIMARY KEY,
    from_position bigint NOT NULL,
    to_position   bigint NOT NULL,
    range_digest  bytea  NOT NULL,
    prev_digest   bytea  NOT NULL,
    digest        bytea  NOT NULL,
    signature     bytea  NOT NULL,
    key_id        text   NOT NULL,
    sealed_at     timestamptz NOT NULL DEFAULT now()
);"""


_POSITION = struct.Struct(">q").pack


def range_digest(entries: Iterable[tuple[int, bytes]]) -> bytes:
    # one update over the whole range: a verifier digests every event of a bundle here
    return hashlib.sha256(b"".join([_POSITION(p) + h for p, h in entries])).digest()


def checkpoint_digest(prev: bytes, first: int, last: int, rng: bytes) -> bytes:
    return hashlib.sha256(prev + struct.pack(">qq", first, last) + rng).digest()


async def seal(recorder: Recorder, key: SealKey, max_range: int = 10_000) -> int | None:
    """Seals the next unsealed range; returns its last position, or None if nothing to seal."""
    s = recorder.schema
    async with recorder.pool.acquire() as conn, conn.transaction():
        await conn.execute(f"SELECT pg_advisory_xact_lock(hashtext('{s}.sealer'))")
        last = await conn.fetchrow(
            f"SELECT seq, to_position, digest FROM {s}.checkpoints ORDER BY seq DESC LIMIT 1")
        seq, after, prev = (last[0], last[1], bytes(last[2])) if last else (0, 0, GENESIS)
        rows = await conn.fetch(
            f"SELECT position, hash FROM {s}.events WHERE position > $1 ORDER BY position LIMIT $2",
            after, max_range)
        if not rows:
            return None
        first, final = rows[0][0], rows[-1][0]
        rng = range_digest((r[0], bytes(r[1])) for r in rows)
        digest = checkpoint_digest(prev, first, final, rng)
        await conn.execute(
            f"INSERT INTO {s}.checkpoints (seq, from_position, to_position, range_digest,"
            " prev_digest, digest, signature, key_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
            seq + 1, first, final, rng, prev, digest, key.sign(digest), key.key_id)
        return int(final)


async def run_sealer(recorder: Recorder, key: SealKey, interval: float = 5.0,
                     beat: Callable[[], None] = lambda: None) -> None:
    """Background work of every service: seals new ranges as they appear; raises on failure
    (the supervisor restarts it; sealing resumes after the last checkpoint)."""
    while True:
        while await seal(recorder, key) is not None:
            pass
        beat()
        await asyncio.sleep(interval)
