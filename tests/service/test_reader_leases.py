"""Replicas share a service's readers (chorus/projections/leases.py): each projection and
policy runs on one replica at a time; another stands by, reads its own writes there as soon as
the holder handled them, and takes the readers over when the holder stops."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from chorus.cases.v1 import cases_pb2 as pb
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.service.runtime import Runtime
from services.cases.main import SPEC
from tests.e2e.calls import eventually
from tests.servers import Servers
from tests.service.harness import Harness


@pytest.fixture
async def cases(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


def standing_by(runtime: Runtime) -> set[str]:
    return {name for name, runner in runtime.runners.items() if runner.standby}


async def opened_and_listed(cases: Harness, on: Runtime) -> tuple[float, int]:
    """Opens a case on `on` and lists it there with the write's position: how long it took,
    and the position."""
    customer = str(uuid.uuid4())
    started = time.monotonic()
    opened = await cases.call("OpenCase", pb.OpenCaseRequest(
        channel=pb.CHANNEL_EMAIL, subject="Parcel", body="Where is it?", customer_id=customer,
        team="care"), "service", runtime=on)
    listed = await cases.call("ListCases", pb.ListCasesRequest(
        customer_id=customer, consistency=Consistency(min_position=opened.write.position)),
        "agent", runtime=on)
    assert [c.case.case_id for c in listed.cases] == [opened.case_id]
    return time.monotonic() - started, opened.write.position


async def test_each_reader_runs_on_one_replica_and_the_other_takes_over(
        cases: Harness) -> None:
    first, second = cases.runtime, cases.replica()
    await second.start()
    try:
        readers = set(first.runners)
        assert {"cases", "case_search", "case_deadlines", "settings", "authors_join"} <= readers
        # The first replica took every lease as it started; the second stands by.
        await eventually(lambda: _now(standing_by(second)), lambda s: s == readers)
        assert standing_by(first) == set()
        # A write on the standby, read back there at its position: the holder, told through
        # PostgreSQL which position a read waits for, handled it at once (idle for a while,
        # it polls for other processes' writes only once a second).
        took = []
        for _ in range(3):
            await asyncio.sleep(1.5)
            elapsed, position = await opened_and_listed(cases, second)
            took.append(elapsed)
            assert first.runners["cases"].asked >= position
        assert max(took) < 0.5, took
        assert standing_by(second) == readers and standing_by(first) == set()
        # The holder stops: the standby takes every reader over and reads its own writes.
        await first.stop()
        await eventually(lambda: _now(standing_by(second)), lambda s: s == set(), seconds=5)
        assert (await opened_and_listed(cases, second))[0] < 1.0
    finally:
        await second.stop()


async def _now(value: set[str]) -> set[str]:
    return value
