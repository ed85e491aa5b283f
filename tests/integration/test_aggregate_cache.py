"""The aggregate cache (chorus/eventstore/cache.py): a cached aggregate is always the stored
one, whoever wrote since; what a command changed without storing never comes back."""

from __future__ import annotations

import os
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event

from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import ConcurrencyConflict, Recorder
from chorus.eventstore.store import EventStore
from chorus.privacy.keys import SubjectKeys

META = EventMetadata(tenant="acme")


class Tally(Aggregate):
    cached_when_sealed = True

    @event("Opened")
    def __init__(self) -> None:
        self.votes: list[str] = []

    @event("Voted")
    def vote(self, who: str) -> None:
        self.votes.append(who)


def stores(recorder: Recorder) -> tuple[EventStore, EventStore]:
    """Two replicas' stores on the same log."""
    keys = SubjectKeys(recorder.pool, recorder.schema, os.urandom(32))
    return EventStore(recorder, keys), EventStore(recorder, keys)


async def test_a_cached_aggregate_catches_up_with_what_another_replica_stored(
        recorder: Recorder) -> None:
    mine, theirs = stores(recorder)
    tally = Tally()
    tally.vote("a")
    await mine.save(tally, metadata=META)
    loaded = await mine.get(Tally, tally.id, tenant="acme", sealed=True)
    loaded.vote("b")
    await mine.save(loaded, metadata=META)  # back in mine's cache at version 3
    other = await theirs.get(Tally, tally.id, tenant="acme", sealed=True)
    other.vote("c")
    await theirs.save(other, metadata=META)
    again = await mine.get(Tally, tally.id, tenant="acme", sealed=True)
    assert mine.cache.hits == 1 and again.votes == ["a", "b", "c"] and again.version == 4
    with pytest.raises(ConcurrencyConflict):  # mine's copy is checked out, not shared
        stale = await mine.get(Tally, tally.id, tenant="acme", sealed=True)
        stale.vote("d")
        again.vote("e")
        await mine.save(again, metadata=META)
        await mine.save(stale, metadata=META)


async def test_what_a_command_changed_without_storing_never_comes_back(
        recorder: Recorder) -> None:
    store, _ = stores(recorder)
    tally = Tally()
    await store.save(tally, metadata=META)
    loaded = await store.get(Tally, tally.id, tenant="acme", sealed=True)
    await store.save(loaded, metadata=META)  # nothing new: back in the cache as it was
    loaded = await store.get(Tally, tally.id, tenant="acme", sealed=True)
    loaded.vote("refused later")  # the command then fails: never saved
    fresh = await store.get(Tally, tally.id, tenant="acme", sealed=True)
    assert fresh.votes == []
    # saved inside a transaction the caller then rolls back: not cached either
    fresh.vote("rolled back")
    async with recorder.pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        await store.save(fresh, metadata=META, conn=conn)
        await tx.rollback()
    assert (await store.get(Tally, tally.id, tenant="acme", sealed=True)).votes == []


async def test_only_sealed_loads_of_classes_that_opt_in_are_cached(recorder: Recorder) -> None:
    store, _ = stores(recorder)
    tally = Tally()
    await store.save(tally, metadata=META)
    opened: Any = await store.get(Tally, tally.id, tenant="acme")  # unsealed: plaintext
    opened.vote("x")
    await store.save(opened, metadata=META)
    assert len(store.cache) == 0
    sealed = await store.get(Tally, tally.id, tenant="acme", sealed=True)
    await store.save(sealed, metadata=META)
    assert len(store.cache) == 1
    with pytest.raises(LookupError):  # another tenant's aggregate is not found, cached or not
        await store.get(Tally, tally.id, tenant="other", sealed=True)
