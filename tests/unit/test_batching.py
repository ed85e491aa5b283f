"""Shared calls (chorus/batching.py): what one call covers, and when it waits for company."""

from __future__ import annotations

import asyncio

import pytest

from chorus.batching import Batched, Serving


async def _requests_a_turn_apart(shared: Batched[int, int], count: int) -> list[int]:
    async def caller(n: int) -> int:
        for _ in range(n):
            await asyncio.sleep(0)  # each caller a turn behind the one before
        return await shared.submit(n)

    return list(await asyncio.gather(*(caller(n) for n in range(count))))


@pytest.mark.parametrize("gathers", [True, False])
async def test_a_busy_process_gathers_its_requests_into_one_call(
        gathers: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[int]] = []

    async def call(requests: list[int]) -> list[int | BaseException]:
        calls.append(requests)
        await asyncio.sleep(0.01)  # a round trip
        return [r * 10 for r in requests]

    monkeypatch.setattr(Serving, "calls", 4)  # four requests being served
    answers = await _requests_a_turn_apart(Batched(call, gathers=gathers), 4)
    assert answers == [0, 10, 20, 30]
    if gathers:
        assert calls == [[0, 1, 2, 3]]  # the three a few turns behind joined the first
    else:
        assert calls == [[0], [1, 2, 3]]  # the first went alone


async def test_a_process_serving_one_request_does_not_wait(
        monkeypatch: pytest.MonkeyPatch) -> None:
    turns_before_the_call: list[int] = []
    turns = [0]

    async def count_turns() -> None:
        while True:
            await asyncio.sleep(0)
            turns[0] += 1

    async def call(requests: list[int]) -> list[int | BaseException]:
        turns_before_the_call.append(turns[0])
        return requests

    monkeypatch.setattr(Serving, "calls", 1)
    counter = asyncio.ensure_future(count_turns())
    await asyncio.sleep(0)
    start = turns[0]
    assert await Batched(call, gathers=True).submit(7) == 7
    counter.cancel()
    assert turns_before_the_call[0] - start <= 2  # the drain's own task start, no gathering


async def test_gathering_ends_when_everyone_served_has_come(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[int]] = []

    async def call(requests: list[int]) -> list[int | BaseException]:
        calls.append(requests)
        return requests

    monkeypatch.setattr(Serving, "calls", 2)
    shared: Batched[int, int] = Batched(call, gathers=True)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await asyncio.gather(shared.submit(1), shared.submit(2)) == [1, 2]
    assert calls == [[1, 2]] and loop.time() - started < 0.005
