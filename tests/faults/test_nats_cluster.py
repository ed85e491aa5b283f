"""A 3-node NATS cluster (what `chorus up --nats-cluster 3` runs) under identity and cases
with a steady load of registrations: one node is SIGKILLed, brought back, then another.
Nothing acknowledged is lost (cases learns every customer identity acknowledged), nothing is
duplicated in the stream, and the services ride it out without a restart of their own."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import grpc
import nats
import pytest

from chorus.cases.v1 import cases_pb2, cases_pb2_grpc
from chorus.devstack.nats import NatsCluster
from chorus.devstack.postgres import EmbeddedPostgres
from chorus.devstack.stack import DevStack, DevState
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.e2e.calls import channel, eventually, token
from tests.faults.afterwards import all_known, all_serving_at, published_once, stored_events

SERVICES = ("identity", "cases")


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DevStack, DevState,
                                                                        NatsCluster, str]]:
    root: Path = tmp_path_factory.mktemp("nats-cluster")
    pg = EmbeddedPostgres(root / "pg", durable=True).start()
    cluster = NatsCluster(root / "nats", 3).start()
    dev = DevStack(root / "system", services=SERVICES, usual_ports=False)
    state = DevState()
    try:
        dev.start_services(state, pg.dsn, cluster.url, cluster.replicas)
        yield dev, state, cluster, pg.dsn
    finally:
        dev.stop()
        cluster.stop()
        pg.stop()


async def load(dev: DevStack, state: DevState, done: asyncio.Event, acked: list[str],
               refused: list[str]) -> None:
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        identity = idgrpc.IdentityServiceStub(ch)
        n = 0
        while not done.is_set():
            n += 1
            try:
                reply = await identity.RegisterCustomer(idpb.RegisterCustomerRequest(
                    customer_code=f"N-{n}-{uuid.uuid4().hex[:6]}", legal_name="Nat S.",
                    email=f"n{n}@example.org"), metadata=admin, timeout=5)
                acked.append(reply.customer_id)
            except grpc.aio.AioRpcError as e:
                refused.append(e.code().name)
                await asyncio.sleep(0.1)


async def stream_replicas(url: str) -> int:
    nc = await nats.connect(servers=url.split(","))
    try:
        info = await nc.jetstream().stream_info("CHORUS_IDENTITY")
        return int(info.config.num_replicas or 0)
    finally:
        await nc.close()


async def test_a_node_lost_in_turn_loses_and_repeats_nothing(
        system: tuple[DevStack, DevState, NatsCluster, str]) -> None:
    dev, state, cluster, admin_dsn = system
    pids = {s: dev.procs[s].pid for s in SERVICES}
    assert await stream_replicas(cluster.url) == 3
    acked: list[str] = []
    refused: list[str] = []
    done = asyncio.Event()
    loading = asyncio.create_task(load(dev, state, done, acked, refused))
    back: dict[str, float] = {}
    try:
        await asyncio.sleep(3)
        for i in (0, 1):  # one node, then (once it is back) another
            node = cluster.nodes[i]
            node.kill()
            await asyncio.sleep(3)  # the load goes on with two nodes of three
            node.start()
            started = time.perf_counter()
            for service in SERVICES:
                await eventually(lambda s=service: all_serving_at(  # type: ignore[misc]
                    dev.ports[s]), bool, seconds=60)
            back[f"node {i}"] = time.perf_counter() - started
            await asyncio.sleep(2)
    finally:
        done.set()
        await loading
    print(f"acknowledged {len(acked)} registrations; refused {dict(Counter(refused))};"
          " every service SERVING again after each node's return, s:",
          {node: round(took, 1) for node, took in back.items()})
    assert len(acked) > 30
    assert {s: dev.procs[s].pid for s in SERVICES} == pids, "no service restarted"
    assert all(dev.procs[s].poll() is None for s in SERVICES)

    admin = token(state, "admin")
    async with channel(dev, "cases") as ch:
        cases = cases_pb2_grpc.CasesServiceStub(ch)

        await all_known(lambda cid: cases.GetKnownCustomer(cases_pb2.GetKnownCustomerRequest(
            customer_id=cid), metadata=admin, timeout=5), acked, seconds=90)

    await published_once(cluster.url, "identity", "CustomerRegistered",
                         await stored_events(admin_dsn, "identity", "%Customer.Registered"))
