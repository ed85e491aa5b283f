"""The `eventsourcing` library's own recorder contract tests, run against our asyncpg recorder
through the synchronous adapter. Nothing here is skipped or edited."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from eventsourcing.tests.persistence import (
    AggregateRecorderTestCase,
    ApplicationRecorderTestCase,
    NonInterleavingNotificationIDsBaseCase,
    ProcessRecorderTestCase,
    TrackingRecorderTestCase,
)

from chorus.eventstore.sync import (
    SyncAggregateRecorder,
    SyncApplicationRecorder,
    SyncProcessRecorder,
    SyncRecorderBase,
    SyncTrackingRecorder,
)
from tests.servers import fresh_schema, servers


def _drop(schema: str) -> None:
    async def drop() -> None:
        conn = await asyncpg.connect(servers().database_url)
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await conn.close()

    asyncio.run(drop())


class _Fresh:
    """Each test gets a recorder on a schema of its own, dropped afterwards."""

    recorder_class: type[SyncRecorderBase]

    def setUp(self) -> None:
        self._recorders: list[SyncRecorderBase] = []

    def tearDown(self) -> None:
        for r in self._recorders:
            r.close()
            _drop(r.schema)

    def create_recorder(self) -> Any:
        r = self.recorder_class(servers().database_url, fresh_schema())
        self._recorders.append(r)
        return r


class TestAggregateRecorder(_Fresh, AggregateRecorderTestCase):
    recorder_class = SyncAggregateRecorder


class TestApplicationRecorder(_Fresh, ApplicationRecorderTestCase):
    recorder_class = SyncApplicationRecorder

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()


class TestTrackingRecorder(_Fresh, TrackingRecorderTestCase):
    recorder_class = SyncTrackingRecorder


class TestProcessRecorder(_Fresh, ProcessRecorderTestCase):
    recorder_class = SyncProcessRecorder


class TestNonInterleavingNotificationIDs(_Fresh, NonInterleavingNotificationIDsBaseCase):
    recorder_class = SyncApplicationRecorder
