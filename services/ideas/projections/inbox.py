"""What each customer is told: their inbox (fed by ideas' notifications) and, from identity's
events, the consent decisions the feedback loop honours."""

from __future__ import annotations

from uuid import UUID

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.identity.v1.events_pb2 import ConsentChanged
from chorus.projections.readers import Projection, ReadModel
from services.ideas.domain.notification import Notification


class Inbox(Projection):
    """Each customer's notifications ("what happened to the ideas I supported?")."""

    name = "inbox"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.inbox"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id uuid NOT NULL, notification_id uuid PRIMARY KEY,
            idea_id uuid NOT NULL, kind text NOT NULL, status text NOT NULL,
            message text NOT NULL, roles text[] NOT NULL, channels text[] NOT NULL,
            at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS inbox_of ON {self.table}
                (tenant, customer_id, at DESC, notification_id)""")

    @on(Notification.Issued)
    async def issued(self, ctx: Context, event: Notification.Issued) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            " ON CONFLICT DO NOTHING", ctx.tenant, event.customer_id, event.originator_id,
            event.idea_id, event.kind, event.status, event.message, event.roles,
            event.channels, ctx.at)

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        await conn.execute(f"DELETE FROM {self.table} WHERE tenant = $1 AND customer_id = $2",
                           tenant, UUID(customer_id))
        return [f"{self.table}/{customer_id}"]


class Consents(ReadModel):
    """identity's consent decisions (its ConsentChanged events): the feedback loop tells only
    customers who consented to service notifications."""

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.consents"

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            tenant text NOT NULL, customer_id uuid NOT NULL, purpose text NOT NULL,
            channel text NOT NULL, given boolean NOT NULL,
            PRIMARY KEY (tenant, customer_id, purpose, channel))""")

    @on(ConsentChanged)
    async def changed(self, ctx: Context, c: ConsentChanged) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $3, $4, $5) ON CONFLICT"
            " (tenant, customer_id, purpose, channel) DO UPDATE SET given = excluded.given",
            ctx.tenant, UUID(c.customer_id), c.purpose, c.channel, c.given)

    async def forget(self, conn: Conn, tenant: str, customer_id: str) -> list[str]:
        await conn.execute(f"DELETE FROM {self.table} WHERE tenant = $1 AND customer_id = $2",
                           tenant, UUID(customer_id))
        return [f"{self.table}/{customer_id}"]
