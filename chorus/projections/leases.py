"""Which replica runs each reader of a store's log (a projection, a policy, the relay): one
at a time.

When every replica ran every reader, the batches of all but the first to commit were rolled
back whole (see runner.py), so two replicas did the read side's work twice and scaling a
service out did little for its writes. Each reader now runs where it holds a lease: a session
advisory lock, all of a process's on one connection of the store's pool. The other replicas
stand by (runner.py): they follow the tracked position, so that in-process caches of the read
model learn of the holder's batches as they did of another replica's, and a read carrying a
`min_position` there wakes the holder through LISTEN/NOTIFY and waits for the table. A holder
that stops says so (NOTIFY) and a standby takes the lease at once; when the holder's session
ends unannounced (its process died or lost the database), within LEASE_RETRY_S.
Correctness never rests on the lease: a batch commits only from the tracked position it read
(compare and set), as when replicas raced. The relay holds its lease the same way
(`RELAY_LEASE`), on the same connection, and gives it up when it fails, so that a replica
that lost NATS, say, leaves the publishing to another."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import asyncpg

from chorus.db import checked_schema
from chorus.outage import Outage

LEASE_RETRY_S = 1.0  # how often a standby tries a lease when its holder died unannounced
RELEASED = "released"  # what a process NOTIFYs when it gives leases up: standbys try at once
RELAY_LEASE = "relay"  # the relay's (its lock key, `<schema>.relay`, predates the readers')


def reader_lease(reader: str) -> str:
    return f"reader.{reader}"


class ReaderLeases:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool, self.schema = pool, checked_schema(schema)
        self.channel = f"{self.schema}_readers"
        self._conn: Any = None  # the pool connection whose session holds the locks
        self._held: set[str] = set()
        self._lock = asyncio.Lock()  # one statement at a time on that connection
        self._wakers: dict[str, Callable[[int], None]] = {}
        self._freed = asyncio.Event()  # set (and replaced) when another process gave leases up

    def on_wake(self, lease: str, wake: Callable[[int], None]) -> None:
        """What to call here when a read in another process waits for a position of the
        reader holding `lease` (so that the holder reads now)."""
        self._wakers[lease] = wake

    async def take(self, lease: str) -> bool:
        """Whether this process holds the lease, taking it if it is free."""
        async with self._lock:
            conn = await self._session()
            if lease in self._held:
                # Taken again after its reader failed (the database went away, say): the
                # session must still be alive, or the lock may be someone else's by now.
                await conn.fetchval("SELECT 1")
            elif await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))",
                                     f"{self.schema}.{lease}"):
                self._held.add(lease)
            return lease in self._held

    async def confirm(self, lease: str) -> None:
        """Raises Outage unless the lease is held on a session that still answers."""
        async with self._lock:
            if not self.holds(lease):
                raise Outage(f"lease {lease} of {self.schema} lost with its database session")
            await self._conn.fetchval("SELECT 1")

    async def release(self, lease: str) -> None:
        """Gives the lease up (another replica may take it at once)."""
        async with self._lock:
            if lease not in self._held:
                return
            self._held.discard(lease)
            try:
                await self._conn.fetchval("SELECT pg_advisory_unlock(hashtext($1))",
                                          f"{self.schema}.{lease}")
            except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await self._drop()  # a session that may still hold it is closed instead
            await self._announce_release()

    def holds(self, lease: str) -> bool:
        """Whether the lease is still held (its session is open)."""
        return lease in self._held and self._open()

    def _open(self) -> bool:
        try:
            return self._conn is not None and not self._conn.is_closed()
        except asyncpg.InterfaceError:  # its session ended: the pool took the connection back
            return False

    async def wake(self, lease: str, position: int) -> None:
        """Tells the holder of a reader's lease, in whichever process, that a read waits for
        `position`."""
        await self.pool.execute("SELECT pg_notify($1, $2)", self.channel, f"{lease} {position}")

    async def _session(self) -> Any:
        if self._open():
            return self._conn
        await self._drop()  # a closed session holds no lock any more
        conn = await self.pool.acquire()
        try:
            await conn.add_listener(self.channel, self._notified)
        except BaseException:
            await self.pool.release(conn)
            raise
        self._conn = conn
        return conn

    async def freed(self, timeout: float) -> bool:  # noqa: ASYNC109
        """Waits until another process gives leases up (True), or `timeout` seconds."""
        try:
            await asyncio.wait_for(self._freed.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: object) -> None:
        if payload == RELEASED:
            self._freed.set()
            self._freed = asyncio.Event()
            return
        lease, _, position = str(payload).rpartition(" ")
        wake = self._wakers.get(lease)
        if wake is not None and lease in self._held and position.isdigit():
            wake(int(position))

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        self._held.clear()
        if conn is not None:
            # Never hand back a connection that may still hold locks or listen: closed, the
            # session releases both.
            with contextlib.suppress(Exception):
                conn.terminate()
            with contextlib.suppress(Exception):
                await self.pool.release(conn)

    async def close(self) -> None:
        """Releases every lease; the standbys are told, and take them over at once."""
        async with self._lock:
            held = bool(self._held)
            await self._drop()
            if held:
                await self._announce_release()

    async def _announce_release(self) -> None:
        with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            await self.pool.execute("SELECT pg_notify($1, $2)", self.channel, RELEASED)
