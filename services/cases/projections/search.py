"""Full-text search over what customers and agents wrote (English and French stems). The
index holds words of personal data: an erased subject's rows are deleted and vacuumed away."""

from __future__ import annotations

from chorus.db import Conn
from chorus.handlers import Context, on
from chorus.projections.readers import Projection
from services.cases.domain.case import Case

WORDS = "to_tsvector('english', $3) || to_tsvector('french', $3)"


class CaseSearch(Projection):
    name = "case_search"

    def __init__(self, schema: str) -> None:
        self.table = f"{schema}.case_search"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            case_id uuid PRIMARY KEY, tenant text NOT NULL, data_subject text NOT NULL,
            words tsvector NOT NULL);
            CREATE INDEX IF NOT EXISTS case_search_words ON {self.table} USING gin (words);
            CREATE INDEX IF NOT EXISTS case_search_subject ON {self.table}
                (tenant, data_subject)""")

    @on(Case.Opened)
    async def opened(self, ctx: Context, e: Case.Opened) -> None:
        await ctx.conn.execute(
            f"INSERT INTO {self.table} VALUES ($1, $2, $4, {WORDS}) ON CONFLICT DO NOTHING",
            e.originator_id, ctx.tenant, f"{e.subject}\n{e.body}",
            e.customer_id or e.author_profile_id)

    @on(Case.MessageAdded)
    async def message(self, ctx: Context, e: Case.MessageAdded) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET words = words || {WORDS}"
                               " WHERE case_id = $1 AND tenant = $2", e.originator_id,
                               ctx.tenant, e.body)

    @on(Case.CustomerIdentified)
    async def identified(self, ctx: Context, e: Case.CustomerIdentified) -> None:
        await ctx.conn.execute(f"UPDATE {self.table} SET data_subject = $2 WHERE case_id = $1",
                               e.originator_id, e.customer_id)

    async def forget(self, conn: Conn, tenant: str, subjects: list[str]) -> int:
        """Erasure: drops the words of the subjects' cases (VACUUM after commit: see the
        erasure participant)."""
        done = await conn.fetchval(
            f"WITH d AS (DELETE FROM {self.table} WHERE tenant = $1"
            " AND data_subject = ANY($2::text[]) RETURNING 1) SELECT count(*) FROM d",
            tenant, subjects)
        return int(done)
