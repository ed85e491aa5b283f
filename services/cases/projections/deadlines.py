"""The durable deadlines a case's events promise (kernel scheduling): an SLA target's warning
and breach while its clock runs, a community answer's acceptance window, and the close of a
resolved case once its reopen window passes. Paused, fulfilled, cancelled or superseded
clocks cancel theirs; a merged or closed case cancels them all."""

from __future__ import annotations

from typing import Any

from chorus.db import Conn
from chorus.handlers import Context, on_many
from chorus.projections.readers import Projection
from chorus.scheduling import DeadlinePlan, Deadlines
from services.cases.domain.case import Case

SLA_WARNING, SLA_BREACH, COMMUNITY, CLOSE = "sla_warning", "sla_breach", "community", "close"


def sla_deadline_ids(target: str, generation: int) -> tuple[str, str]:
    return f"{target}:{generation}:warning", f"{target}:{generation}:breach"


class CaseDeadlines(Projection):
    """A run's arms and cancellations go together, set-based, when it ends (each deadline's
    last word in the run; see DeadlinePlan)."""

    name = "case_deadlines"

    def __init__(self, deadlines: Deadlines) -> None:
        self.deadlines = deadlines
        # The deadlines table is the kernel's: a rebuild re-arms (idempotently), never empties.
        self.tables = []

    async def setup(self, conn: Conn) -> None:
        pass  # a kernel table (chorus/scheduling.py)

    @on_many(Case.SlaApplied, Case.SlaResumed, Case.SlaPaused, Case.SlaFulfilled,
             Case.SlaCancelled, Case.CommunityAnswered, Case.Resolved, Case.Reopened,
             Case.Closed, Case.MergedInto)
    async def promised(self, items: list[tuple[Context, Any]]) -> None:
        plan = DeadlinePlan()
        for ctx, e in items:
            promise(plan, ctx.tenant, e)
        await self.deadlines.apply(items[0][0].conn, plan)


def promise(plan: DeadlinePlan, tenant: str, e: Any) -> None:
    """What one of a case's events asks of its deadlines."""
    case = e.originator_id
    if isinstance(e, Case.SlaApplied | Case.SlaResumed) and (
            not isinstance(e, Case.SlaApplied) or e.running_since is not None):
        warning, breach = sla_deadline_ids(e.target, e.generation)
        payload = {"target": e.target, "generation": e.generation}
        if e.warn_at is not None:
            plan.arm(tenant, case, warning, SLA_WARNING, e.warn_at, payload)
        else:
            plan.cancel(case, warning)
        plan.arm(tenant, case, breach, SLA_BREACH, e.due_at, payload)
    elif isinstance(e, Case.SlaApplied | Case.SlaPaused | Case.SlaFulfilled
                    | Case.SlaCancelled):  # an applied target whose clock is not running
        for deadline_id in sla_deadline_ids(e.target, e.generation):
            plan.cancel(case, deadline_id)
    elif isinstance(e, Case.CommunityAnswered):
        plan.arm(tenant, case, f"community:{e.message_id}", COMMUNITY, e.accept_by,
                 {"message_id": str(e.message_id)})
    elif isinstance(e, Case.Resolved):
        plan.arm(tenant, case, CLOSE, CLOSE, e.close_after)
    elif isinstance(e, Case.Reopened):
        plan.cancel(case, CLOSE)
    elif isinstance(e, Case.Closed | Case.MergedInto):
        plan.end(case)
