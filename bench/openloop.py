"""Latency at a fixed request rate, shared by the service benchmarks.

Open loop: calls are sent on schedule whether or not earlier ones returned, so a saturated
service shows as queueing latency (and errors), not as a politely lower rate."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

import grpc

Call = Callable[[int], Awaitable[object]]


async def open_loop(call: Call, rate: float, seconds: float,
                    spread: int = 1) -> tuple[list[float], dict[str, int]]:
    """Latencies (ms) of `call(n * spread)` sent `rate` times a second for `seconds`, and the
    errors by gRPC code; a call returning False counts as a WRONG_ANSWER error."""
    latencies: list[float] = []
    errors: dict[str, int] = {}

    async def one(i: int) -> None:
        t = time.perf_counter()
        try:
            ok = await call(i)
        except grpc.aio.AioRpcError as e:
            errors[e.code().name] = errors.get(e.code().name, 0) + 1
            return
        latencies.append((time.perf_counter() - t) * 1000)
        if ok is False:
            errors["WRONG_ANSWER"] = errors.get("WRONG_ANSWER", 0) + 1

    calls = []
    start = time.perf_counter()
    for n in range(int(rate * seconds)):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        calls.append(asyncio.ensure_future(one(n * spread)))
    await asyncio.gather(*calls)
    return latencies, errors


def report(name: str, rate: float, seconds: float, latencies: list[float],
           errors: dict[str, int]) -> tuple[float, float]:
    """Prints and returns (p50, p99) in ms."""
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"{name} at {rate:.0f}/s for {seconds:.0f}s: {len(latencies)} answered,"
          f" p50 {p50:.2f} ms, p99 {p99:.2f} ms, errors {errors or 'none'}", flush=True)
    return p50, p99
