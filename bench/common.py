"""Shared helpers of the benchmarks: a durable embedded stack and rate measurement."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from chorus.devstack.nats import EmbeddedNats
from chorus.devstack.postgres import EmbeddedPostgres


def durable_stack() -> tuple[EmbeddedPostgres, EmbeddedNats]:
    """Fresh servers with production durability (fsync on), unlike the test stack."""
    root = Path(tempfile.mkdtemp(prefix="chorus-bench-"))
    return (EmbeddedPostgres(root / "pg", durable=True).start(),
            EmbeddedNats(root / "nats").start())


async def rate_async(writers: int, seconds: float, events_per_call: int,
                     call: Callable[[], Awaitable[None]]) -> float:
    """Events per second with `writers` concurrent tasks calling `call` for `seconds`."""
    stop_at = time.perf_counter() + seconds
    done = 0

    async def writer() -> None:
        nonlocal done
        while time.perf_counter() < stop_at:
            await call()
            done += events_per_call

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    return done / (time.perf_counter() - started)


def rate_threads(writers: int, seconds: float, events_per_call: int,
                 call: Callable[[], None]) -> float:
    from concurrent.futures import ThreadPoolExecutor

    stop_at = time.perf_counter() + seconds
    counts = [0] * writers

    def writer(i: int) -> None:
        while time.perf_counter() < stop_at:
            call()
            counts[i] += events_per_call

    started = time.perf_counter()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(writer, range(writers)))
    return sum(counts) / (time.perf_counter() - started)


def median(values: list[float]) -> float:
    return statistics.median(values)
