"""Lists, queues, breaches, search, statistics and the right of access over gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal, caller
from chorus.cases.v1 import cases_pb2 as pb
from chorus.errors import NotFound
from chorus.grpc.messages import timestamp
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check
from services.cases.api.parts import ApiParts, is_customer
from services.cases.application import setting
from services.cases.domain.settings import Team
from services.cases.messages import (
    case_message,
    duration,
    enum_value,
    message_message,
    summary_message,
)

MAX_PERIOD = timedelta(days=366)


class ViewsApi(ApiParts):
    async def _summaries(self, p: Principal, rows: list[Any]) -> list[pb.CaseSummary]:
        keys = await self._listed_keys(p.tenant, rows)
        return [summary_message(r, keys, p.tenant) for r in rows]

    async def ListCases(self, request: pb.ListCasesRequest,
                        context: Any) -> pb.ListCasesResponse:
        p = caller()
        check = Check()
        statuses = sorted({check.enum("statuses", s, pb.CaseStatus, "CASE_STATUS_")
                           for s in request.statuses})
        customer = str(check.uuid("customer_id", request.customer_id)) \
            if request.customer_id else ""
        if is_customer(p):
            if customer and customer != p.subject:
                check.fail("customer_id", "customers list their own cases")
            customer = p.subject
        filters: dict[str, Any] = {
            "statuses": statuses,
            "channel": check.enum("channel", request.channel, pb.Channel, "CHANNEL_")
            if request.channel else "",
            "priority": check.enum("priority", request.priority, pb.Priority, "PRIORITY_")
            if request.priority else "",
            "customer_tier": check.text("customer_tier", request.customer_tier, max_len=64,
                                        required=False),
            "team": check.text("team", request.team, max_len=64, required=False),
            "agent_id": check.text("agent_id", request.agent_id, max_len=128, required=False),
            "sla_state": check.enum("sla_state", request.sla_state, pb.SlaState, "SLA_STATE_")
            if request.sla_state else ""}
        query = {k: v for k, v in filters.items() if v} | {"customer": customer}
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(datetime, UUID)
        await self._caught_up(request.consistency, check)
        if customer:
            filters["customer_ids"] = await self.desk.customers.with_merged(
                self.store.recorder.pool, p.tenant, customer)
        rows = await self.queries.cases(p.tenant, filters, after, page.size)
        last = [rows[-1]["received_at"].isoformat(), str(rows[-1]["case_id"])] if rows \
            else None
        return pb.ListCasesResponse(cases=await self._summaries(p, rows),
                                    next_page_token=next_page_token(page, len(rows), last,
                                                                    query))

    async def _due_page(self, p: Principal, request: Any, query: dict[str, Any],
                        fetch: Any) -> tuple[list[pb.CaseSummary], str]:
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(datetime, UUID)
        rows = await fetch(after, page.size)
        last = [rows[-1]["due"].isoformat(), str(rows[-1]["case_id"])] if rows else None
        return await self._summaries(p, rows), next_page_token(page, len(rows), last, query)

    async def GetQueue(self, request: pb.GetQueueRequest, context: Any) -> pb.GetQueueResponse:
        p = caller()
        check = Check()
        agent = check.text("agent_id", request.agent_id, max_len=128, required=False)
        team = check.text("team", request.team, max_len=64, required=False)
        if bool(agent) == bool(team):
            check.fail("agent_id", "give an agent_id or a team (one of them)")
        await self._caught_up(request.consistency, check)
        column, owner = ("agent_id", agent) if agent else ("team", team)
        cases, token = await self._due_page(
            p, request, {column: owner}, lambda after, size: self.queries.queue(
                p.tenant, column, owner, after, size))
        return pb.GetQueueResponse(cases=cases, next_page_token=token)

    async def GetTeamWorkload(self, request: pb.GetTeamWorkloadRequest,
                              context: Any) -> pb.GetTeamWorkloadResponse:
        p = caller()
        check = Check()
        team = check.text("team", request.team, max_len=64)
        await self._caught_up(request.consistency, check)
        found = await setting(self.store, p.tenant, Team, team)
        if found is None:
            raise NotFound(f"team {team!r} is not defined")
        rows, unassigned = await self.queries.team_workload(p.tenant, team,
                                                            sorted(found["agents"]))
        agents = []
        for r in rows:
            agent = pb.AgentWorkload(agent_id=r["agent_id"], open=r["open"],
                                     breached=r["breached"])
            if r["next_due_at"] is not None:
                agent.next_due_at.CopyFrom(timestamp(r["next_due_at"]))
            agents.append(agent)
        return pb.GetTeamWorkloadResponse(agents=agents, unassigned=unassigned)

    async def ListSlaBreaches(self, request: pb.ListSlaBreachesRequest,
                              context: Any) -> pb.ListSlaBreachesResponse:
        p = caller()
        check = Check()
        if not request.HasField("before"):
            check.fail("before", "is required")
        before = request.before.ToDatetime(tzinfo=UTC)
        await self._caught_up(request.consistency, check)
        cases, token = await self._due_page(
            p, request, {"before": before.isoformat(), "public": request.public_only},
            lambda after, size: self.queries.breaches(p.tenant, before, request.public_only,
                                                      after, size))
        return pb.ListSlaBreachesResponse(cases=cases, next_page_token=token)

    async def SearchCases(self, request: pb.SearchCasesRequest,
                          context: Any) -> pb.SearchCasesResponse:
        p = caller()
        check = Check()
        text = check.text("query", request.query, max_len=200)
        query = {"query": text}
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(float, UUID)
        await self._caught_up(request.consistency, check)
        await self.search.caught_up(request.consistency.min_position)
        rows = await self.queries.search(p.tenant, text, after, page.size)
        last = [rows[-1]["rank"], str(rows[-1]["case_id"])] if rows else None
        return pb.SearchCasesResponse(cases=await self._summaries(p, rows),
                                      next_page_token=next_page_token(page, len(rows), last,
                                                                      query))

    async def GetCaseStats(self, request: pb.GetCaseStatsRequest,
                           context: Any) -> pb.GetCaseStatsResponse:
        p = caller()
        check = Check()
        start = check.past_time("from", request)
        end = request.to.ToDatetime(tzinfo=UTC) if request.HasField("to") else None
        if end is None:
            check.fail("to", "is required")
        elif start is not None and not start < end <= start + MAX_PERIOD:
            check.fail("to", "must be after from, at most a year later")
        team = check.text("team", request.team, max_len=64, required=False)
        channel = check.enum("channel", request.channel, pb.Channel, "CHANNEL_") \
            if request.channel else ""
        check.done()
        assert start is not None and end is not None
        found = await self.queries.stats(p.tenant, start, end, team, channel)
        t = found["totals"]
        return pb.GetCaseStatsResponse(
            opened=t["opened"], resolved=t["resolved"],
            first_response_median=duration(t["fr50"]), first_response_p90=duration(t["fr90"]),
            resolution_median=duration(t["res50"]), resolution_p90=duration(t["res90"]),
            attainment=[pb.TargetAttainment(
                target=enum_value(pb.SlaTarget, r["target"], "SLA_TARGET_"), met=r["met"],
                breached=r["breached"], attainment=r["met"] / (r["met"] + r["breached"])
                if r["met"] + r["breached"] else 0.0) for r in found["attainment"]],
            satisfaction_average=float(t["csat"] or 0),
            satisfaction_counts=[found["scores"].get(s, 0) for s in range(1, 6)],
            backlog_by_channel=[pb.Backlog(key=r["key"], open_cases=r["n"])
                                for r in found["backlog"]["channel"]],
            backlog_by_team=[pb.Backlog(key=r["key"], open_cases=r["n"])
                             for r in found["backlog"]["team"]])

    async def ExportSubjectData(self, request: pb.ExportSubjectDataRequest,
                                context: Any) -> AsyncIterator[pb.ExportSubjectDataResponse]:
        p = caller()
        check = Check()
        customer = check.uuid("customer_id", request.customer_id)
        check.done()
        await self.export.begin(p, customer)
        async with self.store.recorder.pool.acquire() as conn:
            profiles = await self.desk.customers.profiles_of(conn, p.tenant, str(customer))
        rows = await self.queries.of_customer(p.tenant, str(customer), profiles)
        messages = await self.queries.messages([r["case_id"] for r in rows], internal=False)
        keys = await self._keys(p.tenant, [*rows, *messages], "sealed_for")
        keys |= await self._keys(p.tenant, rows, "comment_sealed_for")
        for row in rows:
            yield pb.ExportSubjectDataResponse(case=case_message(row, keys, p.tenant),
                                               case_id=str(row["case_id"]))
        for m in messages:
            yield pb.ExportSubjectDataResponse(message=message_message(m, keys, p.tenant),
                                               case_id=str(m["case_id"]))
        for subject in [str(customer), *profiles]:
            for change in await self.export.changes(p.tenant, subject):
                yield pb.ExportSubjectDataResponse(change=change)
