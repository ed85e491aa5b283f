"""Word, within one process, that its log grew: the readers of the process (projections,
policies, the relay) idle until a writer of the process stamps new positions, instead of
polling often. A write by another process (a replica) is seen at their next poll."""

from __future__ import annotations

import asyncio


class LogNews:
    def __init__(self) -> None:
        self._waiting: set[asyncio.Future[None]] = set()
        self.told = 0  # how many times the log grew: a reader notes it before it reads

    def announce(self) -> None:
        self.told += 1
        for waiter in self._waiting:
            if not waiter.done():
                waiter.set_result(None)
        self._waiting.clear()

    async def wait(self, timeout: float, since: int) -> bool:  # noqa: ASYNC109
        """Returns True when the log grows (at once if it grew since the reader noted
        `told`), or False after `timeout` seconds (time to poll)."""
        if self.told != since:
            return True
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return False
        finally:
            self._waiting.discard(waiter)
        return True
