"""Counting the statements a test's code sends through asyncpg pools' `fetch` (the store's
reads, key lookups and batched loads use it)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import asyncpg


@contextlib.contextmanager
def pool_fetches() -> Iterator[list[str]]:
    """The statements fetched through asyncpg's own pools while in the block, in order (the
    tests' `pool` fixture; a LendingPool's one-statement calls take their own way)."""
    seen: list[str] = []
    original = asyncpg.pool.Pool.fetch

    async def counted(self, query, *args, **kw):  # type: ignore[no-untyped-def]
        seen.append(query)
        return await original(self, query, *args, **kw)

    asyncpg.pool.Pool.fetch = counted  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        asyncpg.pool.Pool.fetch = original  # type: ignore[method-assign]
