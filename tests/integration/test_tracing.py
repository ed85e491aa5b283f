"""One trace spans gRPC call -> event store -> NATS -> consumer in another service."""

from __future__ import annotations

import asyncio
import os
import uuid

import grpc
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from chorus.audit.signing import SealKey
from chorus.auth.tokens import mint
from chorus.config import ServiceConfig
from chorus.devstack.ports import free_port
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.service.runtime import Runtime
from chorus.service.spec import StoreConfig
from chorus.telemetry import instrument_libraries
from services.cases.main import SPEC as CASES
from services.identity.main import SPEC as IDENTITY
from tests.grpc_client import bearer
from tests.servers import Servers

SECRET = "trace-test-secret-of-at-least-32-bytes"


def config(service: str, stack: Servers) -> ServiceConfig:
    return ServiceConfig(
        service=service, database_url=stack.database_url, schema=f"trace_{service}",
        pool_size=5, nats_servers=[stack.nats_url], nats_creds_file=None, nats_user=None,
        nats_password=None, nats_replicas=1, grpc_listen=f"127.0.0.1:{free_port()}",
        grpc_max_message_bytes=4 << 20, tls_cert=None, tls_key=None, tls_client_ca=None,
        shutdown_grace_s=1, jwt_secret=SECRET, jwt_public_key=None, jwt_issuer=None,
        master_key=os.urandom(32), seal_key_b64=SealKey.generate().to_b64(), seal_interval_s=60)


async def test_one_trace_from_grpc_to_a_consumer_in_another_service(stack: Servers) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    instrument_libraries()

    social = StoreConfig(stack.database_url, "trace_identity_social", os.urandom(32))
    identity = Runtime(IDENTITY, config("identity", stack), {"social": social})
    cases = Runtime(CASES, config("cases", stack))
    await identity.start()
    await cases.start()
    try:
        email = f"{uuid.uuid4().hex[:8]}@example.org"
        token = mint(SECRET, subject="crm", tenant="acme", roles=["admin"])
        async with grpc.aio.insecure_channel(identity.config.grpc_listen) as ch:
            reply = await idgrpc.IdentityServiceStub(ch).RegisterCustomer(
                idpb.RegisterCustomerRequest(customer_code=f"T-{uuid.uuid4().hex[:6]}",
                                             legal_name="Trace Person", email=email),
                metadata=bearer(token))
        known = None
        for _ in range(200):
            known = await cases.store.recorder.pool.fetchval(
                "SELECT 1 FROM trace_cases.known_customers WHERE customer_id = $1",
                uuid.UUID(reply.customer_id))
            if known:
                break
            await asyncio.sleep(0.05)
        assert known, "cases never received the event"
        for _ in range(100):
            lags = {**await identity.lags(), **await cases.lags()}
            if not any(lags.values()):
                break
            await asyncio.sleep(0.05)
        assert {"relay", "relay:social", "projection:customers", "projection:profile_index",
                "consumer:cases-customers"} <= set(lags), lags
        assert not any(lags.values()), lags
    finally:
        await cases.stop()
        await identity.stop()

    spans = exporter.get_finished_spans()
    (call,) = [s for s in spans if s.name.endswith("IdentityService/RegisterCustomer")
               and s.kind == trace.SpanKind.SERVER]
    same = [s for s in spans if s.context.trace_id == call.context.trace_id]
    names = [s.name for s in same]
    # the append (one statement, shared by the writers of the moment)
    assert any("trace_identity.append_positioned" in (s.attributes or {}).get(
        "db.statement", "") for s in same), names
    (publish,) = [s for s in same if s.name.startswith("publish chorus.identity.acme.")]
    (process,) = [s for s in same if s.name.startswith("process chorus.identity.acme.")]
    assert (process.attributes or {})["messaging.consumer.group.name"] == "cases-customers"
    assert process.parent is not None and process.parent.span_id == publish.context.span_id
    assert any("known_customers" in (s.attributes or {}).get("db.statement", "")
               and s.parent and s.parent.span_id == process.context.span_id for s in same)
    # Query parameters (personal data) are never captured.
    for s in spans:
        assert all(email not in str(v) for v in (s.attributes or {}).values())
