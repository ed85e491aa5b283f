"""DDL of a service's event store: the event table (which is the outbox too), its append and
stamping functions, and the tracking table. The other kernel tables are declared by the
modules that own them (see chorus/schema.py)."""

from __future__ import annotations

from chorus.db import checked_schema


def ddl(schema: str) -> str:
    s = checked_schema(schema)
    return f"""
-- (A role confined to a schema provisioned for it may not CREATE SCHEMA, even IF NOT EXISTS.)
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{s}') THEN
        CREATE SCHEMA {s};
    END IF;
END $$;

-- The event table is the outbox too. `position` is stamped after commit (see recorder.py).
CREATE TABLE IF NOT EXISTS {s}.events (
    row_id             bigint GENERATED ALWAYS AS IDENTITY,
    event_id           uuid        NOT NULL,
    originator_id      uuid        NOT NULL,
    originator_version bigint      NOT NULL,
    topic              text        NOT NULL,
    state              bytea       NOT NULL,
    tenant             text        NOT NULL,
    subject_id         text,
    metadata           jsonb       NOT NULL,
    recorded_at        timestamptz NOT NULL,
    prev_hash          bytea,
    hash               bytea       NOT NULL,
    txid               xid8        NOT NULL DEFAULT pg_current_xact_id(),
    position           bigint,
    PRIMARY KEY (originator_id, originator_version)
);
CREATE UNIQUE INDEX IF NOT EXISTS events_position ON {s}.events (position)
    WHERE position IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_unstamped ON {s}.events (txid, row_id) WHERE position IS NULL;
CREATE INDEX IF NOT EXISTS events_subject ON {s}.events (tenant, subject_id)
    WHERE subject_id IS NOT NULL;

-- Stamps dense positions on committed rows, in (transaction, insertion) order, and returns
-- the positions of the caller's events. Only stampers serialise on the advisory lock; writers
-- never hold it across their own commit. The stamp commits asynchronously: every reader that
-- acts on a position (relay, projections, sealer) commits synchronously afterwards, which
-- flushes the stamp first; a stamp lost in a crash is simply redone.
CREATE OR REPLACE FUNCTION {s}.stamp_positions(ids uuid[], versions bigint[])
RETURNS TABLE (stamped_id uuid, stamped_version bigint, stamped_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
    last bigint;
    stamped bigint;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    -- A bitmap scan would visit the heap for every entry of rows stamped earlier (they stay
    -- in the partial index until vacuum) and never mark them dead: the stamp's cost would
    -- grow with every event until autovacuum came by.
    PERFORM set_config('enable_bitmapscan', 'off', true);
    PERFORM pg_advisory_xact_lock(hashtext('{s}.events.position'));
    SELECT coalesce(max(position), 0) INTO last FROM {s}.events WHERE position IS NOT NULL;
    LOOP
        -- An ordered, limited scan of the partial index (not a bitmap scan), so that index
        -- entries of rows stamped earlier are marked dead and skipped, even before vacuum.
        UPDATE {s}.events e SET position = last + o.n
          FROM (SELECT ctid, row_number() OVER (ORDER BY txid, row_id) AS n
                  FROM {s}.events WHERE position IS NULL
                 ORDER BY txid, row_id LIMIT 10000) o
         WHERE e.ctid = o.ctid;
        GET DIAGNOSTICS stamped = ROW_COUNT;
        last := last + stamped;
        EXIT WHEN stamped < 10000;
    END LOOP;
    -- One primary-key lookup per key (a join's generic plan in this function scanned the
    -- whole table once its statistics were stale).
    RETURN QUERY SELECT m.id, m.v, (SELECT e.position FROM {s}.events e
                                     WHERE e.originator_id = m.id AND e.originator_version = m.v)
        FROM unnest(ids, versions) AS m(id, v);
END $$;

-- Appends events in one statement (one round trip, atomic), each with its tenant, subject
-- and metadata: links each event to the hash of its stream's previous event, found in this
-- batch or in the table. `contents` are the SHA-256 of each event's own fields, computed by
-- the writer (see hashing.py).
CREATE OR REPLACE FUNCTION {s}.append_grouped(
    eids uuid[], oids uuid[], vers bigint[], topics text[], states bytea[], contents bytea[],
    tenants text[], subjects text[], metadatas jsonb[], p_recorded_at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    n int := coalesce(array_length(oids, 1), 0);
    prev bytea;
    hashes bytea[] := array_fill(NULL::bytea, ARRAY[n]);
    prevs bytea[] := array_fill(NULL::bytea, ARRAY[n]);
BEGIN
    FOR i IN 1 .. n LOOP
        prev := NULL;
        IF vers[i] = 1 THEN
            NULL;  -- a stream's first event follows nothing (were it not, the insert fails)
        ELSIF i > 1 AND oids[i - 1] = oids[i] THEN
            prev := hashes[i - 1];
        ELSE
            FOR j IN REVERSE i - 1 .. 1 LOOP
                IF oids[j] = oids[i] THEN prev := hashes[j]; EXIT; END IF;
            END LOOP;
            IF prev IS NULL THEN
                SELECT e.hash INTO prev FROM {s}.events e WHERE e.originator_id = oids[i]
                 ORDER BY e.originator_version DESC LIMIT 1;
            END IF;
        END IF;
        prevs[i] := prev;
        hashes[i] := sha256(coalesce(prev, ''::bytea) || contents[i]);
    END LOOP;
    INSERT INTO {s}.events (event_id, originator_id, originator_version, topic, state,
                            prev_hash, hash, tenant, subject_id, metadata, recorded_at)
    SELECT u.*, p_recorded_at
      FROM unnest(eids, oids, vers, topics, states, prevs, hashes, tenants, subjects,
                  metadatas) AS u;
END $$;

-- The same, for events that share their tenant, subject and metadata (one command's).
CREATE OR REPLACE FUNCTION {s}.append_events(
    eids uuid[], oids uuid[], vers bigint[], topics text[], states bytea[], contents bytea[],
    p_tenant text, p_subject text, p_metadata jsonb, p_recorded_at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    n int := coalesce(array_length(oids, 1), 0);
BEGIN
    PERFORM {s}.append_grouped(eids, oids, vers, topics, states, contents,
                               array_fill(p_tenant, ARRAY[n]), array_fill(p_subject, ARRAY[n]),
                               array_fill(p_metadata, ARRAY[n]), p_recorded_at);
END $$;

-- Appends (append_events), commits, then stamps (stamp_positions) in one call: a writer's
-- whole append is one round trip. Called outside any transaction block (CALL commits).
CREATE OR REPLACE PROCEDURE {s}.record_events(
    eids uuid[], oids uuid[], vers bigint[], topics text[], states bytea[], contents bytea[],
    p_tenant text, p_subject text, p_metadata jsonb, p_recorded_at timestamptz,
    INOUT positions bigint[] DEFAULT NULL)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {s}.append_events(eids, oids, vers, topics, states, contents, p_tenant, p_subject,
                              p_metadata, p_recorded_at);
    COMMIT;
    SELECT array_agg(p.stamped_position ORDER BY p.stamped_position) INTO positions
      FROM {s}.stamp_positions(oids, vers) AS p WHERE p.stamped_position IS NOT NULL;
END $$;

-- Position of the last event an upstream (projection, process) has handled.
CREATE TABLE IF NOT EXISTS {s}.tracking (
    application_name text   PRIMARY KEY,
    notification_id  bigint NOT NULL
);

"""
