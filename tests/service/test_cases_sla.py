"""SLA warnings and breaches are durable deadlines: recorded and published exactly once, on
time, while the service restarts and two replicas race for them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import nats
import pytest
from google.protobuf.duration_pb2 import Duration

from chorus.cases.v1 import cases_pb2 as pb
from chorus.cases.v1 import events_pb2 as case_events
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.service.runtime import Runtime
from services.cases.main import SPEC
from tests.e2e.calls import eventually
from tests.servers import Servers
from tests.service.harness import Harness

CASES = 6


@pytest.fixture
async def cases(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


def minutes(n: int) -> Duration:
    d = Duration()
    d.FromTimedelta(timedelta(minutes=n))
    return d


async def test_warnings_and_breaches_fire_once_on_time_across_a_restart_with_two_replicas(
        cases: Harness, tier_nats: str, pool: asyncpg.Pool) -> None:
    await cases.call("DefineSlaPolicy", pb.DefineSlaPolicyRequest(policy=pb.SlaPolicy(
        policy="quick", precedence=1, conditions=pb.SlaConditions(teams=["quick"]),
        first_response=minutes(1), warning_percent=50)), "admin")
    await cases.runtime.runners["settings"].wait_for(
        await cases.runtime.store.recorder.max_notification_id() or 0)
    second = cases.replica()  # another replica, racing for the same deadlines
    await second.start()
    nc = await nats.connect(tier_nats)
    published = await nc.jetstream().subscribe("chorus.cases.acme.>", ordered_consumer=True)
    restarted = None

    async def open_batch(due_in: float, on: Runtime) -> list[tuple[str, datetime]]:
        """Customers who wrote a while ago: warnings due now, breaches in `due_in` s."""
        opened = []
        for i in range(CASES):
            written_at = datetime.now(UTC) - timedelta(seconds=60 - due_in - i / 10)
            reply = await cases.call("OpenCase", pb.OpenCaseRequest(
                channel=pb.CHANNEL_EMAIL, visibility=pb.VISIBILITY_PRIVATE,
                received_at=written_at, subject="Where is my parcel?", body="Order 1234.",
                customer_id=str(uuid.uuid4()), team="quick"), "service", runtime=on)
            opened.append((reply.case_id, written_at + timedelta(minutes=1)))
        return opened

    async def breaches() -> dict[str, datetime]:
        rows = await pool.fetch(
            f"SELECT originator_id, recorded_at FROM {cases.schema}.events"
            " WHERE topic LIKE '%:Case.SlaBreached'")
        return {str(r[0]): r[1] for r in rows}

    try:
        # One replica stops: the other fires the first batch on time.
        first_batch = await open_batch(3, cases.runtime)
        await cases.runtime.stop()
        await eventually(breaches, lambda b: len(b) >= CASES, seconds=15)
        # Then no replica runs while the second batch falls due; started again, the service
        # fires those at once.
        second_batch = await open_batch(2, second)
        await second.stop()
        await asyncio.sleep(3)
        restarted = cases.replica()
        await restarted.start()
        started_at = datetime.now(UTC)
        found = await eventually(breaches, lambda b: len(b) >= 2 * CASES, seconds=15)
        await asyncio.sleep(1)  # anything recorded twice would have been by now
        found = await breaches()
        assert set(found) == {case for case, _ in first_batch + second_batch}
        for case, due in first_batch:
            assert found[case] - due < timedelta(seconds=2.5), "on time"
        for case, _ in second_batch:
            assert found[case] - started_at < timedelta(seconds=2.5), "at once after restart"
        warned = await pool.fetchval(
            f"SELECT count(*) FROM {cases.schema}.events WHERE topic LIKE '%:Case.SlaWarned'")
        assert warned == len(found)
        ours = set(found)
        seen: dict[str, list[str]] = {"SlaWarned": [], "SlaBreached": []}
        with pytest.raises(nats.errors.TimeoutError):
            while True:  # everything published, until nothing more comes
                msg = await published.next_msg(timeout=3)
                kind = msg.subject.rsplit(".", 1)[1]
                if kind in seen:
                    env = EventEnvelope.FromString(msg.data)
                    body = getattr(case_events, kind).FromString(env.payload)
                    if body.case_id in ours:
                        seen[kind].append(body.case_id)
        assert sorted(seen["SlaBreached"]) == sorted(ours) == sorted(seen["SlaWarned"])
    finally:
        await nc.close()
        for runtime in (second, restarted):
            if runtime is not None:
                await runtime.stop()
