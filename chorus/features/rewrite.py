"""Rewriting a read model's table so that no old row version survives in its files, without
closing it to readers for the rewrite's duration (as VACUUM FULL does).

The table is copied into a fresh one while a SHARE lock holds writers back (its projection
waits and catches up afterwards; readers go on), its indexes and constraints are built on the
copy, and the copy takes the table's place: only that swap, at the end, is exclusive. The old
files are released at commit, as VACUUM FULL releases its old files. Everything happens in one
transaction, so a crash at any point leaves the table as it was."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from chorus.db import Conn

SWAP_WAIT = "10s"


async def rewrite(pool: asyncpg.Pool, table: str) -> None:
    """Rewrites `schema.table` into fresh files, same name, columns, indexes and constraints."""
    async with pool.acquire() as conn:
        async with conn.transaction():
            # one rewriter a table (replicas of the service); writers wait from here on
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"rewrite {table}")
            await conn.execute(f"LOCK TABLE {table} IN SHARE MODE")
            made = await copy(conn, table)
            # The swap waits for reads in flight, and new reads queue behind it: past this,
            # give up (LockNotAvailableError) and let the scrubber try again later.
            await conn.execute(f"SET LOCAL lock_timeout = '{SWAP_WAIT}'")
            await replace(conn, made)
        await conn.execute(f"ANALYZE {table}")  # the planner's statistics went with the old


@dataclass
class Copy:
    table: str
    name: str  # the copy's, in the same schema
    constraints: list[str]  # names the copy's constraints and indexes take at the swap
    indexes: list[str]


async def copy(conn: Conn, table: str) -> Copy:
    """Copies the table with its constraints and indexes under temporary names (the caller
    holds a SHARE lock on it: readers go on, writers wait)."""
    schema, name = table.split(".")
    oid = await conn.fetchval("SELECT $1::regclass::oid", table)
    copy = f"{name}__rewrite"
    if await conn.fetchval(
            "SELECT count(*) FROM pg_attribute a LEFT JOIN pg_attrdef d"
            " ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = $1"
            " AND a.attnum > 0 AND (a.attidentity <> ''"
            " OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')", oid):
        # the copy would share or restart the table's sequence
        raise ValueError(f"{table}: a table with a sequence cannot be rewritten")
    columns = ", ".join(await conn.fetchval(
        "SELECT array_agg(quote_ident(attname) ORDER BY attnum) FROM pg_attribute"
        " WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped AND attgenerated = ''", oid))
    constraints = await conn.fetch(
        "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint"
        " WHERE conrelid = $1 AND contype IN ('p', 'u', 'x') ORDER BY conname", oid)
    indexes = await conn.fetch(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) AS definition"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = $1"
        " AND k.conindid = i.indexrelid)"
        " ORDER BY c.relname", oid)
    await conn.execute(f"CREATE TABLE {schema}.{copy}"
                       f" (LIKE {table} INCLUDING ALL EXCLUDING INDEXES)")
    # LIKE leaves the columns' statistics targets behind: those kept out of ANALYZE's
    # samples (privacy/clear_text.py) must stay out in the copy.
    for column, target in await conn.fetch(
            "SELECT quote_ident(attname), attstattarget FROM pg_attribute WHERE attrelid = $1"
            " AND attnum > 0 AND NOT attisdropped AND attstattarget IS NOT NULL", oid):
        await conn.execute(f"ALTER TABLE {schema}.{copy} ALTER COLUMN {column}"
                           f" SET STATISTICS {int(target)}")
    await conn.execute(f"INSERT INTO {schema}.{copy} ({columns}) SELECT {columns} FROM {table}")
    for i, c in enumerate(constraints):
        await conn.execute(f"ALTER TABLE {schema}.{copy} ADD CONSTRAINT {copy}_c{i}"
                           f" {c['definition']}")
    for i, ix in enumerate(indexes):
        definition: str = ix["definition"]  # CREATE [UNIQUE] INDEX name ON table USING ...
        unique = "UNIQUE " if definition.startswith("CREATE UNIQUE") else ""
        await conn.execute(f"CREATE {unique}INDEX {copy}_i{i} ON {schema}.{copy}"
                           + definition[definition.index(" USING "):])
    return Copy(table, copy, [c["conname"] for c in constraints],
                [ix["relname"] for ix in indexes])


async def replace(conn: Conn, made: Copy) -> None:
    """The copy takes the table's place (exclusive, briefly: until the caller commits)."""
    schema, name = made.table.split(".")
    await conn.execute(f"DROP TABLE {made.table}")
    await conn.execute(f"ALTER TABLE {schema}.{made.name} RENAME TO {name}")
    for i, constraint in enumerate(made.constraints):
        await conn.execute(f"ALTER TABLE {made.table} RENAME CONSTRAINT {made.name}_c{i}"
                           f" TO {_ident(constraint)}")
    for i, index in enumerate(made.indexes):
        await conn.execute(f"ALTER INDEX {schema}.{made.name}_i{i} RENAME TO {_ident(index)}")


async def rewrite_statistics(pool: asyncpg.Pool) -> bool:
    """Rewrites the planner's statistics (`pg_statistic`) into new files: the samples that
    ANALYZE took of a table dropped by `rewrite` stay there as old row versions until then.
    A few milliseconds (the catalog is small); queries that must read statistics meanwhile
    wait. Returns False when the role may not maintain the catalog (VACUUM skips it with a
    warning only): the service's role owns its database where Chorus provisions it."""
    catalog = "pg_catalog.pg_statistic"
    async with pool.acquire() as conn:
        before = await conn.fetchval("SELECT pg_relation_filenode($1::regclass)", catalog)
        # As for a table's swap: give up (LockNotAvailableError) rather than hold every query
        # that must read statistics behind a long wait; the scrubber tries again later.
        await conn.execute(f"SET lock_timeout = '{SWAP_WAIT}'")
        try:
            await conn.execute(f"VACUUM FULL {catalog}")  # not in a transaction block
        finally:
            await conn.execute("RESET lock_timeout")
        return bool(await conn.fetchval("SELECT pg_relation_filenode($1::regclass)",
                                        catalog) != before)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
