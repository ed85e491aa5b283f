"""A tenant's customer-service settings as read models (calendars with their holidays, SLA
policies, teams, canned responses), and an in-process copy of each tenant's calendars and
policies for choosing a case's SLA terms without a query per command."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import asyncpg

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from services.cases.domain.settings import (
    BusinessCalendar,
    CannedResponse,
    SlaPolicy,
    Team,
    choose_terms,
)
from services.cases.domain.sla import CaseFacts, SlaTerms

KINDS = {BusinessCalendar: "calendar", SlaPolicy: "sla_policy", Team: "team",
         CannedResponse: "canned_response"}


class Settings(Projection):
    name = "settings"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.settings"
        self.tables = [self.table]
        self.generation = 0  # changes this process applied (see SettingsCache)

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, kind text NOT NULL, name text NOT NULL,
            setting_id uuid NOT NULL UNIQUE, content jsonb NOT NULL,
            PRIMARY KEY (tenant, kind, name))""")

    @on(BusinessCalendar.Defined, SlaPolicy.Defined, Team.Defined, CannedResponse.Defined)
    async def defined(self, ctx: Context, e: Any) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT"
            " DO NOTHING", ctx.tenant, _kind(e), e.name, e.originator_id,
            json.dumps(e.content))

    @on(BusinessCalendar.Redefined, SlaPolicy.Redefined, Team.Redefined,
        CannedResponse.Redefined)
    async def redefined(self, ctx: Context, e: Any) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET content = $2::jsonb"
                               " WHERE setting_id = $1", e.originator_id,
                               json.dumps(e.content))

    def committed(self, events: list[Any]) -> None:
        self.generation += 1


def _kind(e: Any) -> str:
    for cls, kind in KINDS.items():
        if isinstance(e, cls.Defined | cls.Redefined):
            return kind
    raise ValueError(f"not a setting event: {type(e).__qualname__}")


class SettingsCache:
    """Each tenant's calendars and SLA policies in memory, read again once this process
    applied a settings change, and at least every `max_age_s` for another replica's."""

    def __init__(self, settings: Settings, pool: asyncpg.Pool, max_age_s: float = 1.0) -> None:
        self.settings, self.pool, self.max_age_s = settings, pool, max_age_s
        self._tenants: dict[str, tuple[int, float, Any]] = {}
        self._lock = asyncio.Lock()

    async def _load(self, tenant: str) -> Any:
        found = self._tenants.get(tenant)
        if found is not None and found[0] == self.settings.generation and \
                time.monotonic() - found[1] < self.max_age_s:
            return found[2]
        async with self._lock:
            generation = self.settings.generation
            rows = await self.pool.fetch(
                f"SELECT kind, name, content FROM {self.settings.table} WHERE tenant = $1"
                " AND kind IN ('calendar', 'sla_policy')", tenant)
            contents = [(r["kind"], r["name"], _json(r["content"])) for r in rows]
            policies = [(n, c) for k, n, c in contents if k == "sla_policy"]
            calendars = {n: c for k, n, c in contents if k == "calendar"}
            value = (policies, calendars)
            self._tenants[tenant] = (generation, time.monotonic(), value)
            return value

    async def terms(self, tenant: str, facts: CaseFacts) -> SlaTerms:
        policies, calendars = await self._load(tenant)
        return choose_terms(policies, calendars, facts)


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)
