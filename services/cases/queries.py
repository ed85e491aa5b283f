"""The queries cases answers from its read models: a case and its conversation, lists, queues,
SLA breaches, search, statistics, settings, and what it holds about a customer."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus import search
from chorus.db import SqlParams
from chorus.errors import ReadModelBehind
from chorus.privacy.keys import SubjectKeys
from services.cases.projections.cases import DUE, OPEN_STATUSES, Cases
from services.cases.projections.customers import CustomerFacts
from services.cases.projections.search import CaseSearch
from services.cases.projections.settings import Settings

OPEN = "status IN ('new', 'open', 'pending')"
assert OPEN_STATUSES == ("new", "open", "pending")


class CaseQueries:
    def __init__(self, cases: Cases, search: CaseSearch, settings: Settings,
                 customers: CustomerFacts, pool: asyncpg.Pool, keys: SubjectKeys) -> None:
        self.c, self.search_index, self.settings = cases, search, settings
        self.customers, self.pool = customers, pool
        # Lists return each case's key with it (`sealed_key`): one round trip for a page.
        self._listed = f"l.*, {keys.wrapped_key_sql('l.tenant', 'l.sealed_for')} AS sealed_key"

    async def case_following_merges(self, tenant: str, case_id: UUID) -> asyncpg.Record | None:
        """The case, or the one it was merged into (and so on), with `hops` followed."""
        return await self.pool.fetchrow(
            f"""WITH RECURSIVE chain AS (
                SELECT c.*, 0 AS hops FROM {self.c.table} c WHERE tenant = $1 AND case_id = $2
                UNION ALL
                SELECT c.*, chain.hops + 1 FROM {self.c.table} c JOIN chain
                    ON c.case_id = chain.merged_into AND c.tenant = chain.tenant
                WHERE chain.hops < 20)
            SELECT * FROM chain ORDER BY hops DESC LIMIT 1""", tenant, case_id)

    async def case(self, tenant: str, case_id: UUID) -> asyncpg.Record | None:
        return await self.pool.fetchrow(f"SELECT * FROM {self.c.table} WHERE tenant = $1"
                                        " AND case_id = $2", tenant, case_id)

    async def messages(self, case_ids: list[UUID], internal: bool) -> list[asyncpg.Record]:
        """The conversation of a case (and of the cases merged into it), in order."""
        shown = "" if internal else " AND visibility <> 'internal'"
        return await self.pool.fetch(
            f"SELECT * FROM {self.c.messages} WHERE case_id = ANY($1::uuid[]){shown}"
            " ORDER BY at, seq, message_id", case_ids)

    async def merged_into(self, case_id: UUID) -> list[UUID]:
        rows = await self.pool.fetch(f"SELECT case_id FROM {self.c.table} WHERE merged_into"
                                     " = $1", case_id)
        return [r[0] for r in rows]

    async def clocks(self, case_id: UUID) -> list[asyncpg.Record]:
        return await self.pool.fetch(f"SELECT * FROM {self.c.clocks} WHERE case_id = $1"
                                     " ORDER BY target", case_id)

    async def cases(self, tenant: str, filters: dict[str, Any],
                    after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        """Cases newest first (by when the customer wrote), filtered."""
        args = arg = SqlParams([tenant])

        where = ["tenant = $1"]
        if filters.get("statuses"):
            where.append(f"status = ANY({arg(filters['statuses'])}::text[])")
        for column in ("channel", "priority", "customer_tier", "team", "agent_id"):
            if filters.get(column):
                where.append(f"{column} = {arg(filters[column])}")
        if filters.get("customer_ids"):
            where.append(f"customer_id = ANY({arg(filters['customer_ids'])}::text[])")
        state = filters.get("sla_state")
        if state:
            where.append(f"EXISTS (SELECT 1 FROM {self.c.clocks} k WHERE k.case_id ="
                         f" l.case_id AND (k.state = {arg(state)}"
                         f" OR ({arg(state)} = 'breached' AND k.breached)))")
        if after is not None:
            where.append(f"(received_at, case_id) < ({arg(after[0])}, {arg(after[1])})")
        return await self.pool.fetch(
            f"SELECT {self._listed} FROM {self.c.table} l WHERE {' AND '.join(where)}"
            f" ORDER BY received_at DESC, case_id DESC LIMIT {arg(limit)}", *args)

    async def queue(self, tenant: str, column: str, owner: str,
                    after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        """Open cases of an agent (`agent_id`) or a team (`team`), what is due first first."""
        assert column in ("agent_id", "team")
        cursor, args = "", [tenant, owner, limit]
        if after is not None:
            cursor = f" AND ({DUE}, case_id) > ($4, $5)"
            args += list(after)
        return await self.pool.fetch(
            f"SELECT {self._listed}, {DUE} AS due FROM {self.c.table} l WHERE tenant = $1"
            f" AND {column} = $2 AND {OPEN}{cursor} ORDER BY {DUE}, case_id LIMIT $3", *args)

    async def breaches(self, tenant: str, before: datetime, public_only: bool,
                       after: tuple[datetime, UUID] | None,
                       limit: int) -> list[asyncpg.Record]:
        """Open cases breached already, or with a target due before `before`, what is due
        first first: a page from each of two disjoint runs, read in order from its own index
        (due before T; breached and due later), then merged, so a page reads at most twice
        `limit` rows whatever the backlog."""
        cursor, args = "", [tenant, before, limit]
        if after is not None:
            cursor = f" AND ({DUE}, case_id) > ($4, $5)"
            args += list(after)
        public = " AND public_origin" if public_only else ""
        open_ = f"SELECT *, {DUE} AS due FROM {self.c.table} WHERE tenant = $1 AND {OPEN}"
        page = f"{cursor} ORDER BY {DUE}, case_id LIMIT $3"
        return await self.pool.fetch(
            f"SELECT {self._listed} FROM (({open_} AND {DUE} < $2{public}{page})"
            f" UNION ALL ({open_} AND breached AND {DUE} >= $2{public}{page})) l"
            " ORDER BY due, case_id LIMIT $3", *args)

    async def search(self, tenant: str, query: str, after: tuple[float, UUID] | None,
                     limit: int) -> list[asyncpg.Record]:
        match = search.matching("$2")
        cursor, args = "", [tenant, query, limit]
        if after is not None:
            cursor = " AND (s.rank < $4 OR (s.rank = $4 AND s.case_id > $5))"
            args += list(after)
        return await self.pool.fetch(
            f"""SELECT {self._listed}, s.rank FROM (
                SELECT case_id, ts_rank(words, {match})::float8 AS rank
                FROM {self.search_index.table} WHERE tenant = $1 AND words @@ {match}) s
            JOIN {self.c.table} l USING (case_id) WHERE true{cursor}
            ORDER BY s.rank DESC, s.case_id LIMIT $3""", *args)

    async def stats(self, tenant: str, start: datetime, end: datetime, team: str,
                    channel: str) -> dict[str, Any]:
        args: list[Any] = [tenant, start, end]
        where = "tenant = $1 AND received_at >= $2 AND received_at < $3"
        if team:
            args.append(team)
            where += f" AND team = ${len(args)}"
        if channel:
            args.append(channel)
            where += f" AND channel = ${len(args)}"
        c = self.c.table
        totals = await self.pool.fetchrow(
            f"""SELECT count(*) AS opened, count(resolved_at) AS resolved,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_s) AS fr50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY first_response_s) AS fr90,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_s) AS res50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY resolution_s) AS res90,
                avg(satisfaction) FILTER (WHERE satisfaction > 0) AS csat
            FROM {c} WHERE {where}""", *args)
        attainment = await self.pool.fetch(
            f"""SELECT k.target, count(*) FILTER (WHERE k.state = 'met') AS met,
                count(*) FILTER (WHERE k.breached OR k.state = 'breached') AS breached
            FROM {self.c.clocks} k JOIN {c} USING (case_id) WHERE {where}
            GROUP BY k.target ORDER BY k.target""", *args)
        scores = await self.pool.fetch(
            f"SELECT satisfaction, count(*) FROM {c} WHERE {where} AND satisfaction > 0"
            " GROUP BY satisfaction", *args)
        backlog = {key: await self.pool.fetch(
            f"SELECT {key} AS key, count(*) AS n FROM {c} WHERE {where} AND {OPEN}"
            f" GROUP BY {key} ORDER BY {key}", *args) for key in ("channel", "team")}
        return {"totals": totals, "attainment": attainment, "scores": dict(
            (r[0], r[1]) for r in scores), "backlog": backlog}

    # -- assignment --------------------------------------------------------------------

    async def workload(self, tenant: str, agents: list[str]) -> dict[str, int]:
        """Open cases per agent, counted once the read model holds every case recorded so
        far (least-loaded assignment must not pile on an agent whose last cases it missed)."""
        schema = self.c.table.rsplit(".", 1)[0]
        head = await self.pool.fetchval(f"SELECT max(position) FROM {schema}.events")
        with contextlib.suppress(ReadModelBehind):  # count what it holds rather than refuse
            await self.c.caught_up(head or 0)
        rows = await self.pool.fetch(
            f"SELECT agent_id, count(*) FROM {self.c.table} WHERE tenant = $1 AND"
            f" agent_id = ANY($2::text[]) AND {OPEN} GROUP BY agent_id", tenant, agents)
        found = {a: 0 for a in agents}
        found.update({r[0]: r[1] for r in rows})
        return found

    async def team_workload(self, tenant: str, team: str,
                            agents: list[str]) -> tuple[list[asyncpg.Record], int]:
        """Per agent of the team: open cases (of any team), breached ones, the next due;
        and the team's open cases with no agent."""
        rows = await self.pool.fetch(
            f"SELECT a AS agent_id, count(c.case_id) AS open,"
            " count(c.case_id) FILTER (WHERE c.breached) AS breached,"
            " min(c.next_due_at) AS next_due_at FROM unnest($2::text[]) AS a"
            f" LEFT JOIN {self.c.table} c ON c.tenant = $1 AND c.agent_id = a"
            f" AND c.{OPEN}"
            " GROUP BY a ORDER BY count(c.case_id) DESC, a", tenant, agents)
        unassigned = await self.pool.fetchval(
            f"SELECT count(*) FROM {self.c.table} WHERE tenant = $1 AND team = $2"
            f" AND agent_id = '' AND {OPEN}", tenant, team)
        return list(rows), int(unassigned)

    async def last_round_robin(self, tenant: str, team: str) -> str:
        return str(await self.pool.fetchval(
            f"SELECT last_agent FROM {self.c.rotation} WHERE tenant = $1 AND team = $2",
            tenant, team) or "")

    # -- settings ----------------------------------------------------------------------

    async def settings_of(self, tenant: str, kind: str) -> list[tuple[str, dict[str, Any]]]:
        rows = await self.pool.fetch(f"SELECT name, content FROM {self.settings.table}"
                                     " WHERE tenant = $1 AND kind = $2 ORDER BY name",
                                     tenant, kind)
        return [(r["name"], _json(r["content"])) for r in rows]

    # -- right of access ---------------------------------------------------------------

    async def of_customer(self, tenant: str, customer_id: str,
                          profiles: list[str]) -> list[asyncpg.Record]:
        return await self.pool.fetch(
            f"SELECT * FROM {self.c.table} WHERE tenant = $1 AND (customer_id = $2"
            " OR data_subject = ANY($3::text[])) ORDER BY received_at, case_id", tenant,
            customer_id, profiles)


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)
