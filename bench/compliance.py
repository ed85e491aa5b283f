"""The compliance officer's console at volume.

    python bench/compliance.py [--quick] [--customers N] [--samples 100] [--community 0.1]

Starts the whole system, imports customers with two linked social profiles each through
ImportCustomers (as bench/identity.py does; --quick: 1/20 of 100,000), waits until every
service has them, then, one subject at a time as an officer
works, times the console's own code paths: `chorus compliance export` (every service's
ExportSubjectData and access log), `history` (linked profiles, then every service's
GetSubjectHistory), and an erasure request (EraseCustomer). Finally it imports a community
into ideas (bench/import_ideas.py's, --community of IdeaStorm's volume), exports ideas' log as
an audit bundle and, once the services have stopped (an auditor verifies on their own
machine), verifies it offline from its file as `chorus audit verify-bundle` does (worker
processes on every core for a bundle over 128 MB), against a reference measured in the same
run: SHA-256 over the same events' stored bytes alone (the floor of any verification). Rates
are the median of three rounds.
Last lines: RESULT export_p99_ms, RESULT history_p99_ms, RESULT erasure_p99_ms,
RESULT bundle_verify_events_per_s.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import grpc

from bench.common import bearer, consumers_settled, everything_settled, median, scratch
from bench.identity import import_load
from bench.import_ideas import Community, import_all
from chorus.audit.bundle import read_parts, verify_bundle, write_parts
from chorus.audit.bundle_events import events_of
from chorus.audit.signing import SealKey
from chorus.audit.v1 import audit_pb2 as apb
from chorus.auth.tokens import mint
from chorus.catalog import NAMES
from chorus.console import compliance, services
from chorus.console.client import connection
from chorus.devstack.stack import DevStack
from chorus.ideas.v1 import ideas_pb2 as ideas_pb
from chorus.ideas.v1 import ideas_pb2_grpc as ideas_grpc
from chorus.identity.v1 import identity_pb2 as pb
from chorus.identity.v1 import identity_pb2_grpc as pb_grpc

PURPOSE = "bench"


def timed(samples: list[str], one: Callable[[str], object]) -> tuple[float, float]:
    """(p50, p99) in ms of one(subject) for each sample, one after another."""
    latencies = []
    for subject in samples:
        started = time.perf_counter()
        one(subject)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[max(0, int(len(latencies) * 0.99) - 1)]


def export(customer: str) -> None:
    for service in NAMES:
        compliance.export_part(service, customer, PURPOSE, None)


def export_bundle(path: Path) -> int:
    """Writes ideas' log as the officer's CLI does; returns its number of events."""
    conn = connection("ideas")
    with conn.channel() as channel, path.open("wb") as f:
        return write_parts(f, services.audit(channel).ExportAuditBundle(
            apb.ExportAuditBundleRequest(), metadata=conn.metadata(PURPOSE), timeout=3600))


def bundle_rate(path: Path, events: int, seal_key: str) -> tuple[float, float, float]:
    """Events/s verifying the bundle offline as `chorus audit verify-bundle` does (from the
    file: reading, parsing, checking, workers on every core for a large one), the same in one
    process over parts already parsed, and the SHA-256 floor over the events' stored bytes
    alone."""
    key = SealKey.from_b64(seal_key).public

    def from_file() -> float:
        """Seconds to verify, in a fresh process with one thread, as the auditor's CLI runs
        (this one has held gRPC threads, so it would spawn its workers instead of forking)."""
        done = subprocess.run([sys.executable, "-c", _VERIFY, str(path)], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "BENCH_SEAL_KEY": seal_key}).stdout.split()
        assert int(done[0]) == events, done
        return float(done[1])

    with path.open("rb") as f:
        read = list(read_parts(f))

    def floor() -> None:
        for event in events_of(read, []):
            hashlib.sha256(event.state).digest()

    return (events / median([from_file() for _ in range(3)]),
            events / median_s(lambda: verify_bundle(read, key)), events / median_s(floor))


_VERIFY = """
import os, sys, time
from pathlib import Path
from chorus.audit.bundle import verify_bundle_file
from chorus.audit.signing import SealKey
key = SealKey.from_b64(os.environ["BENCH_SEAL_KEY"]).public
started = time.perf_counter()
report = verify_bundle_file(Path(sys.argv[1]), key)
assert report.ok, report.problems[:5]
print(report.events, time.perf_counter() - started)
"""


def median_s(work: Callable[[], object], rounds: int = 3) -> float:
    """The median of a few rounds' seconds: the machine is shared and noisy."""
    took = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        took.append(time.perf_counter() - started)
    return median(took)


async def main(customers: int, samples: int, community_scale: float) -> None:
    root = scratch("chorus-bench-compliance-")
    dev = DevStack(root)
    state = await asyncio.to_thread(dev.start)
    ids: list[str] = []
    try:
        admin = bearer(state.jwt_secret, "admin")
        async with grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports['identity']}") as ch:
            per_s = await import_load(pb_grpc.IdentityServiceStub(ch), admin, customers, ids)
        print(f"imported {customers} customers (+{2 * customers} linked profiles):"
              f" {per_s:.0f} customers/s", flush=True)
        await everything_settled(dev, "identity")
        await everything_settled(dev, "identity", "identity_social")
        settled = await consumers_settled(dev, "identity")
        print(f"every service had them {settled:.0f}s later", flush=True)
        community = Community(community_scale)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{dev.ports['ideas']}") as ch:
            ideas = ideas_grpc.IdeasServiceStub(ch)
            await ideas.DefineCategory(ideas_pb.DefineCategoryRequest(category="products"),
                                       metadata=admin)
            await import_all(ideas, admin, community, streams=2)
        print(f"imported a community of {community.ideas} ideas,"
              f" {sum(community.votes)} votes and {sum(community.comments)} comments"
              " (its log is the bundle verified below)", flush=True)
        # Officers work on a settled system: measuring while ideas and identity still work
        # through the import would measure that backlog.
        await everything_settled(dev, "ideas")
        await consumers_settled(dev, "ideas")
        os.environ["CHORUS_TOKEN"] = mint(state.jwt_secret, subject="officer", tenant="bench",
                                          roles=["compliance_officer"])
        for service, port in dev.ports.items():
            os.environ[f"CHORUS_{service.upper()}_ADDRESS"] = f"127.0.0.1:{port}"
        await asyncio.sleep(6)  # read models caught up, checkpoints sealed
        rng = random.Random(7)
        picked = rng.sample(ids, min(samples, len(ids)))
        e50, e99 = await asyncio.to_thread(timed, picked, export)
        print(f"export (4 services + access logs), {len(picked)} subjects one by one:"
              f" p50 {e50:.1f} ms, p99 {e99:.1f} ms", flush=True)
        h50, h99 = await asyncio.to_thread(timed, picked, lambda c: compliance.subject_history(
            c, PURPOSE, None))
        print(f"history (profiles + 4 services): p50 {h50:.1f} ms, p99 {h99:.1f} ms",
              flush=True)
        conn = connection("identity")

        def erase(customer: str) -> None:
            with conn.channel() as channel:
                services.stub("identity", channel).EraseCustomer(pb.EraseCustomerRequest(
                    customer_id=customer, request_ref="bench"), metadata=conn.metadata(PURPOSE),
                    timeout=60)
        to_erase = [c for c in ids if c not in set(picked)][:min(50, len(ids) // 2)]
        r50, r99 = await asyncio.to_thread(timed, to_erase, erase)
        print(f"erasure request, {len(to_erase)} subjects: p50 {r50:.1f} ms,"
              f" p99 {r99:.1f} ms", flush=True)
        bundle = root / "ideas.bundle"
        events = await asyncio.to_thread(export_bundle, bundle)
    finally:
        await asyncio.to_thread(dev.stop)
    # An auditor verifies on their own machine: the services no longer share its cores.
    await asyncio.sleep(5)  # nor their shutdown
    verify_per_s, parsed_per_s, floor_per_s = bundle_rate(bundle, events, state.seal_key)
    print(f"bundle of ideas ({events} events, {os.cpu_count()} cores) verified offline from"
          f" its file at {verify_per_s:.0f} events/s; in one process over parsed parts"
          f" {parsed_per_s:.0f}/s, {parsed_per_s / floor_per_s:.2f}x the SHA-256 floor"
          f" ({floor_per_s:.0f}/s)", flush=True)
    print(f"RESULT export_p99_ms {e99:.1f}")
    print(f"RESULT history_p99_ms {h99:.1f}")
    print(f"RESULT erasure_p99_ms {r99:.1f}")
    print(f"RESULT bundle_verify_events_per_s {verify_per_s:.0f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1/20 of the volume")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--community", type=float, default=0.1,
                        help="share of IdeaStorm's volume imported into ideas, whose log is"
                        " the bundle verified (0.1: about 80,000 events)")
    args = parser.parse_args()
    asyncio.run(main(args.customers // 20 if args.quick else args.customers, args.samples,
                     args.community))
