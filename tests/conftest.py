from __future__ import annotations

import pytest

from tests.servers import Servers, servers


@pytest.fixture(scope="session")
def stack() -> Servers:
    return servers()


@pytest.fixture
async def pool(stack: Servers):  # type: ignore[no-untyped-def]
    import asyncpg

    p = await asyncpg.create_pool(stack.database_url, min_size=1, max_size=10)
    yield p
    await p.close()


@pytest.fixture
async def recorder(pool):  # type: ignore[no-untyped-def]
    from chorus.eventstore.recorder import Recorder
    from chorus.schema import create_store_tables
    from tests.servers import fresh_schema

    r = Recorder(pool, fresh_schema())
    await create_store_tables(pool, r.schema)
    yield r
    await pool.execute(f"DROP SCHEMA {r.schema} CASCADE")
