"""All four services as processes on the test PostgreSQL and NATS, called over gRPC: what
every service does alike (health, reflection, replication of customers, clear errors,
draining on SIGTERM, each store reachable only by its own role)."""

from __future__ import annotations

import asyncio
import signal
import uuid
from pathlib import Path

import asyncpg
import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from chorus.auth.tokens import mint
from chorus.cases.v1 import cases_pb2, cases_pb2_grpc
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import (
    SERVICES,
    DevStack,
    DevState,
    admin_database_url,
    database_url,
)
from chorus.ideas.v1 import ideas_pb2, ideas_pb2_grpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.reputation.v1 import reputation_pb2, reputation_pb2_grpc
from tests.e2e.calls import channel, token
from tests.grpc_client import bearer, call_error, field_violations
from tests.servers import Servers


async def test_every_service_serves_health_and_reflection(
        system: tuple[DevStack, DevState]) -> None:
    dev, _ = system
    for service in SERVICES:
        async with channel(dev, service) as ch:
            health = await health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest())
            assert health.status == health_pb2.HealthCheckResponse.SERVING
            stub = reflection_pb2_grpc.ServerReflectionStub(ch)
            responses = stub.ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
            names = [s.name async for r in responses for s in r.list_services_response.service]
            assert f"chorus.{service}.v1.{service.capitalize()}Service" in names


async def test_register_read_your_writes_and_replication_to_every_service(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin = token(state, "admin")
    code = f"C-{uuid.uuid4().hex[:8]}"
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reply = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=code, legal_name="Claire Martin", email="claire@example.org"),
            metadata=admin)
        assert reply.write.position > 0
        got = await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=reply.customer_id,
            consistency=Consistency(min_position=reply.write.position)), metadata=admin)
        assert (got.customer.customer_code, got.customer.email) == (code, "claire@example.org")

        dup = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=code, legal_name="X", email="x@example.org"), metadata=admin))
        assert dup.code() == grpc.StatusCode.ALREADY_EXISTS

        other_tenant = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=reply.customer_id), metadata=token(state, "admin", tenant="globex")))
        assert other_tenant.code() == grpc.StatusCode.NOT_FOUND

    stubs = {"cases": (cases_pb2_grpc.CasesServiceStub, cases_pb2.GetKnownCustomerRequest),
             "ideas": (ideas_pb2_grpc.IdeasServiceStub, ideas_pb2.GetKnownCustomerRequest),
             "reputation": (reputation_pb2_grpc.ReputationServiceStub,
                            reputation_pb2.GetKnownCustomerRequest)}
    for service, (stub_cls, request_cls) in stubs.items():
        async with channel(dev, service) as ch:
            stub = stub_cls(ch)
            for _ in range(200):
                try:
                    known = await stub.GetKnownCustomer(
                        request_cls(customer_id=reply.customer_id), metadata=admin)
                    break
                except grpc.aio.AioRpcError as e:
                    assert e.code() == grpc.StatusCode.NOT_FOUND
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError(f"{service} never learnt of the customer")
            assert known.customer_code == code


async def test_bad_input_and_bad_callers_get_clear_errors(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        bad = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="", legal_name="A", email="not-an-email"),
            metadata=token(state, "admin")))
        assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert set(field_violations(bad)) == {"customer_code", "email"}

        anonymous = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4()))))
        assert anonymous.code() == grpc.StatusCode.UNAUTHENTICATED

        forged = mint("not-the-secret-but-long-enough-to-be-valid", subject="x", tenant="acme",
                      roles=["admin"])
        wrong_key = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4())), metadata=bearer(forged)))
        assert wrong_key.code() == grpc.StatusCode.UNAUTHENTICATED

        expired = mint(state.jwt_secret, subject="x", tenant="acme", roles=["admin"], ttl_s=-120)
        late = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4())), metadata=bearer(expired)))
        assert late.code() == grpc.StatusCode.UNAUTHENTICATED

        customer = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="C-x", legal_name="A", email="a@example.org"),
            metadata=token(state, "customer")))
        assert customer.code() == grpc.StatusCode.PERMISSION_DENIED

        too_far = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4()), consistency=Consistency(min_position=10**12)),
            metadata=token(state, "agent")))
        # No write returned that position: refused at once, not waited for.
        assert too_far.code() == grpc.StatusCode.OUT_OF_RANGE

        huge = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="C-big", legal_name="A" * (5 * 1024 * 1024), email="a@example.org"),
            metadata=token(state, "admin")))
        assert huge.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_sigterm_drains_in_flight_calls_then_exits_cleanly(
        stack: Servers, tmp_path: Path) -> None:

    dev = DevStack(tmp_path, services=("identity",))
    state = DevState()
    await asyncio.to_thread(dev.start_services, state, stack.database_url, stack.nats_url)
    proc = dev.procs["identity"]
    admin = await asyncpg.connect(admin_database_url(stack.database_url, "identity"))
    try:
        async with channel(dev, "identity") as ch:
            stub = idgrpc.IdentityServiceStub(ch)
            # Hold the read model still, so that a query for a fresh write waits (about 5 s).
            lock = admin.transaction()
            await lock.start()
            await admin.execute("LOCK TABLE identity.customers IN ACCESS EXCLUSIVE MODE")
            reply = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code=f"D-{uuid.uuid4().hex[:8]}", legal_name="Dora Drain",
                email="dora@example.org"), metadata=token(state, "admin"))
            waiting = asyncio.ensure_future(stub.GetCustomer(
                idpb.GetCustomerRequest(customer_id=reply.customer_id, consistency=Consistency(
                    min_position=reply.write.position)), metadata=token(state, "agent")))
            await asyncio.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            err = await call_error(waiting)
            await lock.rollback()
    finally:
        await admin.close()
    # The call ran to its own end (the handler's answer), it was not cut by the shutdown.
    assert err.code() == grpc.StatusCode.UNAVAILABLE
    assert "has not reached position" in (err.details() or "")
    assert await asyncio.to_thread(proc.wait, 30) == 0


async def test_each_store_is_reachable_only_by_its_own_role(
        system: tuple[DevStack, DevState], stack: Servers) -> None:


    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        customer = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"R-{uuid.uuid4().hex[:8]}", legal_name="Rita Role",
            email="rita@example.org"), metadata=admin)
        profile = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=uuid.uuid4().hex, handle="@rita_role"),
            metadata=admin)
    verified = await asyncpg.connect(database_url(stack.database_url, "identity"))
    social = await asyncpg.connect(database_url(stack.database_url, "identity", "social"))
    try:
        # Each role reads its own store: the profile is social data, the customer verified.
        assert await social.fetchval("SELECT count(*) FROM identity_social.events WHERE"
                                     " originator_id = $1", uuid.UUID(profile.profile_id)) == 1
        assert await verified.fetchval("SELECT count(*) FROM identity.events WHERE"
                                       " originator_id = $1",
                                       uuid.UUID(customer.customer_id)) == 1
        assert await verified.fetchval("SELECT count(*) FROM identity.events WHERE"
                                       " originator_id = $1",
                                       uuid.UUID(profile.profile_id)) == 0
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await social.fetchval("SELECT count(*) FROM identity.events")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await social.fetchval("SELECT count(*) FROM identity.subject_keys")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await verified.fetchval("SELECT count(*) FROM identity_social.events")
    finally:
        await verified.close()
        await social.close()
    cases_dsn = database_url(stack.database_url, "cases").rsplit("/", 1)[0] + "/chorus_identity"
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await asyncpg.connect(cases_dsn)  # another service's role cannot even connect
