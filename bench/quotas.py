"""What a noisy tenant costs a quiet one, with and without its quota.

    python bench/quotas.py [--rate 20] [--seconds 10]

Starts ideas (durable embedded PostgreSQL and NATS) with the tenant `noisy` held to 40
calls a second and the tenant `flood` given no quota at all, seeds each tenant's board with
200 ideas, then measures the quiet tenant's `ListIdeas` p99 at --rate calls a second (open
loop): alone, while `noisy` sends 10x its quota, and while `flood` sends the same number of
calls with nothing to stop it. The same run, the same machine (the load's client included).
Last lines: RESULT quotas_noisy_p99_ratio (quiet p99 beside the noisy tenant / alone; the goal
is <= 2), RESULT quotas_unlimited_p99_ratio (beside the unlimited flood / alone: what the
quota saves), RESULT quotas_noisy_refused_share.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from bench.common import bearer, in_parallel, load_args, open_loop, report, scratch
from chorus.devstack.stack import DevStack
from chorus.ideas.v1 import ideas_pb2 as pb
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc

TENANTS = ("quiet", "noisy", "flood")


async def polite(call: Callable[[], Awaitable[object]]) -> object:
    """A well-behaved client: over quota, it waits as long as RetryInfo says, then retries."""
    while True:
        try:
            return await call()
        except grpc.aio.AioRpcError as e:
            if e.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                raise
            status = rpc_status.from_call(e)  # type: ignore[arg-type]
            retry = error_details_pb2.RetryInfo()
            assert status is not None and status.details[0].Unpack(retry)
            await asyncio.sleep(retry.retry_delay.ToNanoseconds() / 1e9)


async def seed(stub: pb_grpc.IdeasServiceStub, secret: str, tenant: str) -> None:
    admin, front = bearer(secret, "admin", tenant), bearer(secret, "service", tenant)
    await polite(lambda: stub.DefineCategory(pb.DefineCategoryRequest(category="products"),
                                             metadata=admin))

    async def submit(i: int) -> None:
        await polite(lambda: stub.SubmitIdea(pb.SubmitIdeaRequest(
            title=f"Idea {i} for a better keyboard", body="Make the keys quieter, please.",
            category="products", author_id=f"00000000-0000-4000-8000-{i:012d}"),
            metadata=front))

    await in_parallel(200, submit, 8)


async def main(rate: float, seconds: float, quota: float) -> None:
    os.environ["CHORUS_TENANT_QUOTAS"] = f"noisy={quota:g},flood=0"
    dev = DevStack(scratch("chorus-bench-quotas-"), services=("ideas",))
    state = await asyncio.to_thread(dev.start)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports['ideas']}") as ch:
            stub = pb_grpc.IdeasServiceStub(ch)
            for tenant in TENANTS:
                await seed(stub, state.jwt_secret, tenant)
            md = {t: bearer(state.jwt_secret, "analyst", t) for t in TENANTS}

            def listing(tenant: str):  # type: ignore[no-untyped-def]
                return lambda i: stub.ListIdeas(pb.ListIdeasRequest(
                    order=pb.IDEA_ORDER_TOP, page_size=20), metadata=md[tenant])

            await open_loop(listing("quiet"), rate, 2)  # warm up
            _, alone = report("quiet tenant alone", rate, seconds,
                              *await open_loop(listing("quiet"), rate, seconds))
            beside: dict[str, float] = {}
            refused_share = 0.0
            for other in ("noisy", "flood"):
                quiet_run = open_loop(listing("quiet"), rate, seconds)
                other_run = open_loop(listing(other), 10 * quota, seconds)
                (lat, errors), (other_lat, other_errors) = await asyncio.gather(
                    quiet_run, other_run)
                _, beside[other] = report(f"quiet tenant beside {other}", rate, seconds,
                                          lat, errors)
                report(f"  {other} itself", 10 * quota, seconds, other_lat, other_errors)
                if other == "noisy":
                    sent = len(other_lat) + sum(other_errors.values())
                    refused_share = other_errors.get("RESOURCE_EXHAUSTED", 0) / sent
    finally:
        await asyncio.to_thread(dev.stop)
    print(f"quiet p99: alone {alone:.2f} ms, beside noisy (quota {quota:g}/s, sending"
          f" {10 * quota:g}/s) {beside['noisy']:.2f} ms, beside an unlimited flood"
          f" {beside['flood']:.2f} ms")
    print(f"RESULT quotas_noisy_p99_ratio {beside['noisy'] / alone:.2f}")
    print(f"RESULT quotas_unlimited_p99_ratio {beside['flood'] / alone:.2f}")
    print(f"RESULT quotas_noisy_refused_share {refused_share:.2f}")


if __name__ == "__main__":
    args = load_args(__doc__, rate=20)
    asyncio.run(main(args.rate, args.seconds, 40.0))
