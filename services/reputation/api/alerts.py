"""reputation's crisis alerts: list, acknowledge, resolve, watch."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import caller
from chorus.eventstore.store import EventStore
from chorus.grpc.messages import timestamp, written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check, read_your_writes
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation import application
from services.reputation.projections import Alerts
from services.reputation.queries import MentionQueries

POLL = 0.25  # WatchAlerts' look at the alerts read model, in seconds


def alert_message(r: Any) -> pb.Alert:
    return pb.Alert(
        alert_id=str(r["alert_id"]), term=r["term"],
        status=pb.AlertStatus.Value("ALERT_STATUS_" + r["status"].upper()),
        bucket_start=timestamp(r["bucket_start"]), raised_at=timestamp(r["raised_at"]),
        last_bucket_start=timestamp(r["last_bucket_start"]), escalations=r["escalations"],
        reasons=r["reasons"], volume=r["volume"], negative_share=r["negative_share"],
        z_score=r["z_score"], driving_mention_ids=r["driving_mention_ids"],
        acknowledged_by=r["acknowledged_by"], resolved_by=r["resolved_by"], note=r["note"])


class AlertsApi:
    store: EventStore
    alerts: Alerts
    queries: MentionQueries

    async def ListAlerts(self, request: pb.ListAlertsRequest,
                         context: Any) -> pb.ListAlertsResponse:
        p = caller()
        check = Check()
        statuses = [check.enum(f"statuses[{i}]", s, pb.AlertStatus, "ALERT_STATUS_")
                    for i, s in enumerate(request.statuses)]
        term = check.text("term", request.term, max_len=100, required=False) \
            if request.HasField("term") else None
        query = {"statuses": ",".join(statuses), "term": "-" if term is None else term}
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(datetime, UUID)
        await read_your_writes(check, request.consistency, self.alerts)
        rows = await self.queries.alerts(p.tenant, statuses, term, after, page.size)
        last = [rows[-1]["raised_at"].isoformat(), str(rows[-1]["alert_id"])] if rows \
            else None
        return pb.ListAlertsResponse(alerts=[alert_message(r) for r in rows],
                                     next_page_token=next_page_token(page, len(rows), last,
                                                                     query))

    async def AcknowledgeAlert(self, request: pb.AcknowledgeAlertRequest,
                               context: Any) -> pb.AcknowledgeAlertResponse:
        p = caller()
        check = Check()
        alert_id = check.uuid("alert_id", request.alert_id)
        check.done()
        return pb.AcknowledgeAlertResponse(write=written(await application.handle_alert(
            self.store, p, alert_id, lambda a: a.acknowledge(p.subject))))

    async def ResolveAlert(self, request: pb.ResolveAlertRequest,
                           context: Any) -> pb.ResolveAlertResponse:
        p = caller()
        check = Check()
        alert_id = check.uuid("alert_id", request.alert_id)
        note = check.text("note", request.note, max_len=2_000, required=False)
        check.done()
        return pb.ResolveAlertResponse(write=written(await application.handle_alert(
            self.store, p, alert_id, lambda a: a.resolve(p.subject, note))))

    async def WatchAlerts(self, request: pb.WatchAlertsRequest,
                          context: Any) -> AsyncIterator[pb.WatchAlertsResponse]:
        p = caller()
        seen = 0
        for r in reversed(await self.queries.alerts(p.tenant, ["open", "acknowledged"], None,
                                                    None, 500)):
            seen = max(seen, r["changed"])
            yield pb.WatchAlertsResponse(alert=alert_message(r))
        seen = max(seen, await self.queries.last_alert_change(p.tenant))
        while True:
            changes = await self.queries.alert_changes(p.tenant, seen)
            for r in changes:
                seen = r["changed"]
                yield pb.WatchAlertsResponse(alert=alert_message(r))
            if not changes:
                await asyncio.sleep(POLL)
