"""The service's table of per-data-subject keys.

Each subject's data key is random (AES-256) and stored wrapped by the service's master key, so a
dump of the table alone reveals nothing. Shredding deletes the wrapped key, records the erasure,
and vacuums the table so no dead copy of the row survives in the heap.

A key used for writing is remembered for a while, so that a command on a known subject costs
no round trip for it. That never lets a write for an erased subject through: the event
store's append refuses events about a subject recorded as erased, in the statement that
stores them (`refuse_erased`), and the refused writer forgets the key. A replica forgets a
key it shreds at once; another replica's remembered copy is dropped at its next write for
that subject or after REMEMBER_S, whichever comes first, and is never used for reading.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict

import asyncpg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chorus.batching import Batched
from chorus.db import checked_schema

SubjectRef = tuple[str, str]  # (tenant, subject id)
REMEMBER = 10_000  # keys for writing kept in memory, the least recently used forgotten first
REMEMBER_S = 300.0  # and none for longer than this
ERASED_SQLSTATE = "CHE01"  # raised by refuse_erased: a write about an erased subject


def ddl(s: str) -> str:
    return f"""
-- Per-data-subject keys, wrapped by the service's master key.
CREATE TABLE IF NOT EXISTS {s}.subject_keys (
    tenant      text  NOT NULL,
    subject_id  text  NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, subject_id)
);
CREATE TABLE IF NOT EXISTS {s}.shredded_subjects (
    tenant      text NOT NULL,
    subject_id  text NOT NULL,
    shredded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, subject_id)
);"""


class SubjectKeys:
    def __init__(self, pool: asyncpg.Pool, schema: str, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the privacy master key must be 32 bytes")
        self.pool = pool
        self.schema = checked_schema(schema)
        self._kek = AESGCM(master_key)
        self._remembered: OrderedDict[SubjectRef, tuple[bytes, float]] = OrderedDict()
        self._making: Batched[SubjectRef, bytes] = Batched(self._make, gathers=True)
        s = self.schema
        # Keys found, made where missing unless the subject was erased (NULL then). Each
        # subject is looked up by its primary keys: joined, the tables were scanned whole.
        self._make_sql = (
            "WITH r AS (SELECT r.*, (SELECT wrapped_key FROM"
            f"           {s}.subject_keys k WHERE k.tenant = r.tenant"
            "            AND k.subject_id = r.subject_id) AS wrapped,"
            f"          EXISTS (SELECT FROM {s}.shredded_subjects x WHERE x.tenant = r.tenant"
            "                  AND x.subject_id = r.subject_id) AS erased"
            "           FROM unnest($1::text[], $2::text[], $3::bytea[])"
            "           AS r(tenant, subject_id, fresh)),"
            f" made AS (INSERT INTO {s}.subject_keys (tenant, subject_id, wrapped_key)"
            "           SELECT tenant, subject_id, fresh FROM r"
            "           WHERE wrapped IS NULL AND NOT erased ORDER BY tenant, subject_id"
            "           ON CONFLICT (tenant, subject_id) DO UPDATE SET tenant = excluded.tenant"
            "           RETURNING tenant, subject_id, wrapped_key)"
            " SELECT tenant, subject_id, coalesce(wrapped, made.wrapped_key) FROM r"
            " LEFT JOIN made USING (tenant, subject_id)")

    def _aad(self, ref: SubjectRef) -> bytes:
        return f"{ref[0]}/{ref[1]}".encode()

    def _unwrap(self, ref: SubjectRef, wrapped: bytes) -> bytes:
        return self._kek.decrypt(wrapped[:12], wrapped[12:], self._aad(ref))

    def _recalled(self, ref: SubjectRef) -> bytes | None:
        found = self._remembered.get(ref)
        if found is None:
            return None
        if time.monotonic() - found[1] > REMEMBER_S:
            del self._remembered[ref]
            return None
        self._remembered.move_to_end(ref)
        return found[0]

    def _remember(self, ref: SubjectRef, key: bytes) -> bytes:
        self._remembered[ref] = (key, time.monotonic())
        self._remembered.move_to_end(ref)
        while len(self._remembered) > REMEMBER:
            self._remembered.popitem(last=False)
        return key

    def forget(self, ref: SubjectRef) -> None:
        """Drops a remembered key (its subject was erased)."""
        self._remembered.pop(ref, None)

    async def for_writing(self, ref: SubjectRef) -> bytes:
        """The subject's key, remembered or made on first use. The first uses that come while
        one is being made are made together, in one statement. Raises if the subject was
        erased (or, for a remembered key, the append refuses the write)."""
        remembered = self._recalled(ref)
        if remembered is not None:
            return remembered
        return await self._making.submit(ref)

    async def for_writing_many(self, refs: set[SubjectRef]) -> dict[SubjectRef, bytes]:
        """The keys of many subjects (one command writing for many authors), remembered or
        made on first use, in one round trip whatever their number. Raises if any was
        erased."""
        known = {ref: key for ref in refs if (key := self._recalled(ref)) is not None}
        wanted = sorted(refs - known.keys())
        made = await self._make(wanted) if wanted else []
        for ref, answer in zip(wanted, made, strict=True):
            if isinstance(answer, BaseException):
                raise answer
            known[ref] = answer
        return known

    async def _make(self, refs: list[SubjectRef]) -> list[bytes | BaseException]:
        """Each subject's key: the one it has, else a new one (stored), else SubjectErased.
        A concurrent writer may store one first: theirs wins."""
        distinct = sorted(set(refs))  # sorted: concurrent statements lock rows in one order
        fresh = []
        for ref in distinct:
            nonce = os.urandom(12)
            fresh.append(nonce + self._kek.encrypt(nonce, AESGCM.generate_key(bit_length=256),
                                                   self._aad(ref)))
        rows = await self.pool.fetch(self._make_sql, [r[0] for r in distinct],
                                     [r[1] for r in distinct], fresh)
        found: dict[SubjectRef, bytes | BaseException] = {}
        for tenant, subject, wrapped in rows:
            ref = (tenant, subject)
            found[ref] = (SubjectErased(ref) if wrapped is None
                          else self._remember(ref, self._unwrap(ref, bytes(wrapped))))
        return [found[ref] for ref in refs]

    async def for_reading(self, refs: set[SubjectRef]) -> dict[SubjectRef, bytes | None]:
        """Keys of the given subjects; None where a subject's key was shredded (or never made)."""
        found: dict[SubjectRef, bytes | None] = dict.fromkeys(refs)
        if not refs:
            return found
        rows = await self.pool.fetch(
            f"SELECT k.tenant, k.subject_id, k.wrapped_key FROM {self.schema}.subject_keys k"
            " JOIN unnest($1::text[], $2::text[]) AS r(tenant, subject_id)"
            " USING (tenant, subject_id)",
            [r[0] for r in refs], [r[1] for r in refs])
        for t, sid, wrapped in rows:
            found[(t, sid)] = self.unwrapped((t, sid), wrapped)
        return found

    def wrapped_key_sql(self, tenant: str, subject: str) -> str:
        """SQL for the wrapped key of the subject named by the SQL expressions `tenant` and
        `subject` (NULL where it has none): a read model's list returns each row's key with
        the row, a page and its keys in one round trip (see `unwrapped`)."""
        return (f"(SELECT wrapped_key FROM {self.schema}.subject_keys"
                f" WHERE tenant = {tenant} AND subject_id = {subject})")

    def unwrapped(self, ref: SubjectRef, wrapped: bytes | None) -> bytes | None:
        """A key read with `wrapped_key_sql`, as `for_reading` gives it."""
        return None if wrapped is None else self._unwrap(ref, bytes(wrapped))

    async def shred(self, ref: SubjectRef) -> bool:
        """Destroys the subject's key. Returns whether a key existed."""
        s = self.schema
        async with self.pool.acquire() as conn:
            async with conn.transaction():
                deleted = await conn.fetchval(
                    f"DELETE FROM {s}.subject_keys WHERE tenant=$1 AND subject_id=$2 RETURNING 1",
                    *ref)
                await conn.execute(
                    f"INSERT INTO {s}.shredded_subjects (tenant, subject_id) VALUES ($1,$2)"
                    " ON CONFLICT DO NOTHING", *ref)
            self.forget(ref)  # once erased: a write of this process meanwhile remembered it
            # Dead tuples still hold the wrapped key until vacuumed.
            await conn.execute(f"VACUUM {s}.subject_keys")
        return deleted is not None


class SubjectErased(Exception):
    def __init__(self, ref: SubjectRef) -> None:
        super().__init__(f"data subject {ref[1]} of tenant {ref[0]} was erased")
        self.ref = ref
