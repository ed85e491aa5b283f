"""What the fault tests check once parts have died and come back: a service serves again,
each stored event was published once, every acknowledged write is known where it should be,
and every read model equals a rebuild from its log."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable

import asyncpg
import grpc
import nats
from grpc_health.v1 import health_pb2, health_pb2_grpc

from chorus.devstack.stack import admin_database_url
from tests.e2e.calls import eventually


async def all_serving_at(port: int) -> bool:
    """The service on the port reports SERVING."""
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
            reply = await health_pb2_grpc.HealthStub(ch).Check(
                health_pb2.HealthCheckRequest(), timeout=2)
    except grpc.aio.AioRpcError:
        return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING


async def all_known(ask: Callable[[str], Awaitable[object]], ids: Iterable[str],
                    seconds: float) -> None:
    """Waits until `ask(id)` answers without an error for every id (a replica of customers
    learning each one acknowledged). Asked 64 at a time, and once known not again: a fast
    machine acknowledges some 14,000 writes during a fault test's load, and asking each in
    turn at every pass ran past the test's time limit."""
    missing = set(ids)

    async def known(i: str) -> str | None:
        try:
            await ask(i)
        except grpc.aio.AioRpcError:
            return None
        return i

    async def unknown() -> int:
        asked = sorted(missing)
        for start in range(0, len(asked), 64):
            for i in await asyncio.gather(*map(known, asked[start:start + 64])):
                missing.discard(i)
        return len(missing)
    await eventually(unknown, lambda n: n == 0, seconds=seconds)


async def stored_events(admin_dsn: str, service: str, topic: str,
                        originator: str | None = None) -> int:
    """Events of the service's log whose topic matches (LIKE), of one aggregate if given:
    acknowledged or not (a refused call may still have committed)."""
    conn = await asyncpg.connect(admin_database_url(admin_dsn, service))
    try:
        return int(await conn.fetchval(
            f"SELECT count(*) FROM {service}.events WHERE topic LIKE $1"
            " AND ($2::uuid IS NULL OR originator_id = $2)", topic,
            uuid.UUID(originator) if originator else None))
    finally:
        await conn.close()


async def published_once(url: str, service: str, name: str, stored: int) -> None:
    """Waits until the service's stream holds `stored` messages named `name`, and checks
    none is there twice by event id."""
    async def relayed() -> tuple[int, int]:
        _, duplicates, names = await stream_duplicates(url, service)
        return names[name], duplicates
    sent, duplicates = await eventually(relayed, lambda t: t[0] >= stored, seconds=60)
    assert (sent, duplicates) == (stored, 0), (service, name, sent, duplicates, stored)


async def stream_duplicates(url: str, service: str) -> tuple[int, int, Counter[str]]:
    """(messages, messages whose event id was seen before, messages by event name) in the
    service's stream."""
    nc = await nats.connect(servers=url.split(","))
    seen: set[str] = set()
    total = duplicates = 0
    names: Counter[str] = Counter()
    try:
        sub = await nc.jetstream().subscribe(f"chorus.{service}.>", ordered_consumer=True)
        while True:
            try:
                msg = await sub.next_msg(timeout=2)
            except nats.errors.TimeoutError:
                break
            total += 1
            names[msg.subject.rsplit(".", 1)[1]] += 1
            event_id = (msg.headers or {}).get("Nats-Msg-Id", "")
            duplicates += event_id in seen
            seen.add(event_id)
    finally:
        await nc.close()
    return total, duplicates, names


# The kernel's own tables: every other table of a service's schema is a read model.
KERNEL = {"access_log", "checkpoints", "dead_letters", "deadlines", "events", "rebuild_requests",
          "received_events", "shredded_subjects", "subject_keys", "tracking"}


async def read_models(conn: asyncpg.Connection, schema: str) -> dict[str, list[str]]:
    """Every row of every read-model table of the schema, order aside."""
    tables = {r[0] for r in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1", schema)} - KERNEL
    return {t: sorted(repr(tuple(r.values())) for r in await conn.fetch(
        f"SELECT * FROM {schema}.{t}")) for t in sorted(tables)}


async def rebuilt_differently(admin_dsn: str, service: str, schema: str) -> list[str]:
    """Rebuilds every projection of the schema from its log, as an operator would
    (`chorus rebuild-projection`), and names the read-model tables that came out different."""
    conn = await asyncpg.connect(admin_database_url(admin_dsn, service))
    try:
        before = await read_models(conn, schema)
        names = [r[0] for r in await conn.fetch(
            f"SELECT application_name FROM {schema}.tracking"
            " WHERE application_name LIKE 'projection:%'")]
        head = await conn.fetchval(f"SELECT coalesce(max(position), 0) FROM {schema}.events")
        for name in names:
            await conn.execute(
                f"INSERT INTO {schema}.rebuild_requests (projection) VALUES ($1)"
                " ON CONFLICT (projection) DO NOTHING", name.split(":", 1)[1])

        async def rebuilt() -> bool:
            waiting = await conn.fetchval(f"SELECT count(*) FROM {schema}.rebuild_requests")
            done = await conn.fetchval(
                f"SELECT count(*) FROM {schema}.tracking WHERE application_name = ANY($1)"
                " AND notification_id >= $2", names, head)
            return bool(waiting == 0 and done == len(names))
        await eventually(rebuilt, bool, seconds=60)
        after = await read_models(conn, schema)
    finally:
        await conn.close()
    assert before, f"{service}: no read model found in {schema}"
    return [t for t in before if before[t] != after.get(t)]
