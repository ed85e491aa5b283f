"""Database connections: the type handlers see, and the pools every part of Chorus uses."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

Conn: TypeAlias = "asyncpg.Connection[Any] | PoolConnectionProxy[Any]"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


async def take_setup_turn(conn: Conn) -> None:
    """Inside a transaction that creates or changes tables: one such transaction at a time
    across every process on the database, so replicas starting or upgrading together (or a
    rebuild beside them) never race on the same DDL."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('chorus.setup'))")


@asynccontextmanager
async def setup_transaction(pool: asyncpg.Pool) -> AsyncIterator[Conn]:
    """A transaction for creating or changing tables, taking its turn (take_setup_turn)."""
    async with pool.acquire() as conn, conn.transaction():
        await take_setup_turn(conn)
        yield conn


def checked_schema(name: str) -> str:
    """A schema name safe to put in SQL text (every kernel table lives in a service's schema)."""
    if not _IDENT.match(name):
        raise ValueError(f"invalid schema name {name!r}")
    return name


class PooledConnection(asyncpg.Connection):
    """A pooled connection released without asyncpg's reset query (advisory unlock, CLOSE
    ALL, UNLISTEN, RESET ALL): a round trip saved on every pooled query. Chorus leaves no
    session state on pooled connections (settings and locks are transaction-scoped; the one
    session lock, the relay's, is released or its connection closed), and asyncpg still rolls
    back any transaction left open."""

    def get_reset_query(self) -> str:
        return ""


async def create_pool(dsn: str, **kwargs: Any) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, connection_class=PooledConnection, **kwargs)


class SqlParams(list[Any]):
    """The positional parameters of a query built clause by clause: `params(value)` keeps
    the value and answers its placeholder ($1, $2, ...)."""

    def __call__(self, value: Any) -> str:
        self.append(value)
        return f"${len(self)}"
