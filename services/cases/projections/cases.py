"""Cases, their messages and their SLA clocks, as agents and customers read them. What people
wrote (subjects, messages, handles, satisfaction comments) stays encrypted under the case's
data subject's key (sealed events): erasing the subject erases it here too, with nothing to
purge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from services.cases.domain.case import Case

OPEN_STATUSES = ("new", "open", "pending")
# Queues and breach lists order by what is due first, cases with no running clock last: the
# indexes hold this very expression, so those queries read them in order.
DUE = "(coalesce(next_due_at, 'infinity'::timestamptz))"


@dataclass
class _RowChange:
    """What a run's events change on one case's row; when the run opened the case, the row's
    first values too (`opened`), so that it is inserted as the run leaves it: one statement,
    not an insert and an update of a row with nine indexes."""

    ctx: Context
    columns: dict[str, Any] = field(default_factory=dict)
    clocks: bool = False
    opened: dict[str, Any] | None = None
    changed: bool = False  # whether an event after the opening changed the row


class Cases(Projection):
    """Within a run, statements go when it ends (rows, messages and clocks first, then one
    update per case row for what the run changed on it)."""

    name = "cases"
    sealed = True

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.cases"
        self.messages = f"{schema}.case_messages"
        self.clocks = f"{schema}.case_clocks"
        self.rotation = f"{schema}.team_rotation"  # the last agent round-robin chose
        self.tables = [self.table, self.messages, self.clocks, self.rotation]
        # Within a run, what each case's events change on its row, written once at the end
        # (one command's events change one row three or four times).
        self._changes: dict[UUID, _RowChange] = {}

    async def setup(self, conn: Conn) -> None:
        t, schema = self.table, self.table.split(".")[0]
        await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {t} (
            tenant text NOT NULL, case_id uuid PRIMARY KEY, channel text NOT NULL,
            visibility text NOT NULL, public_origin boolean NOT NULL, status text NOT NULL,
            tier text NOT NULL, priority text NOT NULL, priority_overridden boolean NOT NULL
            DEFAULT false, customer_id text NOT NULL, author_profile_id text NOT NULL,
            data_subject text NOT NULL, sealed_for text NOT NULL, author_handle text NOT NULL,
            author_followers bigint NOT NULL, engagement bigint NOT NULL,
            subject text NOT NULL, received_at timestamptz NOT NULL, team text NOT NULL,
            agent_id text NOT NULL DEFAULT '', merged_into uuid, sla_policy text NOT NULL
            DEFAULT '', resolved_at timestamptz, closed_at timestamptz,
            satisfaction integer NOT NULL DEFAULT 0, satisfaction_comment text NOT NULL
            DEFAULT '', comment_sealed_for text NOT NULL DEFAULT '',
            testimony_consent boolean NOT NULL DEFAULT false,
            source_mention_id text NOT NULL, language text NOT NULL,
            customer_tier text NOT NULL, segments text[] NOT NULL,
            first_response_s double precision, resolution_s double precision,
            next_due_at timestamptz, breached boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS cases_listed ON {t} (tenant, received_at DESC, case_id);
        CREATE INDEX IF NOT EXISTS cases_agent_queue ON {t} (tenant, agent_id,
            {DUE}, case_id) WHERE status IN ('new', 'open', 'pending');
        CREATE INDEX IF NOT EXISTS cases_team_queue ON {t} (tenant, team, {DUE},
            case_id) WHERE status IN ('new', 'open', 'pending');
        CREATE INDEX IF NOT EXISTS cases_due ON {t} (tenant, {DUE}, case_id)
            WHERE status IN ('new', 'open', 'pending');
        -- (tenant, case_id) until December 2026: the breach list reads them in due order
        DROP INDEX IF EXISTS {schema}.cases_breached;
        CREATE INDEX IF NOT EXISTS cases_breached_due ON {t} (tenant, {DUE}, case_id)
            WHERE breached AND status IN ('new', 'open', 'pending');
        CREATE INDEX IF NOT EXISTS cases_of_customer ON {t} (tenant, customer_id);
        CREATE INDEX IF NOT EXISTS cases_of_subject ON {t} (tenant, data_subject);
        CREATE INDEX IF NOT EXISTS cases_of_author ON {t} (tenant, author_profile_id)
            WHERE customer_id = '';
        CREATE INDEX IF NOT EXISTS cases_of_mention ON {t} (tenant, source_mention_id)
            WHERE source_mention_id <> '';
        CREATE TABLE IF NOT EXISTS {self.messages} (
            case_id uuid NOT NULL, message_id uuid NOT NULL, tenant text NOT NULL,
            seq bigint NOT NULL, at timestamptz NOT NULL, author_kind text NOT NULL,
            author_id text NOT NULL, visibility text NOT NULL, body text NOT NULL,
            sealed_for text NOT NULL, automated boolean NOT NULL,
            PRIMARY KEY (case_id, message_id));
        CREATE INDEX IF NOT EXISTS case_messages_in_order ON {self.messages} (case_id, seq);
        CREATE TABLE IF NOT EXISTS {self.clocks} (
            case_id uuid NOT NULL, target text NOT NULL, generation integer NOT NULL,
            state text NOT NULL, started_at timestamptz NOT NULL, due_at timestamptz,
            warn_at timestamptz, fulfilled_at timestamptz, warned boolean NOT NULL,
            breached boolean NOT NULL, budget_s double precision NOT NULL,
            spent_s double precision NOT NULL, PRIMARY KEY (case_id, target));
        CREATE TABLE IF NOT EXISTS {self.rotation} (
            tenant text NOT NULL, team text NOT NULL, last_agent text NOT NULL,
            PRIMARY KEY (tenant, team))""")

    async def handle_run(self, items: list[tuple[Context, Any]]) -> None:
        self._changes = {}
        await super().handle_run(items)
        changes, self._changes = self._changes, {}
        for case_id, change in changes.items():
            if change.opened is not None:
                await self._insert(change)
            else:
                await self._write(change.ctx, case_id, change.columns, change.clocks)

    async def _set(self, ctx: Context, case_id: UUID, *, clocks: bool = False,
                   **columns: Any) -> None:
        """What an event changes on the case's row (`clocks`: its next due time and breach
        flag, read from its clocks): within a run, gathered and written once when it ends;
        an event handled alone, at once."""
        if ctx.pending is None:
            await self._write(ctx, case_id, columns, clocks)
            return
        change = self._changes.setdefault(case_id, _RowChange(ctx))
        change.ctx = ctx  # the latest event's time is the row's updated_at
        change.columns.update(columns)  # in log order: the last value wins
        change.clocks = change.clocks or clocks
        change.changed = True

    async def _write(self, ctx: Context, case_id: UUID, columns: dict[str, Any],
                     clocks: bool) -> None:
        """One UPDATE of the case's row: the columns, and when its clocks changed, the next
        due time and breach flag read from them (so in phase 1, after the clocks)."""
        assignments = "".join(f"{n} = ${i + 3}, " for i, n in enumerate(columns))
        due = ""
        if clocks:
            assignments += "next_due_at = k.due, breached = k.breached, "
            due = f" FROM {self._due('$1')}"
        await ctx.later(case_id, phase=1).execute(
            f"UPDATE {self.table} c SET {assignments}updated_at = $2{due}"
            " WHERE c.case_id = $1", case_id, ctx.at, *columns.values())

    def _due(self, case_id: str) -> str:
        """The next due time and breach flag of a case (`case_id`: a parameter), from its
        clocks."""
        return ("(SELECT min(due_at) FILTER (WHERE state = 'running') AS due,"
                " coalesce(bool_or(breached AND state IN ('running', 'paused')), false)"
                f" AS breached FROM {self.clocks} WHERE case_id = {case_id}) k")

    async def _insert(self, change: _RowChange) -> None:
        """The row of a case opened in this run, as the run leaves it (in phase 1, after
        its clocks). Should the row be there already, what the run changed is written on it,
        as `_write` would."""
        assert change.opened is not None
        values = {**change.opened, **change.columns, "updated_at": change.ctx.at}
        names = list(values)
        params = ", ".join(f"${i + 1}" for i in range(len(names)))
        case_param = f"${names.index('case_id') + 1}"
        source = f"VALUES ({params})"
        if change.clocks:
            names += ["next_due_at", "breached"]
            source = f"SELECT {params}, k.due, k.breached FROM {self._due(case_param)}"
        updated = [*change.columns, "updated_at"] + (
            ["next_due_at", "breached"] if change.clocks else [])
        conflict = ("DO UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in updated)
                    if change.changed else "DO NOTHING")
        await change.ctx.later(values["case_id"], phase=1).execute(
            f"INSERT INTO {self.table} ({', '.join(names)}) {source}"
            f" ON CONFLICT (case_id) {conflict}", *values.values())

    # -- the case -----------------------------------------------------------------------

    @on(Case.Opened)
    async def opened(self, ctx: Context, e: Case.Opened) -> None:
        row = {"tenant": ctx.tenant, "case_id": e.originator_id, "channel": e.channel,
               "visibility": e.visibility, "public_origin": e.visibility == "public",
               "status": "new", "tier": "community" if e.channel == "forum" else "agent",
               "priority": e.priority, "customer_id": e.customer_id,
               "author_profile_id": e.author_profile_id,
               "data_subject": e.customer_id or e.author_profile_id,
               "sealed_for": ctx.sealed_for, "author_handle": e.author_handle,
               "author_followers": e.author_followers, "engagement": e.engagement,
               "subject": e.subject, "received_at": e.received_at, "team": e.team,
               "source_mention_id": e.source_mention_id, "language": e.language,
               "customer_tier": e.customer_tier, "segments": e.segments}
        change = _RowChange(ctx, opened=row)
        if ctx.pending is None:  # handled alone: inserted at once
            await self._insert(change)
        else:
            self._changes[e.originator_id] = change
        await self._message(ctx, e.originator_id, e.first_message_id, "customer",
                            e.customer_id or e.author_profile_id, e.visibility, e.body, False,
                            e.received_at)

    @on(Case.Activated)
    async def activated(self, ctx: Context, e: Case.Activated) -> None:
        await self._set(ctx, e.originator_id, status="open")

    @on(Case.AwaitingCustomer)
    async def awaiting(self, ctx: Context, e: Case.AwaitingCustomer) -> None:
        await self._set(ctx, e.originator_id, status="pending")

    @on(Case.MovedToPrivate)
    async def moved(self, ctx: Context, e: Case.MovedToPrivate) -> None:
        await self._set(ctx, e.originator_id, visibility="private")

    @on(Case.Assigned)
    async def assigned(self, ctx: Context, e: Case.Assigned) -> None:
        await self._set(ctx, e.originator_id, team=e.team, agent_id=e.agent_id)
        if e.mode == "round_robin":
            await ctx.later((ctx.tenant, e.team)).execute(
                f"INSERT INTO {self.rotation} VALUES ($1, $2, $3) ON CONFLICT (tenant, team)"
                " DO UPDATE SET last_agent = excluded.last_agent", ctx.tenant, e.team,
                e.agent_id)

    @on(Case.Escalated)
    async def escalated(self, ctx: Context, e: Case.Escalated) -> None:
        await self._set(ctx, e.originator_id, tier=e.to_tier)

    @on(Case.PriorityChanged)
    async def prioritised(self, ctx: Context, e: Case.PriorityChanged) -> None:
        await self._set(ctx, e.originator_id, priority=e.priority,
                        priority_overridden=e.overridden)

    @on(Case.EngagementUpdated)
    async def engagement(self, ctx: Context, e: Case.EngagementUpdated) -> None:
        await self._set(ctx, e.originator_id, engagement=e.engagement,
                        author_followers=e.author_followers)

    @on(Case.CustomerClassified)
    async def classified(self, ctx: Context, e: Case.CustomerClassified) -> None:
        await self._set(ctx, e.originator_id, customer_tier=e.customer_tier,
                        segments=e.segments)

    @on(Case.CustomerIdentified)
    async def identified(self, ctx: Context, e: Case.CustomerIdentified) -> None:
        await self._set(ctx, e.originator_id, customer_id=e.customer_id,
                        data_subject=e.customer_id)

    @on(Case.Resolved)
    async def resolved(self, ctx: Context, e: Case.Resolved) -> None:
        await self._set(ctx, e.originator_id, status="resolved", resolved_at=e.at,
                        resolution_s=e.business_s)

    @on(Case.FirstResponse)
    async def first_response(self, ctx: Context, e: Case.FirstResponse) -> None:
        await self._set(ctx, e.originator_id, first_response_s=e.business_s)

    @on(Case.Reopened)
    async def reopened(self, ctx: Context, e: Case.Reopened) -> None:
        await self._set(ctx, e.originator_id, status="open", resolved_at=None)

    @on(Case.Closed)
    async def closed(self, ctx: Context, e: Case.Closed) -> None:
        await self._set(ctx, e.originator_id, status="closed", closed_at=e.at)

    @on(Case.MergedInto)
    async def merged(self, ctx: Context, e: Case.MergedInto) -> None:
        await self._set(ctx, e.originator_id, status="merged", merged_into=e.survivor_id)

    @on(Case.SatisfactionRecorded)
    async def satisfaction(self, ctx: Context, e: Case.SatisfactionRecorded) -> None:
        await self._set(ctx, e.originator_id, satisfaction=e.score,
                        satisfaction_comment=e.comment, comment_sealed_for=ctx.sealed_for,
                        testimony_consent=e.testimony_consent)

    @on(Case.SlaPolicyApplied)
    async def policy(self, ctx: Context, e: Case.SlaPolicyApplied) -> None:
        await self._set(ctx, e.originator_id, sla_policy=e.policy)

    # -- the conversation ---------------------------------------------------------------

    async def _message(self, ctx: Context, case_id: UUID, message_id: UUID, kind: str,
                       author: str, visibility: str, body: str, automated: bool,
                       at: Any) -> None:
        position = ctx.record.position if ctx.record is not None else 0
        await ctx.later(message_id).execute(
            f"INSERT INTO {self.messages} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
            " $11) ON CONFLICT DO NOTHING", case_id, message_id, ctx.tenant, position, at,
            kind, author, visibility, body, ctx.sealed_for, automated)

    @on(Case.MessageAdded)
    async def message(self, ctx: Context, e: Case.MessageAdded) -> None:
        await self._message(ctx, e.originator_id, e.message_id, e.author_kind, e.author_id,
                            e.visibility, e.body, e.automated, ctx.at)
        await self._set(ctx, e.originator_id)

    # -- SLA clocks ---------------------------------------------------------------------

    @on(Case.SlaApplied)
    async def sla_applied(self, ctx: Context, e: Case.SlaApplied) -> None:
        await ctx.later((e.originator_id, e.target)).execute(
            f"INSERT INTO {self.clocks} AS k VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, false,"
            " false, $8, $9) ON CONFLICT (case_id, target) DO UPDATE SET"
            " generation = excluded.generation, state = excluded.state,"
            " started_at = excluded.started_at, due_at = excluded.due_at,"
            " warn_at = excluded.warn_at, budget_s = excluded.budget_s,"
            " spent_s = excluded.spent_s, fulfilled_at = CASE WHEN k.generation ="
            " excluded.generation THEN k.fulfilled_at END, warned = CASE WHEN k.generation ="
            " excluded.generation THEN k.warned ELSE false END, breached = CASE WHEN"
            " k.generation = excluded.generation THEN k.breached ELSE false END",
            e.originator_id, e.target, e.generation,
            "running" if e.running_since else "paused", e.started_at, e.due_at, e.warn_at,
            e.budget_s, e.spent_s)
        await self._set(ctx, e.originator_id, clocks=True)

    async def _clock(self, ctx: Context, e: Any, **columns: Any) -> None:
        names = list(columns)
        assignments = ", ".join(f"{n} = ${i + 3}" for i, n in enumerate(names))
        await ctx.later((e.originator_id, e.target)).execute(
            f"UPDATE {self.clocks} SET {assignments} WHERE case_id = $1 AND target = $2",
            e.originator_id, e.target, *columns.values())
        await self._set(ctx, e.originator_id, clocks=True)

    @on(Case.SlaPaused)
    async def sla_paused(self, ctx: Context, e: Case.SlaPaused) -> None:
        await self._clock(ctx, e, state="paused", spent_s=e.spent_s, due_at=None, warn_at=None)

    @on(Case.SlaResumed)
    async def sla_resumed(self, ctx: Context, e: Case.SlaResumed) -> None:
        await self._clock(ctx, e, state="running", due_at=e.due_at, warn_at=e.warn_at)

    @on(Case.SlaFulfilled)
    async def sla_fulfilled(self, ctx: Context, e: Case.SlaFulfilled) -> None:
        await self._clock(ctx, e, state="met" if e.met else "breached", fulfilled_at=e.at,
                          spent_s=e.spent_s)

    @on(Case.SlaWarned)
    async def sla_warned(self, ctx: Context, e: Case.SlaWarned) -> None:
        await self._clock(ctx, e, warned=True)

    @on(Case.SlaBreached)
    async def sla_breached(self, ctx: Context, e: Case.SlaBreached) -> None:
        await self._clock(ctx, e, breached=True)

    @on(Case.SlaCancelled)
    async def sla_cancelled(self, ctx: Context, e: Case.SlaCancelled) -> None:
        await self._clock(ctx, e, state="cancelled", due_at=None, warn_at=None)
