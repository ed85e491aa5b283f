"""Inspecting and replaying dead letters (used by `chorus dead-letters`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from chorus.db import checked_schema


def ddl(s: str) -> str:
    return f"""
-- Messages a consumer could not handle: inspect and replay with `chorus dead-letters`.
CREATE TABLE IF NOT EXISTS {s}.dead_letters (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer    text        NOT NULL,
    subject     text        NOT NULL,
    event_id    text        NOT NULL,
    headers     jsonb       NOT NULL,
    payload     bytea       NOT NULL,
    error       text        NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT now(),
    replay_requested_at timestamptz,
    replayed_at timestamptz
);"""


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
