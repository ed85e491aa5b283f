"""The whole system under a steady mixed load while its parts die in turn: each service's
process (and with it the holder of its relay lock) is SIGKILLed and restarted by the
supervisor `chorus up` uses, then nats-server is killed and restarted on its store, then the
PostgreSQL postmaster (crash recovery on restart). Afterwards, with nothing restarted by hand:
every acknowledged command's effect is in its read model (each vote counted once on the
board); each case opened was published once; every JetStream message arrived once by event
id; identity counted each customer's cases once; no dead letters; every store's log
verifies; every projection equals a rebuild from its log."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import statistics
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import grpc
import pytest

from chorus.audit.v1 import audit_pb2, audit_pb2_grpc
from chorus.cases.v1 import cases_pb2, cases_pb2_grpc
from chorus.devstack.nats import EmbeddedNats
from chorus.devstack.postgres import EmbeddedPostgres
from chorus.devstack.stack import DevStack, DevState, admin_database_url
from chorus.ideas.v1 import events_pb2 as ideas_events
from chorus.ideas.v1 import ideas_pb2, ideas_pb2_grpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.ops.v1 import ops_pb2, ops_pb2_grpc
from chorus.reputation.v1 import reputation_pb2 as rpb
from chorus.reputation.v1 import reputation_pb2_grpc as rgrpc
from tests.e2e.calls import channel, eventually, token, ts
from tests.faults.afterwards import (
    all_known,
    all_serving_at,
    rebuilt_differently,
    stored_events,
    stream_duplicates,
)

SERVICES = ("identity", "cases", "ideas", "reputation")


@dataclass
class Stack:
    dev: DevStack
    state: DevState
    pg: EmbeddedPostgres
    nats: EmbeddedNats
    said: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Its own durable PostgreSQL and NATS (the shared test servers are not killed), and the
    four services under the supervision `chorus up` gives them."""
    root: Path = tmp_path_factory.mktemp("faults")
    pg = EmbeddedPostgres(root / "pg", durable=True).start()
    server = EmbeddedNats(root / "nats").start()
    dev = DevStack(root / "system", usual_ports=False)
    stack = Stack(dev, DevState(), pg, server)
    stopping = threading.Event()

    def keep() -> None:
        while not stopping.is_set():
            dev.keep_alive(stack.said.append)
            time.sleep(0.2)
    keeper = threading.Thread(target=keep, daemon=True)
    try:
        dev.start_services(stack.state, pg.dsn, server.url)
        keeper.start()
        yield stack
    finally:
        stopping.set()
        if keeper.is_alive():
            keeper.join(5)
        dev.stop()
        server.stop()
        pg.stop()


@dataclass
class Acknowledged:
    customers: list[str] = field(default_factory=list)
    cases: dict[str, str] = field(default_factory=dict)  # external ref -> case id
    mentions: list[str] = field(default_factory=list)
    cases_of: dict[str, int] = field(default_factory=dict)  # customer -> cases opened
    votes: Counter[str] = field(default_factory=Counter)  # idea -> up votes acknowledged
    phase: str = "steady"  # what is being killed now
    refusals: Counter[str] = field(default_factory=Counter)  # "phase: CODE" -> calls


async def load(s: Stack, done: asyncio.Event, acked: Acknowledged) -> int:
    """Registrations, cases, mentions and votes on ideas, one after another, until `done`;
    returns the calls refused (during outages: never counted as acknowledged)."""
    admin, service = token(s.state, "admin"), token(s.state, "service")
    refused, n = 0, 0
    rnd = random.Random(3)
    async with channel(s.dev, "identity") as ich, channel(s.dev, "cases") as cch, \
            channel(s.dev, "reputation") as rch, channel(s.dev, "ideas") as dch:
        identity = idgrpc.IdentityServiceStub(ich)
        cases = cases_pb2_grpc.CasesServiceStub(cch)
        reputation = rgrpc.ReputationServiceStub(rch)
        ideas = ideas_pb2_grpc.IdeasServiceStub(dch)
        await ideas.DefineCategory(ideas_pb2.DefineCategoryRequest(category="faults"),
                                   metadata=admin)
        idea_ids = [(await ideas.SubmitIdea(ideas_pb2.SubmitIdeaRequest(
            title=f"Sturdier hinge {i}", body="It broke.", category="faults",
            author_id=str(uuid.uuid4())), metadata=service)).idea_id for i in range(3)]
        while not done.is_set():
            n += 1
            try:
                if n % 4 == 3:
                    idea = idea_ids[n % len(idea_ids)]
                    await ideas.VoteOnIdea(ideas_pb2.VoteOnIdeaRequest(
                        idea_id=idea, vote=ideas_events.VOTE_UP, voter_id=str(uuid.uuid4())),
                        metadata=service, timeout=5)
                    acked.votes[idea] += 1
                elif n % 3 == 0 or not acked.customers:
                    reply = await identity.RegisterCustomer(idpb.RegisterCustomerRequest(
                        customer_code=f"L-{n}-{uuid.uuid4().hex[:6]}", legal_name="Lo Ad",
                        email=f"l{n}@example.org"), metadata=admin, timeout=5)
                    acked.customers.append(reply.customer_id)
                elif n % 3 == 1:
                    customer, ref = rnd.choice(acked.customers), f"mail-{n}"
                    opened = await cases.OpenCase(cases_pb2.OpenCaseRequest(
                        channel=cases_pb2.CHANNEL_EMAIL, subject="Parcel", body="Late",
                        customer_id=customer, external_ref=ref), metadata=service, timeout=5)
                    acked.cases[ref] = opened.case_id
                    acked.cases_of[customer] = acked.cases_of.get(customer, 0) + 1
                else:
                    recorded = await reputation.RecordMentions(iter([rpb.RecordMentionsRequest(
                        mentions=[rpb.MentionInput(
                            network=rpb.NETWORK_X, post_id=f"p-{n}", text="Nice shop today",
                            author=rpb.Author(external_id=f"a-{n % 40}"),
                            published_at=ts(datetime.now(UTC) - timedelta(minutes=1)))])]),
                        metadata=service, timeout=5)
                    acked.mentions += recorded.mention_ids
            except grpc.aio.AioRpcError as e:
                refused += 1
                acked.refusals[f"{acked.phase}: {e.code().name}"] += 1
                await asyncio.sleep(0.1)
    return refused


def restart(server: EmbeddedNats) -> None:
    """nats-server again on its store and port; a second try if the first did not come up
    (seen once in CI, with nothing in its log: to be understood, see the stop note)."""
    try:
        server.start()
    except TimeoutError as e:
        print(f"nats-server restart, first try: {e}")
        time.sleep(1)
        server.start()


async def all_serving(s: Stack) -> bool:
    for service in SERVICES:
        if not await all_serving_at(s.dev.ports[service]):
            return False
    return True


async def cases_per_customer(s: Stack) -> dict[str, int]:
    conn = await asyncpg.connect(admin_database_url(s.pg.dsn, "cases"))
    try:
        rows = await conn.fetch("SELECT customer_id, count(*) FROM cases.cases"
                                " GROUP BY customer_id")
    finally:
        await conn.close()
    return {r[0]: r[1] for r in rows}


async def kill_cycle(s: Stack, acked: Acknowledged,
                     serving_again: Callable[..., Awaitable[None]]) -> None:
    """Each service process (and so its relay-lock holder), then nats-server, then the
    PostgreSQL postmaster, killed in turn; each time until every service serves again."""
    for service in SERVICES:
        acked.phase = f"{service} killed"
        killed = time.perf_counter()
        os.kill(s.dev.procs[service].pid, signal.SIGKILL)
        await asyncio.sleep(1)
        await serving_again(f"{service} (from its kill)", killed, relaunched=service)
        await asyncio.sleep(1)
    acked.phase = "nats down"
    s.nats.kill()
    await asyncio.sleep(2)
    restart(s.nats)  # the same store and port (in this thread: its death signal follows it)
    await serving_again("nats-server (from its restart, after 2 s down)", time.perf_counter())
    await asyncio.sleep(2)
    acked.phase = "postgres down"
    s.pg.kill()
    await asyncio.sleep(3)
    s.pg.start()  # crash recovery on the same data folder
    await serving_again("postgres (from its restart, after 3 s down)", time.perf_counter())
    await asyncio.sleep(2)


async def test_nothing_acknowledged_is_lost_nor_done_twice_while_parts_die(
        system: Stack, soak_minutes: float) -> None:
    s = system
    acked = Acknowledged()
    done = asyncio.Event()
    loading = asyncio.create_task(load(s, done, acked))
    recovery: dict[str, list[float]] = {}  # seconds until every service serves again

    async def serving_again(part: str, since: float, relaunched: str | None = None) -> None:
        await eventually(lambda: all_serving(s), bool, seconds=60)
        recovery.setdefault(part, []).append(time.perf_counter() - since)
        if relaunched is not None:
            # Apart from the supervisor's backoff: a service killed again before it ran a
            # minute waits longer (0.5 s doubling to 30 s) before its relaunch.
            recovery.setdefault(f"{relaunched} (from its relaunch)", []).append(
                time.monotonic() - s.dev.started_at(relaunched))
        acked.phase = "steady"

    try:
        await asyncio.sleep(3)
        soak_until = time.monotonic() + soak_minutes * 60
        cycles = 0
        while cycles == 0 or time.monotonic() < soak_until:
            cycles += 1
            await kill_cycle(s, acked, serving_again)
    finally:
        done.set()
        refused = await loading
    assert sum("restarted" in line for line in s.said) >= len(SERVICES), s.said
    assert len(acked.customers) > 20 and len(acked.cases) > 10 and len(acked.mentions) > 10
    assert sum(acked.votes.values()) > 10
    print(f"acknowledged {len(acked.customers)} customers, {len(acked.cases)} cases,"
          f" {len(acked.mentions)} mentions, {sum(acked.votes.values())} votes; {refused}"
          " calls refused during outages")
    print(f"{cycles} kill cycle(s); every service SERVING again, seconds (median, max):",
          ", ".join(f"{part} {statistics.median(took):.1f}, {max(took):.1f}"
                    for part, took in recovery.items()))
    print("calls refused, by what was down and status:", dict(sorted(acked.refusals.items())))
    assert {k.split(": ")[1] for k in acked.refusals} <= {"UNAVAILABLE", "DEADLINE_EXCEEDED"}, \
        acked.refusals

    admin, officer = token(s.state, "admin"), token(s.state, "compliance_officer")
    async with channel(s.dev, "identity") as ich, channel(s.dev, "cases") as cch, \
            channel(s.dev, "ideas") as dch, channel(s.dev, "reputation") as rch:
        identity, cases = idgrpc.IdentityServiceStub(ich), cases_pb2_grpc.CasesServiceStub(cch)
        ideas, reputation = ideas_pb2_grpc.IdeasServiceStub(dch), rgrpc.ReputationServiceStub(rch)
        for cid in acked.customers:  # registered, and known to every other service
            await identity.GetCustomer(idpb.GetCustomerRequest(customer_id=cid), metadata=admin)
        replicas = [(cases.GetKnownCustomer, cases_pb2.GetKnownCustomerRequest),
                    (ideas.GetKnownCustomer, ideas_pb2.GetKnownCustomerRequest),
                    (reputation.GetKnownCustomer, rpb.GetKnownCustomerRequest)]

        for call, request in replicas:
            await all_known(lambda cid, c=call, r=request: c(  # type: ignore[misc]
                r(customer_id=cid), metadata=admin), acked.customers, seconds=60)
        for case_id in acked.cases.values():
            await cases.GetCase(cases_pb2.GetCaseRequest(case_id=case_id), metadata=admin)
        # each acknowledged vote counted, and no vote counted twice: the board equals the log
        for idea, votes in acked.votes.items():
            stored = await stored_events(s.pg.dsn, "ideas", "%VoteChanged", idea)
            assert stored >= votes
            board = await eventually(lambda i=idea: ideas.GetIdea(  # type: ignore[misc]
                ideas_pb2.GetIdeaRequest(idea_id=i), metadata=admin),
                lambda r, n=stored: r.idea.votes_up == n, seconds=30)
            assert board.idea.votes_up == stored
        for mention_id in acked.mentions:
            await reputation.GetMention(rpb.GetMentionRequest(mention_id=mention_id),
                                        metadata=admin)
        # identity counted each customer's cases once (cases' events, consumed once): its
        # 360 view equals what cases holds, acknowledged or not (a refused call may still
        # have committed).
        held = await cases_per_customer(s)
        for cid in list(acked.cases_of)[:15]:
            await eventually(lambda c=cid: identity.GetCustomer360(  # type: ignore[misc]
                idpb.GetCustomer360Request(customer_id=c), metadata=admin),
                lambda v, n=held[cid]: v.activity.cases_opened == n, seconds=30)
            assert held[cid] >= acked.cases_of[cid]
        for service, ch in (("identity", ich), ("cases", cch), ("ideas", dch),
                            ("reputation", rch)):
            status = await ops_pb2_grpc.OperationsServiceStub(ch).GetStatus(
                ops_pb2.GetStatusRequest(), metadata=admin)
            assert status.dead_letters == 0, (service, status)
            for store in ("main", "social") if service == "identity" else ("main",):
                report = await audit_pb2_grpc.AuditServiceStub(ch).VerifyLog(
                    audit_pb2.VerifyLogRequest(store=store), metadata=officer, timeout=120)
                assert report.ok, (service, store, list(report.problems)[:5])

    # every projection equals a rebuild from its log
    for service in SERVICES:
        for schema in (service, "identity_social") if service == "identity" else (service,):
            assert await rebuilt_differently(s.pg.dsn, service, schema) == [], (service, schema)

    opened = sum((await cases_per_customer(s)).values())
    for service in SERVICES:
        total, duplicates, names = await stream_duplicates(s.nats.url, service)
        assert duplicates == 0, f"{service}: {duplicates} of {total} messages arrived twice"
        if service == "cases":
            assert names["CaseOpened"] == opened, "each case opened once, published once"
