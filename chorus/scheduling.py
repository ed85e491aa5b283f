"""Durable deadlines: "at time T, for aggregate A, do X", kept in the service's own database.

A handler arms or cancels a deadline in its own transaction (usually a projection of the
aggregate's events: the deadlines are a read model of what the events promised). A
`DeadlineRunner` on every replica claims due deadlines with `FOR UPDATE SKIP LOCKED`, runs the
handler of each in a savepoint of one transaction that also marks it fired, and commits: a
deadline fires once, whatever the replicas, crashes or restarts; one whose handler lost a race
with a concurrent command (ABORTED) stays due and is tried again at once. Deadlines are
idempotent by (aggregate, deadline id): arming one again moves it (until it fired), so a new
occurrence of a promise takes a new deadline id. Time is read from an injected clock.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from chorus.db import Conn, Executes, checked_schema
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import EventStore
from chorus.handlers import Context
from chorus.outage import is_outage

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
MAX_ATTEMPTS = 5  # a deadline whose handler keeps failing is set aside (failed_at) after this


def utc_now() -> datetime:
    return datetime.now(UTC)


def ddl(s: str) -> str:
    return f"""
-- Durable deadlines (chorus/scheduling.py).
CREATE TABLE IF NOT EXISTS {s}.deadlines (
    tenant       text        NOT NULL,
    aggregate_id uuid        NOT NULL,
    deadline_id  text        NOT NULL,
    kind         text        NOT NULL,
    due_at       timestamptz NOT NULL,
    payload      jsonb       NOT NULL DEFAULT '{{}}',
    armed_at     timestamptz NOT NULL DEFAULT now(),
    fired_at     timestamptz,
    cancelled_at timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    failed_at    timestamptz,
    error        text,
    PRIMARY KEY (aggregate_id, deadline_id)
);
CREATE INDEX IF NOT EXISTS deadlines_due ON {s}.deadlines (due_at)
    WHERE fired_at IS NULL AND cancelled_at IS NULL AND failed_at IS NULL;"""


@dataclass(frozen=True)
class Deadline:
    tenant: str
    aggregate_id: UUID
    deadline_id: str
    kind: str
    due_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


Fire = Callable[[Context, Deadline], Awaitable[None]]


class Deadlines:
    """The deadline table of one store."""

    def __init__(self, schema: str) -> None:
        self.table = f"{checked_schema(schema)}.deadlines"

    async def arm(self, conn: Executes, tenant: str, aggregate_id: UUID, deadline_id: str,
                  kind: str, due_at: datetime, payload: Mapping[str, Any] | None = None) -> None:
        """Arms the deadline, or moves it if it was armed and has not fired yet."""
        await conn.execute(
            f"INSERT INTO {self.table} AS d (tenant, aggregate_id, deadline_id, kind, due_at,"
            " payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)"
            " ON CONFLICT (aggregate_id, deadline_id) DO UPDATE SET due_at = excluded.due_at,"
            " kind = excluded.kind, payload = excluded.payload, cancelled_at = NULL,"
            " armed_at = now() WHERE d.fired_at IS NULL", tenant, aggregate_id, deadline_id,
            kind, due_at, json.dumps(dict(payload or {})))

    async def cancel(self, conn: Executes, aggregate_id: UUID, deadline_id: str) -> None:
        await conn.execute(f"UPDATE {self.table} SET cancelled_at = now() WHERE aggregate_id"
                           " = $1 AND deadline_id = $2 AND fired_at IS NULL"
                           " AND cancelled_at IS NULL", aggregate_id, deadline_id)

    async def cancel_all(self, conn: Executes, aggregate_id: UUID) -> None:
        await conn.execute(f"UPDATE {self.table} SET cancelled_at = now() WHERE aggregate_id"
                           " = $1 AND fired_at IS NULL AND cancelled_at IS NULL", aggregate_id)

    async def pending(self, conn: Any, aggregate_id: UUID) -> list[Deadline]:
        rows = await conn.fetch(
            f"SELECT * FROM {self.table} WHERE aggregate_id = $1 AND fired_at IS NULL"
            " AND cancelled_at IS NULL AND failed_at IS NULL ORDER BY due_at", aggregate_id)
        return [_deadline(r) for r in rows]


def _deadline(r: Any) -> Deadline:
    payload = r["payload"]
    return Deadline(tenant=r["tenant"], aggregate_id=r["aggregate_id"],
                    deadline_id=r["deadline_id"], kind=r["kind"], due_at=r["due_at"],
                    payload=json.loads(payload) if isinstance(payload, str) else payload)


class DeadlineRunner:
    def __init__(self, store: EventStore, deadlines: Deadlines, handlers: Mapping[str, Fire],
                 *, actor: str, clock: Clock = utc_now, batch: int = 200,
                 max_sleep: float = 0.25) -> None:
        self.store, self.deadlines, self.handlers = store, deadlines, handlers
        self.actor, self.clock, self.batch, self.max_sleep = actor, clock, batch, max_sleep
        self.fired = 0

    async def fire_due(self) -> int:
        """Fires the deadlines due now (one batch); returns how many fired."""
        table, now = self.deadlines.table, self.clock()
        fired = 0
        async with self.store.recorder.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                f"SELECT * FROM {table} WHERE due_at <= $1 AND fired_at IS NULL"
                " AND cancelled_at IS NULL AND failed_at IS NULL ORDER BY due_at LIMIT $2"
                " FOR UPDATE SKIP LOCKED", now, self.batch)
            for row in rows:
                deadline = _deadline(row)
                ctx = Context(conn=conn, tenant=deadline.tenant, at=deadline.due_at,
                              cause_id=f"deadline:{deadline.aggregate_id}/{deadline.deadline_id}",
                              store=self.store, actor=self.actor)
                try:
                    async with conn.transaction():  # a savepoint per deadline
                        handler = self.handlers.get(deadline.kind)
                        if handler is not None:
                            await handler(ctx, deadline)
                        await conn.execute(f"UPDATE {table} SET fired_at = $3 WHERE"
                                           " aggregate_id = $1 AND deadline_id = $2",
                                           deadline.aggregate_id, deadline.deadline_id, now)
                except ConcurrencyConflict:
                    continue  # a command changed the aggregate meanwhile: due again at once
                except Exception as e:
                    if is_outage(e):
                        raise
                    await self._failed(conn, deadline, e)
                    continue
                fired += 1
        self.fired += fired
        return fired

    async def _failed(self, conn: Conn, deadline: Deadline, error: Exception) -> None:
        """The handler raised: try again later, and set the deadline aside after a few tries
        (inspect `failed_at`/`error`) rather than hold up every other deadline."""
        log.exception("deadline %s of %s failed", deadline.deadline_id, deadline.aggregate_id,
                      exc_info=error)
        await conn.execute(
            f"UPDATE {self.deadlines.table} SET attempts = attempts + 1, error = $3,"
            " due_at = due_at + make_interval(secs => 2 ^ attempts),"
            f" failed_at = CASE WHEN attempts + 1 >= {MAX_ATTEMPTS} THEN now() END"
            " WHERE aggregate_id = $1 AND deadline_id = $2", deadline.aggregate_id,
            deadline.deadline_id, f"{type(error).__name__}: {error}"[:2000])

    async def next_due(self) -> datetime | None:
        return await self.store.recorder.pool.fetchval(  # type: ignore[no-any-return]
            f"SELECT min(due_at) FROM {self.deadlines.table} WHERE fired_at IS NULL"
            " AND cancelled_at IS NULL AND failed_at IS NULL")

    async def run(self, beat: Callable[[], None] = lambda: None) -> None:
        """Fires deadlines forever, calling `beat` after each round that worked; raises on an
        outage (the supervisor restarts it; nothing fired is lost or repeated)."""
        while True:
            if await self.fire_due():
                beat()
                continue
            beat()
            due = await self.next_due()
            wait = self.max_sleep
            if due is not None:
                wait = min(wait, max(0.0, (due - self.clock()) / timedelta(seconds=1)))
            await asyncio.sleep(wait)
