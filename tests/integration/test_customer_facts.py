"""What cases knows of identity's customers, read by concurrent case openings together."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from chorus.batching import Serving
from services.cases.projections.customers import CustomerFacts
from tests.servers import fresh_schema


async def test_concurrent_openings_read_their_customers_facts_in_one_statement(
        pool: asyncpg.Pool, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = fresh_schema()
    await pool.execute(f"CREATE SCHEMA {schema}")
    facts = CustomerFacts(schema)
    async with pool.acquire() as conn:
        await facts.setup(conn)
    await pool.executemany(
        f"INSERT INTO {schema}.customer_facts (tenant, customer_id, tier, segments)"
        " VALUES ($1, $2, $3, $4)",
        [("acme", "ada", "gold", ["vip"]), ("acme", "bob", "", ["press", "b2b"]),
         ("globex", "ada", "silver", [])])
    statements: list[list[Any]] = []
    read = facts._facts

    async def counted(pool: asyncpg.Pool, customers: list[tuple[str, str]]) -> Any:
        statements.append(customers)
        return await read(pool, customers)

    monkeypatch.setattr(facts, "_facts", counted)
    monkeypatch.setattr(Serving, "calls", 4)  # four openings served at once
    asked = [("acme", "ada"), ("acme", "nobody"), ("globex", "ada"), ("acme", "bob")]
    found = await asyncio.gather(*(facts.of(pool, t, c) for t, c in asked))
    assert found == [("gold", ["vip"]), ("", []), ("silver", []), ("", ["press", "b2b"])]
    assert statements == [asked], "one statement for the four"
    monkeypatch.setattr(Serving, "calls", 1)
    assert await facts.of(pool, "acme", "bob") == ("", ["press", "b2b"])  # alone
    assert await facts.of(pool, "globex", "bob") == ("", [])
