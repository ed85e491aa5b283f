"""What every service's command handlers share: the metadata of what a caller records, saving
with it, and retrying commands that commute."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from eventsourcing.domain import Aggregate

from chorus.auth.principal import Principal
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import ConcurrencyConflict
from chorus.eventstore.store import EventStore
from chorus.telemetry import current_trace_context

T = TypeVar("T")


def metadata(p: Principal, subject: object | None = None,
             purpose: str = "service") -> EventMetadata:
    """Who records a command's events, about whom (the data subject, if any), and why."""
    return EventMetadata(tenant=p.tenant, actor=p.subject,
                         subject_id=str(subject) if subject is not None else None,
                         purpose=purpose, trace_context=current_trace_context())


async def save(store: EventStore, p: Principal, *aggregates: Aggregate,
               subject: object | None = None, purpose: str = "service") -> int:
    """Saves the aggregates' new events; returns the last position written (0 when the
    command decided to change nothing), for read-your-writes."""
    positions = await store.save(*aggregates, metadata=metadata(p, subject, purpose))
    return positions[-1] if positions else 0


_turns: weakref.WeakValueDictionary[Hashable, asyncio.Lock] = weakref.WeakValueDictionary()


async def retrying(command: Callable[[], Awaitable[T]], attempts: int = 5,
                   one_at_a_time: Hashable | None = None) -> T:
    """Runs a command again when another writer changed the aggregate first. Only for
    commands that commute (a vote, a report): an edit must surface the conflict (ABORTED).
    With `one_at_a_time` (the aggregate's id), this process's commands on that aggregate
    take turns instead of racing: a popular idea's voters then each decide on the cached
    idea rather than conflict, replay it and retry (other replicas still race, and retry)."""
    if one_at_a_time is None:
        return await _retrying(command, attempts)
    turn = _turns.get(one_at_a_time)
    if turn is None:
        turn = _turns[one_at_a_time] = asyncio.Lock()
    async with turn:
        return await _retrying(command, attempts)


async def _retrying(command: Callable[[], Awaitable[T]], attempts: int) -> T:
    for _ in range(attempts - 1):
        try:
            return await command()
        except ConcurrencyConflict:
            continue
    return await command()
