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

-- Links each event to the hash of its stream's previous event: the previous event of the
-- same group (one writer's events, contiguous; all one group when `grps` is NULL), else the
-- stream's last stored event. `contents` are the SHA-256 of each event's own fields,
-- computed by the writer (see hashing.py). With groups, also finds the groups whose first
-- event of a stream is at or below that stream's last stored version (`taken`: a
-- concurrency conflict), one primary-key lookup per stream and group.
CREATE OR REPLACE FUNCTION {s}.link_hashes(
    oids uuid[], vers bigint[], contents bytea[], grps int[],
    OUT prevs bytea[], OUT hashes bytea[], OUT taken int[])
LANGUAGE plpgsql AS $$
DECLARE
    n int := coalesce(array_length(oids, 1), 0);
    prev bytea;
    found_in_group boolean;
    stored_version bigint;
BEGIN
    prevs := array_fill(NULL::bytea, ARRAY[n]);
    hashes := array_fill(NULL::bytea, ARRAY[n]);
    FOR i IN 1 .. n LOOP
        prev := NULL;
        found_in_group := false;
        IF i > 1 AND oids[i - 1] = oids[i] AND (grps IS NULL OR grps[i - 1] = grps[i]) THEN
            prev := hashes[i - 1];
            found_in_group := true;
        ELSIF vers[i] > 1 THEN
            FOR j IN REVERSE i - 1 .. 1 LOOP
                EXIT WHEN grps IS NOT NULL AND grps[j] <> grps[i];
                IF oids[j] = oids[i] THEN
                    prev := hashes[j];
                    found_in_group := true;
                    EXIT;
                END IF;
            END LOOP;
        END IF;
        IF NOT found_in_group AND (vers[i] > 1 OR grps IS NOT NULL) THEN
            SELECT e.originator_version, e.hash INTO stored_version, prev FROM {s}.events e
             WHERE e.originator_id = oids[i] ORDER BY e.originator_version DESC LIMIT 1;
            IF vers[i] = 1 THEN
                prev := NULL;  -- a stream's first event follows nothing
            END IF;
            IF grps IS NOT NULL AND stored_version >= vers[i] THEN
                taken := taken || grps[i];
            END IF;
        END IF;
        prevs[i] := prev;
        hashes[i] := sha256(coalesce(prev, ''::bytea) || contents[i]);
    END LOOP;
END $$;

-- Refuses events about a data subject recorded as erased (privacy/keys.py: a writer may use a
-- key it remembers, so the refusal is here, in the statement that stores the events). Events
-- about nobody in particular look nothing up (an event store without the privacy tables, as
-- in the library's contract tests, never reaches the query).
CREATE OR REPLACE FUNCTION {s}.refuse_erased(tenants text[], subjects text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    erased record;
BEGIN
    IF array_length(array_remove(subjects, NULL), 1) IS NULL THEN
        RETURN;
    END IF;
    SELECT x.tenant, x.subject_id INTO erased
      FROM {s}.shredded_subjects x
      JOIN unnest(tenants, subjects) AS u(tenant, subject_id)
        ON x.tenant = u.tenant AND x.subject_id = u.subject_id
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'data subject % of tenant % was erased', erased.subject_id,
            erased.tenant USING ERRCODE = 'CHE01',
            DETAIL = json_build_array(erased.tenant, erased.subject_id)::text;
    END IF;
END $$;

-- Appends events in one statement (one round trip, atomic), each with its tenant, subject
-- and metadata, unstamped: for writes inside a caller's transaction, stamped after it
-- commits (stamp_positions).
CREATE OR REPLACE FUNCTION {s}.append_grouped(
    eids uuid[], oids uuid[], vers bigint[], topics text[], states bytea[], contents bytea[],
    tenants text[], subjects text[], metadatas jsonb[], p_recorded_at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    linked record;
BEGIN
    PERFORM {s}.refuse_erased(tenants, subjects);
    SELECT * INTO linked FROM {s}.link_hashes(oids, vers, contents, NULL);
    INSERT INTO {s}.events (event_id, originator_id, originator_version, topic, state,
                            prev_hash, hash, tenant, subject_id, metadata, recorded_at)
    SELECT u.*, p_recorded_at
      FROM unnest(eids, oids, vers, topics, states, linked.prevs, linked.hashes, tenants,
                  subjects, metadatas) AS u;
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

DROP PROCEDURE IF EXISTS {s}.record_events(uuid[], uuid[], bigint[], text[], bytea[],
    bytea[], text, text, jsonb, timestamptz, bigint[]);

-- Appends the events of one or several writers (numbered by `grps`, each writer's events
-- contiguous) with their positions, in one statement, so that a writer's append is one
-- round trip and one transaction, and several writers of one process share one (group
-- commit). Each writer's group is stored whole or not at all: a group with an event whose
-- (aggregate, version) is stored already is left out and returned in `rejected` (that
-- writer's concurrency conflict); with `whole`, any such group fails the call instead. The
-- position lock is taken last and held through the caller's commit (the statement commits
-- on its own), so that no reader sees a position before every lower one is committed. The
-- links it made (`prevs`, `hashes`, rejected groups' included) let the writer hand its
-- process's readers the rows as stored, so they need not read them back.
DO $$ BEGIN
    -- Before December 2026 it returned neither (a function's result can't be replaced).
    IF EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'append_positioned'
                  AND pronamespace = '{s}'::regnamespace
                  AND NOT 'hashes' = ANY(proargnames)) THEN
        DROP FUNCTION {s}.append_positioned(uuid[], uuid[], bigint[], text[], bytea[],
            bytea[], text[], text[], jsonb[], int[], timestamptz, boolean);
    END IF;
END $$;
CREATE OR REPLACE FUNCTION {s}.append_positioned(
    eids uuid[], oids uuid[], vers bigint[], topics text[], states bytea[], contents bytea[],
    tenants text[], subjects text[], metadatas jsonb[], grps int[], p_recorded_at timestamptz,
    whole boolean, OUT rejected int[], OUT first_position bigint, OUT prevs bytea[],
    OUT hashes bytea[])
-- Generic plans: planning these statements again on every call cost more than running them.
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    linked record;
BEGIN
    PERFORM {s}.refuse_erased(tenants, subjects);
    SELECT * INTO linked FROM {s}.link_hashes(oids, vers, contents, grps);
    rejected := linked.taken;
    prevs := linked.prevs;
    hashes := linked.hashes;
    IF whole AND rejected IS NOT NULL THEN
        RAISE unique_violation USING CONSTRAINT = 'events_pkey',
            MESSAGE = 'an aggregate version of this append is stored already';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('{s}.events.position'));
    SELECT coalesce(max(position), 0) + 1 INTO first_position FROM {s}.events
     WHERE position IS NOT NULL;
    INSERT INTO {s}.events (event_id, originator_id, originator_version, topic, state,
                            prev_hash, hash, tenant, subject_id, metadata, recorded_at, position)
    SELECT u.eid, u.oid, u.ver, u.topic, u.state, u.prev, u.hash, u.tenant, u.subject, u.meta,
           p_recorded_at, first_position - 1 + row_number() OVER (ORDER BY u.ord)
      FROM unnest(eids, oids, vers, topics, states, linked.prevs, linked.hashes, tenants,
                  subjects, metadatas, grps) WITH ORDINALITY
           AS u(eid, oid, ver, topic, state, prev, hash, tenant, subject, meta, grp, ord)
     WHERE rejected IS NULL OR NOT u.grp = ANY(rejected);
END $$;

-- Position of the last event an upstream (projection, process) has handled.
CREATE TABLE IF NOT EXISTS {s}.tracking (
    application_name text   PRIMARY KEY,
    notification_id  bigint NOT NULL
);

"""
