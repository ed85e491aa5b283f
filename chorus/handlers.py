"""How a service reacts to events: `@on(EventType)` handlers and the context they run in.

Read models, policies and consumers declare what they handle with `@on`, on methods taking
`(self, ctx, event)`; the event types are the service's own domain event classes (events read
from its log) or protobuf messages (other services' integration events). Dispatch is one dict
lookup by exact type, built once per class.

A handler runs inside one PostgreSQL transaction together with the tracking of what was
handled (the log position, or the publisher's event id); `ctx.conn` is that transaction.
Policies record new events through `ctx.save`, which joins it: the reaction and the
tracking commit together, or neither does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.db import Conn, Executes, PendingWrites
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.records import RecordedEvent
from chorus.eventstore.store import EventStore
from chorus.telemetry import current_trace_context

F = TypeVar("F", bound=Callable[..., Awaitable[None]])
Handler = Callable[["Context", Any], Awaitable[None]]


def on(*event_types: type) -> Callable[[F], F]:
    """Declares the decorated method the handler of `event_types`."""

    def mark(method: F) -> F:
        method.__chorus_handles__ = event_types  # type: ignore[attr-defined]
        return method

    return mark


def on_many(*event_types: type) -> Callable[[F], F]:
    """Declares the decorated method the handler of runs of `event_types` in the log: it
    takes `(self, items)`, a list of (ctx, event) of consecutive events of these types (a
    handler of several types gets them mixed, in log order), all in one transaction. For
    events that come by the thousand (an import): a few set-based statements for the run
    instead of a few round trips for each event."""

    def mark(method: F) -> F:
        method.__chorus_handles_many__ = event_types  # type: ignore[attr-defined]
        return method

    return mark


def columns(items: list[tuple[Context, Any]], *fields: str) -> list[list[Any]]:
    """For a set-based (`on_many`) handler's `unnest`: the run's tenants, then the values of
    each named field of its events, one list each."""
    return [[ctx.tenant for ctx, _ in items],
            *([getattr(event, name) for _, event in items] for name in fields)]


class Handlers:
    """Base of anything with `@on` methods: read models, policies, consumers' reactions."""

    _handles: ClassVar[dict[type, str]] = {}
    _handles_many: ClassVar[dict[type, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        table: dict[type, str] = {}
        runs: dict[type, str] = {}
        for klass in reversed(cls.__mro__):
            for name, member in vars(klass).items():
                for event_type in getattr(member, "__chorus_handles__", ()):
                    table[event_type] = name
                for event_type in getattr(member, "__chorus_handles_many__", ()):
                    runs[event_type] = name
        cls._handles, cls._handles_many = table, runs

    @classmethod
    def handled_types(cls) -> tuple[type, ...]:
        return (*cls._handles, *cls._handles_many)

    def handlers(self) -> dict[type, Handler]:
        """{event type: bound handler}: what a consumer subscribes with."""
        return {t: getattr(self, name) for t, name in self._handles.items()}

    async def handle(self, ctx: Context, event: Any) -> bool:
        """Runs the handler of the event's type; False if this class does not handle it."""
        name = self._handles.get(type(event))
        if name is None:
            if type(event) in self._handles_many:
                await self.handle_run([(ctx, event)])
                return True
            return False
        await getattr(self, name)(ctx, event)
        return True

    async def handle_run(self, items: list[tuple[Context, Any]]) -> None:
        """Handles consecutive events of the log in order: runs of events with the same
        `on_many` handler at once, the others one by one."""
        start = 0
        while start < len(items):
            kind = type(items[start][1])
            many = self._handles_many.get(kind)
            if many is None:
                await self.handle(*items[start])
                start += 1
                continue
            end = start + 1
            while end < len(items) and self._handles_many.get(type(items[end][1])) == many:
                end += 1
            await getattr(self, many)(items[start:end])
            start = end


class RecordsNoEvents(Exception):
    """A read model tried to record events (only policies and consumers' reactions may)."""


@dataclass
class Context:
    """The transaction a handler runs in, and what it reacts to."""

    conn: Conn
    tenant: str
    at: datetime  # when the handled event was recorded (own log) or occurred (integration)
    cause_id: str  # the handled event's id: causation of whatever the handler records
    correlation_id: str = ""
    record: RecordedEvent | None = None  # the handled event's record (own log)
    envelope: EventEnvelope | None = None  # the handled message (integration event)
    store: EventStore | None = None  # where a policy records its events
    actor: str = ""  # who those events are recorded as (the policy's name)
    # A projection's run or a consumer's batch: statements queued with `later` go when it ends.
    pending: PendingWrites | None = None

    @classmethod
    def of_record(cls, conn: Conn, record: RecordedEvent, *, store: EventStore | None,
                  actor: str, pending: PendingWrites | None = None) -> Context:
        meta = record.metadata
        return cls(conn=conn, tenant=meta.tenant, at=record.recorded_at,
                   cause_id=str(record.event_id),
                   correlation_id=meta.correlation_id or str(record.event_id), record=record,
                   store=store, actor=actor, pending=pending)

    @classmethod
    def of_envelope(cls, conn: Conn, envelope: EventEnvelope, *, store: EventStore | None,
                    actor: str, pending: PendingWrites | None = None) -> Context:
        return cls(conn=conn, tenant=envelope.tenant,
                   at=envelope.occurred_at.ToDatetime().astimezone(),
                   cause_id=envelope.event_id,
                   correlation_id=envelope.correlation_id or envelope.event_id,
                   envelope=envelope, store=store, actor=actor, pending=pending)

    def later(self, key: Hashable, phase: int = 0) -> Executes:
        """Where a write-only handler's statement goes: queued under `key` and sent with the
        rest of its run or batch when that ends (chorus.db.PendingWrites: one round trip per
        statement text), or at once when the event is handled alone. Only for tables nothing
        in the run reads."""
        return self.pending.on(key, phase) if self.pending is not None else self.conn

    @property
    def sealed_for(self) -> str:
        """The data subject whose key the handled event's personal fields are encrypted under
        ("" when none: no subject, or not an event of the own log)."""
        return (self.record.metadata.subject_id or "") if self.record is not None else ""

    def metadata(self, *, subject: object | None = None, purpose: str = "service",
                 actor: str = "") -> EventMetadata:
        return EventMetadata(tenant=self.tenant, actor=actor or self.actor,
                             subject_id=str(subject) if subject is not None else None,
                             purpose=purpose, causation_id=self.cause_id,
                             correlation_id=self.correlation_id,
                             trace_context=current_trace_context())

    def _store(self) -> EventStore:
        if self.store is None:
            raise RecordsNoEvents(f"{self.actor} is a read model: it cannot record events")
        return self.store

    async def save(self, *aggregates: Aggregate, subject: object | None = None,
                   purpose: str = "service") -> None:
        """Records the aggregates' new events in the handler's transaction."""
        await self._store().save(*aggregates, conn=self.conn,
                                 metadata=self.metadata(subject=subject, purpose=purpose))

    async def opened(self) -> Any:
        """The handled event of the own log with its personal fields decrypted: for a reader
        that keeps them sealed (cheaper) and reads one in a rare case."""
        if self.record is None:
            raise ValueError("only an event of the service's own log can be opened")
        (event,) = await self._store().decode([self.record])
        return event

    async def unused(self, ids: list[UUID]) -> set[UUID]:
        """The ids no aggregate was recorded under yet. A reaction that derives its new
        aggregates' ids from what caused it records only those: replayed (redelivery,
        restart, rebuild), it records nothing twice."""
        used = await self._store().recorder.existing_ids(ids, conn=self.conn)
        return set(ids) - used
