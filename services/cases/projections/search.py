"""Full-text search over what customers and agents wrote (English and French stems). The
index holds words of personal data: an erased subject's rows are deleted and vacuumed away."""

from __future__ import annotations

from typing import Any

from chorus import search
from chorus.db import Conn
from chorus.handlers import Context, columns, on_many
from chorus.projections.readers import Projection
from services.cases.domain.case import Case

WORDS = search.words("w")


class CaseSearch(Projection):
    name = "case_search"

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.table = f"{schema}.case_search"
        self.tables = [self.table]

    async def setup(self, conn: Conn) -> None:
        await conn.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
            case_id uuid PRIMARY KEY, tenant text NOT NULL, data_subject text NOT NULL,
            words tsvector NOT NULL);
            CREATE INDEX IF NOT EXISTS case_search_words ON {self.table} USING gin (words);
            CREATE INDEX IF NOT EXISTS case_search_subject ON {self.table}
                (tenant, data_subject);
            -- A case's messages of one batch appended in order, as `||` one by one would.
            CREATE OR REPLACE AGGREGATE {self.schema}.tsvector_agg(tsvector) (
                sfunc = tsvector_concat, stype = tsvector, initcond = '')""")

    @on_many(Case.Opened, Case.MessageAdded, Case.CustomerIdentified)
    async def changed(self, items: list[tuple[Context, Any]]) -> None:
        """A run of the log's cases, set-based: the new cases, then each case's messages of
        the run appended in order (one update a case, whatever the run's length), then the
        data subject each case was identified as last."""
        conn = items[0][0].conn
        opened = [(ctx, e) for ctx, e in items if isinstance(e, Case.Opened)]
        said = [(ctx, e) for ctx, e in items if isinstance(e, Case.MessageAdded)]
        who = {e.originator_id: e.customer_id for _, e in items
               if isinstance(e, Case.CustomerIdentified)}
        if opened:
            await conn.execute(
                f"INSERT INTO {self.table} SELECT i, t, s, {WORDS} FROM unnest($1::text[],"
                " $2::uuid[], $3::text[], $4::text[]) AS u(t, i, w, s) ON CONFLICT DO NOTHING",
                *columns(opened, "originator_id"),
                [f"{e.subject}\n{e.body}" for _, e in opened],
                [e.customer_id or e.author_profile_id for _, e in opened])
        if said:
            await conn.execute(
                f"UPDATE {self.table} c SET words = c.words || m.words FROM (SELECT t, i,"
                f" {self.schema}.tsvector_agg({WORDS} ORDER BY n) AS words FROM unnest("
                "$1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS u(t, i, w, n)"
                " GROUP BY i, t) m WHERE c.case_id = m.i AND c.tenant = m.t",
                *columns(said, "originator_id", "body"))
        if who:
            await conn.execute(
                f"UPDATE {self.table} c SET data_subject = u.s FROM unnest($1::uuid[],"
                " $2::text[]) AS u(i, s) WHERE c.case_id = u.i", list(who), list(who.values()))

    async def forget(self, conn: Conn, tenant: str, subjects: list[str]) -> int:
        """Erasure: drops the words of the subjects' cases (VACUUM after commit: see the
        erasure participant)."""
        done = await conn.fetchval(
            f"WITH d AS (DELETE FROM {self.table} WHERE tenant = $1"
            " AND data_subject = ANY($2::text[]) RETURNING 1) SELECT count(*) FROM d",
            tenant, subjects)
        return int(done)
