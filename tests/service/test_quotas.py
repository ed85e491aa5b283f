"""Quotas over real gRPC: a tenant over its quota is answered RESOURCE_EXHAUSTED with when
to retry, writes nothing, and takes nothing from another tenant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from chorus.auth.tokens import mint
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc
from chorus.quotas import Quotas
from services.ideas.main import SPEC
from tests.grpc_client import bearer, call_error
from tests.servers import Servers
from tests.service.harness import Harness


@pytest.fixture(scope="module")
async def ideas(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    quotas = Quotas(tenant_rate=100, caller_rate=0, tenant_in_flight=0,
                    per_tenant={"noisy": 4})
    async with Harness(SPEC, stack.database_url, tier_nats, quotas=quotas) as harness:
        yield harness


def token(harness: Harness, tenant: str) -> list[tuple[str, str]]:
    secret = harness.config.jwt_secret
    assert secret
    return bearer(mint(secret, subject="manager", tenant=tenant, roles=["admin"]))


async def test_a_tenant_over_its_quota_is_told_when_to_retry_and_writes_nothing(
        ideas: Harness) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{ideas.runtime.server.port}") as channel:
        stub = ideas_pb2_grpc.IdeasServiceStub(channel)
        noisy, quiet = token(ideas, "noisy"), token(ideas, "quiet")
        for i in range(4):
            await stub.DefineCategory(pb.DefineCategoryRequest(category=f"c{i}"),
                                      metadata=noisy)
        err = await call_error(stub.DefineCategory(
            pb.DefineCategoryRequest(category="refused"), metadata=noisy))
        assert err.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        status = rpc_status.from_call(err)  # type: ignore[arg-type]
        assert status is not None
        retry, failure = error_details_pb2.RetryInfo(), error_details_pb2.QuotaFailure()
        assert status.details[0].Unpack(retry) and status.details[1].Unpack(failure)
        delay = retry.retry_delay.ToNanoseconds() / 1e9
        assert 0 < delay <= 0.25
        assert failure.violations[0].subject == "tenant noisy"
        # another tenant is not held back by the noisy one
        for _ in range(10):
            await stub.ListCategories(pb.ListCategoriesRequest(), metadata=quiet)
        await asyncio.sleep(delay)
        listed = await stub.ListCategories(pb.ListCategoriesRequest(), metadata=noisy)
        names = {c.category for c in listed.categories}
        assert names == {"c0", "c1", "c2", "c3"}, "the refused call wrote nothing"
