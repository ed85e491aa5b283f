"""The queries ideas answers from its read models."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from chorus import search
from chorus.db import SqlParams
from services.ideas.projections.board import POINTS, Board
from services.ideas.projections.inbox import Inbox

# Sort keys of the rankings (all descending, ties broken by idea id).
# The raw indexed columns (an expression such as score::float8 would not use the index).
ORDERS = {"top": "score", "trending": "trending", "newest": "epoch",
          "most_discussed": "comments"}
INTEGER_ORDERS = {"top", "most_discussed"}


class BoardQueries:
    """The queries the API answers from the board and the inbox."""

    def __init__(self, board: Board, inbox: Inbox, pool: asyncpg.Pool) -> None:
        self.b, self.pool = board, pool
        self.inbox_table = inbox.table

    async def inbox(self, tenant: str, customer_id: UUID,
                    after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        """A customer's notifications, newest first, with the idea's title."""
        cursor, args = "", [tenant, customer_id, limit]
        if after is not None:
            cursor = " AND (at < $4 OR (at = $4 AND notification_id > $5))"
            args += list(after)
        return await self.pool.fetch(f"SELECT n.*, t.title FROM {self.inbox_table} n LEFT JOIN"
                                     f" {self.b.texts} t ON t.idea_id = n.idea_id"
                                     f" WHERE n.tenant = $1 AND n.customer_id = $2{cursor}"
                                     " ORDER BY at DESC, notification_id LIMIT $3", *args)

    async def idea(self, tenant: str, idea_id: UUID) -> asyncpg.Record | None:
        return await self.pool.fetchrow(f"SELECT * FROM {self.b.listed} i WHERE tenant = $1"
                                        " AND idea_id = $2", tenant, idea_id)

    async def idea_following_merges(self, tenant: str,
                                    idea_id: UUID) -> asyncpg.Record | None:
        """The idea, or the one it was merged into (and so on): the last of the chain, with
        `hops` the number of merges followed."""
        return await self.pool.fetchrow(
            f"""WITH RECURSIVE chain AS (
                SELECT i.*, 0 AS hops FROM {self.b.listed} i WHERE tenant = $1 AND idea_id = $2
                UNION ALL
                SELECT i.*, c.hops + 1 FROM {self.b.listed} i JOIN chain c
                    ON i.idea_id = c.duplicate_of AND i.tenant = c.tenant
                WHERE c.hops < 100)
            SELECT * FROM chain ORDER BY hops DESC LIMIT 1""", tenant, idea_id)

    async def ideas(self, tenant: str, order: str, filters: dict[str, Any],
                    after: tuple[float, UUID] | None, limit: int) -> list[asyncpg.Record]:
        """A page of visible ideas, ranked by `order` (or by relevance to `query`), each row
        with its sort key as `k`. The page is ranked on the ideas' counts (their indexes) and
        only its rows are joined to their words, unless words are searched."""
        args = arg = SqlParams([tenant])
        ranked = f"{self.b.ideas} i"

        where = ["tenant = $1", "NOT hidden"]
        if not filters.get("status"):
            where.append("status NOT IN ('duplicate', 'withdrawn')")  # unless asked for
        for column in ("status", "category", "campaign_id"):
            if filters.get(column):
                where.append(f"{column} = {arg(filters[column])}")
        if filters.get("query"):
            q = arg(filters["query"])
            match = search.matching(q)
            ranked += f" JOIN {self.b.texts} t USING (idea_id)"
            where.append(f"tsv @@ {match}")
            key = ORDERS[order] if order != "relevance" else f"ts_rank(tsv, {match})::float8"
        else:
            key = ORDERS[order]
        if after is not None:
            k = arg(int(after[0]) if order in INTEGER_ORDERS else after[0])
            i = arg(after[1])
            where.append(f"({key} < {k} OR ({key} = {k} AND idea_id > {i}))")
        page = (f"SELECT i.*, {key} AS k FROM {ranked} WHERE {' AND '.join(where)}"
                f" ORDER BY k DESC, idea_id LIMIT {arg(limit)}")
        # Each row of the page looks its words up by key (OFFSET 0: not turned into a join
        # that PostgreSQL may answer by reading every idea's words).
        return await self.pool.fetch(
            f"SELECT p.*, t.title, t.body FROM ({page}) p, LATERAL (SELECT title, body FROM"
            f" {self.b.texts} x WHERE x.idea_id = p.idea_id OFFSET 0) t"
            " ORDER BY p.k DESC, p.idea_id", *args)

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
                FROM {self.b.texts} t JOIN {self.b.ideas} i USING (idea_id)
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
                FROM {self.b.listed} i LEFT JOIN {self.b.reports} r
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
            "ideas": await self.pool.fetch(f"SELECT * FROM {b.listed} i WHERE tenant = $1"
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
