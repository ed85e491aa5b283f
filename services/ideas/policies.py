"""The feedback loop: who is told of a change to an idea.

Recipients are the author, every voter and every commenter who consented to service
notifications on at least one channel (consent arrives from identity's events), as they stand
at that point of the log: the policy keeps its own record of each idea's contributors, in the
transaction that tracks its position. Each notification is an aggregate whose id derives from
the change and the person, recorded only if that id was never used: exactly once per person
per change, through restarts, redeliveries, replicas and rebuilds."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from chorus.db import Conn
from chorus.handlers import Context, columns, on, on_many
from chorus.projections.readers import Policy
from services.ideas.domain.comment import Comment
from services.ideas.domain.idea import Idea, Status
from services.ideas.domain.notification import Notification
from services.ideas.projections.inbox import Consents

# Consent that lets the brand tell a customer what became of an idea they contributed to.
FEEDBACK_PURPOSE = "service_notifications"


def change_id(event: Any) -> str:
    return f"{event.originator_id}/{event.originator_version}"


def commenter(event: Comment.Posted) -> tuple[UUID, UUID, UUID] | None:
    """(idea, source, customer) of a comment's author, if a customer (staff have no id)."""
    try:
        return event.idea_id, event.originator_id, UUID(event.author_id)
    except ValueError:
        return None


class Feedback(Policy):
    name = "feedback"
    # Texts stay encrypted: only an official answer's is read (opened), to tell it.
    sealed = True

    def __init__(self, schema: str, consents: Consents) -> None:
        self.ideas = f"{schema}.feedback_ideas"
        self.people = f"{schema}.feedback_contributors"
        self.consents = consents.table
        self.tables = [self.ideas, self.people]

    async def setup(self, conn: Conn) -> None:
        # Who contributed to each idea: the author (source: the idea), voters (source: the
        # voter) and commenters (source: the comment, so a deletion removes just that one).
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.ideas} (
            idea_id uuid PRIMARY KEY, tenant text NOT NULL, status text NOT NULL);
            CREATE TABLE IF NOT EXISTS {self.people} (
                idea_id uuid NOT NULL, why text NOT NULL, source uuid NOT NULL,
                customer_id uuid NOT NULL, PRIMARY KEY (idea_id, why, source))""")

    async def _contributed(self, conn: Conn, idea_id: UUID, why: str, source: UUID,
                           customer_id: UUID) -> None:
        await self._contributed_many(conn, why, [(idea_id, source, customer_id)])

    async def recipients(self, conn: Conn, tenant: str,
                         idea_id: UUID) -> list[tuple[UUID, list[str], list[str]]]:
        """(customer, why, consented channels) of everyone to tell about the idea."""
        rows = await conn.fetch(
            f"""SELECT p.customer_id, array_agg(DISTINCT p.why ORDER BY p.why) AS why,
                (SELECT array_agg(k.channel ORDER BY k.channel) FROM {self.consents} k
                 WHERE k.tenant = $1 AND k.customer_id = p.customer_id AND k.given
                 AND k.purpose = $3) AS channels
            FROM {self.people} p WHERE p.idea_id = $2
            GROUP BY p.customer_id ORDER BY p.customer_id""", tenant, idea_id, FEEDBACK_PURPOSE)
        # uuid.UUID, not asyncpg's own UUID type: these go into stored events.
        return [(UUID(str(r["customer_id"])), list(r["why"]), list(r["channels"]))
                for r in rows if r["channels"]]

    async def tell(self, ctx: Context, idea_id: UUID, change: str, kind: str, status: str,
                   message: str) -> None:
        people = {Notification.create_id(ctx.tenant, customer, change): (customer, why, ways)
                  for customer, why, ways in await self.recipients(ctx.conn, ctx.tenant,
                                                                    idea_id)}
        fresh = await ctx.unused(list(people)) if people else set()
        for notification_id, (customer, why, channels) in people.items():
            if notification_id in fresh:
                await ctx.save(Notification(
                    tenant=ctx.tenant, customer_id=customer, idea_id=idea_id, change_id=change,
                    kind=kind, status=status, message=message, roles=why, channels=channels),
                    subject=customer, purpose=FEEDBACK_PURPOSE)

    async def _status(self, conn: Conn, idea_id: UUID, status: str) -> None:
        await conn.execute(f"UPDATE {self.ideas} SET status = $2 WHERE idea_id = $1",
                           idea_id, status)

    # -- ideas ---------------------------------------------------------------------------

    @on(Idea.Submitted)
    async def submitted(self, ctx: Context, event: Idea.Submitted) -> None:
        await ctx.conn.execute(f"INSERT INTO {self.ideas} VALUES ($1, $2, 'new')"
                               " ON CONFLICT DO NOTHING", event.originator_id, ctx.tenant)
        await self._contributed(ctx.conn, event.originator_id, "author", event.originator_id,
                                event.author_id)

    @on(Idea.StatusChanged)
    async def status_changed(self, ctx: Context, event: Idea.StatusChanged) -> None:
        await self.tell(ctx, event.originator_id, change_id(event), "status_changed",
                        event.status, event.explanation)
        await self._status(ctx.conn, event.originator_id, event.status)

    @on(Idea.Withdrawn)
    async def withdrawn(self, ctx: Context, event: Idea.Withdrawn) -> None:
        await self._status(ctx.conn, event.originator_id, Status.WITHDRAWN)

    async def _contributed_many(self, conn: Conn, why: str,
                                rows: list[tuple[UUID, UUID, UUID]]) -> None:
        """`_contributed` for many (idea, source, customer) at once, in one statement."""
        if rows:
            await conn.execute(
                f"INSERT INTO {self.people} SELECT i, $1, s, c FROM unnest($2::uuid[],"
                " $3::uuid[], $4::uuid[]) AS u(i, s, c) ON CONFLICT DO NOTHING", why,
                *map(list, zip(*rows, strict=True)))

    @on_many(Idea.Imported)
    async def ideas_imported(self, items: list[tuple[Context, Idea.Imported]]) -> None:
        conn = items[0][0].conn
        await conn.execute(
            f"INSERT INTO {self.ideas} SELECT i, t, s FROM unnest($1::text[], $2::uuid[],"
            " $3::text[]) AS u(t, i, s) ON CONFLICT DO NOTHING",
            *columns(items, "originator_id", "status"))
        await self._contributed_many(conn, "author", [
            (e.originator_id, e.originator_id, e.author_id) for _, e in items])

    @on_many(Idea.VoteImported)
    async def votes_imported(self, items: list[tuple[Context, Idea.VoteImported]]) -> None:
        await self._contributed_many(items[0][0].conn, "voter", [
            (e.originator_id, e.voter_id, e.voter_id) for _, e in items])

    @on(Idea.VoteChanged)
    async def voted(self, ctx: Context, event: Idea.VoteChanged) -> None:
        if event.vote is None:
            await ctx.conn.execute(f"DELETE FROM {self.people} WHERE idea_id = $1"
                                   " AND why = 'voter' AND source = $2", event.originator_id,
                                   event.voter_id)
        else:
            await self._contributed(ctx.conn, event.originator_id, "voter", event.voter_id,
                                    event.voter_id)

    @on(Idea.MergedInto)
    async def merged_into(self, ctx: Context, event: Idea.MergedInto) -> None:
        merged = event.originator_id
        await self.tell(ctx, merged, change_id(event), "merged", Status.DUPLICATE.value,
                        str(event.survivor_id))
        await self._status(ctx.conn, merged, Status.DUPLICATE)
        # Votes move with the survivor's Absorbed event; comments move to the survivor.
        await ctx.conn.execute(f"DELETE FROM {self.people} WHERE idea_id = $1"
                               " AND why = 'voter'", merged)
        await ctx.conn.execute(f"UPDATE {self.people} SET idea_id = $2 WHERE idea_id = $1"
                               " AND why = 'commenter'", merged, event.survivor_id)

    @on(Idea.Absorbed)
    async def absorbed(self, ctx: Context, event: Idea.Absorbed) -> None:
        await self._contributed_many(ctx.conn, "voter", [
            (event.originator_id, UUID(voter), UUID(voter)) for voter in event.moved_votes])

    # -- comments ------------------------------------------------------------------------

    @on_many(Comment.Imported)
    async def comments_imported(self, items: list[tuple[Context, Comment.Imported]]) -> None:
        """Commenters to tell of later changes (an imported answer tells no one: it was
        heard where it was given)."""
        await self._contributed_many(items[0][0].conn, "commenter", [
            row for _, e in items if not e.official and (row := commenter(e)) is not None])

    @on_many(Comment.Posted)
    async def posted(self, items: list[tuple[Context, Comment.Posted]]) -> None:
        """Commenters to tell of later changes, a run at once; an official answer tells
        everyone who contributed before it, so the run's earlier commenters are stored
        first."""
        rows: list[tuple[UUID, UUID, UUID]] = []
        for ctx, event in items:
            if not event.official:
                if (row := commenter(event)) is not None:
                    rows.append(row)
                continue
            await self._contributed_many(ctx.conn, "commenter", rows)
            rows = []
            if not event.held:
                await self.answered(ctx, event)
        await self._contributed_many(items[0][0].conn, "commenter", rows)

    async def answered(self, ctx: Context, event: Comment.Posted) -> None:
        status = await ctx.conn.fetchval(
            f"SELECT status FROM {self.ideas} WHERE idea_id = $1", event.idea_id)
        answer = await ctx.opened()
        await self.tell(ctx, event.idea_id, change_id(event), "official_response", status,
                        answer.body)

    @on(Comment.Deleted)
    async def comment_deleted(self, ctx: Context, event: Comment.Deleted) -> None:
        await ctx.conn.execute(f"DELETE FROM {self.people} WHERE why = 'commenter'"
                               " AND source = $1", event.originator_id)
