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
    statements: list[list[Any]] = []
    read = CustomerFacts._facts

    async def counted(self: CustomerFacts, customers: list[tuple[str, str]]) -> Any:
        statements.append(customers)
        return await read(self, customers)

    monkeypatch.setattr(CustomerFacts, "_facts", counted)
    facts = CustomerFacts(schema, pool)
    async with pool.acquire() as conn:
        await facts.setup(conn)
    await pool.executemany(
        f"INSERT INTO {schema}.customer_facts (tenant, customer_id, tier, segments)"
        " VALUES ($1, $2, $3, $4)",
        [("acme", "ada", "gold", ["vip"]), ("acme", "bob", "", ["press", "b2b"]),
         ("globex", "ada", "silver", [])])
    monkeypatch.setattr(Serving, "calls", 4)  # four openings served at once
    asked = [("acme", "ada"), ("acme", "nobody"), ("globex", "ada"), ("acme", "bob")]
    found = await asyncio.gather(*(facts.of(t, c) for t, c in asked))
    assert found == [("gold", ["vip"]), ("", []), ("silver", []), ("", ["press", "b2b"])]
    assert statements == [asked], "one statement for the four"
    monkeypatch.setattr(Serving, "calls", 1)
    assert await facts.of("acme", "bob") == ("", ["press", "b2b"])  # alone
    assert await facts.of("globex", "bob") == ("", [])
