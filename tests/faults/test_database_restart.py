"""PostgreSQL killed (SIGKILL of the postmaster) under running services, then restarted on its
data folder: calls answer UNAVAILABLE meanwhile, health says NOT_SERVING, and afterwards every
background part (relays, projections, consumers, sealers) resumes by itself — events recorded
after the restart reach the other services without restarting anything."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from chorus.devstack.nats import EmbeddedNats
from chorus.devstack.postgres import EmbeddedPostgres
from chorus.devstack.stack import DevStack, DevState
from chorus.ideas.v1 import ideas_pb2, ideas_pb2_grpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.e2e.calls import channel, eventually, token

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[DevStack, DevState, EmbeddedPostgres]]:
    """Its own durable PostgreSQL (the shared test server is not killed) and NATS."""
    root: Path = tmp_path_factory.mktemp("fault-db")
    pg = EmbeddedPostgres(root / "pg", durable=True).start()
    nats_server = EmbeddedNats(root / "nats").start()
    dev = DevStack(root / "system", services=("identity", "ideas"), usual_ports=False)
    state = DevState()
    try:
        dev.start_services(state, pg.dsn, nats_server.url)
        yield dev, state, pg
    finally:
        dev.stop()
        nats_server.stop()
        pg.stop()


async def health(dev: DevStack, service: str) -> int:
    async with channel(dev, service) as ch:
        reply = await health_pb2_grpc.HealthStub(ch).Check(
            health_pb2.HealthCheckRequest(), timeout=2)
        return int(reply.status)


async def register(stub: idgrpc.IdentityServiceStub, admin: object) -> str:
    reply = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
        customer_code=f"F-{uuid.uuid4().hex[:10]}", legal_name="Fay Ault",
        email="fay@example.org"), metadata=admin)
    return str(reply.customer_id)


async def known_to_ideas(dev: DevStack, admin: object, customer_ids: list[str]) -> None:
    async with channel(dev, "ideas") as ch:
        stub = ideas_pb2_grpc.IdeasServiceStub(ch)

        async def missing() -> list[str]:
            gone = []
            for cid in customer_ids:
                try:
                    await stub.GetKnownCustomer(ideas_pb2.GetKnownCustomerRequest(
                        customer_id=cid), metadata=admin)
                except grpc.aio.AioRpcError as e:
                    assert e.code() == grpc.StatusCode.NOT_FOUND
                    gone.append(cid)
            return gone

        await eventually(missing, lambda gone: not gone)


async def test_background_work_resumes_after_postgres_is_killed_and_restarted(
        own_stack: tuple[DevStack, DevState, EmbeddedPostgres]) -> None:
    dev, state, pg = own_stack
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        before = [await register(stub, admin) for _ in range(3)]
        await known_to_ideas(dev, admin, before)
        assert await health(dev, "identity") == SERVING

        pg.kill()
        try:
            failed = None
            for _ in range(50):
                try:
                    await register(stub, admin)
                except grpc.aio.AioRpcError as e:
                    failed = e
                    break
                await asyncio.sleep(0.1)
            assert failed is not None and failed.code() == grpc.StatusCode.UNAVAILABLE, failed
            for service in ("identity", "ideas"):
                await eventually(lambda s=service: health(dev, s),  # type: ignore[misc]
                                 lambda status: status == NOT_SERVING)
            await asyncio.sleep(3)  # an outage longer than the first backoffs
        finally:
            pg.start()  # crash recovery on the same data folder and port

        for service in ("identity", "ideas"):
            # Backoff doubles up to 30 s while down; this outage lasted a few seconds.
            await eventually(lambda s=service: health(dev, s),  # type: ignore[misc]
                             lambda status: status == SERVING, seconds=30)
        after = [await register(stub, admin) for _ in range(5)]
    # identity's relay and ideas' consumer resumed by themselves: every customer is known.
    await known_to_ideas(dev, admin, before + after)
