"""Mentions analysed in worker processes. The analysis is CPU-bound (lingua, VADER, Pattern:
about half a millisecond a mention); in the service's own process it would hold the event
loop, and so the one core that loop runs on, while gRPC calls, read models and the relay
wait. Workers are started apart from the service (`spawn`: nothing of its sockets or
threads is inherited) when the first batch comes, load their models before analysing it,
leave when the service dies or after `idle_s` without a batch, and are replaced when one
dies under it. The service's own process never loads the models (they are most of a
worker's 40 MB), so a reputation service that hears nothing holds none of it."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from chorus.outage import Outage
from services.reputation import analysis_worker
from services.reputation.analysis_worker import analyse_all
from services.reputation.domain.analysis import Analysis

log = logging.getLogger(__name__)

IDLE_S = 300.0  # workers leave after this long without a batch; the next one starts them


@contextmanager
def _workers_import_only_what_they_run() -> Iterator[None]:
    """A spawned worker imports its parent's main module first: for the service that is all
    of it (gRPC, asyncpg, every handler: 30 MB a worker for nothing). Named the worker's
    module instead while workers start, they import what they run."""
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    main.__spec__ = importlib.util.find_spec(analysis_worker.__name__)
    try:
        yield
    finally:
        main.__spec__ = spec


class Analysers:
    """`workers` processes analysing batches split between them; 0 analyses in place."""

    def __init__(self, workers: int, idle_s: float = IDLE_S) -> None:
        self.workers, self.idle_s = workers, idle_s
        self._pool: ProcessPoolExecutor | None = None
        self._busy = 0  # batches being analysed
        self._rest: asyncio.TimerHandle | None = None

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=analysis_worker.prepare, initargs=(os.getpid(),))
        with _workers_import_only_what_they_run():
            for _ in range(self.workers):
                pool.submit(len, ())  # starts a worker (and its warm-up) now
        return pool

    async def analyse(self, texts: list[str], terms: list[str]) -> list[Analysis]:
        """Each text's analysis, in order."""
        if self.workers <= 0 or not texts:
            return analyse_all(texts, terms)
        loop = asyncio.get_running_loop()
        size = -(-len(texts) // self.workers)
        self._busy += 1
        try:
            for _ in range(2):
                if self._pool is None:
                    self._pool = self._start()  # the first batch, or the first after a rest
                pool = self._pool
                try:
                    parts = await asyncio.gather(*(
                        loop.run_in_executor(pool, analyse_all, texts[i:i + size], terms)
                        for i in range(0, len(texts), size)))
                    return [analysis for part in parts for analysis in part]
                except BrokenProcessPool:
                    log.warning("an analysis worker died: starting new ones")
                    if self._pool is pool:
                        self._pool = None
                        pool.shutdown(wait=False)
            raise Outage("analysis workers keep dying")  # nothing was written: callers retry
        finally:
            self._busy -= 1
            if self._rest is not None:
                self._rest.cancel()
            self._rest = loop.call_later(self.idle_s, self._rest_if_idle)

    def _rest_if_idle(self) -> None:
        """No batch for `idle_s`: the workers leave (with their models' memory)."""
        self._rest = None
        if self._busy or self._pool is None:
            return
        pool, self._pool = self._pool, None
        pool.shutdown(wait=False)

    def worker_pids(self) -> list[int]:
        processes = getattr(self._pool, "_processes", None) or {}
        return list(processes)

    def close(self) -> None:
        if self._rest is not None:
            self._rest.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
