"""Calls shared by the concurrent callers of one process (group commit, group stamping)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Request = TypeVar("Request")
Answer = TypeVar("Answer")

# One answer per request, in order: a value, or the exception that request raises.
BatchCall = Callable[[list[Request]], Awaitable[list[Answer | BaseException]]]


class Batched(Generic[Request, Answer]):
    """Each caller queues its request and awaits its answer; up to `at_once` calls run at a
    time, each covering every request queued when it starts, so the more callers wait, the
    fewer round trips (and commits) each of them costs."""

    def __init__(self, call: BatchCall[Request, Answer], at_once: int = 1) -> None:
        self._call, self._at_once = call, at_once
        self._queue: list[tuple[Request, asyncio.Future[Answer]]] = []
        self._tasks: set[asyncio.Task[None]] = set()  # strong references: see submit

    async def submit(self, request: Request) -> Answer:
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._queue.append((request, future))
        if len(self._tasks) < self._at_once:
            # Keep the task referenced: the loop holds tasks weakly, and a collected drain
            # would leave every caller waiting forever.
            task = asyncio.get_running_loop().create_task(self._drain())
            self._tasks.add(task)
        return await future

    async def _drain(self) -> None:
        batch: list[tuple[Request, asyncio.Future[Answer]]] = []
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    answers = await self._call([request for request, _ in batch])
                except Exception as e:
                    answers = [e] * len(batch)
                for (_, future), answer in zip(batch, answers, strict=True):
                    if future.done():
                        continue
                    if isinstance(answer, BaseException):
                        future.set_exception(answer)
                    else:
                        future.set_result(answer)
        finally:
            # Leave the set now, not in a done-callback: a request queued in between would
            # otherwise find every slot taken and no drain left to take it.
            self._tasks.discard(asyncio.current_task())
            left: list[tuple[Request, asyncio.Future[Answer]]] = []
            if not self._tasks:  # the last drain: nobody else would answer the queue
                left, self._queue = self._queue, []
            for _, future in batch + left:  # never leave a caller waiting (on cancellation)
                if not future.done():
                    future.set_exception(RuntimeError("the shared call was interrupted"))
