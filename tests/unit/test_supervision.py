"""The supervisor restarts failed background work with backoff and reports health."""

from __future__ import annotations

import asyncio
import itertools

import asyncpg

from chorus.outage import Outage, is_outage
from chorus.supervision import Heartbeat, Supervisor


async def test_a_failing_component_is_restarted_and_health_follows_it() -> None:
    supervisor = Supervisor("svc", initial_backoff=0.01, max_backoff=0.04)
    flips: list[bool] = []

    async def listener(healthy: bool) -> None:
        flips.append(healthy)

    supervisor.on_change(listener)
    runs = 0
    recovered = asyncio.Event()

    async def flaky(heartbeat: Heartbeat) -> None:
        nonlocal runs
        runs += 1
        if runs <= 3:
            raise ConnectionRefusedError("database down")
        heartbeat.beat()
        recovered.set()
        await asyncio.Event().wait()  # runs on until cancelled

    async def steady(heartbeat: Heartbeat) -> None:
        while True:
            heartbeat.beat()
            await asyncio.sleep(0.005)

    supervisor.spawn("steady", steady)
    supervisor.spawn("flaky", flaky)
    await asyncio.wait_for(recovered.wait(), 5)
    await asyncio.sleep(0.01)  # let the listener run
    try:
        assert runs == 4
        state = supervisor.components["flaky"]
        assert (state.up, state.failures, state.restarts) == (True, 0, 3)
        assert "database down" in state.last_error
        assert supervisor.healthy
        assert flips == [False, True]
        assert supervisor.components["steady"].restarts == 0
    finally:
        await supervisor.stop()


async def test_backoff_grows_while_down_and_resets_after_a_beat() -> None:
    supervisor = Supervisor("svc", initial_backoff=0.02, max_backoff=0.08)
    started: list[float] = []
    loop = asyncio.get_running_loop()

    async def work(heartbeat: Heartbeat) -> None:
        started.append(loop.time())
        if len(started) == 5:
            heartbeat.beat()  # worked once, then failed again
        raise Outage("still down")

    supervisor.spawn("w", work)
    while len(started) < 7:  # noqa: ASYNC110 - watching the supervisor's own pace
        await asyncio.sleep(0.01)
    await supervisor.stop()
    gaps = [b - a for a, b in itertools.pairwise(started)]
    # 0.02, 0.04, 0.08, 0.08 (capped), then back to 0.02 after the beat; jitter is ±20 %.
    assert 0.015 < gaps[0] < 0.04
    assert gaps[2] > 0.06 and gaps[3] > 0.06
    assert gaps[4] < 0.045
    assert not supervisor.healthy


async def test_a_component_that_returns_is_not_restarted() -> None:
    supervisor = Supervisor("svc", initial_backoff=0.01)
    runs = 0

    async def once(heartbeat: Heartbeat) -> None:
        nonlocal runs
        runs += 1
        heartbeat.beat()

    supervisor.spawn("once", once)
    await asyncio.sleep(0.05)
    await supervisor.stop()
    assert runs == 1 and supervisor.healthy


def test_outages_are_told_apart_from_bugs() -> None:
    assert is_outage(ConnectionRefusedError())
    assert is_outage(asyncpg.CannotConnectNowError("the database system is starting up"))
    assert is_outage(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert is_outage(asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed"))
    assert not is_outage(asyncpg.InterfaceError("cannot use a pool that is not initialised"))
    assert not is_outage(asyncpg.UniqueViolationError("duplicate key"))
    assert not is_outage(ValueError("bad"))
    assert not is_outage(KeyError("x"))
