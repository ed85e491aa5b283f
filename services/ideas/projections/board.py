"""The board: ideas, comments, votes, categories, campaigns, the contributors' leaderboard
and abuse reports, fed by ideas' own events."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus import search
from chorus.db import Conn
from chorus.handlers import Context, columns, on, on_many
from chorus.privacy.clear_text import unsampled
from chorus.projections.readers import Projection
from services.ideas.domain.comment import Comment
from services.ideas.domain.community import AbuseReport, Campaign, Category
from services.ideas.domain.idea import Idea, Status
from services.ideas.domain.post import Vote

# Points of the ambassadors' club (documented in the API).
POINTS = "ideas * 5 + votes_received + comments * 2 + implemented * 50"


def month_of(at: datetime) -> str:
    return at.strftime("%Y-%m")


class Board(Projection):
    """Everything the community sees and moderators work on, in one projection so a change
    and its consequences (counts, leaderboard) are applied in one transaction."""

    name = "board"

    def __init__(self, schema: str) -> None:
        self.s = schema
        self.ideas, self.votes = f"{schema}.ideas", f"{schema}.idea_votes"
        # An idea's words live apart from its counts: a vote or a comment rewrites the idea's
        # row, and with the words in it each rewrite added entries to the text and trigram
        # indexes, which the duplicate lookup then walked (docs/operating.md, Benchmarks).
        self.texts = f"{schema}.idea_texts"
        # An idea with its words, for the queries (a subquery PostgreSQL flattens into the join).
        self.listed = (f"(SELECT i.*, t.title, t.body FROM {self.ideas} i"
                       f" JOIN {self.texts} t USING (idea_id))")
        self.comments, self.comment_votes = f"{schema}.comments", f"{schema}.comment_votes"
        self.categories, self.campaigns = f"{schema}.categories", f"{schema}.campaigns"
        self.contributions = f"{schema}.contributions"
        self.reports = f"{schema}.abuse_reports"
        self.tables = [self.ideas, self.texts, self.votes, self.comments, self.comment_votes,
                       self.categories, self.campaigns, self.contributions, self.reports]

    async def setup(self, conn: Conn) -> None:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # in its setup turn
        before_split = await conn.fetchval(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = $1"
            " AND table_name = 'ideas' AND column_name = 'tsv'", self.s)
        if before_split:  # made by a version that kept the words in the ideas' rows
            await conn.execute(f"ALTER TABLE {self.ideas} RENAME TO ideas_before_split")
        await conn.execute(f"""
        CREATE TABLE IF NOT EXISTS {self.ideas} (
            tenant text NOT NULL, idea_id uuid PRIMARY KEY, author_id uuid NOT NULL,
            category text NOT NULL, campaign_id uuid,
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
                sign(up - down) * log(greatest(abs(up - down), 1)) + epoch / 45000.0) STORED);
        CREATE TABLE IF NOT EXISTS {self.texts} (
            idea_id uuid PRIMARY KEY, title text NOT NULL, body text NOT NULL,
            tsv tsvector GENERATED ALWAYS AS ({search.words("title || ' ' || body")}) STORED)""")
        if before_split:
            await self._split(conn)
        await conn.execute(f"""
        CREATE INDEX IF NOT EXISTS ideas_top ON {self.ideas} (tenant, score DESC, idea_id)
            WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_trending ON {self.ideas}
            (tenant, trending DESC, idea_id) WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_newest ON {self.ideas} (tenant, epoch DESC, idea_id)
            WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_discussed ON {self.ideas}
            (tenant, comments DESC, idea_id) WHERE NOT hidden;
        CREATE INDEX IF NOT EXISTS ideas_search ON {self.texts} USING gin (tsv);
        CREATE INDEX IF NOT EXISTS ideas_title_trgm_gist ON {self.texts}
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
            reports integer NOT NULL, PRIMARY KEY (tenant, target_id));
        {unsampled(self.texts, "title", "body")};
        {unsampled(self.comments, "body")}""")

    async def _split(self, conn: Conn) -> None:
        """Moves the rows of the layout before the split into the two tables, and drops the
        old table (its files, and the dropped words' old row versions with them)."""
        counts = ("tenant, idea_id, author_id, category, campaign_id, status, explanation,"
                  " duplicate_of, up, down, comments, submitted_at, epoch, hidden, held")
        await conn.execute(f"""
            INSERT INTO {self.ideas} ({counts}) SELECT {counts} FROM {self.s}.ideas_before_split;
            INSERT INTO {self.texts} (idea_id, title, body)
                SELECT idea_id, title, body FROM {self.s}.ideas_before_split;
            DROP TABLE {self.s}.ideas_before_split""")

    async def _credit(self, conn: Conn, tenant: str, customer: Any, at: datetime,
                      column: str, delta: int) -> None:
        """Adds to a contributor's monthly counts (customers only: the brand's staff have no
        customer id and are not ranked)."""
        await self._credit_many(conn, column, Counter({(tenant, customer, month_of(at)): delta}))

    async def _credit_many(self, conn: Conn, column: str,
                           credits: Counter[tuple[str, Any, str]]) -> None:
        """`_credit` for many (tenant, customer, month) at once, in one statement."""
        rows = []
        for (tenant, customer, month), delta in credits.items():
            with contextlib.suppress(ValueError):
                rows.append((tenant, UUID(str(customer)), month, delta))
        if rows:
            await conn.execute(
                f"INSERT INTO {self.contributions} (tenant, customer_id, month, {column})"
                " SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int[])"
                " ON CONFLICT (tenant, month, customer_id)"
                f" DO UPDATE SET {column} = {self.contributions}.{column} + excluded.{column}",
                *map(list, zip(*rows, strict=True)))

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

    # -- ideas ---------------------------------------------------------------------------

    @on(Idea.Submitted)
    async def submitted(self, ctx: Context, event: Idea.Submitted) -> None:
        at = ctx.at
        await ctx.conn.execute(
            f"WITH i AS (INSERT INTO {self.ideas} (tenant, idea_id, author_id, category,"
            " campaign_id, submitted_at, epoch, hidden, held) VALUES ($1, $2, $3, $6, $7, $8,"
            " $9, $10, $10) ON CONFLICT DO NOTHING RETURNING idea_id)"
            f" INSERT INTO {self.texts} SELECT idea_id, $4, $5 FROM i", ctx.tenant,
            event.originator_id, event.author_id, event.title, event.body, event.category,
            event.campaign_id, at, at.timestamp(), event.held)
        await self._credit(ctx.conn, ctx.tenant, event.author_id, at, "ideas", 1)

    @on_many(Idea.Imported)
    async def ideas_imported(self, items: list[tuple[Context, Idea.Imported]]) -> None:
        """A run of imported ideas, each at its original time and status, set-based."""
        conn = items[0][0].conn
        await conn.execute(
            f"WITH u AS (SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[],"
            " $5::text[], $6::text[], $7::uuid[], $8::timestamptz[], $9::bool[], $10::text[],"
            " $11::text[]) AS u(t, i, a, ti, b, c, ca, at, h, st, ex)),"
            f" made AS (INSERT INTO {self.ideas} (tenant, idea_id, author_id, category,"
            " campaign_id, submitted_at, epoch, hidden, held, status, explanation)"
            " SELECT t, i, a, c, ca, at, extract(epoch FROM at), h, h, st, ex FROM u"
            " ON CONFLICT DO NOTHING RETURNING idea_id)"
            f" INSERT INTO {self.texts} SELECT i, ti, b FROM u JOIN made ON made.idea_id = u.i",
            *columns(items, "originator_id", "author_id", "title", "body", "category",
                     "campaign_id", "occurred_at", "held", "status", "explanation"))
        for column, counted in (("ideas", items), ("implemented", [
                (ctx, e) for ctx, e in items if e.status == Status.IMPLEMENTED])):
            await self._credit_many(conn, column, Counter(
                (ctx.tenant, e.author_id, month_of(e.occurred_at)) for ctx, e in counted))

    @on(Idea.Edited)
    async def edited(self, ctx: Context, event: Idea.Edited) -> None:
        await ctx.conn.execute(f"UPDATE {self.texts} SET title = $2, body = $3"
                               " WHERE idea_id = $1", event.originator_id, event.title,
                               event.body)

    @on(Idea.Withdrawn)
    async def withdrawn(self, ctx: Context, event: Idea.Withdrawn) -> None:
        await ctx.conn.execute(f"UPDATE {self.ideas} SET status = 'withdrawn'"
                               " WHERE idea_id = $1", event.originator_id)

    @on(Idea.StatusChanged)
    async def status_changed(self, ctx: Context, event: Idea.StatusChanged) -> None:
        author = await ctx.conn.fetchval(
            f"UPDATE {self.ideas} SET status = $2, explanation = $3 WHERE idea_id = $1"
            " RETURNING author_id", event.originator_id, event.status, event.explanation)
        if Status.IMPLEMENTED in (event.status, event.previous_status):
            await self._credit(ctx.conn, ctx.tenant, author, ctx.at, "implemented",
                               1 if event.status == Status.IMPLEMENTED else -1)

    @on(Idea.VoteChanged)
    async def idea_vote_changed(self, ctx: Context, event: Idea.VoteChanged) -> None:
        idea = await self._ballot(ctx.conn, "ideas", event.originator_id, event)
        if idea["up_delta"]:
            await self._credit(ctx.conn, ctx.tenant, idea["author_id"], ctx.at,
                               "votes_received", idea["up_delta"])

    @on_many(Idea.VoteImported)
    async def votes_imported(self, items: list[tuple[Context, Idea.VoteImported]]) -> None:
        """A run of imported votes (each a voter's first on the idea), set-based."""
        conn = items[0][0].conn
        votes = {(e.originator_id, e.voter_id): e.vote for _, e in items}
        await conn.execute(
            f"INSERT INTO {self.votes} SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])"
            " ON CONFLICT (idea_id, voter_id) DO UPDATE SET vote = excluded.vote",
            [i for i, _ in votes], [v for _, v in votes], list(votes.values()))
        counts: dict[UUID, list[int]] = {}
        for _, e in items:
            counts.setdefault(e.originator_id, [0, 0])[e.vote != Vote.UP] += 1
        rows = await conn.fetch(
            f"UPDATE {self.ideas} i SET up = i.up + d.up, down = i.down + d.down FROM"
            " unnest($1::uuid[], $2::int[], $3::int[]) AS d(idea_id, up, down)"
            " WHERE i.idea_id = d.idea_id RETURNING i.idea_id, i.author_id", list(counts),
            [c[0] for c in counts.values()], [c[1] for c in counts.values()])
        author = {r["idea_id"]: r["author_id"] for r in rows}
        await self._credit_many(conn, "votes_received", Counter(
            (ctx.tenant, author[e.originator_id], month_of(e.occurred_at))
            for ctx, e in items if e.vote == Vote.UP and e.originator_id in author))

    @on(Idea.MergedInto)
    async def merged_into(self, ctx: Context, event: Idea.MergedInto) -> None:
        oid = event.originator_id
        await ctx.conn.execute(f"UPDATE {self.ideas} SET status = 'duplicate',"
                               " duplicate_of = $2, up = 0, down = 0, comments = 0"
                               " WHERE idea_id = $1", oid, event.survivor_id)
        await ctx.conn.execute(f"DELETE FROM {self.votes} WHERE idea_id = $1", oid)
        await ctx.conn.execute(f"UPDATE {self.comments} SET idea_id = $2 WHERE idea_id = $1",
                               oid, event.survivor_id)

    @on(Idea.Absorbed)
    async def absorbed(self, ctx: Context, event: Idea.Absorbed) -> None:
        oid = event.originator_id
        await ctx.conn.execute(
            f"INSERT INTO {self.votes} SELECT $1, v, c FROM unnest($2::uuid[], $3::text[])"
            " AS u(v, c) ON CONFLICT DO NOTHING", oid,
            [UUID(voter) for voter in event.moved_votes], list(event.moved_votes.values()))
        await ctx.conn.execute(
            f"UPDATE {self.ideas} i SET up = v.up, down = v.down, comments = c.n"
            f" FROM (SELECT count(*) FILTER (WHERE vote = 'up') AS up,"
            f" count(*) FILTER (WHERE vote = 'down') AS down FROM {self.votes}"
            f" WHERE idea_id = $1) v, (SELECT count(*) AS n FROM {self.comments}"
            f" WHERE idea_id = $1 AND NOT deleted) c WHERE i.idea_id = $1", oid)

    @on(Idea.Hidden, Idea.Restored, Comment.Hidden, Comment.Restored)
    async def moderated(self, ctx: Context, event: Any) -> None:
        table, key = ((self.ideas, "idea_id") if isinstance(event, Idea.Hidden | Idea.Restored)
                      else (self.comments, "comment_id"))
        await ctx.conn.execute(f"UPDATE {table} SET hidden = $2, held = held AND $2"
                               f" WHERE {key} = $1", event.originator_id,
                               isinstance(event, Idea.Hidden | Comment.Hidden))

    # -- comments ------------------------------------------------------------------------

    @on_many(Comment.Imported)
    async def comments_imported(self, items: list[tuple[Context, Comment.Imported]]) -> None:
        """A run of imported comments (on ideas imported, so not merged), set-based."""
        await self._comments_added(items, [e.occurred_at for _, e in items])

    @on_many(Comment.Posted)
    async def posted(self, items: list[tuple[Context, Comment.Posted]]) -> None:
        """A run of posted comments, set-based (under load the log holds long runs of them)."""
        await self._comments_added(items, [ctx.at for ctx, _ in items])

    async def _comments_added(self, items: list[tuple[Context, Any]],
                              posted_at: list[datetime]) -> None:
        conn = items[0][0].conn
        await conn.execute(
            f"INSERT INTO {self.comments} (tenant, comment_id, idea_id, parent_id, author_id,"
            " body, official, posted_at, hidden, held) SELECT t, c, i, p, a, b, o, at, h, h"
            " FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[],"
            " $6::text[], $7::bool[], $8::timestamptz[], $9::bool[])"
            " AS u(t, c, i, p, a, b, o, at, h) ON CONFLICT DO NOTHING",
            *columns(items, "originator_id", "idea_id", "parent_id", "author_id", "body",
                     "official"), posted_at, [e.held for _, e in items])
        # A comment counts on the idea it is on now (the survivor, after a merge).
        await conn.execute(
            f"UPDATE {self.ideas} i SET comments = i.comments + d.n FROM (SELECT idea_id,"
            f" count(*)::int AS n FROM {self.comments} WHERE comment_id = ANY($1::uuid[])"
            " GROUP BY idea_id) d WHERE i.idea_id = d.idea_id",
            [e.originator_id for _, e in items])
        await self._credit_many(conn, "comments", Counter(
            (ctx.tenant, e.author_id, month_of(at)) for (ctx, e), at
            in zip(items, posted_at, strict=True) if not e.official))

    @on(Comment.Edited)
    async def comment_edited(self, ctx: Context, event: Comment.Edited) -> None:
        await ctx.conn.execute(f"UPDATE {self.comments} SET body = $2 WHERE comment_id = $1",
                               event.originator_id, event.body)

    @on(Comment.Deleted)
    async def comment_deleted(self, ctx: Context, event: Comment.Deleted) -> None:
        row = await ctx.conn.fetchrow(
            f"UPDATE {self.comments} SET deleted = true, body = '' WHERE comment_id = $1"
            " RETURNING idea_id, author_id, official, posted_at", event.originator_id)
        await ctx.conn.execute(f"UPDATE {self.ideas} SET comments = comments - 1"
                               " WHERE idea_id = $1", row["idea_id"])
        if not row["official"]:
            await self._credit(ctx.conn, ctx.tenant, row["author_id"], row["posted_at"],
                               "comments", -1)

    @on(Comment.VoteChanged)
    async def comment_vote_changed(self, ctx: Context, event: Comment.VoteChanged) -> None:
        await self._ballot(ctx.conn, "comments", event.originator_id, event)

    # -- the community's settings --------------------------------------------------------

    @on(Category.Defined)
    async def category_defined(self, ctx: Context, event: Category.Defined) -> None:
        await ctx.conn.execute(f"INSERT INTO {self.categories} VALUES ($1, $2, $3, $4)"
                               " ON CONFLICT DO NOTHING", ctx.tenant, event.category,
                               event.description, event.originator_id)

    @on(Category.Redescribed)
    async def category_redescribed(self, ctx: Context, event: Category.Redescribed) -> None:
        await ctx.conn.execute(f"UPDATE {self.categories} SET description = $2"
                               " WHERE category_id = $1", event.originator_id,
                               event.description)

    @on(AbuseReport.Filed)
    async def reported(self, ctx: Context, event: AbuseReport.Filed) -> None:
        await ctx.conn.execute(f"INSERT INTO {self.reports} VALUES ($1, $2, $3, 1)"
                               " ON CONFLICT (tenant, target_id) DO UPDATE"
                               f" SET reports = {self.reports}.reports + 1", ctx.tenant,
                               event.target_id, event.target)

    @on(Campaign.Launched)
    async def campaign_launched(self, ctx: Context, event: Campaign.Launched) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.campaigns} VALUES ($1, $2, $3, $4, $5, $6, $7)"
            " ON CONFLICT DO NOTHING", ctx.tenant, event.originator_id, event.title,
            event.question, event.category, event.starts_at, event.ends_at)

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        """Erasure: the customer's texts leave the board (the events keep them only
        encrypted under the shredded key); their votes stay, anonymous, so counts hold."""
        ideas = await conn.fetchval(
            f"WITH e AS (UPDATE {self.texts} t SET title = '[erased]', body = ''"
            f" FROM {self.ideas} i WHERE i.idea_id = t.idea_id AND i.tenant = $1"
            " AND i.author_id = $2 RETURNING 1) SELECT count(*) FROM e",
            tenant, UUID(customer_id))
        comments = await conn.fetchval(
            f"WITH e AS (UPDATE {self.comments} SET body = '' WHERE tenant = $1"
            " AND author_id = $2 RETURNING 1) SELECT count(*) FROM e", tenant, customer_id)
        return [f"{self.texts}/{ideas} texts", f"{self.comments}/{comments} texts"]
