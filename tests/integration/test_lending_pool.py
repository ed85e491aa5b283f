"""The services' pool: one-statement calls on connections it lends itself, given back on
trouble, under pressure and on close."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from chorus.outage import is_outage
from chorus.pooling import LendingPool, create_pool


@pytest.fixture
async def lending(stack) -> AsyncIterator[LendingPool]:  # type: ignore[no-untyped-def]
    pool = await create_pool(stack.database_url, min_size=1, max_size=8)  # lends 2
    assert isinstance(pool, LendingPool)
    yield pool
    await pool.close()


async def backends(pool: asyncpg.Pool, calls: int, at_once: bool = False) -> set[int]:
    """The server processes that answered `calls` one-statement calls, one after another
    or all at once."""
    if at_once:
        return set(await asyncio.gather(*(pool.fetchval("SELECT pg_backend_pid()")
                                          for _ in range(calls))))
    return {await pool.fetchval("SELECT pg_backend_pid()") for _ in range(calls)}


async def test_one_statement_calls_share_the_connections_lent(lending: LendingPool) -> None:
    first = await backends(lending, 20)
    assert len(first) == 1  # one after another: the same connection, kept between calls
    assert len(await backends(lending, 2, at_once=True) | first) == 2  # lent: 2
    everyone = await backends(lending, 40, at_once=True)  # beyond those: asyncpg's way
    assert len(everyone) > 2 and first <= everyone
    assert len(await backends(lending, 20) | await backends(lending, 2, at_once=True)) <= 2
    async with lending.acquire() as conn, conn.transaction():  # transactions: asyncpg's
        assert await conn.fetchval("SELECT pg_backend_pid()") not in first


async def test_an_error_of_the_statement_keeps_the_connection_and_reaches_the_caller(
        lending: LendingPool) -> None:
    (pid,) = await backends(lending, 1)
    with pytest.raises(asyncpg.DivisionByZeroError):
        await lending.fetchval("SELECT 1 / 0")
    assert await backends(lending, 1) == {pid}


async def test_a_transaction_a_statement_left_open_is_rolled_back_not_lent_again(
        lending: LendingPool, pool: asyncpg.Pool) -> None:
    await pool.execute("CREATE TABLE IF NOT EXISTS lent_left_open (n int)")
    try:
        await lending.execute("BEGIN; INSERT INTO lent_left_open VALUES (1)")
        assert await lending.fetchval("SELECT count(*) FROM lent_left_open") == 0
        assert await pool.fetchval("SELECT count(*) FROM lent_left_open") == 0
    finally:
        await pool.execute("DROP TABLE lent_left_open")


async def test_a_connection_lost_under_a_statement_is_an_outage_and_never_lent_again(
        lending: LendingPool, pool: asyncpg.Pool) -> None:
    (pid,) = await backends(lending, 1)
    sleeping = asyncio.ensure_future(lending.fetchval("SELECT 1 FROM pg_sleep(5)"))
    await asyncio.sleep(0.2)
    await pool.execute("SELECT pg_terminate_backend($1)", pid)
    with pytest.raises(Exception) as lost:
        await sleeping
    assert is_outage(lost.value), lost.value
    assert pid not in await backends(lending, 4)
    (again,) = await backends(lending, 1)
    await pool.execute("SELECT pg_terminate_backend($1)", again)  # lost while idle
    await asyncio.sleep(0.2)
    assert again not in await backends(lending, 4)


async def test_a_caller_the_pool_cannot_serve_gets_the_connections_lent_and_idle(
        lending: LendingPool) -> None:
    lent = await backends(lending, 2, at_once=True)
    held = [await lending.acquire() for _ in range(8 - len(lent))]
    try:
        # Every connection is taken: transactions here, idle lent ones. The next caller
        # gets one of those, instead of waiting for a one-statement call to free it.
        async with asyncio.timeout(5):
            conn = await lending.acquire()
        assert await conn.fetchval("SELECT pg_backend_pid()") in lent
        await lending.release(conn)
    finally:
        for conn in held:
            await lending.release(conn)


async def test_closing_waits_for_a_statement_under_way_then_returns_everything(
        stack) -> None:  # type: ignore[no-untyped-def]
    pool = await create_pool(stack.database_url, min_size=1, max_size=8)
    await backends(pool, 2, at_once=True)
    slow = asyncio.ensure_future(pool.fetchval("SELECT 7 FROM pg_sleep(0.3)"))
    await asyncio.sleep(0.05)
    async with asyncio.timeout(10):
        await pool.close()
    assert await slow == 7
    assert pool.get_size() == 0
