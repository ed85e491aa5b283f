"""The operator and compliance commands of `chorus`, against the test PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import jwt
from eventsourcing.persistence import StoredEvent
from typer.testing import CliRunner

from chorus.audit.signing import SealKey
from chorus.cli import app
from chorus.eventstore.metadata import EventMetadata
from chorus.eventstore.recorder import Recorder
from chorus.schema import create_store_tables
from tests.servers import Servers, fresh_schema

runner = CliRunner()


def prepare(url: str, schema: str) -> None:
    async def run() -> None:
        pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
        recorder = Recorder(pool, schema)
        await create_store_tables(pool, recorder.schema)
        oid = uuid.uuid4()
        for v in (1, 2, 3):
            await recorder.insert_events([StoredEvent(oid, v, "Changed", b"{}")],
                                         metadata=EventMetadata(tenant="acme", actor="a"))
        await pool.execute(
            f"INSERT INTO {schema}.dead_letters (consumer, subject, event_id, headers, payload,"
            " error) VALUES ('cases-customers', 'chorus.identity.acme.X', 'e-1', '{}', '',"
            " 'poison: boom')")
        await pool.close()

    asyncio.run(run())


def test_dead_letters_audit_and_rebuild_commands(stack: Servers) -> None:
    schema = fresh_schema()
    prepare(stack.database_url, schema)
    env = {"CHORUS_DATABASE_URL": stack.database_url, "COLUMNS": "200"}

    listed = runner.invoke(app, ["dead-letters", "list", "--schema", schema], env=env)
    assert listed.exit_code == 0 and "poison: boom" in listed.output
    assert runner.invoke(app, ["dead-letters", "replay", "1", "--schema", schema],
                         env=env).exit_code == 0
    listed = runner.invoke(app, ["dead-letters", "list", "--schema", schema], env=env)
    assert "requested" in listed.output
    assert runner.invoke(app, ["dead-letters", "replay", "99", "--schema", schema],
                         env=env).exit_code == 1

    key = SealKey.generate()
    env_key = {**env, "CHORUS_SEAL_KEY": key.to_b64()}
    sealed = runner.invoke(app, ["audit", "seal", "--schema", schema], env=env_key)
    assert "sealed up to position 3" in sealed.output
    public = runner.invoke(app, ["audit", "public-key"], env=env_key).output.strip()
    ok = runner.invoke(app, ["audit", "verify", "--schema", schema, "--public-key", public],
                       env=env)
    assert ok.exit_code == 0 and "no tampering" in ok.output

    async def tamper() -> None:
        conn = await asyncpg.connect(stack.database_url)
        await conn.execute(f"UPDATE {schema}.events SET topic = 'Forged' WHERE position = 2")
        await conn.close()

    asyncio.run(tamper())
    bad = runner.invoke(app, ["audit", "verify", "--schema", schema, "--public-key", public],
                        env=env)
    assert bad.exit_code == 1 and "TAMPERED" in bad.output

    rebuilt = runner.invoke(app, ["rebuild-projection", "customers", "--schema", schema],
                            env=env)
    assert rebuilt.exit_code == 0

    async def requested() -> object:
        conn = await asyncpg.connect(stack.database_url)
        try:
            return await conn.fetchval(f"SELECT projection FROM {schema}.rebuild_requests")
        finally:
            await conn.close()

    assert asyncio.run(requested()) == "customers"


def test_token_command_mints_a_verifiable_token() -> None:
    secret = "s" * 40
    out = runner.invoke(app, ["token", "--tenant", "acme", "--roles", "agent,analyst",
                              "--secret", secret])
    claims = jwt.decode(out.output.strip(), secret, algorithms=["HS256"], audience="chorus")
    assert claims["tenant"] == "acme" and claims["roles"] == ["agent", "analyst"]
    assert runner.invoke(app, ["token", "--tenant", "acme", "--roles", "emperor",
                               "--secret", secret]).exit_code != 0


def test_k8s_secrets_command_writes_every_secret_the_manifests_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    key = tmp_path / "issuer.pem"
    key.write_text("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n")
    out = runner.invoke(app, ["k8s-secrets", "--jwt-public-key", str(key)])
    assert out.exit_code == 0, out.output
    items = {i["metadata"]["name"]: i for i in json.loads(out.output)["items"]}
    assert items["chorus-jwt-issuer"]["stringData"]["issuer.pem"] == key.read_text()
    assert items["chorus-tls"]["type"] == "kubernetes.io/tls"
    # the NATS user's password and the service's are one
    assert items["nats-users"]["stringData"]["NATS_IDEAS_PASSWORD"] == \
        items["chorus-ideas"]["stringData"]["CHORUS_NATS_PASSWORD"]
    missing = runner.invoke(app, ["k8s-secrets", "--jwt-public-key", str(tmp_path / "no")])
    assert missing.exit_code == 2 and "--jwt-public-key" in missing.output
