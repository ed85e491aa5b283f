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


def grains_for(bucket: timedelta) -> list[str]:
    """The rollups whose rows fall whole into buckets of this size, coarsest first."""
    return [grain for grain, size in sorted(GRAINS.items(), key=lambda kv: -kv[1])
            if bucket % size == timedelta(0)]


def _ceil(at: datetime, size: timedelta) -> datetime:
    return ORIGIN - ((ORIGIN - at) // size) * size


def _floor(at: datetime, size: timedelta) -> datetime:
    return ORIGIN + ((at - ORIGIN) // size) * size


def segments(start: datetime, end: datetime, grains: list[str]
             ) -> list[tuple[str, datetime, datetime]]:
    """[start, end) cut into (source, from, to): the whole rows of the coarsest grain inside
    it, the finer grains' whole rows at its ends, and "mentions" for what no whole row
    covers (under a minute at each end)."""
    if start >= end:
        return []
    if not grains:
        return [("mentions", start, end)]
    size = GRAINS[grains[0]]
    inner_start = min(_ceil(start, size), end)
    inner_end = max(inner_start, _floor(end, size))
    inner = [(grains[0], inner_start, inner_end)] if inner_start < inner_end else []
    return (segments(start, inner_start, grains[1:]) + inner
            + segments(inner_end, end, grains[1:]))


def timeline_sql(schema: str, tenant: str, bucket: timedelta, start: datetime,
                 end: datetime, term: str, network: str) -> tuple[str, list[Any]]:
    """[start, end) binned on the UTC grid of the bucket ($2), from the rollups: hours where
    buckets take whole hours, minutes around them, and the mentions themselves only for the
    partial minutes at both ends (reading an hour of mentions at each end of a week is
    thousands of scattered rows once there are millions)."""
    args: list[Any] = [tenant, bucket, ORIGIN, term]
    network_filter = ""
    if network:
        args.append(network)
        network_filter = f" AND network = ${len(args)}"
    parts = []
    for source, begin, until in (segments(start, end, grains_for(bucket))
                                 or [("mentions", start, start)]):
        args += [begin, until]
        n = len(args)
        if source == "mentions":
            # Not `terms @> ...`: the GIN index of terms would read every mention of the term.
            parts.append(
                "SELECT published_at, 1, (sentiment = 'negative')::int,"
                " (sentiment = 'neutral')::int, (sentiment = 'positive')::int,"
                f" likes + shares + comments FROM {schema}.mentions WHERE tenant = $1 AND"
                f" published_at >= ${n - 1} AND published_at < ${n}"
                f" AND ($4 = '' OR $4 = ANY(terms)){network_filter}")
        else:
            parts.append(
                "SELECT at, mentions, CASE WHEN sentiment = 'negative' THEN mentions ELSE 0"
                " END, CASE WHEN sentiment = 'neutral' THEN mentions ELSE 0 END, CASE WHEN"
                " sentiment = 'positive' THEN mentions ELSE 0 END, engagement FROM"
                f" {schema}.mention_{source}s WHERE tenant = $1 AND term = $4"
                f" AND at >= ${n - 1} AND at < ${n}{network_filter}")
    sql = f"""SELECT date_bin($2, at, $3) AS start, sum(mentions)::bigint AS mentions,
        sum(negative)::bigint AS negative, sum(neutral)::bigint AS neutral,
        sum(positive)::bigint AS positive, sum(engagement)::bigint AS engagement
    FROM ({" UNION ALL ".join(parts)}) AS volumes(at, mentions, negative, neutral, positive,
        engagement)
    GROUP BY 1 HAVING sum(mentions) > 0 ORDER BY 1"""
    return sql, args
