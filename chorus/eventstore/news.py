"""Word, within one process, that its log grew: the readers of the process (projections,
policies, the relay) idle until a writer of the process stamps new positions, instead of
polling often. A write by another process (a replica) is seen at their next poll.

Under load a reader would otherwise wake for every append and handle the log one or two
events a round, paying each round's own costs (its reads, transaction and tracking write)
for so few: `gather` lets the appends of a busy process pile up for a moment first."""

from __future__ import annotations

import asyncio

# A reader whose round did not find a backlog while the process went on appending waits
# until this many appends since the round began, or this long, before its next round: under
# load its rounds then hold a tenth of a second of the log each, and their own costs (read,
# transaction, tracking write, the handlers' statements sent together) are shared by more
# events. A read waiting for a position ends the wait (read-your-writes is not delayed); what
# the wait delays is eventual reads, the relay's messages and policies, by up to GATHER_S.
# Measured with the cases bench's load (2 cores, saturated): 32 appends or 25 ms at first
# (SQL statements a write 12.7 -> 11.1, writes/s +20-37 %), then this (CPU a write 2.40 ->
# 2.00 ms, writes/s 703 -> 815, medians of three alternating runs; docs/operating.md).
GATHER_APPENDS = 256
GATHER_S = 0.1
SMALL_ROUND = 1000  # positions: a reader handling more has a backlog, and reads on at once


class LogNews:
    def __init__(self) -> None:
        self._waiting: set[asyncio.Future[None]] = set()
        self._gathering: list[tuple[int, asyncio.Future[None]]] = []
        self.told = 0  # how many times the log grew: a reader notes it before it reads

    def announce(self) -> None:
        self.told += 1
        for waiter in self._waiting:
            if not waiter.done():
                waiter.set_result(None)
        self._waiting.clear()
        for enough, gatherer in self._gathering:
            if self.told >= enough and not gatherer.done():
                gatherer.set_result(None)

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

    async def gather(self, since: int, hurry: asyncio.Future[None] | None = None, *,
                     appends: int | None = None, seconds: float | None = None,
                     busy: bool = False) -> None:
        """After a small round of a reader that noted `told` before it: returns at once if
        nothing was appended meanwhile (a quiet process: no latency added) unless the reader
        knows the process `busy`, else once `appends` (GATHER_APPENDS) appends came since
        `since`, `seconds` (GATHER_S) passed, or someone resolves `hurry` (a read waiting for
        this reader's position)."""
        enough = since + (appends or GATHER_APPENDS)
        if (self.told == since and not busy) or self.told >= enough:
            return
        gatherer = hurry or asyncio.get_running_loop().create_future()
        entry = (enough, gatherer)
        self._gathering.append(entry)
        try:
            await asyncio.wait_for(gatherer, seconds or GATHER_S)
        except TimeoutError:
            pass
        finally:
            self._gathering.remove(entry)
