"""Synchronous adapter over the asyncpg recorder, for the `eventsourcing` library's interfaces.

The library has no asyncio support. This adapter runs the async recorder on a private event
loop thread so that the library's own recorder contract tests (and any synchronous tool) can
drive it. Services never use it: they await the recorder directly.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    Notification,
    ProcessRecorder,
    StoredEvent,
    Subscription,
    Tracking,
    TrackingRecorder,
)

from chorus.eventstore.recorder import Recorder

T = TypeVar("T")


class _LoopThread:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


class SyncRecorderBase:
    def __init__(self, dsn: str, schema: str, pool_size: int = 20) -> None:
        self._lt = _LoopThread()
        self.dsn, self.schema = dsn, schema

        async def open_recorder() -> Recorder:
            pool = await asyncpg.create_pool(dsn, min_size=1, max_size=pool_size)
            recorder = Recorder(pool, schema)
            await recorder.setup()
            return recorder

        self.recorder = self._lt.run(open_recorder())

    def close(self) -> None:
        self._lt.run(self.recorder.pool.close())
        self._lt.stop()

    def _insert(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        tracking = kwargs.get("tracking")
        return self._lt.run(self.recorder.insert_events(stored_events, tracking=tracking))

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        return self._lt.run(
            self.recorder.select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        )

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        return self._lt.run(self.recorder.select_notifications(
            start, limit, stop, topics, inclusive_of_start=inclusive_of_start))

    def max_notification_id(self) -> int | None:
        return self._lt.run(self.recorder.max_notification_id())

    def insert_tracking(self, tracking: Tracking) -> None:
        self._lt.run(self.recorder.insert_tracking(tracking))

    def max_tracking_id(self, application_name: str) -> int | None:
        return self._lt.run(self.recorder.max_tracking_id(application_name))


class SyncAggregateRecorder(SyncRecorderBase, AggregateRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        self._insert(stored_events, **kwargs)


class PollingSubscription(Subscription[ApplicationRecorder]):
    """Tails the store by position; positions are dense, so polling never skips an event."""

    def __init__(self, recorder: ApplicationRecorder, gt: int | None = None,
                 topics: Sequence[str] = (), interval: float = 0.05) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._buffer: list[Notification] = []
        self._interval = interval

    def __next__(self) -> Notification:
        while not self._has_been_stopped:
            if not self._buffer:
                self._buffer = list(self._recorder.select_notifications(
                    start=self._last_notification_id or 0, limit=500, topics=self._topics,
                    inclusive_of_start=False))
                if self._buffer:
                    self._last_notification_id = self._buffer[-1].id
            if self._buffer:
                return self._buffer.pop(0)
            time.sleep(self._interval)
        raise StopIteration


class SyncApplicationRecorder(SyncRecorderBase, ApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        return self._insert(stored_events, **kwargs)

    def subscribe(self, gt: int | None = None,
                  topics: Sequence[str] = ()) -> Subscription[ApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics)


class SyncTrackingRecorder(SyncRecorderBase, TrackingRecorder):
    pass


class SyncProcessRecorder(SyncApplicationRecorder, ProcessRecorder):
    pass
