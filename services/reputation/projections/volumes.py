"""Mention volumes rolled up by the minute and by the hour, per term ("" = every mention),
network and tone, with their engagement: timelines read a week of hours (a few thousand rows)
instead of every mention. Kept in the mentions projection's transaction, which knows a post's
engagement before an update (the rollups take the difference)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chorus.db import Conn

GRAINS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1)}


def ddl(schema: str) -> str:
    return "".join(f"""
        CREATE TABLE IF NOT EXISTS {schema}.mention_{grain}s (tenant text NOT NULL,
            term text NOT NULL, at timestamptz NOT NULL, network text NOT NULL,
            sentiment text NOT NULL, mentions bigint NOT NULL, engagement bigint NOT NULL,
            PRIMARY KEY (tenant, term, at, network, sentiment));""" for grain in GRAINS)


@dataclass(frozen=True)
class Change:
    """A mention counted (mentions=1) or its engagement changed (mentions=0), under its tone."""

    tenant: str
    terms: list[str]
    published_at: datetime
    network: str
    sentiment: str
    mentions: int
    engagement: int


async def add(conn: Conn, schema: str, changes: list[Change]) -> None:
    """Adds the changes to every grain, for every mention ("") and each of its terms: one
    statement a grain, the changes summed per row first (a row is updated once)."""
    args = [[c.tenant for c in changes], [json.dumps(["", *c.terms]) for c in changes],
            [c.published_at for c in changes], [c.network for c in changes],
            [c.sentiment for c in changes], [c.mentions for c in changes],
            [c.engagement for c in changes]]
    for grain in GRAINS:
        await conn.execute(
            f"INSERT INTO {schema}.mention_{grain}s AS v SELECT t, term,"
            f" date_trunc('{grain}', at), n, s, sum(m), sum(e) FROM unnest($1::text[],"
            " $2::jsonb[], $3::timestamptz[], $4::text[], $5::text[], $6::bigint[],"
            " $7::bigint[]) AS u(t, terms, at, n, s, m, e),"
            " jsonb_array_elements_text(terms) AS term GROUP BY 1, 2, 3, 4, 5"
            " ON CONFLICT (tenant, term, at, network, sentiment) DO UPDATE SET"
            " mentions = v.mentions + excluded.mentions,"
            " engagement = v.engagement + excluded.engagement", *args)


ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)  # buckets fall on the UTC grid of their size


def grain_for(bucket: timedelta) -> tuple[str, timedelta] | None:
    """The coarsest rollup whose rows fall whole into buckets of this size (timelines take
    whole minutes)."""
    for grain, size in sorted(GRAINS.items(), key=lambda kv: -kv[1]):
        if bucket % size == timedelta(0):
            return grain, size
    return None


def timeline_sql(schema: str, tenant: str, bucket: timedelta, start: datetime,
                 end: datetime, term: str, network: str) -> tuple[str, list[Any]]:
    """Whole rollup rows inside [start, end), and the mentions themselves for the partial
    grains at both ends, binned on the UTC grid of $4 (the bucket)."""
    grain, size = grain_for(bucket) or ("minute", GRAINS["minute"])
    inner_start = ORIGIN + -((ORIGIN - start) // size) * size  # start, rounded up
    inner_end = max(inner_start, ORIGIN + ((end - ORIGIN) // size) * size)
    args: list[Any] = [tenant, inner_start, inner_end, bucket, term, start, end, ORIGIN]
    rolled_network = " AND network = $9" if network else ""
    raw_network = " AND network = $9" if network else ""
    raw_term = " AND terms @> ARRAY[$5]::text[]" if term else ""
    if network:
        args.append(network)
    sql = f"""SELECT date_bin($4, at, $8) AS start, sum(mentions)::bigint AS mentions,
        sum(negative)::bigint AS negative, sum(neutral)::bigint AS neutral,
        sum(positive)::bigint AS positive, sum(engagement)::bigint AS engagement
    FROM (
        SELECT at, mentions,
            CASE WHEN sentiment = 'negative' THEN mentions ELSE 0 END AS negative,
            CASE WHEN sentiment = 'neutral' THEN mentions ELSE 0 END AS neutral,
            CASE WHEN sentiment = 'positive' THEN mentions ELSE 0 END AS positive, engagement
        FROM {schema}.mention_{grain}s WHERE tenant = $1 AND term = $5 AND at >= $2
            AND at < $3{rolled_network}
        UNION ALL
        SELECT published_at, 1, (sentiment = 'negative')::int, (sentiment = 'neutral')::int,
            (sentiment = 'positive')::int, likes + shares + comments
        FROM {schema}.mentions WHERE tenant = $1 AND ((published_at >= $6
            AND published_at < least($2, $7)) OR (published_at >= greatest($3, $6)
            AND published_at < $7)){raw_term}{raw_network}) AS volumes
    GROUP BY 1 HAVING sum(mentions) > 0 ORDER BY 1"""
    return sql, args
