"""Saving and loading aggregates: the async counterpart of the library's event store."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from chorus.db import Conn
from chorus.eventstore.cache import AggregateCache, Key
from chorus.eventstore.mapper import PersonalDataMapper, topic_has_personal_fields
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.records import RecordedEvent
from chorus.privacy.keys import SubjectErased, SubjectKeys

A = TypeVar("A", bound=Aggregate)
MAIN = "main"  # the name of a service's own event store (a service may keep others)
YIELD_EVERY = 200  # groups sealed between turns given to the event loop


class AggregateNotFound(LookupError):
    pass


class EventStore:
    def __init__(self, recorder: Recorder, keys: SubjectKeys,
                 mapper: PersonalDataMapper | None = None) -> None:
        self.recorder = recorder
        self.keys = keys
        self.mapper = mapper or PersonalDataMapper()
        self.cache = AggregateCache()

    async def save(self, *aggregates: Aggregate, metadata: EventMetadata,
                   conn: Conn | None = None) -> list[int]:
        """Stores the aggregates' pending events in one transaction; returns their positions.
        With `conn` (in a transaction), they join that transaction and are positioned after
        it commits (no positions are returned).

        Raises ConcurrencyConflict if another writer saved any of them first."""
        events = [e for a in aggregates for e in a.collect_events()]
        if not events:
            self._keep(aggregates, conn)
            return []
        stored = await self._seal_all(events, metadata)
        with self._erased_forgotten():
            positions = await self.recorder.insert_events(stored, metadata=metadata, conn=conn)
        self._keep(aggregates, conn)
        return positions

    @contextlib.contextmanager
    def _erased_forgotten(self) -> Iterator[None]:
        """The append refused a subject erased meanwhile (see privacy/keys.py): its key,
        remembered for writing, is forgotten."""
        try:
            yield
        except SubjectErased as e:
            self.keys.forget(e.ref)
            raise

    def _keep(self, aggregates: Sequence[Aggregate], conn: Conn | None) -> None:
        """Cacheable aggregates back in the cache, once their events are committed (inside
        the caller's transaction they are not yet, and may never be)."""
        if conn is not None:
            return
        for aggregate in aggregates:
            key: Key | None = getattr(aggregate, "_chorus_cache_key", None)
            if key is not None:
                self.cache.put(key, aggregate)

    async def save_each(self, *changes: tuple[Aggregate, EventMetadata],
                        conn: Conn | None = None) -> list[int]:
        """Stores several aggregates' pending events in one transaction, each with its own
        metadata (and so its own data subject and key); `conn` as for `save`."""
        groups = [(a.collect_events(), metadata) for a, metadata in changes]
        return await self.save_groups(groups, [a for a, _ in changes], conn=conn)

    async def save_groups(self, groups: Sequence[tuple[Sequence[Any], EventMetadata]],
                          aggregates: Sequence[Aggregate] = (),
                          conn: Conn | None = None) -> list[int]:
        """Stores collected events in one transaction, each group with its own metadata: for
        one aggregate's events about different people (an imported idea's votes, each about
        its voter). `aggregates`, whose events these are, are cached once committed."""
        pending = [(events, metadata) for events, metadata in groups if events]
        keys = await self.keys.for_writing_many(
            {(m.tenant, m.subject_id) for _, m in pending if m.subject_id is not None})
        sealed = []
        for n, (events, m) in enumerate(pending, 1):
            key = keys[(m.tenant, m.subject_id)] if m.subject_id is not None else None
            sealed.append(([self.mapper.seal(e, m.tenant, m.subject_id, key) for e in events], m))
            if n % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # a big batch: let the process's other tasks run
        with self._erased_forgotten():
            positions = await self.recorder.insert_groups(sealed, conn=conn)
        self._keep(aggregates, conn)
        return positions

    async def _seal_all(self, events: Sequence[Any], metadata: EventMetadata) -> list[StoredEvent]:
        key = None
        if metadata.subject_id is not None:
            key = await self.keys.for_writing((metadata.tenant, metadata.subject_id))
        return [self.mapper.seal(e, metadata.tenant, metadata.subject_id, key) for e in events]

    async def decode(self, records: Sequence[RecordedEvent], *, sealed: bool = False,
                     shared: bool = False) -> list[Any]:
        """Domain events of the records; with `sealed`, personal fields stay encrypted (for
        read models that keep them encrypted under the subject's key).

        With `shared` (the readers of the log: projections, policies, the relay), events
        decoded from the records the process holds (recent.py) are shared with its other
        readers, which then need not decode them again: each event of the log was decoded
        by three readers or more. Only events without plaintext are shared (decoded sealed,
        or with no personal field), so an erasure leaves none behind; readers must not
        change what they are given."""
        if not shared:
            return await self._decode(records, sealed)
        recent = self.recorder.recent
        shareable = [sealed or not topic_has_personal_fields(r.topic) for r in records]
        out = [recent.decoded_of(r) if share else None
               for r, share in zip(records, shareable, strict=True)]
        missing = [n for n, event in enumerate(out) if event is None]
        if missing:
            decoded = await self._decode([records[n] for n in missing], sealed)
            for n, event in zip(missing, decoded, strict=True):
                out[n] = event
                if shareable[n]:
                    recent.share_decoded(records[n], event)
        return out

    async def _decode(self, records: Sequence[RecordedEvent], sealed: bool) -> list[Any]:
        if sealed:
            return [self.mapper.to_domain_event(StoredEvent(
                r.originator_id, r.originator_version, r.topic, r.state)) for r in records]
        # Keys only for what there is to open: an event about someone but with no personal
        # field (an SLA clock's, a vote's) needs none, and a reader of such events no query.
        refs = {(r.metadata.tenant, r.metadata.subject_id) for r in records
                if r.metadata.subject_id is not None and topic_has_personal_fields(r.topic)}
        keys = await self.keys.for_reading(refs)  # type: ignore[arg-type,unused-ignore]
        out = []
        for r in records:
            subject = r.metadata.subject_id
            key = keys.get((r.metadata.tenant, subject)) if subject is not None else None
            stored = StoredEvent(r.originator_id, r.originator_version, r.topic, r.state)
            out.append(self.mapper.open(stored, r.metadata.tenant, subject, key))
        return out

    async def history(self, aggregate_id: UUID, *, tenant: str, version: int | None = None,
                      as_of: datetime | None = None, what: str = "aggregate",
                      sealed: bool = False) -> list[tuple[Any, RecordedEvent]]:
        """An aggregate's events of the caller's tenant with their audit records, oldest first
        (another tenant's aggregate is 'not found'); with `as_of`, only those recorded by then
        (an aggregate created later is 'not found')."""
        records = await self.recorder.stream_records(aggregate_id, lte=version)
        if as_of is not None:
            records = [r for r in records if r.recorded_at <= as_of]
        if not records or records[0].metadata.tenant != tenant:
            raise AggregateNotFound(f"{what} {aggregate_id} not found")
        return list(zip(await self.decode(records, sealed=sealed), records, strict=True))

    async def subject_history(self, tenant: str,
                              subject_id: str) -> list[tuple[Any, RecordedEvent]]:
        """Every event recorded about a data subject, decrypted, with its audit record."""
        records = await self.recorder.subject_records(tenant, subject_id)
        return list(zip(await self.decode(records), records, strict=True))

    async def read(self, cls: type[A], aggregate_id: UUID, *, tenant: str) -> A:
        """The aggregate as it is now, sealed, for a decision that only reads it (e.g. is the
        idea open to comments?): a cached one stays cached for the next command. The caller
        must not change it."""
        if not getattr(cls, "cached_when_sealed", False):
            return await self.get(cls, aggregate_id, tenant=tenant, sealed=True)
        aggregate = await self.get(cls, aggregate_id, tenant=tenant, sealed=True)
        self.cache.put(aggregate._chorus_cache_key, aggregate)  # type: ignore[attr-defined]
        return aggregate

    async def get(self, cls: type[A], aggregate_id: UUID, *, tenant: str,
                  version: int | None = None, as_of: datetime | None = None,
                  sealed: bool = False) -> A:
        """Rebuilds an aggregate of the caller's tenant (another tenant's is 'not found'),
        as it is now, at `version`, or as it was at `as_of`. With `sealed`, personal fields
        stay encrypted (no key lookup, no decryption): for decisions that do not read them.
        An aggregate class with `cached_when_sealed` loaded sealed as it is now comes from
        the cache when it is there (see cache.py), brought up to date from the store."""
        cacheable = sealed and version is None and as_of is None and getattr(
            cls, "cached_when_sealed", False)
        if cacheable:
            key: Key = (cls, tenant, aggregate_id)
            cached = self.cache.take(key)
            if cached is not None:
                newer = await self.recorder.stream_records(aggregate_id, gt=cached.version)
                for event in await self.decode(newer, sealed=True):
                    cached = event.mutate(cached)
                return cached  # type: ignore[no-any-return]
        aggregate: Any = None
        for event, _ in await self.history(aggregate_id, tenant=tenant, version=version,
                                           as_of=as_of, what=cls.__name__, sealed=sealed):
            aggregate = event.mutate(aggregate)
        if not isinstance(aggregate, cls):
            raise AggregateNotFound(f"{cls.__name__} {aggregate_id} not found")
        if cacheable:
            aggregate._chorus_cache_key = key  # type: ignore[attr-defined]
        return aggregate
