"""Reactions of ideas to other services' integration events: identity's customers, their
consent decisions (the feedback loop honours them) and erasure requests."""

from __future__ import annotations

from uuid import UUID

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.db import Conn
from chorus.identity.v1.events_pb2 import ConsentChanged
from chorus.messaging.consumer import Handler, Poison, Subscription
from chorus.privacy import erasure
from chorus.projections.customer_replica import SUBSCRIPTION, CustomerReplica
from chorus.runtime import ConsumerSpec, Runtime

CONSENTS = Subscription("identity", ("chorus.identity.*.ConsentChanged",))


def on_customers(rt: Runtime) -> Handler:
    return CustomerReplica(rt.schema).handler()


def on_consent(rt: Runtime) -> Handler:
    table = f"{rt.schema}.consents"

    async def handle(conn: Conn, env: EventEnvelope) -> None:
        if env.event_type != ConsentChanged.DESCRIPTOR.full_name:
            raise Poison(f"unexpected event type {env.event_type}")
        c = ConsentChanged.FromString(env.payload)
        await conn.execute(
            f"INSERT INTO {table} VALUES ($1, $2, $3, $4, $5) ON CONFLICT"
            " (tenant, customer_id, purpose, channel) DO UPDATE SET given = excluded.given",
            env.tenant, UUID(c.customer_id), c.purpose, c.channel, c.given)
    return handle


def forgetter(rt: Runtime) -> erasure.Forget:
    replica = CustomerReplica(rt.schema)
    s = rt.schema

    async def forget(conn: Conn, tenant: str, customer_id: str) -> list[str]:
        """Erasure: the customer's texts leave the read models (the events keep them only
        encrypted under the shredded key); their votes stay, anonymous, so counts hold."""
        cid = UUID(customer_id)
        erased = await replica.forget(conn, tenant, customer_id)
        ideas = await conn.fetchval(
            f"WITH e AS (UPDATE {s}.ideas SET title = '[erased]', body = '' WHERE tenant = $1"
            " AND author_id = $2 RETURNING 1) SELECT count(*) FROM e", tenant, cid)
        comments = await conn.fetchval(
            f"WITH e AS (UPDATE {s}.comments SET body = '' WHERE tenant = $1"
            " AND author_id = $2 RETURNING 1) SELECT count(*) FROM e", tenant, customer_id)
        await conn.execute(f"DELETE FROM {s}.inbox WHERE tenant = $1 AND customer_id = $2",
                           tenant, cid)
        await conn.execute(f"DELETE FROM {s}.consents WHERE tenant = $1 AND customer_id = $2",
                           tenant, cid)
        return [*erased, f"{s}.ideas/{ideas} texts", f"{s}.comments/{comments} texts",
                f"{s}.inbox/{customer_id}", f"{s}.consents/{customer_id}"]
    return forget


def on_erasure(rt: Runtime) -> Handler:
    return erasure.participant(rt, forgetter(rt))


CONSUMERS = [ConsumerSpec("customers", SUBSCRIPTION, on_customers),
             ConsumerSpec("consents", CONSENTS, on_consent),
             ConsumerSpec("erasure", erasure.SUBSCRIPTION, on_erasure)]
