"""The durable deadlines a case's events promise (kernel scheduling): an SLA target's warning
and breach while its clock runs, a community answer's acceptance window, and the close of a
resolved case once its reopen window passes. Paused, fulfilled, cancelled or superseded
clocks cancel theirs; a merged or closed case cancels them all."""

from __future__ import annotations

from typing import Any

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from chorus.scheduling import Deadlines
from services.cases.domain.case import Case

SLA_WARNING, SLA_BREACH, COMMUNITY, CLOSE = "sla_warning", "sla_breach", "community", "close"


def sla_deadline_ids(target: str, generation: int) -> tuple[str, str]:
    return f"{target}:{generation}:warning", f"{target}:{generation}:breach"


class CaseDeadlines(Projection):
    """A run's arms and cancellations go together when it ends (per case, in order)."""

    name = "case_deadlines"

    def __init__(self, deadlines: Deadlines) -> None:
        self.deadlines = deadlines
        # The deadlines table is the kernel's: a rebuild re-arms (idempotently), never empties.
        self.tables = []

    async def setup(self, conn: Conn) -> None:
        pass  # a kernel table (chorus/scheduling.py)

    async def _arm_clock(self, ctx: Context, e: Any, due_at: Any, warn_at: Any) -> None:
        warning, breach = sla_deadline_ids(e.target, e.generation)
        payload = {"target": e.target, "generation": e.generation}
        case = ctx.later(e.originator_id)
        if warn_at is not None:
            await self.deadlines.arm(case, ctx.tenant, e.originator_id, warning, SLA_WARNING,
                                     warn_at, payload)
        else:
            await self.deadlines.cancel(case, e.originator_id, warning)
        await self.deadlines.arm(case, ctx.tenant, e.originator_id, breach, SLA_BREACH,
                                 due_at, payload)

    async def _cancel_clock(self, ctx: Context, e: Any) -> None:
        for deadline_id in sla_deadline_ids(e.target, e.generation):
            await self.deadlines.cancel(ctx.later(e.originator_id), e.originator_id,
                                        deadline_id)

    @on(Case.SlaApplied)
    async def applied(self, ctx: Context, e: Case.SlaApplied) -> None:
        if e.running_since is None:
            await self._cancel_clock(ctx, e)
        else:
            await self._arm_clock(ctx, e, e.due_at, e.warn_at)

    @on(Case.SlaResumed)
    async def resumed(self, ctx: Context, e: Case.SlaResumed) -> None:
        await self._arm_clock(ctx, e, e.due_at, e.warn_at)

    @on(Case.SlaPaused, Case.SlaFulfilled, Case.SlaCancelled)
    async def stopped(self, ctx: Context, e: Any) -> None:
        await self._cancel_clock(ctx, e)

    @on(Case.CommunityAnswered)
    async def community_answered(self, ctx: Context, e: Case.CommunityAnswered) -> None:
        await self.deadlines.arm(ctx.later(e.originator_id), ctx.tenant, e.originator_id,
                                 f"community:{e.message_id}", COMMUNITY, e.accept_by,
                                 {"message_id": str(e.message_id)})

    @on(Case.Resolved)
    async def resolved(self, ctx: Context, e: Case.Resolved) -> None:
        await self.deadlines.arm(ctx.later(e.originator_id), ctx.tenant, e.originator_id,
                                 CLOSE, CLOSE, e.close_after)

    @on(Case.Reopened)
    async def reopened(self, ctx: Context, e: Case.Reopened) -> None:
        await self.deadlines.cancel(ctx.later(e.originator_id), e.originator_id, CLOSE)

    @on(Case.Closed, Case.MergedInto)
    async def ended(self, ctx: Context, e: Any) -> None:
        await self.deadlines.cancel_all(ctx.later(e.originator_id), e.originator_id)
