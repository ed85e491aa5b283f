"""identity at volume, through the gRPC API of a running system.

    python bench/identity.py [--quick] [--customers N] [--rate 1000] [--seconds 10]

Starts the whole system (`chorus up` machinery, durable embedded PostgreSQL and NATS), then
registers customers with two linked social profiles each (register, 2 x record profile, 2 x
link: 5 calls per customer) with 32 concurrent clients, then calls Resolve at a fixed rate
(open loop: calls are sent on schedule whether or not earlier ones returned), then once more
with the same handles (each asked before: answered from memory), then GetCustomer360 at
--rate360, and reports p50/p99 latency; before Resolve, gRPC's health Check at the same rate
gives the floor of any call's latency here (the bench's client and the whole stack share the
machine's cores). Between the two, it imports as many customers again
through ImportCustomers (batches of 500 over two streams, as a brand moving a CRM export
in). --quick runs at 1/20 of the volume (5,000 customers). It also prints the CPU a
registered customer cost in each process of the stack (bench/processes.py `CpuPerWrite`: from
the load's start until everything it started is done) and the rate this machine's cores
allow at that cost.
Last lines: RESULT register_per_s, RESULT cpu_ms_per_registered_customer,
RESULT import_customers_per_s, RESULT resolve_p50_ms, RESULT resolve_p99_ms,
RESULT resolve_warm_p50_ms, RESULT resolve_warm_p99_ms, RESULT call_floor_p50_ms,
RESULT call_floor_p99_ms, RESULT customer360_p50_ms, RESULT customer360_p99_ms.
Then RESULT max_rss_mb_<service>: each service's peak resident memory (process tree).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from bench.common import (
    consumers_settled,
    everything_settled,
    in_parallel,
    open_loop,
    report,
    scratch,
    without_quotas,
)
from bench.processes import CpuPerWrite, MemoryWatch
from chorus.auth.tokens import mint
from chorus.devstack.stack import DevStack
from chorus.identity.v1 import identity_pb2 as pb
from chorus.identity.v1 import identity_pb2_grpc as pb_grpc

CLIENTS = 32
SPREAD = 7919  # a prime: consecutive calls ask for customers far apart


async def load(stub: pb_grpc.IdentityServiceStub, md: list[tuple[str, str]],
               customers: int, ids: list[str], first: int = 0) -> float:
    """Registers customers numbered first .. first + customers - 1; returns customers/s."""
    async def customer(n: int) -> None:
        c = imported(first + n)
        reg = await stub.RegisterCustomer(c.customer, metadata=md)
        ids.append(reg.customer_id)
        for linked in c.profiles:
            prof = await stub.RecordSocialProfile(linked.profile, metadata=md)
            await stub.LinkSocialProfile(pb.LinkSocialProfileRequest(
                profile_id=prof.profile_id, customer_id=reg.customer_id,
                evidence=linked.evidence, evidence_ref=linked.evidence_ref), metadata=md)

    started = time.perf_counter()
    await in_parallel(customers, customer, CLIENTS)
    return customers / (time.perf_counter() - started)


IMPORT_BATCH = 500  # customers a request (the most ImportCustomers takes)


def imported(i: int) -> pb.ImportedCustomer:
    """Customer i: its code, name, email and two profiles (X and Instagram)."""
    return pb.ImportedCustomer(
        customer=pb.RegisterCustomerRequest(customer_code=f"B-{i:07d}",
                                            legal_name=f"Bench Customer {i}",
                                            email=f"c{i}@example.org"),
        profiles=[pb.ImportedProfile(
            profile=pb.RecordSocialProfileRequest(network=network, external_id=ext,
                                                  handle=f"@bench_{ext}"),
            evidence=pb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="bench")
            for network, ext in ((pb.NETWORK_X, f"x{i}"), (pb.NETWORK_INSTAGRAM, f"i{i}"))])


async def import_load(stub: pb_grpc.IdentityServiceStub, md: list[tuple[str, str]],
                      customers: int, ids: list[str], first: int = 0,
                      streams: int = 2) -> float:
    """Customers numbered first .. first + customers - 1 as `load` registers them, through
    ImportCustomers over concurrent streams (a CRM export moved in); returns customers/s."""
    end = first + customers

    def requests(k: int) -> Iterator[pb.ImportCustomersRequest]:
        for start in range(first + k * IMPORT_BATCH, end, streams * IMPORT_BATCH):
            yield pb.ImportCustomersRequest(customers=[
                imported(i) for i in range(start, min(start + IMPORT_BATCH, end))])

    async def stream(k: int) -> None:
        async for reply in stub.ImportCustomers(requests(k), metadata=md):
            ids.extend(c.customer_id for c in reply.customers)

    started = time.perf_counter()
    await asyncio.gather(*(stream(k) for k in range(streams)))
    return customers / (time.perf_counter() - started)


def resolve(stub: pb_grpc.IdentityServiceStub, md: list[tuple[str, str]],
            customers: int) -> Callable[[int], Awaitable[bool]]:
    async def call(i: int) -> bool:
        reply = await stub.Resolve(pb.ResolveRequest(
            network=pb.NETWORK_X, handle=f"@bench_x{i % customers}"), metadata=md)
        return bool(reply.known)
    return call


def health_check(channel: grpc.aio.Channel) -> Callable[[int], Awaitable[bool]]:
    """The cheapest call identity answers (gRPC's health Check, through the same server and
    interceptors): at the same rate, the floor any call's latency has on this machine."""
    stub = health_pb2_grpc.HealthStub(channel)

    async def call(i: int) -> bool:
        reply = await stub.Check(health_pb2.HealthCheckRequest())
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)
    return call


def customer360(stub: pb_grpc.IdentityServiceStub, md: list[tuple[str, str]],
                ids: list[str]) -> Callable[[int], Awaitable[bool]]:
    async def call(i: int) -> bool:
        reply = await stub.GetCustomer360(pb.GetCustomer360Request(
            customer_id=ids[i % len(ids)]), metadata=md)
        return len(reply.profiles) == 2
    return call


async def main(customers: int, rate: float, rate360: float, seconds: float) -> None:
    without_quotas()
    dev = DevStack(scratch("chorus-bench-identity-"))
    state = await asyncio.to_thread(dev.start)
    ids: list[str] = []
    try:
        md = [("authorization", "Bearer " + mint(state.jwt_secret, subject="bench",
                                                  tenant="bench", roles=["admin"]))]
        async with MemoryWatch(dev) as memory, grpc.aio.insecure_channel(
                f"127.0.0.1:{dev.ports['identity']}") as ch:
            stub = pb_grpc.IdentityServiceStub(ch)
            cpu = CpuPerWrite(dev)
            cpu.start()
            per_s = await load(stub, md, customers, ids)
            print(f"loaded {customers} customers (+{2 * customers} linked profiles):"
                  f" {per_s:.0f} customers/s, {5 * per_s:.0f} calls/s", flush=True)
            await everything_settled(dev, "identity")
            await consumers_settled(dev, "identity")  # the other services' replicas
            cpu_ms = cpu.report(customers, "registered customer")
            # The same volume again, as a CRM export through ImportCustomers.
            imported_per_s = await import_load(stub, md, customers, [], first=customers)
            print(f"imported {customers} more customers (+{2 * customers} linked profiles)"
                  f" through ImportCustomers: {imported_per_s:.0f} customers/s", flush=True)
            # Resolve is measured on caught-up read models: identity's own projections
            # (both stores) and the other services' replicas of its customers.
            settled = max(await everything_settled(dev, "identity"),
                          await everything_settled(dev, "identity", "identity_social"))
            settled += await consumers_settled(dev, "identity")
            print(f"read models and replicas settled {settled:.0f}s after the import",
                  flush=True)
            await open_loop(resolve(stub, md, customers), rate, 2, SPREAD)  # warm up
            f50, f99 = report("Floor (gRPC health Check)", rate, seconds, *await open_loop(
                health_check(ch), rate, seconds))
            r50, r99 = report("Resolve", rate, seconds, *await open_loop(
                resolve(stub, md, customers), rate, seconds, SPREAD))
            # Again, now that every handle was asked once: identity answers from memory.
            w50, w99 = report("Resolve, every handle asked before", rate, seconds,
                              *await open_loop(resolve(stub, md, customers), rate, seconds,
                                               SPREAD))
            await open_loop(customer360(stub, md, ids), rate360, 2, SPREAD)  # warm up
            c50, c99 = report("GetCustomer360", rate360, seconds, *await open_loop(
                customer360(stub, md, ids), rate360, seconds, SPREAD))
    finally:
        await asyncio.to_thread(dev.stop)
    print(f"RESULT register_per_s {per_s:.0f}")
    print(f"RESULT cpu_ms_per_registered_customer {cpu_ms:.3f}")
    print(f"RESULT import_customers_per_s {imported_per_s:.0f}")
    print(f"RESULT resolve_p50_ms {r50:.2f}")
    print(f"RESULT resolve_p99_ms {r99:.2f}")
    print(f"RESULT resolve_warm_p50_ms {w50:.2f}")
    print(f"RESULT resolve_warm_p99_ms {w99:.2f}")
    print(f"RESULT call_floor_p50_ms {f50:.2f}")
    print(f"RESULT call_floor_p99_ms {f99:.2f}")
    print(f"RESULT customer360_p50_ms {c50:.2f}")
    print(f"RESULT customer360_p99_ms {c99:.2f}")
    memory.report()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1/20 of the volume")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--rate360", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    n = args.customers // 20 if args.quick else args.customers
    asyncio.run(main(n, args.rate, args.rate360, args.seconds))
