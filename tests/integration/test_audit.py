"""Tamper evidence: verify detects a modified, a deleted and a reordered row."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import StoredEvent

from chorus.audit.sealer import seal
from chorus.audit.signing import SealKey
from chorus.audit.verify import verify
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder

META = EventMetadata(tenant="acme", actor="agent-1", purpose="service")


@pytest.fixture
async def sealed(recorder: Recorder) -> tuple[Recorder, SealKey, list[uuid.UUID]]:
    key = SealKey.generate()
    streams = [uuid.uuid4(), uuid.uuid4()]
    for oid in streams:
        for v in (1, 2, 3):
            await recorder.insert_events(
                [StoredEvent(oid, v, "Changed", f'{{"n":{v}}}'.encode())], metadata=META)
    assert await seal(recorder, key, max_range=4) == 4
    assert await seal(recorder, key) == 6
    assert await seal(recorder, key) is None
    report = await verify(recorder, [key.public])
    assert report.ok, report.problems
    assert (report.events, report.checkpoints) == (6, 2)
    return recorder, key, streams


async def test_modified_row_is_detected(sealed: tuple[Recorder, SealKey, list[uuid.UUID]]) -> None:
    recorder, key, streams = sealed
    await recorder.pool.execute(
        f"UPDATE {recorder.schema}.events SET state = '{{\"n\":99}}'::bytea"
        " WHERE originator_id = $1 AND originator_version = 2", streams[0])
    report = await verify(recorder, [key.public])
    assert any("does not match its hash" in p for p in report.problems)


async def test_modified_metadata_is_detected(
        sealed: tuple[Recorder, SealKey, list[uuid.UUID]]) -> None:
    recorder, key, streams = sealed
    await recorder.pool.execute(
        f"UPDATE {recorder.schema}.events SET metadata = jsonb_set(metadata, '{{actor}}',"
        " '\"someone-else\"') WHERE originator_id = $1 AND originator_version = 3", streams[1])
    assert not (await verify(recorder, [key.public])).ok


async def test_deleted_row_is_detected(sealed: tuple[Recorder, SealKey, list[uuid.UUID]]) -> None:
    recorder, key, streams = sealed
    # Deleting the last event of a stream leaves its chain intact: the checkpoint catches it.
    await recorder.pool.execute(
        f"DELETE FROM {recorder.schema}.events WHERE originator_id = $1"
        " AND originator_version = 3", streams[1])
    report = await verify(recorder, [key.public])
    assert any("missing" in p for p in report.problems), report.problems


async def test_deleted_middle_row_breaks_the_chain(
        sealed: tuple[Recorder, SealKey, list[uuid.UUID]]) -> None:
    recorder, key, streams = sealed
    await recorder.pool.execute(
        f"DELETE FROM {recorder.schema}.events WHERE originator_id = $1"
        " AND originator_version = 2", streams[0])
    report = await verify(recorder, [key.public])
    assert any("chain broken" in p for p in report.problems), report.problems


async def test_reordered_rows_are_detected(
        sealed: tuple[Recorder, SealKey, list[uuid.UUID]]) -> None:
    recorder, key, _ = sealed
    s = recorder.schema
    async with recorder.pool.acquire() as conn, conn.transaction():
        await conn.execute(f"UPDATE {s}.events SET position = -position WHERE position IN (2, 5)")
        await conn.execute(f"UPDATE {s}.events SET position = 5 WHERE position = -2")
        await conn.execute(f"UPDATE {s}.events SET position = 2 WHERE position = -5")
    report = await verify(recorder, [key.public])
    assert any("changed or reordered" in p for p in report.problems), report.problems


async def test_rewritten_checkpoint_is_detected(
        sealed: tuple[Recorder, SealKey, list[uuid.UUID]]) -> None:
    recorder, _, _ = sealed
    forger = SealKey.generate()
    report = await verify(recorder, [forger.public])
    assert any("unknown key" in p for p in report.problems)
