"""Every erasure of a tenant as officers list them (`ListErasures`): who asked, when it is
due, which services have not confirmed yet. Erasures hold no personal data."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from services.identity.domain.erasure import ERASURE_DEADLINE, Erasure

FILTERS = {"": "true", "pending": "completed_at IS NULL",
           "overdue": "completed_at IS NULL AND due_by < now()",
           "completed": "completed_at IS NOT NULL"}


class Erasures(Projection):
    name = "erasures"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.erasures"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, erasure_id uuid PRIMARY KEY, customer_id uuid NOT NULL,
            request_ref text NOT NULL, requested_by text NOT NULL,
            requested_at timestamptz NOT NULL, due_by timestamptz NOT NULL,
            pending text[] NOT NULL, completed_at timestamptz);
            CREATE INDEX IF NOT EXISTS erasures_newest ON {self.table}
                (tenant, requested_at DESC, erasure_id DESC)""")

    @on(Erasure.Requested)
    async def requested(self, ctx: Context, e: Erasure.Requested) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            " ON CONFLICT DO NOTHING", ctx.tenant, e.originator_id, e.customer_id,
            e.request_ref, e.requested_by, e.timestamp, e.timestamp + ERASURE_DEADLINE,
            e.participants)

    @on(Erasure.Confirmed)
    async def confirmed(self, ctx: Context, e: Erasure.Confirmed) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET pending = array_remove(pending, $2)"
                               " WHERE erasure_id = $1", e.originator_id, e.service)

    @on(Erasure.Completed)
    async def completed(self, ctx: Context, e: Erasure.Completed) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET completed_at = $2"
                               " WHERE erasure_id = $1", e.originator_id, e.timestamp)

    async def listed(self, pool: asyncpg.Pool, tenant: str, state: str,
                     after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        return await pool.fetch(  # type: ignore[no-any-return]
            f"SELECT * FROM {self.table} WHERE tenant = $1 AND {FILTERS[state]}"
            " AND ($2::timestamptz IS NULL OR (requested_at, erasure_id) < ($2, $3))"
            " ORDER BY requested_at DESC, erasure_id DESC LIMIT $4", tenant,
            after[0] if after else None, after[1] if after else None, limit)
