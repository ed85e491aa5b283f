"""Read models of ideas, fed by its own events: the ideas board (rankings, search, duplicate
suggestions), comments, votes, categories and campaigns, the contributors' leaderboard, the
moderation queue and each customer's inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus.db import Conn
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import RecordedEvent
from chorus.eventstore.store import EventStore
from services.ideas.domain import (
    AbuseReport,
    Campaign,
    Category,
    Comment,
    Idea,
    Notification,
    Status,
    Vote,
)

# Points of the ambassadors' club (documented in the API).
POINTS = "ideas * 5 + votes_received + comments * 2 + implemented * 50"


def month_of(at: datetime) -> str:
    return at.strftime("%Y-%m")


def change_id(event: Any) -> str:
    return f"{event.originator_id}/{event.originator_version}"


# Consent that lets the brand tell a customer what became of an idea they contributed to.
FEEDBACK_PURPOSE = "service_notifications"


class Feedback:
    """The feedback loop: who is told of a change to an idea, issued inside the board's
    transaction so the recipients are exactly the contributors at that point of the log.

    Recipients are the author, every voter and every commenter who consented to service
    notifications on at least one channel (consent arrives from identity's events). Each
    notification is a stored event whose id derives from the change and the person, and is
    issued only if that id was never used: exactly once per person per change, through
    restarts, redeliveries and rebuilds."""

    def __init__(self, schema: str, store: EventStore) -> None:
        self.store = store
        self.consents = f"{schema}.consents"
        self.ideas, self.votes = f"{schema}.ideas", f"{schema}.idea_votes"
        self.comments = f"{schema}.comments"

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.consents} (
            tenant text NOT NULL, customer_id uuid NOT NULL, purpose text NOT NULL,
            channel text NOT NULL, given boolean NOT NULL,
            PRIMARY KEY (tenant, customer_id, purpose, channel))""")

    async def recipients(self, conn: Conn, tenant: str,
                         idea_id: UUID) -> list[tuple[UUID, list[str], list[str]]]:
        """(customer, why, consented channels) of everyone to tell about the idea."""
        rows = await conn.fetch(
            f"""WITH people AS (
                SELECT author_id AS customer_id, 'author' AS why FROM {self.ideas}
                    WHERE idea_id = $2
                UNION SELECT voter_id, 'voter' FROM {self.votes} WHERE idea_id = $2
                UNION SELECT c.author_id::uuid, 'commenter' FROM {self.comments} c
                    WHERE c.idea_id = $2 AND NOT c.official AND NOT c.deleted
                    AND c.author_id ~ '^[0-9a-f-]{{36}}$')
            SELECT p.customer_id, array_agg(DISTINCT p.why ORDER BY p.why) AS why,
                (SELECT array_agg(k.channel ORDER BY k.channel) FROM {self.consents} k
                 WHERE k.tenant = $1 AND k.customer_id = p.customer_id AND k.given
                 AND k.purpose = $3) AS channels
            FROM people p GROUP BY p.customer_id ORDER BY p.customer_id""",
            tenant, idea_id, FEEDBACK_PURPOSE)
        # uuid.UUID, not asyncpg's own UUID type: these go into stored events.
        return [(UUID(str(r["customer_id"])), list(r["why"]), list(r["channels"]))
                for r in rows if r["channels"]]

    async def tell(self, conn: Conn, tenant: str, idea_id: UUID, change_id: str, kind: str,
                   status: str, message: str) -> None:
        people = await self.recipients(conn, tenant, idea_id)
        ids = {Notification.create_id(tenant, customer, change_id): (customer, why, channels)
               for customer, why, channels in people}
        if not ids:
            return
        issued = {r[0] for r in await conn.fetch(
            f"SELECT DISTINCT originator_id FROM {self.store.recorder.schema}.events"
            " WHERE originator_id = ANY($1::uuid[])", list(ids))}
        for nid, (customer, why, channels) in ids.items():
            if nid in issued:
                continue
            note = Notification(tenant=tenant, customer_id=customer, idea_id=idea_id,
                                change_id=change_id, kind=kind, status=status, message=message,
                                roles=why, channels=channels)
            stored = [self.store.mapper.seal(e, tenant, str(customer), None)
                      for e in note.collect_events()]
            await self.store.recorder.insert_events(
                stored, metadata=EventMetadata(tenant=tenant, actor="ideas-feedback",
                                               subject_id=str(customer),
                                               purpose=FEEDBACK_PURPOSE), conn=conn)


class Board:
    """Everything the community sees and moderators work on, in one projection so a change
    and its consequences (counts, leaderboard, feedback) are applied in one transaction."""

    name = "board"

    def __init__(self, schema: str, store: EventStore) -> None:
        self.s = schema
        self.feedback = Feedback(schema, store)
        self.ideas, self.votes = f"{schema}.ideas", f"{schema}.idea_votes"
        self.comments, self.comment_votes = f"{schema}.comments", f"{schema}.comment_votes"
        self.categories, self.campaigns = f"{schema}.categories", f"{schema}.campaigns"
        self.contributions = f"{schema}.contributions"
        self.reports = f"{schema}.abuse_reports"
        self.tables = [self.ideas, self.votes, self.comments, self.comment_votes,
                       self.categories, self.campaigns, self.contributions, self.reports]

    async def setup(self, conn: Conn) -> None:
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('chorus.pg_trgm'))")
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {self.ideas} (
            tenant text NOT NULL, idea_id uuid PRIMARY KEY, author_id uuid NOT NULL,
            title text NOT NULL, body text NOT NULL, category text NOT NULL, campaign_id uuid,
            status text NOT NULL DEFAULT 'new', explanation text NOT NULL DEFAULT '',
            duplicate_of uuid, up integer NOT NULL DEFAULT 0, down integer NOT NULL DEFAULT 0,
            comments integer NOT NULL DEFAULT 0, submitted_at timestamptz NOT NULL,
            epoch double precision NOT NULL, hidden boolean NOT NULL DEFAULT false,
            held boolean NOT NULL DEFAULT false,
            score integer GENERATED ALWAYS AS (up - down) STORED,
            -- "hot" ranking: log-scaled net votes plus age, so newer ideas need fewer votes
            -- (12.5 hours of age weigh a factor of 10 in votes); indexable, unlike a decay
            -- computed at query time.
            trending double precision GENERATED ALWAYS AS (
                sign(up - down) * log(greatest(abs(up - down), 1)) + epoch / 45000.0) STORED,
            tsv tsvector GENERATED ALWAYS AS (
                to_tsvector('english', title || ' ' || body)
                || to_tsvector('french', title || ' ' || body)) STORED);
        CREATE INDEX IF NOT EXISTS ideas_top ON {self.ideas} (tenant, score DESC, idea_id)
            WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_trending ON {self.ideas}
            (tenant, trending DESC, idea_id) WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_newest ON {self.ideas} (tenant, epoch DESC, idea_id)
            WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_discussed ON {self.ideas}
            (tenant, comments DESC, idea_id) WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_search ON {self.ideas} USING gin (tsv);
        CREATE INDEX IF NOT EXISTS ideas_title_trgm_gist ON {self.ideas}
            USING gist (title gist_trgm_ops);
        CREATE TABLE IF NOT EXISTS {self.votes} (
            idea_id uuid NOT NULL, voter_id uuid NOT NULL, vote text NOT NULL,
            PRIMARY KEY (idea_id, voter_id));
        CREATE TABLE IF NOT EXISTS {self.comments} (
            tenant text NOT NULL, comment_id uuid PRIMARY KEY, idea_id uuid NOT NULL,
            parent_id uuid, author_id text NOT NULL, body text NOT NULL,
            official boolean NOT NULL, up integer NOT NULL DEFAULT 0,
            down integer NOT NULL DEFAULT 0, posted_at timestamptz NOT NULL,
            deleted boolean NOT NULL DEFAULT false, hidden boolean NOT NULL DEFAULT false,
            held boolean NOT NULL DEFAULT false);
        CREATE INDEX IF NOT EXISTS comments_of_idea ON {self.comments}
            (idea_id, posted_at, comment_id);
        CREATE TABLE IF NOT EXISTS {self.comment_votes} (
            comment_id uuid NOT NULL, voter_id uuid NOT NULL, vote text NOT NULL,
            PRIMARY KEY (comment_id, voter_id));
        CREATE TABLE IF NOT EXISTS {self.categories} (
            tenant text NOT NULL, category text NOT NULL, description text NOT NULL,
            category_id uuid NOT NULL UNIQUE, PRIMARY KEY (tenant, category));
        CREATE TABLE IF NOT EXISTS {self.campaigns} (
            tenant text NOT NULL, campaign_id uuid PRIMARY KEY, title text NOT NULL,
            question text NOT NULL, category text NOT NULL, starts_at timestamptz NOT NULL,
            ends_at timestamptz NOT NULL);
        CREATE TABLE IF NOT EXISTS {self.contributions} (
            tenant text NOT NULL, customer_id uuid NOT NULL, month text NOT NULL,
            ideas integer NOT NULL DEFAULT 0, votes_received integer NOT NULL DEFAULT 0,
            comments integer NOT NULL DEFAULT 0, implemented integer NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, month, customer_id));
        CREATE TABLE IF NOT EXISTS {self.reports} (
            tenant text NOT NULL, target_id uuid NOT NULL, target text NOT NULL,
            reports integer NOT NULL, PRIMARY KEY (tenant, target_id))""")
        await self.feedback.setup(conn)

    # -- applying events -----------------------------------------------------------------

    async def _credit(self, conn: Conn, tenant: str, customer: Any, at: datetime,
                      column: str, delta: int) -> None:
        """Adds to a contributor's monthly counts (customers only: the brand's staff have no
        customer id and are not ranked)."""
        try:
            customer_id = UUID(str(customer))
        except ValueError:
            return
        await conn.execute(
            f"INSERT INTO {self.contributions} (tenant, customer_id, month, {column})"
            f" VALUES ($1, $2, $3, $4) ON CONFLICT (tenant, month, customer_id)"
            f" DO UPDATE SET {column} = {self.contributions}.{column} + excluded.{column}",
            tenant, customer_id, month_of(at), delta)

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None:
        tenant, at = record.metadata.tenant, record.recorded_at
        oid = event.originator_id
        if isinstance(event, Idea.Submitted):
            await conn.execute(
                f"INSERT INTO {self.ideas} (tenant, idea_id, author_id, title, body, category,"
                " campaign_id, submitted_at, epoch, hidden, held) VALUES ($1, $2, $3, $4, $5,"
                " $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING", tenant, oid,
                event.author_id, event.title, event.body, event.category, event.campaign_id,
                at, at.timestamp(), event.held)
            await self._credit(conn, tenant, event.author_id, at, "ideas", 1)
        elif isinstance(event, Idea.Edited):
            await conn.execute(f"UPDATE {self.ideas} SET title = $2, body = $3"
                               " WHERE idea_id = $1", oid, event.title, event.body)
        elif isinstance(event, Idea.Withdrawn):
            await conn.execute(f"UPDATE {self.ideas} SET status = 'withdrawn'"
                               " WHERE idea_id = $1", oid)
        elif isinstance(event, Idea.StatusChanged):
            await self.feedback.tell(conn, tenant, oid, change_id(event), "status_changed",
                                     event.status, event.explanation)
            author = await conn.fetchval(
                f"UPDATE {self.ideas} SET status = $2, explanation = $3 WHERE idea_id = $1"
                " RETURNING author_id", oid, event.status, event.explanation)
            if Status.IMPLEMENTED in (event.status, event.previous_status):
                await self._credit(conn, tenant, author, at, "implemented",
                                   1 if event.status == Status.IMPLEMENTED else -1)
        elif isinstance(event, Idea.VoteChanged):
            idea = await self._ballot(conn, "ideas", oid, event)
            if idea["up_delta"]:
                await self._credit(conn, tenant, idea["author_id"], at, "votes_received",
                                   idea["up_delta"])
        elif isinstance(event, Idea.MergedInto):
            await self.feedback.tell(conn, tenant, oid, change_id(event), "merged",
                                     Status.DUPLICATE.value, str(event.survivor_id))
            await conn.execute(f"UPDATE {self.ideas} SET status = 'duplicate', duplicate_of = $2,"
                               " up = 0, down = 0, comments = 0 WHERE idea_id = $1", oid,
                               event.survivor_id)
            await conn.execute(f"DELETE FROM {self.votes} WHERE idea_id = $1", oid)
            await conn.execute(f"UPDATE {self.comments} SET idea_id = $2 WHERE idea_id = $1",
                               oid, event.survivor_id)
        elif isinstance(event, Idea.Absorbed):
            for voter, vote in event.moved_votes.items():
                await conn.execute(f"INSERT INTO {self.votes} VALUES ($1, $2, $3)"
                                   " ON CONFLICT DO NOTHING", oid, UUID(voter), vote)
            await conn.execute(
                f"UPDATE {self.ideas} i SET up = v.up, down = v.down, comments = c.n"
                f" FROM (SELECT count(*) FILTER (WHERE vote = 'up') AS up,"
                f" count(*) FILTER (WHERE vote = 'down') AS down FROM {self.votes}"
                f" WHERE idea_id = $1) v, (SELECT count(*) AS n FROM {self.comments}"
                f" WHERE idea_id = $1 AND NOT deleted) c WHERE i.idea_id = $1", oid)
        elif isinstance(event, Idea.Hidden | Idea.Restored):
            await conn.execute(f"UPDATE {self.ideas} SET hidden = $2, held = held AND $2"
                               " WHERE idea_id = $1", oid, isinstance(event, Idea.Hidden))
        elif isinstance(event, Comment.Posted):
            await conn.execute(
                f"INSERT INTO {self.comments} (tenant, comment_id, idea_id, parent_id,"
                " author_id, body, official, posted_at, hidden, held) VALUES ($1, $2, $3, $4,"
                " $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING", tenant, oid, event.idea_id,
                event.parent_id, event.author_id, event.body, event.official, at, event.held)
            # A comment counts on the idea it is on now (the survivor, after a merge).
            await conn.execute(
                f"UPDATE {self.ideas} SET comments = comments + 1 WHERE idea_id ="
                f" (SELECT idea_id FROM {self.comments} WHERE comment_id = $1)", oid)
            if not event.official:
                await self._credit(conn, tenant, event.author_id, at, "comments", 1)
            elif not event.held:
                idea = await conn.fetchrow(f"SELECT idea_id, status FROM {self.ideas}"
                                           " WHERE idea_id = $1", event.idea_id)
                await self.feedback.tell(conn, tenant, event.idea_id, change_id(event),
                                         "official_response", idea["status"], event.body)
        elif isinstance(event, Comment.Edited):
            await conn.execute(f"UPDATE {self.comments} SET body = $2 WHERE comment_id = $1",
                               oid, event.body)
        elif isinstance(event, Comment.Deleted):
            row = await conn.fetchrow(
                f"UPDATE {self.comments} SET deleted = true, body = '' WHERE comment_id = $1"
                " RETURNING idea_id, author_id, official, posted_at", oid)
            await conn.execute(f"UPDATE {self.ideas} SET comments = comments - 1"
                               " WHERE idea_id = $1", row["idea_id"])
            if not row["official"]:
                await self._credit(conn, tenant, row["author_id"], row["posted_at"],
                                   "comments", -1)
        elif isinstance(event, Comment.Hidden | Comment.Restored):
            await conn.execute(f"UPDATE {self.comments} SET hidden = $2, held = held AND $2"
                               " WHERE comment_id = $1", oid, isinstance(event, Comment.Hidden))
        elif isinstance(event, Comment.VoteChanged):
            await self._ballot(conn, "comments", oid, event)
        elif isinstance(event, Category.Defined):
            await conn.execute(f"INSERT INTO {self.categories} VALUES ($1, $2, $3, $4)"
                               " ON CONFLICT DO NOTHING", tenant, event.category,
                               event.description, oid)
        elif isinstance(event, Category.Redescribed):
            await conn.execute(f"UPDATE {self.categories} SET description = $2"
                               " WHERE category_id = $1", oid, event.description)
        elif isinstance(event, AbuseReport.Filed):
            await conn.execute(f"INSERT INTO {self.reports} VALUES ($1, $2, $3, 1)"
                               " ON CONFLICT (tenant, target_id) DO UPDATE"
                               f" SET reports = {self.reports}.reports + 1", tenant,
                               event.target_id, event.target)
        elif isinstance(event, Campaign.Launched):
            await conn.execute(f"INSERT INTO {self.campaigns} VALUES ($1, $2, $3, $4, $5, $6,"
                               " $7) ON CONFLICT DO NOTHING", tenant, oid, event.title,
                               event.question, event.category, event.starts_at, event.ends_at)

    async def _ballot(self, conn: Conn, post: str, post_id: UUID,
                      event: Any) -> asyncpg.Record:
        """Records a vote change on an idea or a comment (`post`: ideas or comments) and
        moves the post's counts; returns the post's row."""
        votes, key = ((self.votes, "idea_id") if post == "ideas"
                      else (self.comment_votes, "comment_id"))
        if event.vote is None:
            await conn.execute(f"DELETE FROM {votes} WHERE {key} = $1 AND voter_id = $2",
                               post_id, event.voter_id)
        else:
            await conn.execute(f"INSERT INTO {votes} VALUES ($1, $2, $3) ON CONFLICT"
                               f" ({key}, voter_id) DO UPDATE SET vote = excluded.vote",
                               post_id, event.voter_id, event.vote)
        up = (event.vote == Vote.UP) - (event.previous_vote == Vote.UP)
        down = (event.vote == Vote.DOWN) - (event.previous_vote == Vote.DOWN)
        return await conn.fetchrow(
            f"UPDATE {self.s}.{post} SET up = up + $2, down = down + $3 WHERE {key} = $1"
            " RETURNING *, $2::int AS up_delta", post_id, up, down)


class Inbox:
    """Each customer's notifications ("what happened to the ideas I supported?")."""

    name = "inbox"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.inbox"
        self.ideas = f"{schema}.ideas"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id uuid NOT NULL, notification_id uuid PRIMARY KEY,
            idea_id uuid NOT NULL, kind text NOT NULL, status text NOT NULL,
            message text NOT NULL, roles text[] NOT NULL, channels text[] NOT NULL,
            at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS inbox_of ON {self.table}
                (tenant, customer_id, at DESC, notification_id)""")

    async def apply(self, conn: Conn, event: Any, record: RecordedEvent) -> None:
        if isinstance(event, Notification.Issued):
            await conn.execute(
                f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                " ON CONFLICT DO NOTHING", record.metadata.tenant, event.customer_id,
                event.originator_id, event.idea_id, event.kind, event.status, event.message,
                event.roles, event.channels, record.recorded_at)

    async def page(self, pool: asyncpg.Pool, tenant: str, customer_id: UUID,
                   after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        cursor, args = "", [tenant, customer_id, limit]
        if after is not None:
            cursor = " AND (at < $4 OR (at = $4 AND notification_id > $5))"
            args += list(after)
        return await pool.fetch(f"SELECT n.*, i.title FROM {self.table} n LEFT JOIN"
                                f" {self.ideas} i ON i.idea_id = n.idea_id"
                                f" WHERE n.tenant = $1 AND n.customer_id = $2{cursor}"
                                " ORDER BY at DESC, notification_id LIMIT $3", *args)


# Sort keys of the rankings (all descending, ties broken by idea id).
# The raw indexed columns (an expression such as score::float8 would not use the index).
ORDERS = {"top": "score", "trending": "trending", "newest": "epoch",
          "most_discussed": "comments"}
INTEGER_ORDERS = {"top", "most_discussed"}


class BoardQueries:
    """The queries the API answers from the board."""

    def __init__(self, board: Board, pool: asyncpg.Pool) -> None:
        self.b, self.pool = board, pool

    async def idea(self, tenant: str, idea_id: UUID) -> asyncpg.Record | None:
        return await self.pool.fetchrow(f"SELECT * FROM {self.b.ideas} WHERE tenant = $1"
                                        " AND idea_id = $2", tenant, idea_id)

    async def ideas(self, tenant: str, order: str, filters: dict[str, Any],
                    after: tuple[float, UUID] | None, limit: int) -> list[asyncpg.Record]:
        """A page of visible ideas, ranked by `order` (or by relevance to `query`), each row
        with its sort key as `k`."""
        args: list[Any] = [tenant]

        def arg(value: Any) -> str:
            args.append(value)
            return f"${len(args)}"

        where = ["tenant = $1", "NOT hidden"]
        if not filters.get("status"):
            where.append("status NOT IN ('duplicate', 'withdrawn')")  # unless asked for
        for column in ("status", "category", "campaign_id"):
            if filters.get(column):
                where.append(f"{column} = {arg(filters[column])}")
        if filters.get("query"):
            q = arg(filters["query"])
            match = (f"(websearch_to_tsquery('english', {q})"
                     f" || websearch_to_tsquery('french', {q}))")
            where.append(f"tsv @@ {match}")
            key = ORDERS[order] if order != "relevance" else f"ts_rank(tsv, {match})::float8"
        else:
            key = ORDERS[order]
        if after is not None:
            k = arg(int(after[0]) if order in INTEGER_ORDERS else after[0])
            i = arg(after[1])
            where.append(f"({key} < {k} OR ({key} = {k} AND idea_id > {i}))")
        return await self.pool.fetch(
            f"SELECT *, {key} AS k FROM {self.b.ideas} WHERE {' AND '.join(where)}"
            f" ORDER BY k DESC, idea_id LIMIT {arg(limit)}", *args)

    async def similar(self, tenant: str, title: str, limit: int,
                      excluding: UUID | None = None) -> list[asyncpg.Record]:
        """Likely duplicates of a title: the 50 closest titles by trigrams (any language,
        typo-tolerant, index-backed), kept when close enough or sharing a stemmed word
        (English or French), scored by trigram similarity plus text rank."""
        return await self.pool.fetch(
            f"""WITH q AS MATERIALIZED (SELECT
                    to_tsquery('english', replace(plainto_tsquery('english', $2)::text,
                                                  '&', '|'))
                    || to_tsquery('french', replace(plainto_tsquery('french', $2)::text,
                                                    '&', '|')) AS words),
            candidates AS (SELECT idea_id, title, tsv, similarity(title, $2) AS sim
                FROM {self.b.ideas}
                WHERE tenant = $1 AND NOT hidden AND status NOT IN ('duplicate', 'withdrawn')
                  AND idea_id IS DISTINCT FROM $4
                ORDER BY title <-> $2 LIMIT 50)
            SELECT idea_id, title, least(1.0, sim + ts_rank(tsv, q.words)) AS similarity
            FROM candidates, q WHERE sim >= 0.2 OR tsv @@ q.words
            ORDER BY similarity DESC, idea_id LIMIT $3""", tenant, title, limit, excluding)

    async def comments(self, tenant: str, idea_id: UUID,
                       after: tuple[datetime, datetime, UUID] | None, limit: int,
                       moderator: bool) -> list[asyncpg.Record]:
        """Comments oldest first, each reply right after its comment: ordered by the time of
        the thread's first comment, then by its own (the keyset cursor is that triple)."""
        args: list[Any] = [tenant, idea_id, limit]
        cursor = ""
        if after is not None:
            cursor = " AND (thread_at, posted_at, comment_id) > ($4, $5, $6)"
            args += list(after)
        shown = "" if moderator else " AND NOT c.hidden"
        return await self.pool.fetch(
            f"""SELECT * FROM (SELECT c.*, coalesce(p.posted_at, c.posted_at) AS thread_at
                FROM {self.b.comments} c LEFT JOIN {self.b.comments} p
                    ON p.comment_id = c.parent_id
                WHERE c.tenant = $1 AND c.idea_id = $2{shown}) t
            WHERE true{cursor} ORDER BY thread_at, posted_at, comment_id LIMIT $3""", *args)

    async def categories(self, tenant: str) -> list[asyncpg.Record]:
        return await self.pool.fetch(f"SELECT category, description FROM {self.b.categories}"
                                     " WHERE tenant = $1 ORDER BY category", tenant)

    async def campaigns(self, tenant: str, open_at: datetime | None) -> list[asyncpg.Record]:
        when = " AND starts_at <= $2 AND ends_at > $2" if open_at else ""
        return await self.pool.fetch(
            f"SELECT * FROM {self.b.campaigns} WHERE tenant = $1{when} ORDER BY starts_at",
            tenant, *([open_at] if open_at else []))

    async def moderation_queue(self, tenant: str) -> list[asyncpg.Record]:
        """Held posts, and reported posts still shown, most reported first."""
        return await self.pool.fetch(
            f"""SELECT i.idea_id, NULL::uuid AS comment_id,
                    CASE WHEN i.held THEN 'held' ELSE 'reported' END AS why,
                    coalesce(r.reports, 0) AS reports, left(i.title, 120) AS excerpt
                FROM {self.b.ideas} i LEFT JOIN {self.b.reports} r
                    ON r.tenant = i.tenant AND r.target_id = i.idea_id
                WHERE i.tenant = $1 AND (i.held OR (r.reports > 0 AND NOT i.hidden))
            UNION ALL
            SELECT c.idea_id, c.comment_id,
                    CASE WHEN c.held THEN 'held' ELSE 'reported' END,
                    coalesce(r.reports, 0), left(c.body, 120)
                FROM {self.b.comments} c LEFT JOIN {self.b.reports} r
                    ON r.tenant = c.tenant AND r.target_id = c.comment_id
                WHERE c.tenant = $1 AND NOT c.deleted
                  AND (c.held OR (r.reports > 0 AND NOT c.hidden))
            ORDER BY reports DESC, idea_id, comment_id NULLS FIRST LIMIT 500""", tenant)

    async def leaderboard(self, tenant: str, month: str | None,
                          limit: int) -> list[asyncpg.Record]:
        when = " AND month = $3" if month else ""
        return await self.pool.fetch(
            f"""SELECT customer_id, sum(ideas) AS ideas, sum(votes_received) AS votes_received,
                    sum(comments) AS comments, sum(implemented) AS implemented,
                    sum({POINTS}) AS points
                FROM {self.b.contributions} WHERE tenant = $1{when}
                GROUP BY customer_id ORDER BY points DESC, customer_id LIMIT $2""",
            tenant, limit, *([month] if month else []))

    async def of_customer(self, tenant: str, customer_id: UUID) -> dict[str, list[Any]]:
        """What the board holds about a customer (right of access)."""
        b, cid = self.b, customer_id
        return {
            "ideas": await self.pool.fetch(f"SELECT * FROM {b.ideas} WHERE tenant = $1"
                                           " AND author_id = $2 ORDER BY epoch", tenant, cid),
            "comments": await self.pool.fetch(
                f"SELECT * FROM {b.comments} WHERE tenant = $1 AND author_id = $2"
                " ORDER BY posted_at", tenant, str(cid)),
            "votes": await self.pool.fetch(
                f"SELECT v.idea_id, NULL::uuid AS comment_id, v.vote FROM {b.votes} v"
                f" JOIN {b.ideas} i USING (idea_id) WHERE i.tenant = $1 AND v.voter_id = $2"
                f" UNION ALL SELECT c.idea_id, v.comment_id, v.vote FROM {b.comment_votes} v"
                f" JOIN {b.comments} c USING (comment_id) WHERE c.tenant = $1"
                " AND v.voter_id = $2", tenant, cid),
        }
