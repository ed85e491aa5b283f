"""Upgrading ideas' board from the layout that kept an idea's words in its counts' row: the
rows move into the two tables, the text indexes follow the words, the old table goes, and the
queries find the ideas as before."""

from __future__ import annotations

from uuid import uuid4

import asyncpg

from services.ideas.projections.board import Board
from services.ideas.projections.inbox import Inbox
from services.ideas.queries import BoardQueries
from tests.servers import fresh_schema


async def old_board(pool: asyncpg.Pool, schema: str) -> None:
    """The `ideas` table as versions before the split made it."""
    await pool.execute(f"""CREATE SCHEMA {schema}; CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE {schema}.ideas (
            tenant text NOT NULL, idea_id uuid PRIMARY KEY, author_id uuid NOT NULL,
            title text NOT NULL, body text NOT NULL, category text NOT NULL, campaign_id uuid,
            status text NOT NULL DEFAULT 'new', explanation text NOT NULL DEFAULT '',
            duplicate_of uuid, up integer NOT NULL DEFAULT 0, down integer NOT NULL DEFAULT 0,
            comments integer NOT NULL DEFAULT 0, submitted_at timestamptz NOT NULL,
            epoch double precision NOT NULL, hidden boolean NOT NULL DEFAULT false,
            held boolean NOT NULL DEFAULT false,
            score integer GENERATED ALWAYS AS (up - down) STORED,
            trending double precision GENERATED ALWAYS AS (
                sign(up - down) * log(greatest(abs(up - down), 1)) + epoch / 45000.0) STORED,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || body)
                || to_tsvector('french', title || ' ' || body)) STORED);
        CREATE INDEX ideas_top ON {schema}.ideas (tenant, score DESC, idea_id) WHERE NOT hidden;
        CREATE INDEX ideas_search ON {schema}.ideas USING gin (tsv);
        CREATE INDEX ideas_title_trgm_gist ON {schema}.ideas USING gist (title gist_trgm_ops)""")


async def test_an_old_board_is_split_and_answers_as_before(pool: asyncpg.Pool) -> None:
    schema = fresh_schema()
    await old_board(pool, schema)
    author, battery, maps = uuid4(), uuid4(), uuid4()
    await pool.executemany(
        f"INSERT INTO {schema}.ideas (tenant, idea_id, author_id, title, body, category,"
        " up, down, comments, submitted_at, epoch) VALUES ('t1', $1, $2, $3, $4, 'app', $5,"
        " 1, $6, now(), $7)",
        [(battery, author, "Longer battery life", "It dies by noon", 12, 4, 1.0),
         (maps, author, "Offline maps", "For travelling abroad", 30, 0, 2.0)])
    board = Board(schema)

    async with pool.acquire() as conn:
        for _ in range(2):  # the second start finds the new layout and changes nothing
            async with conn.transaction():
                await board.setup(conn)

    assert await pool.fetchval(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = $1"
        " AND table_name = 'ideas' AND column_name IN ('title', 'body', 'tsv')", schema) == 0
    assert await pool.fetchval("SELECT to_regclass($1)", f"{schema}.ideas_before_split") is None
    texts = {r["idea_id"]: (r["title"], r["body"])
             for r in await pool.fetch(f"SELECT * FROM {board.texts}")}
    assert texts == {battery: ("Longer battery life", "It dies by noon"),
                     maps: ("Offline maps", "For travelling abroad")}
    indexed = {r[0]: r[1] for r in await pool.fetch(
        "SELECT indexrelid::regclass::text, indrelid::regclass::text FROM pg_index"
        " WHERE indexrelid::regclass::text LIKE $1", f"{schema}.%")}
    assert indexed[f"{schema}.ideas_search"] == board.texts
    assert indexed[f"{schema}.ideas_title_trgm_gist"] == board.texts
    assert indexed[f"{schema}.ideas_top"] == board.ideas

    queries = BoardQueries(board, Inbox(schema), pool)
    top = await queries.ideas("t1", "top", {}, None, 10)
    assert [(r["idea_id"], r["title"], r["score"], r["comments"]) for r in top] == [
        (maps, "Offline maps", 29, 0), (battery, "Longer battery life", 11, 4)]
    found = await queries.ideas("t1", "relevance", {"query": "batteries"}, None, 10)
    assert [r["idea_id"] for r in found] == [battery]
    similar = await queries.similar("t1", "ofline map", 5)
    assert [r["idea_id"] for r in similar] == [maps]
