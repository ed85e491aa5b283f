"""Mentions analysed in worker processes. The analysis is CPU-bound (lingua, VADER, Pattern:
about half a millisecond a mention); in the service's own process it would hold the event
loop, and so the one core that loop runs on, while gRPC calls, read models and the relay
wait. Workers are processes of their own (`python -m services.reputation.analysis_worker`:
nothing of the service's sockets, threads or modules) started when the first batch comes;
they load their models before analysing it, take batches over a pipe (analysis_worker.py),
leave when the service stops or dies (their input ends) or after `idle_s` without a batch,
and are replaced when one dies under a batch. The service's own process never loads the
models (they are most of a worker's 40 MB), so a reputation service that hears nothing holds
none of it. Plain pipes rather than multiprocessing's pool: its resource tracker was a third
process (13 MB) and its queues a thread, for nothing this needs."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections import deque

from chorus.outage import Outage
from services.reputation import analysis_worker
from services.reputation.analysis_worker import FRAME, analyse_all, frame, received
from services.reputation.domain.analysis import Analysis

log = logging.getLogger(__name__)

IDLE_S = 300.0  # workers leave after this long without a batch; the next one starts them


class WorkerDied(Exception):
    """The worker analysing a batch ended before answering it."""


class _Worker:
    """One worker process: batches written to its input, answered in the order sent."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.waiting: deque[asyncio.Future[list[Analysis]]] = deque()
        self.alive = True
        self._answers = asyncio.ensure_future(self._read_answers())

    @classmethod
    async def start(cls) -> _Worker:
        # The service's module path, as the worker must import the same code.
        path = os.pathsep.join(p or os.getcwd() for p in sys.path)
        return cls(await asyncio.create_subprocess_exec(
            sys.executable, "-m", analysis_worker.__name__, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": path}))

    async def analyse(self, texts: list[str], terms: list[str]) -> list[Analysis]:
        assert self.process.stdin is not None
        answer: asyncio.Future[list[Analysis]] = asyncio.get_running_loop().create_future()
        self.waiting.append(answer)
        try:
            self.process.stdin.write(frame([texts, terms]))
            await self.process.stdin.drain()
        # Its input closed (it died or left): asyncio raises ConnectionError, uvloop
        # RuntimeError ("the handler is closed").
        except (ConnectionError, RuntimeError) as e:
            self._end()
            raise WorkerDied() from e
        return await answer

    async def _read_answers(self) -> None:
        assert self.process.stdout is not None
        out = self.process.stdout
        try:
            while True:
                size, = FRAME.unpack(await out.readexactly(FRAME.size))
                ok, value = json.loads(await out.readexactly(size))
                answer = self.waiting.popleft()
                if answer.done():  # its caller left
                    continue
                if ok:
                    answer.set_result([received(fields) for fields in value])
                else:
                    answer.set_exception(RuntimeError(f"mention analysis failed: {value}"))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # it died (or was told to leave)
        finally:
            self._end()

    def _end(self) -> None:
        self.alive = False
        while self.waiting:
            answer = self.waiting.popleft()
            if not answer.done():
                answer.set_exception(WorkerDied())

    def leave(self) -> None:
        """Closes its input: it finishes what it was sent and leaves."""
        self.alive = False
        if self.process.stdin is not None:
            self.process.stdin.close()


class Analysers:
    """`workers` processes analysing batches split between them; 0 analyses in place."""

    def __init__(self, workers: int, idle_s: float = IDLE_S) -> None:
        self.workers, self.idle_s = workers, idle_s
        self._running: list[_Worker] = []
        self._starting = asyncio.Lock()
        self._busy = 0  # batches being analysed
        self._rest: asyncio.TimerHandle | None = None

    async def _ready(self) -> list[_Worker]:
        """The workers, those that died replaced (all started with the first batch, or the
        first after a rest)."""
        async with self._starting:
            self._running = [w for w in self._running if w.alive]
            while len(self._running) < self.workers:
                self._running.append(await _Worker.start())
            return self._running

    async def analyse(self, texts: list[str], terms: list[str]) -> list[Analysis]:
        """Each text's analysis, in order."""
        if self.workers <= 0 or not texts:
            return analyse_all(texts, terms)
        size = -(-len(texts) // self.workers)
        self._busy += 1
        try:
            for _ in range(2):
                # The least busy workers first: batches in flight queue at each worker.
                workers = sorted(await self._ready(), key=lambda w: len(w.waiting))
                try:
                    parts = await asyncio.gather(*(
                        worker.analyse(texts[i:i + size], terms)
                        for worker, i in zip(workers, range(0, len(texts), size), strict=False)))
                    return [analysis for part in parts for analysis in part]
                except WorkerDied:
                    log.warning("an analysis worker died: starting a new one")
            raise Outage("analysis workers keep dying")  # nothing was written: callers retry
        finally:
            self._busy -= 1
            if self._rest is not None:
                self._rest.cancel()
            self._rest = asyncio.get_running_loop().call_later(self.idle_s, self._rest_if_idle)

    def _rest_if_idle(self) -> None:
        """No batch for `idle_s`: the workers leave (with their models' memory)."""
        self._rest = None
        if not self._busy:
            self.close()

    def worker_pids(self) -> list[int]:
        return [w.process.pid for w in self._running if w.alive]

    def close(self) -> None:
        if self._rest is not None:
            self._rest.cancel()
            self._rest = None
        for worker in self._running:
            worker.leave()
        self._running = []
