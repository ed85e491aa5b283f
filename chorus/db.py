"""Database connections: the type handlers see, and the pools every part of Chorus uses."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from itertools import zip_longest
from typing import Any, Protocol, TypeAlias

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


class SqlParams(list[Any]):
    """The positional parameters of a query built clause by clause: `params(value)` keeps
    the value and answers its placeholder ($1, $2, ...)."""

    def __call__(self, value: Any) -> str:
        self.append(value)
        return f"${len(self)}"


Statement = tuple[str, tuple[Any, ...]]


class Executes(Protocol):
    """Where a statement goes: a connection, or a key of pending writes."""

    async def execute(self, query: str, *args: Any) -> Any: ...


class PendingWrites:
    """Statements queued through a run of events (a projection's run, a consumer's batch)
    and sent together in its transaction: one pipelined `executemany` per statement text
    instead of a round trip each. Statements queued under one key (a row, or rows that must
    change in order) run in the order they were queued; statements under different keys must
    not depend on each other, and nothing in the run may read what is still queued. Phases
    run in order: everything of phase 0 before anything of phase 1 (e.g. rows before the
    updates that read them)."""

    def __init__(self) -> None:
        self._phases: dict[int, dict[Hashable, list[Statement]]] = {}

    def add(self, key: Hashable, query: str, *args: Any, phase: int = 0) -> None:
        self._phases.setdefault(phase, {}).setdefault(key, []).append((query, args))

    def on(self, key: Hashable, phase: int = 0) -> Executes:
        """An executor that queues under `key` (for code written against a connection)."""
        return _Queued(self, key, phase)

    async def send(self, conn: Conn) -> int:
        """Runs what was queued, in waves: the first statement of every key, grouped by text,
        then the second, and so on. Returns the number of round trips it took."""
        phases, self._phases = self._phases, {}
        trips = 0
        for phase in sorted(phases):
            for wave in zip_longest(*phases[phase].values()):
                grouped: dict[str, list[tuple[Any, ...]]] = {}
                for statement in wave:
                    if statement is not None:
                        grouped.setdefault(statement[0], []).append(statement[1])
                for query, args in grouped.items():
                    if len(args) == 1:
                        await conn.execute(query, *args[0])
                    else:
                        await conn.executemany(query, args)
                    trips += 1
        return trips


class _Queued:
    def __init__(self, writes: PendingWrites, key: Hashable, phase: int) -> None:
        self.writes, self.key, self.phase = writes, key, phase

    async def execute(self, query: str, *args: Any) -> None:
        self.writes.add(self.key, query, *args, phase=self.phase)
