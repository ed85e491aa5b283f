"""Inspecting and replaying dead letters (used by `chorus dead-letters`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from chorus.eventstore.schema import checked_schema


@dataclass(frozen=True)
class DeadLetter:
    id: int
    consumer: str
    subject: str
    event_id: str
    error: str
    failed_at: datetime
    replay_requested_at: datetime | None
    replayed_at: datetime | None


async def list_dead_letters(pool: asyncpg.Pool, schema: str, *,
                            include_replayed: bool = False) -> list[DeadLetter]:
    s = checked_schema(schema)
    rows = await pool.fetch(
        f"SELECT id, consumer, subject, event_id, error, failed_at, replay_requested_at,"
        f" replayed_at FROM {s}.dead_letters WHERE $1 OR replayed_at IS NULL ORDER BY id",
        include_replayed)
    return [DeadLetter(**dict(r)) for r in rows]


async def request_replay(pool: asyncpg.Pool, schema: str, dead_letter_id: int) -> bool:
    """Asks the owning consumer to handle the message again (it polls for requests)."""
    s = checked_schema(schema)
    done = await pool.fetchval(
        f"UPDATE {s}.dead_letters SET replay_requested_at = now() WHERE id = $1"
        " AND replayed_at IS NULL RETURNING 1", dead_letter_id)
    return done is not None
