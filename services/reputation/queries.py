"""The queries reputation answers from its read models: mentions (filtered, searched),
timelines, authors, share of voice, what bad-buzz detection judges, and alerts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from chorus import search
from chorus.db import Conn, SqlParams
from services.reputation.projections import Alerts, Mentions, MentionSearch, volumes

# Filters only the mentions table knows (a search with any of them joins it first).
NARROWING = ("network", "language", "sentiment", "intent", "author_profile_id", "term")
# Producer tiers (identity's definitions, scaled to the period): mentions a week.
WEEK = timedelta(days=7)


class MentionQueries:
    def __init__(self, mentions: Mentions, search: MentionSearch, alerts: Alerts,
                 pool: asyncpg.Pool) -> None:
        self.m, self.search_index, self.pool = mentions, search, pool
        self.alerts_table = alerts.table

    async def mention(self, tenant: str, mention_id: UUID) -> asyncpg.Record | None:
        return await self.pool.fetchrow(f"SELECT * FROM {self.m.table} WHERE tenant = $1"
                                        " AND mention_id = $2", tenant, mention_id)

    async def mentions(self, tenant: str, filters: dict[str, Any],
                       after: tuple[datetime, UUID] | None,
                       limit: int) -> list[asyncpg.Record]:
        """Mentions newest first, filtered, and searched when `query` is given."""
        args = arg = SqlParams([tenant])

        if filters.get("query") and not any(filters.get(f) for f in NARROWING):
            return await self._searched(tenant, filters, after, limit)
        where = ["m.tenant = $1"]
        for column in ("network", "language", "sentiment", "intent", "author_profile_id"):
            if filters.get(column):
                where.append(f"m.{column} = {arg(filters[column])}")
        if filters.get("term"):
            where.append(f"m.terms @> ARRAY[{arg(filters['term'])}]::text[]")
        if filters.get("analyser_not"):
            where.append(f"m.analyser <> {arg(filters['analyser_not'])}")
        if filters.get("from"):
            where.append(f"m.published_at >= {arg(filters['from'])}")
        if filters.get("to"):
            where.append(f"m.published_at < {arg(filters['to'])}")
        if filters.get("query"):
            q = arg(filters["query"])
            where.append(
                f"m.mention_id IN (SELECT mention_id FROM {self.search_index.table} s WHERE"
                f" s.tenant = $1 AND s.words @@ {search.matching(q)})")
        if after is not None:
            where.append(f"(m.published_at, m.mention_id) < ({arg(after[0])}, {arg(after[1])})")
        return await self.pool.fetch(
            f"SELECT m.* FROM {self.m.table} m WHERE {' AND '.join(where)}"
            f" ORDER BY m.published_at DESC, m.mention_id DESC LIMIT {arg(limit)}", *args)

    async def top_posts(self, tenant: str, start: datetime, end: datetime, term: str,
                        network: str, limit: int) -> list[asyncpg.Record]:
        """The period's mentions that carried furthest (likes + shares + comments)."""
        return await self.pool.fetch(
            f"SELECT * FROM {self.m.table} WHERE tenant = $1 AND published_at >= $2"
            " AND published_at < $3 AND ($4 = '' OR terms @> ARRAY[$4]::text[])"
            " AND ($5 = '' OR network = $5)"
            " ORDER BY likes + shares + comments DESC, published_at DESC LIMIT $6",
            tenant, start, end, term, network, limit)

    async def _searched(self, tenant: str, filters: dict[str, Any],
                        after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        """Words only (and a period): the newest matches straight from the search index, so
        the planner may walk it by recency instead of sorting every match."""
        args = arg = SqlParams([tenant, filters["query"]])

        where = ["s.tenant = $1", f"s.words @@ {search.matching('$2')}"]
        if filters.get("from"):
            where.append(f"s.published_at >= {arg(filters['from'])}")
        if filters.get("to"):
            where.append(f"s.published_at < {arg(filters['to'])}")
        if after is not None:
            where.append(f"(s.published_at, s.mention_id) < ({arg(after[0])}, {arg(after[1])})")
        return await self.pool.fetch(
            f"""SELECT m.* FROM {self.m.table} m JOIN (
                SELECT s.mention_id FROM {self.search_index.table} s
                WHERE {' AND '.join(where)}
                ORDER BY s.published_at DESC, s.mention_id DESC LIMIT {arg(limit)}) hits
                USING (mention_id)
            ORDER BY m.published_at DESC, m.mention_id DESC""", *args)

    async def timeline(self, tenant: str, start: datetime, end: datetime, bucket: timedelta,
                       term: str, network: str) -> list[asyncpg.Record]:
        """Buckets on the UTC grid of their size (the first and last may be partial), from
        the hour and minute rollups and, for the partial minutes at the ends of the period,
        the mentions."""
        sql, args = volumes.timeline_sql(self.m.schema, tenant, bucket, start, end, term,
                                         network)
        return await self.pool.fetch(sql, *args)

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

    async def share_of_voice(self, tenant: str, start: datetime, end: datetime,
                             terms: list[str]) -> list[asyncpg.Record]:
        """Per term: mentions naming it, and their tone; `total` repeats the mentions naming
        any of the terms (a mention naming two terms counts once there)."""
        return await self.pool.fetch(
            f"""WITH named AS (
                SELECT mention_id, sentiment, terms FROM {self.m.table} WHERE tenant = $1
                    AND published_at >= $2 AND published_at < $3 AND terms && $4::text[])
            SELECT t.term, count(n.mention_id) AS mentions,
                count(n.mention_id) FILTER (WHERE n.sentiment = 'negative') AS negative,
                count(n.mention_id) FILTER (WHERE n.sentiment = 'positive') AS positive,
                (SELECT count(*) FROM named) AS total
            FROM unnest($4::text[]) AS t(term)
                LEFT JOIN named n ON n.terms @> ARRAY[t.term]
            GROUP BY t.term ORDER BY count(n.mention_id) DESC, t.term""",
            tenant, start, end, terms)

    async def heard_and_grown(self, tenant: str, start: datetime, end: datetime,
                              term: str) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
        """What bad-buzz detection replays over [start, end): the mentions published then
        (with the engagement they were first heard with), and their engagement samples."""
        where = "m.tenant = $1 AND m.published_at >= $2 AND m.published_at < $3"
        args: list[Any] = [tenant, start, end]
        if term:
            where += " AND m.terms @> ARRAY[$4]::text[]"
            args.append(term)
        heard = await self.pool.fetch(
            f"""SELECT m.mention_id, m.published_at, m.sentiment = 'negative' AS negative,
                coalesce((SELECT min(s.engagement) FROM {self.m.samples} s
                    WHERE s.tenant = m.tenant AND s.mention_id = m.mention_id
                    AND s.at <= m.published_at), 0) AS engagement
            FROM {self.m.table} m WHERE {where}""", *args)
        grown = await self.pool.fetch(
            f"""SELECT s.mention_id, s.at, s.engagement FROM {self.m.samples} s
            JOIN {self.m.table} m ON m.mention_id = s.mention_id
            WHERE {where} AND s.at > m.published_at AND s.at < $3 AND s.tenant = $1""", *args)
        return list(heard), list(grown)

    async def bucket(self, conn: Conn, tenant: str, term: str, start: datetime,
                     end: datetime) -> tuple[int, int, dict[str, int]]:
        """Live detection's view of [start, end): mentions published, negative ones, and
        the engagement each negative post gained in it."""
        term_filter = " AND m.terms @> ARRAY[$4]::text[]" if term else ""
        args: list[Any] = [tenant, start, end] + ([term] if term else [])
        counts = await conn.fetchrow(
            f"SELECT count(*) AS volume, count(*) FILTER (WHERE sentiment = 'negative')"
            f" AS negatives FROM {self.m.table} m WHERE m.tenant = $1 AND m.published_at >= $2"
            f" AND m.published_at < $3{term_filter}", *args)
        assert counts is not None
        gains = await conn.fetch(
            f"""SELECT s.mention_id::text AS mention_id,
                max(s.engagement) FILTER (WHERE s.at >= $2)
                    - coalesce(max(s.engagement) FILTER (WHERE s.at < $2), 0) AS gained
            FROM {self.m.samples} s JOIN {self.m.table} m ON m.mention_id = s.mention_id
            WHERE s.tenant = $1 AND s.at < $3 AND m.sentiment = 'negative'{term_filter}
                AND s.mention_id IN (SELECT mention_id FROM {self.m.samples}
                    WHERE tenant = $1 AND at >= $2 AND at < $3)
            GROUP BY s.mention_id""", *args)
        return counts["volume"], counts["negatives"], {
            r["mention_id"]: r["gained"] for r in gains if r["gained"] > 0}

    async def past_volumes(self, conn: Conn, tenant: str, term: str, start: datetime,
                           bucket: timedelta, days: int) -> list[int]:
        """The volume of the same bucket of the day on each of the `days` previous days,
        oldest first (a day without mentions counts 0; days before the first mention of the
        term are not history and are left out)."""
        term_filter = " AND m.terms @> ARRAY[$5]::text[]" if term else ""
        rows = await conn.fetch(
            f"""SELECT d, (SELECT count(*) FROM {self.m.table} m WHERE m.tenant = $1
                    AND m.published_at >= $2::timestamptz - make_interval(days => d)
                    AND m.published_at < $2::timestamptz - make_interval(days => d)
                        + $3::interval{term_filter})
                    AS volume
            FROM generate_series($4::int, 1, -1) AS d
            WHERE $2::timestamptz - make_interval(days => d) + $3::interval > (
                SELECT min(at) FROM {self.m.schema}.mention_minutes
                WHERE tenant = $1 AND term = $5)""", tenant, start, bucket, days, term)
        return [r["volume"] for r in rows]

    async def alerts(self, tenant: str, statuses: list[str], term: str | None,
                     after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
        args: list[Any] = [tenant, statuses]
        where = "tenant = $1 AND (cardinality($2::text[]) = 0 OR status = ANY($2::text[]))"
        if term is not None:
            args.append(term)
            where += f" AND term = ${len(args)}"
        if after is not None:
            args += list(after)
            where += f" AND (raised_at, alert_id) < (${len(args) - 1}, ${len(args)})"
        args.append(limit)
        return await self.pool.fetch(
            f"SELECT * FROM {self.alerts_table} WHERE {where}"
            f" ORDER BY raised_at DESC, alert_id DESC LIMIT ${len(args)}", *args)

    async def alert_changes(self, tenant: str, after: int) -> list[asyncpg.Record]:
        return await self.pool.fetch(
            f"SELECT * FROM {self.alerts_table} WHERE tenant = $1 AND changed > $2"
            " ORDER BY changed LIMIT 500", tenant, after)

    async def last_alert_change(self, tenant: str) -> int:
        found = await self.pool.fetchval(
            f"SELECT max(changed) FROM {self.alerts_table} WHERE tenant = $1", tenant)
        return int(found or 0)
