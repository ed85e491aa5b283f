"""The queries reputation answers from its read models: mentions (filtered, searched),
timelines and authors."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from services.reputation.projections import Mentions, MentionSearch

# Producer tiers (identity's definitions, scaled to the period): mentions a week.
WEEK = timedelta(days=7)


class MentionQueries:
    def __init__(self, mentions: Mentions, search: MentionSearch, pool: asyncpg.Pool) -> None:
        self.m, self.search_index, self.pool = mentions, search, pool

    async def mention(self, tenant: str, mention_id: UUID) -> asyncpg.Record | None:
        return await self.pool.fetchrow(f"SELECT * FROM {self.m.table} WHERE tenant = $1"
                                        " AND mention_id = $2", tenant, mention_id)

    async def mentions(self, tenant: str, filters: dict[str, Any],
                       after: tuple[datetime, UUID] | None,
                       limit: int) -> list[asyncpg.Record]:
        """Mentions newest first, filtered, and searched when `query` is given."""
        args: list[Any] = [tenant]

        def arg(value: Any) -> str:
            args.append(value)
            return f"${len(args)}"

        where = ["m.tenant = $1"]
        for column in ("network", "language", "sentiment", "intent", "author_profile_id"):
            if filters.get(column):
                where.append(f"m.{column} = {arg(filters[column])}")
        if filters.get("term"):
            where.append(f"m.terms @> ARRAY[{arg(filters['term'])}]::text[]")
        if filters.get("from"):
            where.append(f"m.published_at >= {arg(filters['from'])}")
        if filters.get("to"):
            where.append(f"m.published_at < {arg(filters['to'])}")
        if filters.get("query"):
            q = arg(filters["query"])
            where.append(
                f"m.mention_id IN (SELECT mention_id FROM {self.search_index.table} s WHERE"
                f" s.tenant = $1 AND s.words @@ (websearch_to_tsquery('english', {q})"
                f" || websearch_to_tsquery('french', {q})))")
        if after is not None:
            where.append(f"(m.published_at, m.mention_id) < ({arg(after[0])}, {arg(after[1])})")
        return await self.pool.fetch(
            f"SELECT m.* FROM {self.m.table} m WHERE {' AND '.join(where)}"
            f" ORDER BY m.published_at DESC, m.mention_id DESC LIMIT {arg(limit)}", *args)

    async def timeline(self, tenant: str, start: datetime, end: datetime, bucket: timedelta,
                       term: str, network: str) -> list[asyncpg.Record]:
        args: list[Any] = [tenant, start, end, bucket]
        where = "tenant = $1 AND published_at >= $2 AND published_at < $3"
        if term:
            args.append(term)
            where += f" AND terms @> ARRAY[${len(args)}]::text[]"
        if network:
            args.append(network)
            where += f" AND network = ${len(args)}"
        return await self.pool.fetch(
            f"""SELECT date_bin($4, published_at, $2) AS start, count(*) AS mentions,
                count(*) FILTER (WHERE sentiment = 'negative') AS negative,
                count(*) FILTER (WHERE sentiment = 'neutral') AS neutral,
                count(*) FILTER (WHERE sentiment = 'positive') AS positive,
                coalesce(sum(likes + shares + comments), 0)::bigint AS engagement
            FROM {self.m.table} WHERE {where} GROUP BY 1 ORDER BY 1""", *args)

    async def authors(self, tenant: str, start: datetime, end: datetime, filter_: str,
                      limit: int) -> list[asyncpg.Record]:
        """Authors over the period by influence: followers x engagement per mention x
        regularity (the share of the period's weeks with a mention). Ambassadors: regular
        (a mention most weeks) and mostly positive; detractors: regular and mostly
        negative."""
        weeks = max(1.0, (end - start) / WEEK)
        having = {"ambassadors": " AND positive_share > 0.5 AND regularity >= 0.5",
                  "detractors": " AND negative_share > 0.5 AND regularity >= 0.5"}.get(
            filter_, "")
        return await self.pool.fetch(
            f"""WITH per_author AS (
                SELECT author_profile_id, network, max(author_followers) AS followers,
                    count(*) AS mentions, sum(likes + shares + comments)::bigint AS engagement,
                    avg((sentiment = 'positive')::int) AS positive_share,
                    avg((sentiment = 'negative')::int) AS negative_share,
                    least(1.0, count(DISTINCT date_bin('7 days', published_at, $2)) / $4)
                        AS regularity,
                    (array_agg(author_handle ORDER BY published_at DESC))[1] AS author_handle,
                    (array_agg(sealed_for ORDER BY published_at DESC))[1] AS sealed_for
                FROM {self.m.table} WHERE tenant = $1 AND published_at >= $2
                    AND published_at < $3 GROUP BY author_profile_id, network)
            SELECT *, followers * (engagement::float8 / mentions) * regularity AS influence
            FROM per_author WHERE true{having}
            ORDER BY influence DESC, author_profile_id LIMIT $5""", tenant, start, end,
            weeks, limit)

    async def of_profiles(self, tenant: str, profiles: list[str]) -> list[asyncpg.Record]:
        return await self.pool.fetch(
            f"SELECT * FROM {self.m.table} WHERE tenant = $1 AND author_profile_id ="
            " ANY($2::text[]) ORDER BY published_at, mention_id", tenant, profiles)
