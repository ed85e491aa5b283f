"""The pool every service uses: asyncpg's, with its one-statement calls made cheaper.

A call such as `pool.fetch(...)` borrows a connection for one statement and gives it back.
asyncpg does both with care a one-statement call has no use for (a task and a shield to
release, a timer for idle connections, a queue hand-off): measured here, a pooled `SELECT
$1 + 1` cost its caller 51-59 us of CPU against 20-24 us on a connection held, and most
of a service's statements are such calls (its loads, appends, key lookups). So the pool
lends a few of its connections to itself and runs one-statement calls on those that are
free, giving them back to the pool only on trouble. Transactions (`acquire`) are asyncpg's,
unchanged."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import asyncpg

from chorus.outage import is_outage

LENT = 4  # connections the pool keeps for one-statement calls (fewer in a small pool)


class PooledConnection(asyncpg.Connection):
    """A pooled connection released without asyncpg's reset query (advisory unlock, CLOSE
    ALL, UNLISTEN, RESET ALL): a round trip saved on every pooled query. Chorus leaves no
    session state on pooled connections (settings and locks are transaction-scoped; the one
    session lock, the relay's, is released or its connection closed), and asyncpg still rolls
    back any transaction left open."""

    def get_reset_query(self) -> str:
        return ""


class LendingPool(asyncpg.Pool):
    """A connection lent to one-statement calls goes back to the pool when its statement
    failed without PostgreSQL's answer (a lost connection, a cancelled call: its state is
    then unknown), when the pool closes, and when the pool has no connection left for
    anyone else (a transaction waiting must not wait on connections lent and idle)."""

    def __init__(self, *args: Any, lent: int = LENT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lendable = max(0, min(lent, self.get_max_size() // 4))
        self._idle_lent: list[Any] = []
        self._lent = 0  # lent now, idle or at work
        self._returning: set[asyncio.Task[None]] = set()

    async def _borrow(self) -> Any | None:
        while self._idle_lent:
            conn = self._idle_lent.pop()
            if await self._usable(conn):
                return conn
        if self._lent >= self._lendable or self.is_closing():
            return None
        self._lent += 1
        try:
            return await self.acquire()
        except BaseException:
            self._lent -= 1
            raise

    async def _usable(self, conn: Any) -> bool:
        """Whether a lent connection may serve again; else it leaves (back to the pool,
        unless the pool took it back itself when its connection was lost)."""
        try:
            # A statement may have opened a transaction (`execute("BEGIN")`): the pool's
            # release rolls it back.
            if not conn.is_closed() and not conn.is_in_transaction():
                return True
        except asyncpg.InterfaceError:  # taken back already
            self._lent -= 1
            return False
        await self._release_lent(conn)
        return False

    async def _give_back(self, conn: Any, usable: bool) -> None:
        """Never raises: the statement's own error is the one its caller must see."""
        if not usable or self.is_closing():
            await self._release_lent(conn)
        elif await self._usable(conn):  # else it left already
            if self.get_idle_size() or self.get_size() < self.get_max_size():
                self._idle_lent.append(conn)
            else:
                await self._release_lent(conn)

    async def _release_lent(self, conn: Any) -> None:
        self._lent -= 1
        with contextlib.suppress(asyncpg.InterfaceError):  # taken back when its connection
            await self.release(conn)  # was lost

    async def _one(self, method: str, query: str, args: tuple[Any, ...],
                   kwargs: dict[str, Any]) -> Any:
        conn = await self._borrow()
        if conn is None:  # every lent connection is at work: asyncpg's way
            async with self.acquire() as own:
                return await getattr(own, method)(query, *args, **kwargs)
        usable = False
        try:
            result = await getattr(conn, method)(query, *args, **kwargs)
            usable = True
            return result
        except asyncpg.PostgresError as e:
            usable = not is_outage(e)  # PostgreSQL answered: the connection is as it was
            raise
        finally:
            await self._give_back(conn, usable)

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._one("execute", query, args, kwargs)

    async def executemany(self, command: str, args: Any, **kwargs: Any) -> Any:
        return await self._one("executemany", command, (args,), kwargs)

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._one("fetch", query, args, kwargs)

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._one("fetchval", query, args, kwargs)

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._one("fetchrow", query, args, kwargs)

    def acquire(self, *, timeout: float | None = None) -> Any:
        """asyncpg's, but a pool with no connection left for the caller first takes back
        those lent and idle (the caller waits for one of them rather than for a
        one-statement call to come and give them back)."""
        if self._idle_lent and not self.get_idle_size() and (
                self.get_size() >= self.get_max_size()):
            loop = asyncio.get_running_loop()
            while self._idle_lent:
                returning = loop.create_task(self._release_lent(self._idle_lent.pop()))
                self._returning.add(returning)  # referenced until done
                returning.add_done_callback(self._returning.discard)
        return super().acquire(timeout=timeout)

    async def close(self) -> None:
        await self._return_lent()
        await super().close()

    def terminate(self) -> None:
        self._idle_lent.clear()
        self._lent = 0
        super().terminate()

    async def _return_lent(self) -> None:
        while self._idle_lent:
            await self._release_lent(self._idle_lent.pop())


async def create_pool(dsn: str, *, min_size: int = 10, max_size: int = 10,
                      **kwargs: Any) -> asyncpg.Pool:
    pool = LendingPool(dsn, min_size=min_size, max_size=max_size, max_queries=50_000,
                       max_inactive_connection_lifetime=300.0, loop=None,
                       connection_class=PooledConnection, record_class=asyncpg.Record,
                       **kwargs)
    await pool
    return pool
