"""The record of reads of personal data: who, with which roles, for what purpose, when.

Handlers that return a data subject's personal data call `record`; the right-of-access export
returns the subject's entries. Callers state their purpose in the `x-chorus-purpose` request
metadata (recorded as "unspecified" when absent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from chorus.auth.principal import Principal, current_purpose
from chorus.db import checked_schema


def ddl(s: str) -> str:
    return f"""
-- Who read which data subject's personal data, when and why (right of access, audits).
CREATE TABLE IF NOT EXISTS {s}.access_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text        NOT NULL,
    subject_id  text        NOT NULL,
    actor       text        NOT NULL,
    roles       text[]      NOT NULL,
    purpose     text        NOT NULL,
    operation   text        NOT NULL,
    accessed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS access_log_subject ON {s}.access_log (tenant, subject_id, id);"""


@dataclass(frozen=True)
class Access:
    actor: str
    roles: list[str]
    purpose: str
    operation: str
    accessed_at: datetime


class AccessLog:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f"{checked_schema(schema)}.access_log"

    async def record(self, p: Principal, subject_ids: Iterable[object], operation: str) -> None:
        subjects = [str(s) for s in subject_ids]
        if not subjects:
            return
        await self.pool.execute(
            f"INSERT INTO {self.table} (tenant, subject_id, actor, roles, purpose, operation)"
            " SELECT $1, s, $3, $4, $5, $6 FROM unnest($2::text[]) AS s",
            p.tenant, subjects, p.subject, sorted(r.value for r in p.roles), current_purpose(),
            operation)

    async def for_subject(self, tenant: str, subject_id: object) -> list[Access]:
        rows = await self.pool.fetch(
            f"SELECT actor, roles, purpose, operation, accessed_at FROM {self.table}"
            " WHERE tenant = $1 AND subject_id = $2 ORDER BY id", tenant, str(subject_id))
        return [Access(*r) for r in rows]
