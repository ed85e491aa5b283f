"""Resolve's answers in memory stay exact with two replicas of identity's profile index on
one real database: a change either replica's runner commits, a rebuild or an erasure is
never answered from an older memory (once it is known, or when a caller asks for it)."""

from __future__ import annotations

import gc
import json
import os
from typing import Any
from uuid import UUID, uuid4

import pytest

from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.privacy.keys import SubjectKeys
from chorus.projections.runner import ProjectionRunner
from services.identity.domain.social_profile import LinkEvidence, SocialProfile
from services.identity.projections.profiles import ProfileIndex
from services.identity.queries import Resolutions

TENANT = "acme"


class Replica:
    """One process's index, its runner and its answers in memory; `reads` counts the answers
    read from the table."""

    def __init__(self, store: EventStore, master_key: bytes) -> None:
        self.index = ProfileIndex(store.recorder.schema, master_key)
        self.runner = ProjectionRunner(store, self.index)
        self.resolutions = Resolutions(self.index, store.recorder.pool, recheck_s=0)
        self.reads = 0
        original = self.index.resolve

        async def counted(*args: Any) -> Any:
            self.reads += 1
            return await original(*args)
        self.index.resolve = counted  # type: ignore[method-assign]

    async def customer_of(self, handle: str, min_position: int = 0) -> Any:
        row = await self.resolutions.resolve(TENANT, "x", handle=handle,
                                             min_position=min_position)
        return None if row is None or row[1] is None else UUID(row[1])


@pytest.fixture
def store(recorder: Recorder) -> EventStore:
    return EventStore(recorder, SubjectKeys(recorder.pool, recorder.schema, os.urandom(32)))


async def save(store: EventStore, profile: SocialProfile) -> int:
    positions = await store.save(profile, metadata=EventMetadata(
        tenant=TENANT, subject_id=str(profile.id)))
    return positions[-1]


async def test_answers_in_memory_follow_every_change(store: EventStore) -> None:
    key = os.urandom(32)
    a, b = Replica(store, key), Replica(store, key)
    await a.runner.setup()
    ada = SocialProfile(tenant=TENANT, network="x", external_id="x-1", handle="@ada")
    await save(store, ada)
    await a.runner.run_once()
    assert await a.customer_of("@ada") is None and a.reads == 1
    assert await a.customer_of("@ADA") is None and a.reads == 1, "from memory"
    assert await a.customer_of("@nobody") is None and a.reads == 2
    assert await a.customer_of("nobody") is None and a.reads == 2, "a miss is kept too"

    # A change this replica's runner commits drops the answers it changed, and only those.
    customer = uuid4()
    ada.link(customer, LinkEvidence.SIGNED_IN_WITH_NETWORK, "oauth", "agent")
    linked = await save(store, ada)
    assert await a.runner.run_once() == 1
    assert await a.customer_of("@ada", min_position=linked) == customer and a.reads == 3
    assert await a.customer_of("@nobody") is None and a.reads == 3, "untouched: still held"
    # Held by the hundred thousand, answers must be nothing the garbage collector scans
    # (a pass untracks a tuple of untracked items: the inner tuple at the first, then this).
    gc.collect()
    gc.collect()
    assert not [held for held in a.resolutions._answers.values() if gc.is_tracked(held)]

    # A profile recorded under a handle that was a miss.
    bob = SocialProfile(tenant=TENANT, network="x", external_id="x-2", handle="@nobody")
    recorded = await save(store, bob)
    await a.runner.run_once()
    assert (await a.resolutions.resolve(TENANT, "x", handle="@nobody", min_position=recorded)
            ) == (str(bob.id), None)

    # Another replica commits the next change: asked for it, this one reads the table...
    ada.unlink("wrong person", "agent")
    unlinked = await save(store, ada)
    assert await b.runner.run_once() == 1
    reads = a.reads
    assert await a.customer_of("@ada", min_position=unlinked) is None
    assert a.reads == reads + 1, "beyond what this replica made or saw: read again"
    # ...and once its runner sees the change, nothing from before it is answered.
    await save(store, SocialProfile(tenant=TENANT, network="x", external_id="x-3",
                                    handle="@carol"))
    assert await b.runner.run_once() == 1
    assert await a.runner.run_once() == 0
    assert (await a.resolutions.resolve(TENANT, "x", handle="@nobody")) == (str(bob.id), None)
    assert a.reads == reads + 2, "everything held before the other replica's batch dropped"

    # A renamed handle: the old one no longer resolves to the profile.
    ada.observe("@ada_lovelace", "", "", 0)
    renamed = await save(store, ada)
    await a.runner.run_once()
    assert await a.resolutions.resolve(TENANT, "x", handle="@ada", min_position=renamed) is None
    assert (await a.resolutions.resolve(TENANT, "x", handle="@ada_lovelace")
            )[0] == str(ada.id)

    # An erasure on the other replica (outside the log) drops every answer held here.
    assert await a.resolutions.resolve(TENANT, "x", external_id="x-2") is not None
    reads = a.reads
    await b.index.forget(store.recorder.pool, TENANT, bob.id)
    assert await a.resolutions.resolve(TENANT, "x", external_id="x-2") is None
    assert a.reads == reads + 1


async def test_a_freshly_loaded_index_answers_a_key_without_reading_the_network(
        store: EventStore) -> None:
    """Right after a bulk load the table has no statistics yet (autovacuum has not analysed
    it): each lookup must still go straight to its key, not read every profile of the
    network (which made Resolve's first answers after an import take milliseconds each)."""
    replica = Replica(store, os.urandom(32))
    await replica.runner.setup()
    profiles = [SocialProfile(tenant=TENANT, network="x", external_id=f"x-{i}",
                              handle=f"@fan{i}") for i in range(600)]
    await store.save_each(*((p, EventMetadata(tenant=TENANT, subject_id=str(p.id)))
                            for p in profiles))
    assert await replica.runner.run_once() == len(profiles)
    index, pool = replica.index, store.recorder.pool
    for kind, key in (("handle", index.key(TENANT, "x", handle="@fan417")),
                      ("external", index.key(TENANT, "x", external_id="x-417"))):
        plan = json.loads(await pool.fetchval(
            "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + index.resolution_queries[kind], *key[:2],
            key[3]))[0]
        assert plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"] < 20, (
            kind, plan)
        assert (await index.resolve(pool, key))["profile_id"] == profiles[417].id
