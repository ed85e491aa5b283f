"""Two replicas of identity and of ideas at once, as processes on the same database and NATS,
both serving gRPC under load (one relay and one runner of each reader active per service);
the one holding each service's relay lock (and its reader leases) is SIGKILLed and not brought
back. The other takes the relay and the readers over: every acknowledged registration reaches
ideas, every acknowledged vote is counted once on the survivor, every stored event is in its
stream exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import grpc
import psutil
import pytest

from chorus.devstack.nats import EmbeddedNats
from chorus.devstack.orphan_guard import guarded
from chorus.devstack.ports import free_port, wait_for_port
from chorus.devstack.postgres import EmbeddedPostgres
from chorus.devstack.stack import DevStack, DevState, admin_database_url
from chorus.ideas.v1 import events_pb2 as iev
from chorus.ideas.v1 import ideas_pb2, ideas_pb2_grpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.e2e.calls import eventually, token
from tests.faults.afterwards import all_known, all_serving_at, published_once, stored_events

SERVICES = ("identity", "ideas")


@dataclass
class Replicas:
    dev: DevStack
    state: DevState
    pg: EmbeddedPostgres
    nats: EmbeddedNats
    procs: dict[str, list[subprocess.Popen[bytes]]] = field(default_factory=dict)
    ports: dict[str, list[int]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    root: Path = tmp_path_factory.mktemp("replicas")
    pg = EmbeddedPostgres(root / "pg", durable=True).start()
    server = EmbeddedNats(root / "nats").start()
    dev = DevStack(root / "system", services=SERVICES, usual_ports=False)
    r = Replicas(dev, DevState(), pg, server)
    extra: list[subprocess.Popen[bytes]] = []
    try:
        dev.start_services(r.state, pg.dsn, server.url)
        for service in SERVICES:  # a second process of each: same stores, its own port
            command, env = dev.launches[service]
            port = free_port()
            log = open(root / f"{service}-2.log", "ab")  # noqa: SIM115
            extra.append(subprocess.Popen(
                guarded(command, signal.SIGTERM), stdout=log, stderr=subprocess.STDOUT,
                env={**env, "CHORUS_GRPC_LISTEN": f"127.0.0.1:{port}"}))
            wait_for_port(port, timeout=60)
            r.procs[service] = [dev.procs[service], extra[-1]]
            r.ports[service] = [dev.ports[service], port]
        yield r
    finally:
        for proc in extra:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(20)
        dev.stop()
        server.stop()
        pg.stop()


async def relay_holder(r: Replicas, service: str) -> int:
    """The pid of the replica holding the service's relay lock."""
    conn = await asyncpg.connect(admin_database_url(r.pg.dsn, service))
    try:
        key = await conn.fetchval("SELECT hashtext($1)::bigint", f"{service}.relay")
        key &= 0xFFFF_FFFF_FFFF_FFFF
        ports = {row[0] for row in await conn.fetch(
            "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            " AND l.classid::bigint = $1 AND l.objid::bigint = $2", key >> 32, key & 0xFFFF_FFFF)}
    finally:
        await conn.close()
    holders = [p.pid for p in r.procs[service] if p.poll() is None and any(
        c.laddr.port in ports for c in psutil.Process(p.pid).net_connections(kind="tcp"))]
    assert len(holders) == 1, (service, holders, ports)
    return holders[0]


@dataclass
class Acked:
    customers: list[str] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=dict)  # idea -> up votes acknowledged


async def load(r: Replicas, done: asyncio.Event, acked: Acked) -> None:
    """Registrations and votes, sent to both replicas in turn (a dead one refuses)."""
    admin, front = token(r.state, "admin"), token(r.state, "service")
    channels = {s: [grpc.aio.insecure_channel(f"127.0.0.1:{p}") for p in r.ports[s]]
                for s in SERVICES}
    try:
        ideas = [ideas_pb2_grpc.IdeasServiceStub(c) for c in channels["ideas"]]
        identity = [idgrpc.IdentityServiceStub(c) for c in channels["identity"]]
        await ideas[0].DefineCategory(ideas_pb2.DefineCategoryRequest(category="products"),
                                      metadata=admin)
        idea_ids = []
        for i in range(5):
            submitted = await ideas[i % 2].SubmitIdea(ideas_pb2.SubmitIdeaRequest(
                title=f"Quieter keyboard {i}", body="Quieter keys, please.",
                category="products", author_id=str(uuid.uuid4())), metadata=front)
            idea_ids.append(submitted.idea_id)
        n = 0
        while not done.is_set():
            n += 1
            try:
                if n % 2:
                    reply = await identity[n // 2 % 2].RegisterCustomer(
                        idpb.RegisterCustomerRequest(
                            customer_code=f"R-{n}-{uuid.uuid4().hex[:6]}", legal_name="Re Plica",
                            email=f"r{n}@example.org"), metadata=admin, timeout=5)
                    acked.customers.append(reply.customer_id)
                else:
                    idea = idea_ids[n % len(idea_ids)]
                    await ideas[n // 2 % 2].VoteOnIdea(ideas_pb2.VoteOnIdeaRequest(
                        idea_id=idea, vote=iev.VOTE_UP, voter_id=str(uuid.uuid4())),
                        metadata=front, timeout=5)
                    acked.votes[idea] = acked.votes.get(idea, 0) + 1
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.05)
    finally:
        for chs in channels.values():
            for c in chs:
                await c.close()


async def test_the_surviving_replica_takes_the_relay_over_and_nothing_is_lost(
        replicas: Replicas) -> None:
    r = replicas
    acked = Acked()
    done = asyncio.Event()
    loading = asyncio.create_task(load(r, done, acked))
    try:
        await asyncio.sleep(4)
        killed = {}
        for service in SERVICES:
            holder = await relay_holder(r, service)
            os.kill(holder, signal.SIGKILL)  # not brought back: no supervisor here
            killed[service] = holder
        await asyncio.sleep(6)
    finally:
        done.set()
        await loading
    print(f"relay holders killed: {killed}; acknowledged {len(acked.customers)} customers,"
          f" {sum(acked.votes.values())} votes")
    survivors = {s: next(i for i, p in enumerate(r.procs[s]) if p.pid != killed[s])
                 for s in SERVICES}
    for service in SERVICES:
        assert r.procs[service][1 - survivors[service]].wait(5) == -signal.SIGKILL
        assert await all_serving_at(r.ports[service][survivors[service]])
        assert await relay_holder(r, service) == r.procs[service][survivors[service]].pid
    assert len(acked.customers) > 20 and sum(acked.votes.values()) > 20, acked

    admin = token(r.state, "admin")
    async with grpc.aio.insecure_channel(
            f"127.0.0.1:{r.ports['ideas'][survivors['ideas']]}") as ch:
        ideas = ideas_pb2_grpc.IdeasServiceStub(ch)

        # identity's events reached ideas through the new relay
        await all_known(lambda cid: ideas.GetKnownCustomer(ideas_pb2.GetKnownCustomerRequest(
            customer_id=cid), metadata=admin), acked.customers, seconds=60)
        for idea, votes in acked.votes.items():  # each acknowledged vote counted, once
            held = await stored_events(r.pg.dsn, "ideas", "%VoteChanged", idea)
            got = await eventually(lambda i=idea: ideas.GetIdea(  # type: ignore[misc]
                ideas_pb2.GetIdeaRequest(idea_id=i), metadata=admin),
                lambda reply, v=votes: reply.idea.votes_up >= v, seconds=30)
            assert got.idea.votes_up == held, (idea, got.idea.votes_up, held)

    # every registration and vote stored is in its stream, once by event id
    for service, topic, published in (("identity", "%Customer.Registered", "CustomerRegistered"),
                                      ("ideas", "%Idea.VoteChanged", "IdeaVoteChanged")):
        await published_once(r.nats.url, service, published,
                             await stored_events(r.pg.dsn, service, topic))
